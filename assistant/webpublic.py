"""The public page at "/": ask (the conversation as answer cards) and the document browser; no staff tools.

The conversation is one `gr.HTML` built by `webcards.render_conversation`, not a Chatbot: the copy
button gives plain text, 👍/👎 and the comment box sit under the answer they rate, and the page
scrolls by itself (no nested scroll box on phones). Buttons inside it reach Python through the
component's `trigger('click', {...})`, read back as `gr.EventData`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.errors import InputError, KnowledgeError
from assistant.models import Answer
from assistant.webcards import PENDING, Entry, plain_answer, render_answer, render_conversation, render_user, tel
from assistant.webguards import client_of, friendly
from assistant.webops import TooManyRequests
from assistant.webviews import SOURCE_MARKER, esc, render_tree

if TYPE_CHECKING:
    from assistant.web import Service

PRIVATE: dict[str, Any] = {"api_visibility": "private"}  # UI events; the public API is /ask and /search
INFO, WARNING = "提示", "注意"  # toast titles (Gradio's default titles are English)

# 长辈模式: larger text, remembered in localStorage; the <head> script applies it before the page paints.
ELDER_HEAD = (
    "<script>try{if(localStorage.getItem('elder')==='1')document.documentElement.classList.add('elder')}catch(e){}</script>"
)
ELDER_JS = """
const button = element.querySelector('#elder-toggle');
const show = () => button.setAttribute('aria-pressed', String(document.documentElement.classList.contains('elder')));
show();
button.addEventListener('click', () => {
  const on = document.documentElement.classList.toggle('elder');
  try { localStorage.setItem('elder', on ? '1' : '0'); } catch (e) {}
  show();
});
"""

# The conversation: a new turn scrolls its answer to the top; copy, rate and comment under each answer.
CONV_JS = """
let turns = element.querySelectorAll('section.turn').length;
new MutationObserver(() => {
  const all = element.querySelectorAll('section.turn');
  if (all.length > turns) { const last = all[all.length - 1]; last.scrollIntoView({block: 'start'}); }
  turns = all.length;
}).observe(element, {childList: true, subtree: true});
const copyText = async (text) => {
  try { await navigator.clipboard.writeText(text); return true; } catch (e) {
    const area = document.createElement('textarea'); area.value = text; document.body.appendChild(area);
    area.select(); const done = document.execCommand('copy'); area.remove(); return done; }
};
element.addEventListener('click', async (e) => {
  const button = e.target.closest('button[data-act]'); if (!button) return;
  const turn = button.closest('section.turn'), tools = button.closest('.tools'), index = Number(turn.dataset.index);
  const act = button.dataset.act, box = tools.querySelector('.comment-box');
  if (act === 'copy') {
    const done = await copyText(tools.dataset.copy);
    button.textContent = done ? '已复制' : '复制失败'; setTimeout(() => { button.textContent = '复制'; }, 2000);
    return;
  }
  if (act === 'up' || act === 'down') {
    tools.querySelectorAll('button[data-act=up], button[data-act=down]').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    box.hidden = act !== 'down';
    if (!box.hidden) box.querySelector('textarea').focus();
    trigger('click', {act: act, index: index, text: ''});
  }
  if (act === 'send') {
    trigger('click', {act: 'comment', index: index, text: box.querySelector('textarea').value});
    box.hidden = true;
  }
});
"""

# The document browser: search within the document, expand / collapse all.
TREE_JS = """
element.addEventListener('click', (e) => {
  const button = e.target.closest('button[data-tree]'); if (!button) return;
  element.querySelectorAll('.tree details').forEach((d) => { d.open = button.dataset.tree === 'open'; });
});
element.addEventListener('input', (e) => {
  if (!e.target.matches('input.find')) return;
  const text = e.target.value.trim(), leaves = [...element.querySelectorAll('.tree details.leaf')];
  let found = 0;
  leaves.forEach((leaf) => {
    const hit = !text || leaf.textContent.includes(text);
    leaf.hidden = !hit; leaf.open = !!text && hit; found += text && hit ? 1 : 0;
    if (text && hit) { let p = leaf.parentElement.closest('details'); while (p) { p.open = true; p = p.parentElement.closest('details'); } }
  });
  element.querySelector('.found').textContent = text ? `找到 ${found} 条` : '';
});
"""
SCROLL_JS = """() => { let n = 0; const go = () => { const el = document.querySelector('#doc-tree .focus');
  if (el) { el.scrollIntoView({block: 'center'}); } else if (n++ < 30) { setTimeout(go, 100); } }; go(); }"""


def header(brand: str, subtitle: str, elder: bool = True) -> str:
    """The masthead; on the public page with the 长辈模式 toggle."""
    toggle = '<button type="button" id="elder-toggle" aria-pressed="false">长辈模式（大字）</button>' if elder else ""
    return (
        f'<header class="masthead"><div class="brand-row"><h1 class="brand">{esc(brand)}</h1>{toggle}</div>'
        f'<div class="sub">{esc(subtitle)}</div></header>'
    )


def build_public(service: Service) -> gr.Blocks:
    """Ask and browse: the page every visitor sees."""
    texts = service.texts
    with gr.Blocks(title=texts.brand, analytics_enabled=False) as page:
        gr.HTML(header(texts.brand, texts.subtitle), js_on_load=ELDER_JS)
        with gr.Tabs(selected="ask", elem_id="tabs") as tabs:
            with gr.Tab("政策问答", id="ask"):
                _ask_tab(service)
            with gr.Tab("文件浏览", id="docs"):
                choice, tree = _docs_tab(service)

        def on_load(request: gr.Request) -> tuple[Any, Any, Any]:
            clause_id = request.query_params.get("clause")
            if not clause_id:
                return gr.skip(), gr.skip(), gr.skip()
            kb = service.bot.kb
            try:
                clause = service.bot.clause(clause_id)
            except KnowledgeError as e:
                first = kb.documents[0]
                notice = f'<div class="notice">{esc(e)}</div>'
                return (
                    gr.Tabs(selected="docs"),
                    first.meta.id,
                    notice + render_tree(first, today=service.today, titles=service.titles),
                )
            doc = kb.document(clause.doc_id)
            return gr.Tabs(selected="docs"), clause.doc_id, render_tree(doc, clause.id, service.today, service.titles)

        page.load(on_load, None, [tabs, choice, tree], **PRIVATE).then(None, js=SCROLL_JS)
        _named_api(service)
    return page


def chat_turn(service: Service, question: str, entries: list[Entry]) -> Iterator[list[Entry]]:
    """Conversation entries after each step: question and placeholder, each streamed chunk, the finished answer.

    InputError propagates (the caller keeps the question); other errors become one friendly sentence.
    """
    limit = service.settings.max_turn_chars  # the page's own answers, cut to what a turn may hold
    earlier = [
        {"role": e["role"], "content": e["text"][:limit], "citations": e.get("citations", [])} for e in entries if e["text"]
    ]
    history = service.request(question, earlier[-6:]).history
    reply: Entry = {"role": "assistant", "text": "", "html": PENDING, "copy": "", "done": False}
    entries = [*entries, {"role": "user", "text": question, "html": render_user(question)}, reply]
    yield entries
    text = ""
    try:
        for item in service.stream(question, history):
            if isinstance(item, Answer):
                understood = item.searched_query if history and _differs(item.searched_query, question) else ""
                reply.update(
                    text=item.answer,
                    html=render_answer(item, service.titles, understood),
                    copy=plain_answer(item, service.titles),
                    done=True,
                    citations=[c.clause_id for c in item.citations],
                )
            else:
                text += item
                draft = esc(SOURCE_MARKER.sub("", text))  # not yet checked against the clauses: shown as a draft
                reply["html"] = (
                    f'<div class="answer draft"><p class="text">{draft}</p><p class="note">正在生成，完成后将与原文核对…</p></div>'
                )
            yield entries
    except InputError:
        raise
    except Exception as e:
        reply.update(text="", html=f'<div class="answer error" role="alert">{esc(friendly(e))}</div>')
        yield entries


def _differs(searched: str, question: str) -> bool:
    squeeze = str.maketrans("", "", " ？?。")
    return bool(searched) and searched.translate(squeeze) != question.translate(squeeze)


def _ask_tab(service: Service) -> None:
    texts = service.texts
    entries = gr.State([])
    saved = gr.State({})  # answer index -> feedback row id, for the comment that follows a 👎
    conversation = gr.HTML(render_conversation([]), elem_id="chat", js_on_load=CONV_JS)
    with gr.Row(elem_classes="ask-row"):
        box = gr.Textbox(
            elem_id="ask-q",
            label="您的问题",
            show_label=False,
            placeholder="例如：" + texts.examples[0],
            scale=8,
            container=False,
        )
        send = gr.Button("提问", variant="primary", scale=1, min_width=80, elem_id="ask-send")
    with gr.Row(elem_classes="examples"):
        examples = [(gr.Button(q, size="sm", elem_classes="example"), q) for q in texts.examples]
    with gr.Row(elem_classes="foot"):
        gr.HTML(f'<p class="official-note">{tel(esc(texts.note))}</p>', js_on_load=None)
        clear = gr.Button("清空对话", size="sm", scale=0, min_width=110, elem_id="clear")

    def respond(message: str, state: list[Entry], request: gr.Request) -> Iterator[tuple[Any, Any, Any]]:
        if not (message or "").strip():
            gr.Warning(f"请输入您的问题，例如：{texts.examples[0]}", title=WARNING)
            yield gr.skip(), gr.skip(), gr.skip()
            return
        try:
            service.limit("ask", client_of(request))
            for updated in chat_turn(service, message.strip(), state):
                yield "", render_conversation(updated), updated
        except (InputError, TooManyRequests) as e:  # too long or too often: keep the text to send again
            gr.Warning(str(e), title=WARNING)
            yield message, gr.skip(), state

    def on_action(state: list[Entry], ids: dict[int, int], evt: gr.EventData, request: gr.Request) -> Any:
        act, index, text = getattr(evt, "act", ""), getattr(evt, "index", -1), str(getattr(evt, "text", "") or "")
        if not isinstance(index, int) or not 0 < index < len(state) or not state[index].get("done"):
            return gr.skip()
        try:
            service.limit("feedback", client_of(request))
        except TooManyRequests as e:
            gr.Warning(str(e), title=WARNING)
            return gr.skip()
        if act in ("up", "down"):
            rating = 1 if act == "up" else -1
            ids = {**ids, index: service.store.record_feedback(state[index - 1]["text"], state[index]["text"], rating)}
            if rating > 0:
                gr.Info("谢谢您的反馈！", title=INFO)
        elif act == "comment" and ids.get(index):
            if text.strip():
                service.store.add_comment(ids[index], text[:500])
            gr.Info("已收到您的意见，我们会尽快补充完善。", title=INFO)
        return ids

    outputs = [box, conversation, entries]
    for event in (box.submit, send.click):
        event(respond, [box, entries], outputs, **PRIVATE)
    for button, question in examples:
        button.click(lambda q=question: q, None, box, queue=False, **PRIVATE).then(respond, [box, entries], outputs, **PRIVATE)
    conversation.click(on_action, [entries, saved], saved, show_progress="hidden", **PRIVATE)
    clear.click(lambda: ([], render_conversation([]), {}), None, [entries, conversation, saved], queue=False, **PRIVATE)


def _docs_tab(service: Service) -> tuple[gr.Radio, gr.HTML]:
    docs = service.bot.kb.documents
    titles = service.titles
    choice = gr.Radio(
        [(titles[d.meta.id], d.meta.id) for d in docs], value=docs[0].meta.id, label="选择文件", elem_id="doc-choice"
    )
    tree = gr.HTML(render_tree(docs[0], today=service.today, titles=titles), elem_id="doc-tree", js_on_load=TREE_JS)
    choice.input(
        lambda doc_id: render_tree(service.bot.kb.document(doc_id), today=service.today, titles=service.titles),
        choice,
        tree,
        **PRIVATE,
    )
    return choice, tree


def _named_api(service: Service) -> None:
    """`/ask` and `/search` for gradio_client, returning the same JSON as the HTTP API."""

    def ask(question: str, history: list[dict[str, str]] | None = None, request: gr.Request | None = None) -> dict[str, Any]:
        """Answer a question with citations (Answer JSON)."""
        try:
            service.limit("ask", client_of(request))
            checked = service.request(question, history or [])
            return service.ask(checked.question, checked.history).model_dump(mode="json")
        except Exception as e:
            raise gr.Error(friendly(e)) from e

    def search(q: str, k: int = 10, region: str = "", doc: str = "", request: gr.Request | None = None) -> list[dict[str, Any]]:
        """Ranked clauses for a lookup."""
        try:
            service.limit("search", client_of(request))
            return [item.model_dump() for item in service.search(q, max(1, min(int(k), 50)), region, doc)]
        except Exception as e:
            raise gr.Error(friendly(e)) from e

    gr.api(ask, api_name="ask")
    gr.api(search, api_name="search")
