"""The hotline desk at "/desk": search as you type, a 答复口径 to read aloud, the clause to read out.

With `desk_protected` the desk asks for `desk_token` first, and is disabled while no token is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.webguards import client_of, friendly
from assistant.webpublic import ELDER_JS, PRIVATE, header
from assistant.webviews import esc, render_detail, render_hits, render_related

if TYPE_CHECKING:
    from assistant.web import Service

DESK_HINT = '<div class="empty">输入关键词即可查找条款，例如“护理补助”“托育备案”“高龄津贴”。</div>'
DESK_KEYS = (
    '<p class="keys">边输入边检索 · 按<kbd>回车</kbd>选中第一条 · <kbd>↓</kbd><kbd>↑</kbd>在结果间移动，'
    "按<kbd>回车</kbd>查看 · 在第一条上按<kbd>↑</kbd>或按<kbd>Esc</kbd>键回到检索框</p>"
)
DISABLED = '<div class="notice" role="alert">热线坐席需要口令，但尚未设置：请设置环境变量 ASSISTANT_DESK_TOKEN 并重启服务。</div>'

# Results: click or Enter selects; ↓/↑ move between the box (a textarea) and the results; Esc returns to the box.
# On a narrow screen the chosen reply is scrolled into view (the panel sits below the results).
DESK_JS = """
const hits = () => [...element.querySelectorAll('button.hit')];
const box = () => document.querySelector('#desk-q textarea, #desk-q input');
const mark = (hit) => hits().forEach((b) => b.setAttribute('aria-pressed', String(b === hit)));
const reveal = () => { if (window.innerWidth < 768) setTimeout(() => {
  const reply = document.querySelector('#desk-answer'); if (reply) reply.scrollIntoView({block: 'start'}); }, 400); };
element.addEventListener('click', (e) => {
  const hit = e.target.closest('button.hit'); if (hit) { mark(hit); trigger('click', {clause: hit.dataset.clause}); reveal(); } });
