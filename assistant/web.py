"""The web app: a Gradio page (政策问答, 热线坐席, 文件浏览, 待补充问题) and a JSON API on one FastAPI server.

Every string that reaches a `gr.HTML` or a chat message passes through `html.escape` first:
Gradio does not sanitize `gr.HTML`, and questions and documents are shown as text, never markup.
"""

from __future__ import annotations

import hmac
import html
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no version check, no analytics

import gradio as gr
import uvicorn
from fastapi import FastAPI, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from assistant.assistant import Assistant
from assistant.errors import AssistantError, InputError, KnowledgeError
from assistant.facts import AMOUNT, DEADLINE, PERCENT
from assistant.feedback import GAP_HEADERS, LOW_CONFIDENCE, FeedbackStore, Gap
from assistant.models import Answer, Citation, Clause, Document, Section, Turn
from assistant.settings import Settings

log = logging.getLogger(__name__)

FRIENDLY_ERROR = "系统暂时无法回答，请稍后再试或拨打12345。"
OFFICIAL_NOTE = "本助手依据已收录的云南省、昆明市、玉溪市政策文件作答，仅供参考，具体以正式文件为准。如需人工咨询，请拨打12345。"
EMPTY_PROMPT = "请输入您的问题，例如：昆明私立养老院的护工有没有补贴？"
EXAMPLES = [
    "昆明私立养老院的护工有没有补贴",
    "婴幼儿照护个税扣除标准是多少",
    "云南省对失能老人有什么照护政策",
    "托育机构备案找哪个部门",
]
HEADER = (
    '<header class="masthead"><div class="brand">云南“一老一小”养老托育政策问答</div>'
    '<div class="sub">依据云南省、昆明市、玉溪市已发布的养老托育政策文件逐条作答，每个回答都注明原文出处。</div></header>'
)
PENDING = '<div class="answer pending">正在查找相关条款…</div>'
DESK_HINT = '<div class="empty">输入关键词即可查找条款，例如“护理补助”“托育备案”“高龄津贴”。</div>'
DESK_KEYS = '<p class="keys">边输入边检索 · <kbd>Enter</kbd> 选中第一条 · <kbd>↓</kbd><kbd>↑</kbd> 在结果间移动，<kbd>Enter</kbd> 查看</p>'
CSS_PATH = Path(__file__).with_name("web.css")
# Gradio scopes css_paths rules to its content area; the page padding sits outside it.
HEAD = "<style>@media (max-width: 640px) { .gradio-container .main.fillable { padding: 8px !important; } }</style>"
PRIVATE: dict[str, Any] = {"api_visibility": "private"}  # UI events; the public API is /ask and /search
_MARKER = re.compile(r"\[C\d+\]")  # source markers while an LLM answer streams; the final answer replaces them
_FACT = re.compile("|".join(p.pattern for p in (AMOUNT, PERCENT, DEADLINE)) + r"|20\d{2}年\d{1,2}月(?:\d{1,2}日)?")

# Hotline results: click or Enter on a result selects it; arrow keys move between the box and the results.
DESK_JS = """
const hits = () => [...element.querySelectorAll('button.hit')];
const mark = (hit) => hits().forEach((b) => b.setAttribute('aria-pressed', String(b === hit)));
element.addEventListener('click', (e) => {
  const hit = e.target.closest('button.hit'); if (hit) { mark(hit); trigger('click', {clause: hit.dataset.clause}); } });
document.addEventListener('keydown', (e) => {
  if (!(e.target instanceof Element) || !element.isConnected) return;
  const all = hits(), i = all.indexOf(e.target), box = document.querySelector('#desk-q input');
  const inBox = !!e.target.closest('#desk-q'), go = (el) => { if (el) { el.focus(); e.preventDefault(); } };
  if (e.key === 'ArrowDown') go(inBox ? all[0] : i >= 0 ? all[i + 1] : null);
  if (e.key === 'ArrowUp' && i >= 0) go(i > 0 ? all[i - 1] : box);
  if (e.key === 'Enter' && inBox && all[0]) mark(all[0]);
});
"""
SCROLL_JS = """() => { let n = 0; const go = () => { const el = document.querySelector('#doc-tree .focus');
  if (el) { el.scrollIntoView({block: 'center'}); } else if (n++ < 30) { setTimeout(go, 100); } }; go(); }"""