document.addEventListener('keydown', (e) => {
  if (!(e.target instanceof Element) || !element.isConnected) return;
  const all = hits(), i = all.indexOf(e.target), inBox = !!e.target.closest('#desk-q');
  const go = (el) => { if (el) { el.focus(); e.preventDefault(); } };
  if (e.key === 'ArrowDown' && (inBox || i >= 0)) go(inBox ? all[0] : all[i + 1]);
  if (e.key === 'ArrowUp' && i >= 0) go(i > 0 ? all[i - 1] : box());
  if (e.key === 'Escape' && (inBox || i >= 0)) { go(box()); const b = box(); if (b) b.select(); }
  if (e.key === 'Enter' && inBox && all[0]) { mark(all[0]); reveal(); }
});
"""


# The copy buttons of the two lines.
COPY_JS = """
element.addEventListener('click', async (e) => {
  const button = e.target.closest('button[data-copy]'); if (!button) return;
  const text = element.querySelector(`#${button.dataset.copy}`).textContent;
  let done = true;
  try { await navigator.clipboard.writeText(text); } catch (err) { done = false; }
  button.textContent = done ? '已复制' : '复制失败'; setTimeout(() => { button.textContent = '复制'; }, 2000);
});
"""


def render_lines(spoken: str, exact: str) -> str:
    """The 答复口径 and the clause to read out, each with its copy button (empty until a result is chosen)."""
    if not spoken:
        return '<div class="empty">选中一条结果后，这里显示答复口径和可逐字读出的条款原文。</div>'
    rows = [("desk-reply", "答复口径（可照读）", spoken), ("desk-clause", "条款原文（逐字读出）", exact)]
    return "".join(
        f'<div class="line"><div class="line-head"><span class="line-label">{label}</span>'
        f'<button type="button" data-copy="{key}" aria-label="复制{label[:4]}">复制</button></div>'
        f'<p id="{key}" class="line-text">{esc(text)}</p></div>'
        for key, label, text in rows
    )


def build_desk(service: Service) -> gr.Blocks:
    """The desk page: a token first when the desk is protected."""
    texts, settings = service.texts, service.settings
    with gr.Blocks(title=f"热线坐席 · {texts.brand}", analytics_enabled=False) as page:
        gr.HTML(header(f"热线坐席 · {texts.brand}", "查找条款，照答复口径作答；原文可逐字读给来电人。"), js_on_load=ELDER_JS)
        if settings.desk_protected and not settings.desk_token:
            gr.HTML(DISABLED, js_on_load=None)
            return page
        token = gr.State("")
        with gr.Row(visible=settings.desk_protected, elem_classes="login") as login:
            typed = gr.Textbox(label="坐席口令", type="password", elem_id="desk-token", scale=3)
            enter = gr.Button("进入", variant="primary", scale=1, elem_id="desk-enter")
        status = gr.Markdown(elem_id="desk-status")
        with gr.Column(visible=not settings.desk_protected) as desk:
            _desk(service, token)

        def sign_in(value: str, request: gr.Request) -> tuple[Any, Any, Any, Any]:
            try:
                service.admit(value, client_of(request), which="desk")
            except AssistantError as e:
                return gr.skip(), f"**{esc(str(e))}**", gr.skip(), gr.skip()
            return value, "", gr.Row(visible=False), gr.Column(visible=True)

        for event in (enter.click, typed.submit):
            event(sign_in, typed, [token, status, login, desk], **PRIVATE)
    return page


def _desk(service: Service, token: gr.State) -> None:
    kb = service.bot.kb
    regions = sorted(kb.regions(), key=service.bot.gazetteer.order_key)
    with gr.Row(equal_height=True):
        query = gr.Textbox(
            elem_id="desk-q", label="查找条款", placeholder="输入关键词，如：护理补助、托育备案、高龄津贴", scale=4
        )
        region = gr.Dropdown([("全部地区", ""), *[(r, r) for r in regions]], value="", label="地区", scale=1, min_width=120)
        doc = gr.Dropdown(
            [("全部文件", ""), *[(t, i) for i, t in service.titles.items()]], value="", label="文件", scale=2, min_width=160
        )
        kind = gr.Dropdown(
            [("全部类别", ""), ("条款", "clause"), ("表格", "table")], value="", label="类别", scale=1, min_width=110
        )
    gr.HTML(DESK_KEYS, js_on_load=None)
    with gr.Row():
        with gr.Column(scale=5, min_width=300):
            results = gr.HTML(DESK_HINT, elem_id="desk-results", js_on_load=DESK_JS)
        with gr.Column(scale=6, min_width=300, elem_classes="desk-side", elem_id="desk-answer"):
            lines = gr.HTML(render_lines("", ""), elem_id="desk-lines", js_on_load=COPY_JS)
            detail = gr.HTML("", elem_id="desk-detail", js_on_load=None)
            related = gr.HTML("", elem_id="desk-related", js_on_load=None)

    def live_search(text: str, region_: str, doc_: str, kind_: str, token_: str, request: gr.Request) -> str:
        if not (text or "").strip():
            return DESK_HINT
        try:
            service.admit_desk(token_, client_of(request))
            service.limit("search", client_of(request))
            items = service.search(text, 10, region_, doc_, kind_)
            clauses = [service.bot.clause(i.clause_id) for i in items]
            best = service.best_sentences(text, clauses)
        except Exception as e:
            return f'<div class="empty">{esc(friendly(e))}</div>'
        return render_hits([(c, i.matched) for c, i in zip(clauses, items)], service.titles, best)

    def show(clause_id: str, text: str) -> tuple[str, str, str]:
        try:
            clause = service.bot.clause(clause_id)
            query = service.bot.analyse(text or clause.title)
            words = [w for w in [*query.words, *query.expansion_words] if w in clause.text or w in clause.title]
            detail_html = render_detail(clause, kb.document(clause.doc_id), kb.parent_section(clause), words)
            related_html = render_related(service.bot.related(clause.id), service.titles)
            return render_lines(*service.reply_lines(clause, text or clause.title)), detail_html, related_html
        except Exception as e:
            return render_lines("", ""), f'<div class="empty">{esc(friendly(e))}</div>', ""

    def pick_first(text: str, region_: str, doc_: str, kind_: str, token_: str, request: gr.Request) -> tuple[str, ...]:
        try:
            service.admit_desk(token_, client_of(request))
            service.limit("search", client_of(request))
            items = service.search(text, 1, region_, doc_, kind_) if (text or "").strip() else []
        except Exception as e:
            return render_lines("", ""), f'<div class="empty">{esc(friendly(e))}</div>', ""
        return show(items[0].clause_id, text) if items else (render_lines("", ""), "", "")

    def on_click(text: str, token_: str, evt: gr.EventData, request: gr.Request) -> tuple[str, ...]:
        try:
            service.admit_desk(token_, client_of(request))
        except AssistantError as e:
            return render_lines("", ""), f'<div class="empty">{esc(str(e))}</div>', ""
        return show(str(getattr(evt, "clause", "")), text)

    inputs, shown = [query, region, doc, kind, token], [lines, detail, related]
    for trigger in (query.change, region.change, doc.change, kind.change):
        trigger(live_search, inputs, results, trigger_mode="always_last", show_progress="hidden", **PRIVATE)
    query.submit(pick_first, inputs, shown, show_progress="hidden", **PRIVATE)
    results.click(on_click, [query, token], shown, show_progress="hidden", **PRIVATE)