# -- HTML rendering (everything escaped) ---------------------------------------------------------
def esc(text: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def mark(text: str, words: Iterable[str] = (), facts: bool = True) -> str:
    """Escaped text with key facts (amounts, percentages, dates) and the given words in <mark>."""
    spans = [(m.start(), m.end(), "fact") for m in _FACT.finditer(text)] if facts else []
    for word in {w for w in words if w}:
        spans += [(m.start(), m.end(), "hit") for m in re.finditer(re.escape(word), text)]
    out, pos = [], 0
    for start, end, cls in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= pos:  # overlapping spans: the earlier, longer one wins
            out += [esc(text[pos:start]), f'<mark class="{cls}">{esc(text[start:end])}</mark>']
            pos = end
    return ("".join(out) + esc(text[pos:])).replace("\n", "<br>")


def cn_date(day: date) -> str:
    """2022年11月29日."""
    return f"{day.year}年{day.month}月{day.day}日"


def link(clause_id: str, label: str, new_tab: bool = True) -> str:
    """A link that opens a clause in the documents tab (`?clause=<id>`)."""
    target = ' target="_blank" rel="noopener"' if new_tab else ""
    return f'<a class="link" href="?clause={esc(quote(clause_id, safe=""))}"{target}>{esc(label)}</a>'


def snippet(text: str, words: Iterable[str], width: int = 90) -> str:
    """About `width` characters of text around the first matched word."""
    found = [i for w in words if w and (i := text.find(w)) >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def departments(names: list[str], tail: str = "") -> str:
    """责任单位 line, empty when none are named."""
    return f"责任单位：{esc('、'.join(names))}{tail}" if names else ""


def render_user(question: str) -> str:
    """A user's chat message, shown as text."""
    return f'<div class="q">{esc(question)}</div>'


def render_card(citation: Citation, number: int) -> str:
    """A collapsible citation card: title, label, region and date; opens to the quoted text and a link."""
    return (
        f'<details class="card"><summary><span class="num">{number}</span>'
        f'<span class="title">《{esc(citation.doc_title)}》{esc(citation.label)}</span>'
        f'<span class="meta">{esc(citation.region)} · {cn_date(citation.issue_date)}印发</span></summary>'
        f'<blockquote>{mark(citation.text)}</blockquote><div class="meta">{departments(citation.departments)}</div>'
        f"{link(citation.clause_id, '在文件中查看 ›')}</details>"
    )


def render_answer(answer: Answer) -> str:
    """An answer as a chat message: text, notices, citation cards and the official-document note."""
    notices = list(answer.notices)
    if answer.answered and answer.confidence < LOW_CONFIDENCE:
        notices.append("这条回答依据不够充分，请核对下方原文，或拨打12345咨询。")
    parts = [f'<div class="answer"><p class="text">{mark(answer.answer)}</p>']
    parts += [f'<div class="notice" role="note">{esc(n)}</div>' for n in notices]
    if answer.citations:
        parts.append(f'<div class="cards"><div class="cards-head">{"引用条款" if answer.answered else "最相关的条款"}</div>')
        parts += [render_card(c, i) for i, c in enumerate(answer.citations, 1)] + ["</div>"]
    return "".join([*parts, '<p class="official">以正式文件为准。</p></div>'])


def render_hits(hits: list[tuple[Clause, list[str]]], titles: dict[str, str]) -> str:
    """Hotline results: keyboard-focusable buttons with the matched words highlighted."""
    if not hits:
        return '<div class="empty">没有找到相关条款，换个说法试试，例如“护理补助”“托育备案”。</div>'
    rows = [
        f'<button type="button" class="hit" data-clause="{esc(c.id)}" aria-pressed="false"><span class="rank">{rank}</span>'
        f'<span class="body"><span class="where">《{esc(titles[c.doc_id])}》{esc(c.label)} · {"表格" if c.is_table else "条款"}</span>'
        f"<strong>{mark(c.title, words, facts=False)}</strong>"
        f'<span class="snippet">{mark(snippet(c.text, words), words, facts=False)}</span></span></button>'
        for rank, (c, words) in enumerate(hits, 1)
    ]
    return f'<div class="hits" role="list">{"".join(rows)}</div>'


def render_detail(clause: Clause, doc: Document, section: Section | None, words: list[str]) -> str:
    """The chosen clause in full, under its document and parent section."""
    crumbs = " › ".join(esc(p) for p in [f"《{doc.meta.title}》", *clause.path])
    heading = (
        f'<div class="section">所在章节：{esc(section.label)} {esc(section.title)}</div>'
        if section and section.label != clause.label
        else ""
    )
    cells = "".join(f"<tr><th>{esc(k)}</th><td>{mark(v)}</td></tr>" for k, v in clause.columns.items())
    return (
        f'<div class="detail"><div class="crumbs">{crumbs}</div>{heading}<h3>{esc(clause.label)} {esc(clause.title)}</h3>'
        f'<p class="clause-text">{mark(clause.text, words)}</p>{f"<table class=columns>{cells}</table>" if cells else ""}'
        f'<div class="meta">{esc(doc.meta.region)} · {cn_date(doc.meta.issue_date)}印发 · {departments(clause.departments, " · ")}'
        f"{link(clause.id, '在文件中查看 ›')}</div></div>"
    )


def render_related(clauses: list[Clause], titles: dict[str, str]) -> str:
    """Clauses on the same subject in other documents, as links."""
    if not clauses:
        return '<div class="empty">其他文件中没有找到相关条款。</div>'
    items = "".join(
        f'<li>{link(c.id, f"《{titles[c.doc_id]}》{c.label}")}<span class="snippet">{esc(snippet(c.text, [], 70))}</span></li>'
        for c in clauses
    )
    return f'<div class="related"><div class="cards-head">其他文件中的相关条款</div><ul>{items}</ul></div>'


def render_tree(doc: Document, focus: str | None = None) -> str:
    """A document as a navigable tree; every clause has its own link, the focused one is open."""
    m = doc.meta
    meta = f"{esc(m.issuer)} · {cn_date(m.issue_date)}印发 · {esc(m.region)} · {esc(m.kind)}"
    tree = _sections(doc.sections, {c.id: c for c in doc.clauses}, focus)
    return f'<div class="doc"><div class="doc-head"><h2>{esc(m.title)}</h2><div class="meta">{meta}</div></div><div class="tree">{tree}</div></div>'


def _sections(sections: list[Section], clauses: dict[str, Clause], focus: str | None) -> str:
    out = []
    for section in sections:
        while len(section.children) == 1 and not section.clause_ids and section.children[0].label == section.label:
            section = section.children[0]  # an annex heading repeated by its table
        leaves = [clauses[c] for c in section.clause_ids if c in clauses]
        if not section.children and len(leaves) == 1 and leaves[0].label == section.label:
            out.append(_leaf(leaves[0], focus))  # a numbered item is its own section: one level, not two
            continue
        inner = "".join(_leaf(c, focus) for c in leaves) + _sections(section.children, clauses, focus)
        is_open = " open" if focus and _contains(section, focus) else ""
        out.append(f'<details class="sec"{is_open}><summary>{esc(section.label)} {esc(section.title)}</summary>{inner}</details>')
    return "".join(out)


def _leaf(clause: Clause, focus: str | None) -> str:
    attributes = 'class="leaf focus" open' if clause.id == focus else 'class="leaf"'
    return (
        f'<details {attributes}><summary><span class="label">{esc(clause.label)}</span> {esc(clause.title)}</summary>'
        f'<p class="clause-text">{mark(clause.text)}</p>'
        f'<div class="meta">{departments(clause.departments, " · ")}{link(clause.id, "条款链接", new_tab=False)}</div></details>'
    )


def _contains(section: Section, clause_id: str) -> bool:
    return clause_id in section.clause_ids or any(_contains(s, clause_id) for s in section.children)


# -- the service behind the page and the JSON API -----------------------------------------------
class SearchItem(BaseModel):
    """One hotline search result."""

    clause_id: str
    label: str
    doc_id: str
    doc_title: str
    region: str
    score: float
    text: str
    matched: list[str]


class AskRequest(BaseModel):
    """A question, with earlier turns for follow-ups."""

    question: str = Field(description="问题，例如：昆明私立养老院的护工有没有补贴")
    history: list[Turn] = []


class ClauseOut(Clause):
    """A clause with its citation label and document."""

    citation: str
    doc_title: str
    region: str
    issue_date: date


class Health(BaseModel):
    """Liveness and what is loaded."""

    status: Literal["ok"] = "ok"
    documents: int
    clauses: int
    llm: bool


class AccessDenied(AssistantError):
    """Maintenance views without maintenance enabled or without the right token."""


class Service:
    """What the page and the API call: the assistant, gap recording, search filters, the token check."""

    def __init__(self, settings: Settings, bot: Assistant, store: FeedbackStore) -> None:
        self.settings = settings
        self.bot = bot
        self.store = store
        self.titles = {d.meta.id: d.meta.display_title for d in bot.kb.documents}

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer:
        """Answer and remember the question if it was declined or weakly supported."""
        answer = self.bot.ask(question, history or [])
        self.store.record_question(question, answer)
        return answer

    def stream(self, question: str, history: list[Turn]) -> Iterator[str | Answer]:
        """Chunks then the final Answer, recorded like `ask`."""
        for item in self.bot.stream(question, history):
            if isinstance(item, Answer):
                self.store.record_question(question, item)
            yield item

    def search(self, text: str, k: int = 10, region: str = "", doc: str = "", kind: str = "") -> list[SearchItem]:
        """Ranked clauses, optionally filtered by region, document and kind ("clause" or "table")."""
        if doc:
            self.bot.kb.document(doc)  # an unknown id is a KnowledgeError that lists the valid ones
        result = self.bot.search(text, max(k * 4, 40) if kind else k, [region] if region else None, [doc] if doc else None)
        items = []
        for hit in result.hits:
            clause = self.bot.clause(hit.clause_id)
            if kind and (kind == "table") != clause.is_table:
                continue
            meta = self.bot.kb.meta(clause)
            found = clause.model_dump(include={"label", "doc_id", "text"}) | {"clause_id": clause.id, "matched": hit.matched}
            items.append(SearchItem(**found, doc_title=meta.title, region=meta.region, score=round(hit.score, 4)))
        return items[:k]

    def clause_out(self, clause_id: str) -> ClauseOut:
        """A clause for the API; KnowledgeError when unknown."""
        clause = self.bot.clause(clause_id)
        m = self.bot.kb.meta(clause)
        source = {
            "citation": self.bot.kb.citation_label(clause),
            "doc_title": m.title,
            "region": m.region,
            "issue_date": m.issue_date,
        }
        return ClauseOut.model_validate(clause.model_dump() | source)

    def reply_line(self, clause: Clause, query: str, words: list[str]) -> str:
        """A one-line 答复口径: the assistant's answer when it cites this clause first, else the clause's key sentence."""
        try:
            answer: Answer | None = self.bot.ask(query)
        except AssistantError:
            answer = None
        if answer and answer.answered and answer.citations and answer.citations[0].clause_id == clause.id:
            return " ".join(answer.answer.split())
        sentences = [s.strip() for s in re.split(r"(?<=[。；])", clause.text.replace("｜", "，")) if s.strip()]
        best = max(sentences or [clause.text], key=lambda s: len(_FACT.findall(s)) * 2 + sum(w in s for w in words))
        return f"根据{self.bot.kb.citation_label(clause)}（{cn_date(self.bot.kb.meta(clause).issue_date)}印发）：{best}"

    def authorized(self, token: str | None) -> bool:
        """True when maintenance is enabled and the token matches."""
        expected = self.settings.admin_token
        return bool(expected and token) and hmac.compare_digest(str(token).encode(), str(expected).encode())

    def gaps(self, token: str | None) -> list[Gap]:
        """The open gaps; AccessDenied unless maintenance is enabled and the token matches."""
        if not self.settings.admin_token:
            raise AccessDenied("维护功能未启用。")
        if not self.authorized(token):
            raise AccessDenied("维护口令不正确，无法查看待补充问题。")
        return self.store.gaps()


def friendly(error: Exception) -> str:
    """The one sentence a user sees; unexpected errors are logged with their traceback."""
    if isinstance(error, AssistantError):
        return str(error)
    log.exception("unexpected error in the web app", exc_info=error)
    return FRIENDLY_ERROR


# -- JSON API ------------------------------------------------------------------------------------
def add_api(app: FastAPI, service: Service) -> None:
    """/api/ask, /api/search, /api/clauses/{id}, /api/gaps(.csv), /healthz."""

    @app.exception_handler(AssistantError)
    def _assistant_error(request: Request, error: AssistantError) -> JSONResponse:
        status = {InputError: 422, KnowledgeError: 404, AccessDenied: 403}.get(type(error), 503)
        return JSONResponse({"detail": str(error)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": "请求格式有误，请检查参数。", "errors": jsonable_encoder(error.errors())}, status_code=422)

    @app.post("/api/ask", response_model=Answer, tags=["问答"], responses={422: {"description": "问题为空或过长"}})
    def ask(body: AskRequest) -> Answer:
        """回答一个问题，附引用条款。"""
        return service.ask(body.question, body.history)

    @app.get("/api/search", response_model=list[SearchItem], tags=["检索"])
    def search(
        q: str = Query(description="关键词或问题"),
        k: int = Query(10, ge=1, le=50),
        region: str = Query("", description="云南省 / 昆明市 / 玉溪市"),
        doc: str = Query("", description="文件编号，如 km-2022-plan"),
    ) -> list[SearchItem]:
        """按相关度排列的条款（热线坐席使用）。"""
        return service.search(q, k, region, doc)

    @app.get(
        "/api/clauses/{clause_id:path}", response_model=ClauseOut, tags=["文件"], responses={404: {"description": "没有该条款"}}
    )
    def clause(clause_id: str) -> ClauseOut:
        """一个条款的全文、出处和引用标签。"""
        return service.clause_out(clause_id)

    def token(authorization: str | None) -> str:
        return (authorization or "").removeprefix("Bearer ").strip()

    @app.get("/api/gaps", tags=["维护"], responses={403: {"description": "需要维护口令"}})
    def gaps(authorization: str | None = Header(None, description="Bearer <维护口令>")) -> list[dict[str, Any]]:
        """待补充问题（需要维护口令）。"""
        keys = ["question", "reasons", "count", "last_asked", "comments"]
        return [dict(zip(keys, g.row(), strict=True)) for g in service.gaps(token(authorization))]

    @app.get("/api/gaps.csv", response_class=PlainTextResponse, tags=["维护"], responses={403: {"description": "需要维护口令"}})
    def gaps_csv(authorization: str | None = Header(None, description="Bearer <维护口令>")) -> PlainTextResponse:
        """待补充问题 CSV（需要维护口令）。"""
        service.gaps(token(authorization))
        return PlainTextResponse(service.store.export_csv(), media_type="text/csv; charset=utf-8")

    @app.get("/healthz", response_model=Health, tags=["运维"])
    def healthz() -> Health:
        """服务状态。"""
        kb = service.bot.kb
        return Health(documents=len(kb.documents), clauses=len(kb.clauses), llm=service.settings.llm_enabled)


# -- the page ------------------------------------------------------------------------------------
def build_ui(service: Service) -> gr.Blocks:
    """The four tabs, the `?clause=` loader and the named API endpoints, with a bounded queue."""
    with gr.Blocks(title="云南养老托育政策问答", analytics_enabled=False) as demo:
        gr.HTML(HEADER, js_on_load=None)
        with gr.Tabs(selected="ask", elem_id="tabs") as tabs:
            with gr.Tab("政策问答", id="ask"):
                _ask_tab(service)
            with gr.Tab("热线坐席", id="desk"):
                _desk_tab(service)
            with gr.Tab("文件浏览", id="docs"):
                choice, tree = _docs_tab(service)
            with gr.Tab("待补充问题", id="gaps"):
                _gaps_tab(service)

        def on_load(request: gr.Request) -> tuple[Any, Any, Any]:
            clause_id = request.query_params.get("clause")
            if not clause_id:
                return gr.skip(), gr.skip(), gr.skip()
            try:
                clause = service.bot.clause(clause_id)
            except KnowledgeError as e:
                first = service.bot.kb.documents[0]
                return gr.Tabs(selected="docs"), first.meta.id, f'<div class="notice">{esc(e)}</div>' + render_tree(first)
            return gr.Tabs(selected="docs"), clause.doc_id, render_tree(service.bot.kb.document(clause.doc_id), clause.id)

        demo.load(on_load, None, [tabs, choice, tree], **PRIVATE).then(None, js=SCROLL_JS)
        _named_api(service)
    limit = max(1, service.settings.queue_concurrency)
    return demo.queue(default_concurrency_limit=limit, max_size=16 * limit)


def chat_turn(service: Service, question: str, entries: list[dict[str, str]]) -> Iterator[list[dict[str, str]]]:
    """Chat entries ({role, text, html}) after each step: question and placeholder, each streamed chunk, the answer.

    InputError propagates (the caller keeps the question); other errors become one friendly sentence.
    """
    history = [Turn.model_validate({"role": e["role"], "content": e["text"]}) for e in entries if e["text"]][-6:]
    reply = {"role": "assistant", "text": "", "html": PENDING}
    entries = [*entries, {"role": "user", "text": question, "html": render_user(question)}, reply]
    yield entries
    text = ""
    try:
        for item in service.stream(question, history):
            if isinstance(item, Answer):
                reply.update(text=item.answer, html=render_answer(item))
            else:
                text += item
                reply["html"] = f'<div class="answer"><p class="text">{mark(_MARKER.sub("", text))}</p></div>'
            yield entries
    except InputError:
        raise
    except Exception as e:
        reply.update(text="", html=f'<div class="answer error">{esc(friendly(e))}</div>')
        yield entries


def _messages(entries: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"role": e["role"], "content": e["html"]} for e in entries]


def _ask_tab(service: Service) -> None:
    entries = gr.State([])  # {"role", "text", "html"}: plain text for follow-ups, HTML for display
    feedback_id = gr.State(None)
    placeholder = "您好！请问养老、托育方面的政策问题，我会引用文件原文回答。"
    # buttons: no "share" (it would offer to post the conversation to a third-party site)
    chat = gr.Chatbot(elem_id="chat", show_label=False, height="62vh", layout="bubble", placeholder=placeholder, buttons=["copy"])
    with gr.Row(elem_classes="ask-row"):
        box = gr.Textbox(elem_id="ask-q", show_label=False, placeholder="例如：" + EXAMPLES[0], scale=8, container=False)
        send = gr.Button("提问", variant="primary", scale=1, min_width=80, elem_id="ask-send")
    with gr.Row(elem_classes="examples"):
        examples = [(gr.Button(q, size="sm", elem_classes="example"), q) for q in EXAMPLES]
    with gr.Row(visible=False, elem_classes="comment-row") as comment_row:
        comment = gr.Textbox(
            elem_id="comment", show_label=False, placeholder="哪里不对或缺了什么？（可选）", scale=8, container=False
        )
        comment_send = gr.Button("提交意见", scale=1, min_width=100, elem_id="comment-send")
    with gr.Row(elem_classes="foot"):
        gr.HTML(f'<p class="official-note">{esc(OFFICIAL_NOTE)}</p>', js_on_load=None)
        clear = gr.Button("清空对话", size="sm", scale=0, min_width=90)

    def respond(message: str, state: list[dict[str, str]]) -> Iterator[tuple[Any, Any, Any]]:
        if not (message or "").strip():
            gr.Warning(EMPTY_PROMPT)
            yield gr.skip(), gr.skip(), gr.skip()
            return
        try:
            for updated in chat_turn(service, message.strip(), state):
                yield "", _messages(updated), updated
        except InputError as e:  # too long: keep the text so it can be shortened
            gr.Warning(str(e))
            yield message, _messages(state), state

    def on_like(state: list[dict[str, str]], evt: gr.LikeData) -> tuple[Any, Any]:
        i = evt.index if isinstance(evt.index, int) else evt.index[0]
        if evt.liked not in (True, False, "Like", "Dislike") or not 0 < i < len(state) or state[i]["role"] != "assistant":
            return gr.skip(), gr.skip()
        rating = 1 if evt.liked in (True, "Like") else -1
        saved = service.store.record_feedback(state[i - 1]["text"], state[i]["text"], rating)
        if rating > 0:
            gr.Info("谢谢您的反馈！")
        return gr.Row(visible=rating < 0), saved

    def on_comment(text: str, saved: int | None) -> tuple[Any, Any]:
        if saved and (text or "").strip():
            service.store.add_comment(saved, text[:500])
        gr.Info("已收到您的意见，我们会尽快补充完善。")
        return "", gr.Row(visible=False)

    outputs = [box, chat, entries]
    for event in (box.submit, send.click):
        event(respond, [box, entries], outputs, **PRIVATE)
    for button, question in examples:
        button.click(lambda q=question: q, None, box, queue=False, **PRIVATE).then(respond, [box, entries], outputs, **PRIVATE)
    chat.like(on_like, entries, [comment_row, feedback_id], **PRIVATE)
    for event in (comment_send.click, comment.submit):
        event(on_comment, [comment, feedback_id], [comment, comment_row], **PRIVATE)
    clear.click(lambda: ([], [], gr.Row(visible=False)), None, [chat, entries, comment_row], queue=False, **PRIVATE)


def _desk_tab(service: Service) -> None:
    regions = sorted({d.meta.region for d in service.bot.kb.documents}, key=["云南省", "昆明市", "玉溪市"].index)
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
        with gr.Column(scale=6, min_width=300, elem_classes="desk-side"):
            reply = gr.Textbox(label="答复口径（可直接复制）", lines=3, interactive=False, buttons=["copy"], elem_id="desk-reply")
            detail = gr.HTML("", elem_id="desk-detail", js_on_load=None)
            related = gr.HTML("", elem_id="desk-related", js_on_load=None)

    def live_search(text: str, region_: str, doc_: str, kind_: str) -> str:
        if not (text or "").strip():
            return DESK_HINT
        try:
            items = service.search(text, 10, region_, doc_, kind_)
        except Exception as e:
            return f'<div class="empty">{esc(friendly(e))}</div>'
        return render_hits([(service.bot.clause(i.clause_id), i.matched) for i in items], service.titles)

    def show(clause_id: str, text: str) -> tuple[str, str, str]:
        try:
            clause = service.bot.clause(clause_id)
            query = service.bot.analyse(text or clause.title)
            words = [w for w in [*query.words, *query.expansion_words] if w in clause.text or w in clause.title]
            kb = service.bot.kb
            detail_html = render_detail(clause, kb.document(clause.doc_id), kb.parent_section(clause), words)
            related_html = render_related(service.bot.related(clause.id), service.titles)
            return service.reply_line(clause, text, words), detail_html, related_html
        except Exception as e:
            return "", f'<div class="empty">{esc(friendly(e))}</div>', ""

    def pick_first(text: str, region_: str, doc_: str, kind_: str) -> tuple[str, str, str]:
        items = service.search(text, 1, region_, doc_, kind_) if (text or "").strip() else []
        return show(items[0].clause_id, text) if items else ("", "", "")

    def on_click(text: str, evt: gr.EventData) -> tuple[str, str, str]:
        return show(str(getattr(evt, "clause", "")), text)

    inputs, shown = [query, region, doc, kind], [reply, detail, related]
    for trigger in (query.change, region.change, doc.change, kind.change):
        trigger(live_search, inputs, results, trigger_mode="always_last", show_progress="hidden", **PRIVATE)
    query.submit(pick_first, inputs, shown, show_progress="hidden", **PRIVATE)
    results.click(on_click, query, shown, show_progress="hidden", **PRIVATE)


def _docs_tab(service: Service) -> tuple[gr.Radio, gr.HTML]:
    docs = service.bot.kb.documents
    choice = gr.Radio(
        [(service.titles[d.meta.id], d.meta.id) for d in docs], value=docs[0].meta.id, label="选择文件", elem_id="doc-choice"
    )
    tree = gr.HTML(render_tree(docs[0]), elem_id="doc-tree", js_on_load=None)
    choice.input(lambda doc_id: render_tree(service.bot.kb.document(doc_id)), choice, tree, **PRIVATE)
    return choice, tree


def _gaps_tab(service: Service) -> None:
    if not service.settings.admin_token:
        gr.HTML(
            '<div class="notice">维护功能未启用：设置环境变量 ASSISTANT_ADMIN_TOKEN 并重启服务后可用。</div>', js_on_load=None
        )
        return
    gr.HTML('<p class="keys">未能回答、依据不足和用户点踩的问题，按提问次数排列。需要维护口令。</p>', js_on_load=None)
    with gr.Row(elem_classes="gap-bar"):
        token = gr.Textbox(label="维护口令", type="password", elem_id="gap-token", scale=3)
        view = gr.Button("查看", variant="primary", scale=1)
        export = gr.Button("导出 CSV", scale=1)
    status = gr.Markdown(elem_id="gap-status")
    table = gr.Dataframe(
        headers=GAP_HEADERS, interactive=False, wrap=True, elem_id="gap-table", column_widths=["34%", "14%", "8%", "16%", "28%"]
    )
    with gr.Row(elem_classes="gap-bar"):
        chosen = gr.Dropdown([], label="选择已补充的问题", scale=4, elem_id="gap-choice")
        resolve = gr.Button("标记为已解决", scale=1)
    download = gr.File(label="CSV 文件", visible=False, elem_id="gap-file")

    def listing(token_: str, resolved: str | None = None) -> tuple[str, Any, Any]:
        try:
            gaps = service.gaps(token_)
            if resolved:
                service.store.resolve(resolved)
                gaps = service.store.gaps()
        except AccessDenied as e:
            return str(e), {"headers": GAP_HEADERS, "data": []}, gr.Dropdown(choices=[], value=None)
        rows = {"headers": GAP_HEADERS, "data": [g.row() for g in gaps]}
        return f"共 {len(gaps)} 个待补充问题。", rows, gr.Dropdown(choices=[g.question for g in gaps], value=None)

    def export_csv(token_: str) -> tuple[str, Any]:
        try:
            service.gaps(token_)
        except AccessDenied as e:
            return str(e), gr.File(visible=False)
        path = Path(tempfile.mkdtemp(prefix="gaps-")) / f"待补充问题-{datetime.now():%Y%m%d-%H%M}.csv"
        path.write_text(service.store.export_csv(), encoding="utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8
        return "已生成 CSV 文件。", gr.File(value=str(path), visible=True)

    for event in (view.click, token.submit):
        event(listing, token, [status, table, chosen], **PRIVATE)
    resolve.click(listing, [token, chosen], [status, table, chosen], **PRIVATE)
    export.click(export_csv, token, [status, download], **PRIVATE)


def _named_api(service: Service) -> None:
    """`/ask` and `/search` for gradio_client, returning the same JSON as the HTTP API."""

    def ask(question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        """Answer a question with citations (Answer JSON)."""
        try:
            return service.ask(question, [Turn.model_validate(t) for t in history or []]).model_dump(mode="json")
        except Exception as e:
            raise gr.Error(friendly(e)) from e

    def search(q: str, k: int = 10, region: str = "", doc: str = "") -> list[dict[str, Any]]:
        """Ranked clauses for a lookup."""
        try:
            return [item.model_dump() for item in service.search(q, max(1, min(int(k), 50)), region, doc)]
        except Exception as e:
            raise gr.Error(friendly(e)) from e

    gr.api(ask, api_name="ask")
    gr.api(search, api_name="search")


# -- assembly ------------------------------------------------------------------------------------
def create_app(settings: Settings, bot: Assistant | None = None) -> FastAPI:
    """The FastAPI app: JSON API routes first, then the Gradio page mounted at "/"."""
    bot = bot or Assistant.from_settings(settings)
    service = Service(settings, bot, FeedbackStore(settings.data_dir / "feedback.sqlite3"))
    app = FastAPI(
        title="云南养老托育政策问答 API", version="1.0", description="问答、条款检索与条款原文。回答仅供参考，以正式文件为准。"
    )
    add_api(app, service)
    fonts = ["system-ui", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "sans-serif"]
    theme = gr.themes.Soft(primary_hue="teal", neutral_hue="slate", font=fonts, font_mono=["ui-monospace", "monospace"])
    ui = build_ui(service)
    return gr.mount_gradio_app(
        app, ui, path="/", theme=theme, css_paths=[CSS_PATH], head=HEAD, footer_links=["api"], ssr_mode=False
    )


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Run the page and the API with uvicorn (127.0.0.1:7860 by default)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port, log_level="info")
