"""The web app: a Gradio page (政策问答, 热线坐席, 文件浏览, 待补充问题) and a JSON API on one FastAPI server.

Every string that reaches a `gr.HTML` or a chat message passes through `html.escape` first:
Gradio does not sanitize `gr.HTML`, and questions and documents are shown as text, never markup.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, cast

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no version check, no analytics

import gradio as gr
import uvicorn
from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_fastapi_instrumentator import Instrumentator
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.assistant import Assistant
from assistant.errors import AccessDenied, AssistantError, InputError, KnowledgeError
from assistant.feedback import GAP_HEADERS, FeedbackStore, Gap
from assistant.models import NON_BLANK, Answer, AskRequest, Clause, Turn
from assistant.settings import Settings
from assistant.webguards import ApiGuard, message, too_large, validation_errors
from assistant.webops import Edge, Lockout, Metrics, RateLimiter, TooManyRequests, locked_out, too_many
from assistant.webviews import (
    FACT_PATTERN,
    SOURCE_MARKER,
    PageTexts,
    cn_date,
    esc,
    render_answer,
    render_detail,
    render_hits,
    render_related,
    render_tree,
    render_user,
)

log = logging.getLogger(__name__)

FRIENDLY_ERROR = "系统暂时无法回答，请稍后再试或拨打12345。"
UNPARSABLE = "请求体无法解析，应为 UTF-8 编码的 JSON。"
PENDING = '<div class="answer pending">正在查找相关条款…</div>'
DESK_HINT = '<div class="empty">输入关键词即可查找条款，例如“护理补助”“托育备案”“高龄津贴”。</div>'
DESK_KEYS = '<p class="keys">边输入边检索 · <kbd>Enter</kbd> 选中第一条 · <kbd>↓</kbd><kbd>↑</kbd> 在结果间移动，<kbd>Enter</kbd> 查看</p>'
CSS_PATH = Path(__file__).with_name("web.css")
# Gradio scopes css_paths rules to its content area; the page padding sits outside it.
HEAD = "<style>@media (max-width: 640px) { .gradio-container .main.fillable { padding: 8px !important; } }</style>"
PRIVATE: dict[str, Any] = {"api_visibility": "private"}  # UI events; the public API is /ask and /search

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


class CSVResponse(PlainTextResponse):
    """A CSV download: the schema declares text/csv, as the response says."""

    media_type = "text/csv"


NOT_GAPS = {"greeting", "injection", "clarify"}  # answers that are no gap in the knowledge (Answer.reason)


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


class ClauseOut(Clause):
    """A clause with its citation label and document."""

    citation: str
    doc_title: str
    region: str
    issue_date: date


ComponentState = Literal["ok", "down", "off", "starting"]


class Components(BaseModel):
    """Each part of the service: ok, down, off (not configured) or starting (loading)."""

    lexical: ComponentState  # tokenizer and keyword search: answering needs it
    vector: ComponentState  # semantic search: without it answers come from the keyword search alone
    feedback: ComponentState  # gaps and 👍/👎: without it they are dropped
    llm: ComponentState  # wording by a language model: "ok" means configured (not probed)


class Health(BaseModel):
    """Liveness, each component, and what is loaded; "degraded" when a component is down or starting."""

    status: Literal["ok", "degraded"] = "ok"
    components: Components
    documents: int
    clauses: int
    llm: bool
    knowledge_version: str = ""  # changes when documents are added, replaced or removed
    failed_documents: list[str] = []  # listed documents that could not be loaded (the others are)


class Reloaded(BaseModel):
    """What a reload did."""

    reloaded: bool
    knowledge_version: str
    documents: int


class Service:
    """What the page and the API call: the assistant, gap recording, search filters, the token check."""

    def __init__(self, settings: Settings, bot: Assistant, store: FeedbackStore) -> None:
        self.settings = settings
        self.bot = bot
        self.store = store
        self.texts = PageTexts.of(bot.kb, bot.gazetteer)
        self.request_model = AskRequest.limited(settings)  # the API body, with the configured limits
        rates = {"ask": settings.rate_ask_per_minute, "search": settings.rate_search_per_minute}
        self.limiter = RateLimiter(rates | {"feedback": settings.rate_feedback_per_minute})
        self.lockout = Lockout(settings.admin_max_failures, settings.admin_lockout_minutes)
        self.metrics = Metrics(lambda: self.components().model_dump())

    def limit(self, bucket: str, client: str) -> None:
        """Count one request of `client` against its `bucket` limit (ask, search, feedback); TooManyRequests beyond it."""
        wait = self.limiter.wait(bucket, client)
        if wait:
            self.metrics.limited.labels(bucket).inc()
            raise too_many(wait)

    def admit(self, token: str | None, client: str = "", denied: str = "维护口令不正确。") -> None:
        """Let a maintainer in: AccessDenied when disabled or wrong, TooManyRequests while the client is locked out.

        Only a token that was given and is wrong counts as a failed try (and is logged, without its value).
        """
        if not self.settings.admin_token:
            raise AccessDenied("维护功能未启用。")
        locked = self.lockout.remaining(client)
        if locked:
            raise locked_out(locked)
        if self.authorized(token):
            self.lockout.succeeded(client)
            return
        if token:
            self.metrics.admin_failures.inc()
            locked = self.lockout.failed(client)
            if locked:
                raise locked_out(locked)
        raise AccessDenied(denied)

    def request(self, question: str, history: list[dict[str, str]]) -> AskRequest:
        """A question and history from the page or gradio_client, checked like an API body; InputError if not valid."""
        if not (question or "").strip():
            raise InputError(f"请输入您的问题，例如：{self.texts.examples[0]}")
        try:
            return self.request_model.model_validate({"question": question, "history": history})
        except ValidationError as e:
            raise InputError(message(e.errors()[0])) from e

    @property
    def titles(self) -> dict[str, str]:
        """Short titles by document id, of the knowledge currently loaded."""
        return {d.meta.id: d.meta.display_title for d in self.bot.kb.documents}

    def reload(self, token: str | None, client: str = "") -> Reloaded:
        """Pick up knowledge changes now (token-protected); the old knowledge answers until the new is ready."""
        self.admit(token, client)
        done = self.bot.reload()
        return Reloaded(reloaded=done, knowledge_version=self.bot.version, documents=len(self.bot.kb.documents))

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer:
        """Answer and remember the question if it was declined or weakly supported."""
        answer = self.bot.ask(question, history or [])
        self._record(question, answer)
        return answer

    def stream(self, question: str, history: list[Turn]) -> Iterator[str | Answer]:
        """Chunks then the final Answer, recorded like `ask`."""
        for item in self.bot.stream(question, history):
            if isinstance(item, Answer):
                self._record(question, item)
            yield item

    def components(self) -> Components:
        """The state of each part of the service (for /healthz)."""
        lexical = cast(ComponentState, self.bot.state)
        vector = "off" if not self.settings.vector_enabled else lexical
        if vector == "ok":
            retriever = self.bot.retriever.vector
            vector = "ok" if retriever is not None and retriever.healthy else "down"
        return Components(
            lexical=lexical,
            vector=vector,
            feedback="ok" if self.store.healthy else "down",
            llm="ok" if self.settings.llm_enabled else "off",
        )

    def _record(self, question: str, answer: Answer) -> None:
        """Count the answer's reason; keep declined and weak answers for maintainers (greetings and refusals are no gaps)."""
        self.metrics.answers.labels(answer.reason).inc()
        if self.settings.log_questions:  # off by default: questions may carry personal details
            log.info("question: %s", json.dumps({"question": question, "reason": answer.reason}, ensure_ascii=False))
        if answer.reason not in NOT_GAPS:
            self.store.record_question(answer.searched_query or question, answer)

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
        meta = self.bot.kb.meta(clause)
        if answer and answer.answered and answer.citations and answer.citations[0].clause_id == clause.id:
            # one line to read out: the lead, then where it stands (《short title》label)
            return f"{answer.lead.rstrip('。')}（《{meta.display_title}》{clause.label}）"
        sentences = [s.strip() for s in re.split(r"(?<=[。；])", clause.text.replace("｜", "，")) if s.strip()]
        best = max(sentences or [clause.text], key=lambda s: len(FACT_PATTERN.findall(s)) * 2 + sum(w in s for w in words))
        return f"根据{self.bot.kb.citation_label(clause)}（{cn_date(self.bot.kb.meta(clause).issue_date)}印发）：{best}"

    def authorized(self, token: str | None) -> bool:
        """True when maintenance is enabled and the token matches."""
        expected = self.settings.admin_token
        return bool(expected and token) and hmac.compare_digest(str(token).encode(), str(expected).encode())

    def gaps(self, token: str | None, client: str = "") -> list[Gap]:
        """The open gaps; AccessDenied unless maintenance is enabled and the token matches."""
        self.admit(token, client, "维护口令不正确，无法查看待补充问题。")
        return self.store.gaps()

    def gaps_page(self, token: str | None, client: str = "", page: int = 1, size: int = 0) -> tuple[list[Gap], int]:
        """A page of the open gaps (size 0: the configured page size) and how many there are; checked like `gaps`."""
        self.admit(token, client, "维护口令不正确，无法查看待补充问题。")
        return self.store.page(page, size or self.settings.gaps_page_size)


def friendly(error: Exception) -> str:
    """The one sentence a user sees; unexpected errors are logged with their traceback."""
    if isinstance(error, AssistantError):
        return str(error)
    log.exception("unexpected error in the web app", exc_info=error)
    return FRIENDLY_ERROR


# -- JSON API ------------------------------------------------------------------------------------
def add_api(app: FastAPI, service: Service) -> None:
    """/api/ask, /api/search, /api/clauses/{id}, /api/gaps(.csv), /healthz."""

    settings = service.settings

    @app.exception_handler(AssistantError)
    def _assistant_error(request: Request, error: AssistantError) -> JSONResponse:
        if isinstance(error, InputError):  # the question or q, in the shape of any other validation error
            loc = ["body", "question"] if request.method == "POST" else ["query", "q"]
            return JSONResponse({"detail": [{"loc": loc, "msg": str(error), "type": "value_error"}]}, status_code=422)
        if isinstance(error, TooManyRequests):
            return JSONResponse({"detail": str(error)}, status_code=429, headers={"Retry-After": str(error.retry_after)})
        status = {KnowledgeError: 404, AccessDenied: 403}.get(type(error), 503)
        return JSONResponse({"detail": str(error)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_errors(error.errors())}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = {413: too_large(settings.max_body_bytes), 400: UNPARSABLE}.get(error.status_code, error.detail)
        return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)

    app.add_middleware(ApiGuard, routes=app.router.routes, max_body_bytes=settings.max_body_bytes)

    def limited(bucket: str) -> Any:
        def check(request: Request) -> None:
            service.limit(bucket, client_of(request))

        return Depends(check)

    def ask(body: AskRequest) -> Answer:
        """回答一个问题，附引用条款。"""
        return service.ask(body.question, body.history)

    ask.__annotations__["body"] = service.request_model  # the configured limits, in the schema too
    app.post(
        "/api/ask",
        response_model=Answer,
        tags=["问答"],
        responses=_errors(400, 413, 429, 503),
        max_body_size=settings.max_body_bytes,
        dependencies=[limited("ask")],
    )(ask)

    @app.get(
        "/api/search",
        response_model=list[SearchItem],
        tags=["检索"],
        responses=_errors(404, 429, 503),
        dependencies=[limited("search")],
    )
    def search(
        q: str = Query(description="关键词或问题", min_length=1, max_length=settings.max_question_chars, pattern=NON_BLANK),
        k: int = Query(10, ge=1, le=50),
        region: str = Query("", description="地区全称，如文件清单中的 region"),
        doc: str = Query("", description="文件编号，如 km-2022-plan"),
    ) -> list[SearchItem]:
        """按相关度排列的条款（热线坐席使用）。"""
        return service.search(q, k, region, doc)

    @app.get("/api/clauses/{clause_id:path}", response_model=ClauseOut, tags=["文件"], responses=_errors(404))
    def clause(clause_id: str) -> ClauseOut:
        """一个条款的全文、出处和引用标签。"""
        return service.clause_out(clause_id)

    def token(authorization: str | None) -> str:
        return (authorization or "").removeprefix("Bearer ").strip()

    total_header = {"X-Total-Count": {"description": "待补充问题总数", "schema": {"type": "integer"}}}

    @app.get("/api/gaps", tags=["维护"], responses=_errors(403, 429, 503) | {200: {"headers": total_header}})
    def gaps(
        request: Request,
        response: Response,
        page: int = Query(1, ge=1, description="页码，从 1 开始"),
        page_size: int = Query(settings.gaps_page_size, ge=1, le=500, description="每页条数"),
        authorization: str | None = Header(None, description="Bearer <维护口令>"),
    ) -> list[dict[str, Any]]:
        """待补充问题，按提问次数排列，分页（需要维护口令）；总数在 X-Total-Count 头中。"""
        keys = ["question", "reasons", "count", "last_asked", "comments"]
        rows, total = service.gaps_page(token(authorization), client_of(request), page, page_size)
        response.headers["X-Total-Count"] = str(total)
        return [dict(zip(keys, g.row(), strict=True)) for g in rows]

    @app.get("/api/gaps.csv", response_class=CSVResponse, tags=["维护"], responses=_errors(403, 429, 503))
    def gaps_csv(request: Request, authorization: str | None = Header(None, description="Bearer <维护口令>")) -> CSVResponse:
        """待补充问题 CSV（需要维护口令）。"""
        service.gaps(token(authorization), client_of(request))
        return CSVResponse(service.store.export_csv())

    @app.get("/healthz", response_model=Health, tags=["运维"])
    def healthz() -> Health:
        """服务状态。"""
        kb = service.bot.kb
        components = service.components()
        return Health(
            status="ok" if all(v in ("ok", "off") for v in components.model_dump().values()) else "degraded",
            components=components,
            documents=len(kb.documents),
            clauses=len(kb.clauses),
            llm=service.settings.llm_enabled,
            knowledge_version=service.bot.version,
            failed_documents=sorted(kb.failed),
        )

    @app.post(
        "/api/admin/reload",
        response_model=Reloaded,
        tags=["运维"],
        responses=_errors(403, 413, 429),
        max_body_size=settings.max_body_bytes,
    )
    def reload(request: Request, authorization: str | None = Header(None, description="Bearer <维护口令>")) -> Reloaded:
        """立即载入知识库的变更（新增、替换、删除的文件）；需要维护口令。"""
        return service.reload(token(authorization), client_of(request))


def client_of(request: Request | gr.Request | None) -> str:
    """The client's address (uvicorn takes it from X-Forwarded-For behind a trusted proxy)."""
    client = getattr(request, "client", None)
    return str(getattr(client, "host", "") or "")


class Message(BaseModel):
    """An error that is one sentence."""

    detail: str


ERRORS = {
    400: "请求体无法解析",
    403: "维护功能未启用或口令不正确",
    404: "没有该文件或条款",
    413: "请求内容过大",
    429: "请求过于频繁或维护口令错误次数过多，请稍后再试（Retry-After 为等待秒数）",
    503: "服务暂时不可用（例如正在载入或某一部分出错）",
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error responses a route can give."""
    return {code: {"model": Message, "description": ERRORS[code]} for code in codes}


# -- the page ------------------------------------------------------------------------------------
def build_ui(service: Service) -> gr.Blocks:
    """The four tabs, the `?clause=` loader and the named API endpoints, with a bounded queue."""
    texts = service.texts
    header = f'<header class="masthead"><div class="brand">{esc(texts.brand)}</div><div class="sub">{esc(texts.subtitle)}</div></header>'
    with gr.Blocks(title=texts.brand, analytics_enabled=False) as demo:
        gr.HTML(header, js_on_load=None)
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
    settings = service.settings
    return demo.queue(default_concurrency_limit=max(1, settings.queue_concurrency), max_size=max(1, settings.queue_max_size))


def chat_turn(service: Service, question: str, entries: list[dict[str, str]]) -> Iterator[list[dict[str, str]]]:
    """Chat entries ({role, text, html}) after each step: question and placeholder, each streamed chunk, the answer.

    InputError propagates (the caller keeps the question); other errors become one friendly sentence.
    """
    limit = service.settings.max_turn_chars  # the page's own answers, cut to what a turn may hold
    history = service.request(
        question, [{"role": e["role"], "content": e["text"][:limit]} for e in entries if e["text"]][-6:]
    ).history
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
                draft = esc(SOURCE_MARKER.sub("", text))  # not yet checked against the clauses: shown as a draft
                reply["html"] = (
                    f'<div class="answer draft"><p class="text">{draft}</p><p class="note">正在生成，完成后将与原文核对…</p></div>'
                )
            yield entries
    except InputError:
        raise
    except Exception as e:
        reply.update(text="", html=f'<div class="answer error">{esc(friendly(e))}</div>')
        yield entries


def _messages(entries: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"role": e["role"], "content": e["html"]} for e in entries]


def _ask_tab(service: Service) -> None:
    texts = service.texts
    entries = gr.State([])  # {"role", "text", "html"}: plain text for follow-ups, HTML for display
    feedback_id = gr.State(None)
    placeholder = "您好！请问养老、托育方面的政策问题，我会引用文件原文回答。"
    # buttons: no "share" (it would offer to post the conversation to a third-party site)
    chat = gr.Chatbot(elem_id="chat", show_label=False, height="62vh", layout="bubble", placeholder=placeholder, buttons=["copy"])
    with gr.Row(elem_classes="ask-row"):
        box = gr.Textbox(elem_id="ask-q", show_label=False, placeholder="例如：" + texts.examples[0], scale=8, container=False)
        send = gr.Button("提问", variant="primary", scale=1, min_width=80, elem_id="ask-send")
    with gr.Row(elem_classes="examples"):
        examples = [(gr.Button(q, size="sm", elem_classes="example"), q) for q in texts.examples]
    with gr.Row(visible=False, elem_classes="comment-row") as comment_row:
        comment = gr.Textbox(
            elem_id="comment", show_label=False, placeholder="哪里不对或缺了什么？（可选）", scale=8, container=False
        )
        comment_send = gr.Button("提交意见", scale=1, min_width=100, elem_id="comment-send")
    with gr.Row(elem_classes="foot"):
        gr.HTML(f'<p class="official-note">{esc(texts.note)}</p>', js_on_load=None)
        clear = gr.Button("清空对话", size="sm", scale=0, min_width=90)

    def respond(message: str, state: list[dict[str, str]], request: gr.Request) -> Iterator[tuple[Any, Any, Any]]:
        if not (message or "").strip():
            gr.Warning(f"请输入您的问题，例如：{texts.examples[0]}")
            yield gr.skip(), gr.skip(), gr.skip()
            return
        try:
            service.limit("ask", client_of(request))
            for updated in chat_turn(service, message.strip(), state):
                yield "", _messages(updated), updated
        except (InputError, TooManyRequests) as e:  # too long or too often: keep the text to send again
            gr.Warning(str(e))
            yield message, _messages(state), state

    def on_like(state: list[dict[str, str]], evt: gr.LikeData, request: gr.Request) -> tuple[Any, Any]:
        i = evt.index if isinstance(evt.index, int) else evt.index[0]
        if evt.liked not in (True, False, "Like", "Dislike") or not 0 < i < len(state) or state[i]["role"] != "assistant":
            return gr.skip(), gr.skip()
        try:
            service.limit("feedback", client_of(request))
        except TooManyRequests as e:
            gr.Warning(str(e))
            return gr.skip(), gr.skip()
        rating = 1 if evt.liked in (True, "Like") else -1
        saved = service.store.record_feedback(state[i - 1]["text"], state[i]["text"], rating)
        if rating > 0:
            gr.Info("谢谢您的反馈！")
        return gr.Row(visible=rating < 0), saved

    def on_comment(text: str, saved: int | None, request: gr.Request) -> tuple[Any, Any]:
        try:
            service.limit("feedback", client_of(request))
        except TooManyRequests as e:
            gr.Warning(str(e))
            return gr.skip(), gr.skip()
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
    regions = sorted(service.bot.kb.regions(), key=service.bot.gazetteer.order_key)
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

    def live_search(text: str, region_: str, doc_: str, kind_: str, request: gr.Request) -> str:
        if not (text or "").strip():
            return DESK_HINT
        try:
            service.limit("search", client_of(request))
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

    def pick_first(text: str, region_: str, doc_: str, kind_: str, request: gr.Request) -> tuple[str, str, str]:
        try:
            service.limit("search", client_of(request))
            items = service.search(text, 1, region_, doc_, kind_) if (text or "").strip() else []
        except Exception as e:
            return "", f'<div class="empty">{esc(friendly(e))}</div>', ""
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
        page = gr.Number(1, label="页码", precision=0, minimum=1, scale=1, min_width=80, elem_id="gap-page")
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

    def listing(
        token_: str, page_: float | None, resolved: str | None = None, request: gr.Request | None = None
    ) -> tuple[str, Any, Any]:
        number, size = max(1, int(page_ or 1)), service.settings.gaps_page_size
        try:
            gaps, total = service.gaps_page(token_, client_of(request), number, size)
            if resolved:
                service.store.resolve(resolved)
                gaps, total = service.store.page(number, size)
        except AssistantError as e:  # no token, locked out, or the store is unavailable
            return str(e), {"headers": GAP_HEADERS, "data": []}, gr.Dropdown(choices=[], value=None)
        rows = {"headers": GAP_HEADERS, "data": [g.row() for g in gaps]}
        pages = f"，第 {number} / {max(1, -(-total // size))} 页" if total > size else ""
        return f"共 {total} 个待补充问题{pages}。", rows, gr.Dropdown(choices=[g.question for g in gaps], value=None)

    def export_csv(token_: str, request: gr.Request) -> tuple[str, Any]:
        try:
            service.gaps(token_, client_of(request))
        except AssistantError as e:  # no token, or the store is unavailable
            return str(e), gr.File(visible=False)
        folder = service.settings.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("待补充问题-*.csv"):  # keep only the latest export
            old.unlink()
        path = folder / f"待补充问题-{datetime.now():%Y%m%d-%H%M}.csv"
        path.write_text(service.store.export_csv(), encoding="utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8
        return "已生成 CSV 文件。", gr.File(value=str(path), visible=True)

    for event in (view.click, token.submit, page.submit):
        event(listing, [token, page], [status, table, chosen], **PRIVATE)
    resolve.click(listing, [token, page, chosen], [status, table, chosen], **PRIVATE)
    export.click(export_csv, token, [status, download], **PRIVATE)


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


# -- assembly ------------------------------------------------------------------------------------
def create_app(settings: Settings, bot: Assistant | None = None) -> FastAPI:
    """The FastAPI app: JSON API routes first, then the Gradio page mounted at "/"."""
    bot = bot or Assistant.warming(settings)  # the page is served while the search indexes load
    store = FeedbackStore(settings.data_dir / "feedback.sqlite3", retention_days=settings.gaps_retention_days)
    service = Service(settings, bot, store)
    if settings.reload_interval > 0:
        watch_knowledge(bot, settings.reload_interval)
    app = FastAPI(
        title=f"{service.texts.brand} API", version="1.0", description="问答、条款检索与条款原文。回答仅供参考，以正式文件为准。"
    )
    add_api(app, service)
    # Latency and status of every request (errors are the 4xx/5xx series), at /metrics, with the app's own metrics.
    Instrumentator(registry=service.metrics.registry, excluded_handlers=["/metrics"]).instrument(app).expose(
        app, include_in_schema=False
    )
    app.add_middleware(Edge)  # added last: outermost, so the access line times everything and uploads never reach Gradio
    fonts = ["system-ui", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "sans-serif"]
    theme = gr.themes.Soft(primary_hue="teal", neutral_hue="slate", font=fonts, font_mono=["ui-monospace", "monospace"])
    ui = build_ui(service)
    return gr.mount_gradio_app(
        app, ui, path="/", theme=theme, css_paths=[CSS_PATH], head=HEAD, footer_links=["api"], ssr_mode=False
    )


def watch_knowledge(bot: Assistant, interval: float) -> threading.Thread:
    """Check the knowledge version every `interval` seconds and reload when it changed (a daemon thread)."""

    def loop() -> None:
        while True:
            time.sleep(interval)
            try:
                bot.reload()
            except Exception:  # the old knowledge keeps answering; the next check tries again
                log.exception("knowledge reload failed; still answering from version %s", bot.version)

    thread = threading.Thread(target=loop, name="knowledge-watch", daemon=True)
    thread.start()
    return thread


class WebServer(uvicorn.Server):
    """uvicorn that ends the page's heartbeat streams when it shuts down.

    Every open page and every `gradio_client.Client` holds a `/heartbeat` stream that ends only when the
    client disconnects or the Gradio app's `stop_event` is set (Gradio's own `Blocks.close` sets it).
    uvicorn waits for open connections before it exits, so without this a shutdown waits for every
    client to go away (a gradio_client notices at its next heartbeat, 15 s later; a browser tab never).
    """

    def __init__(self, app: FastAPI, host: str, port: int, log_level: str = "info") -> None:
        # uvicorn's own access log is off: it prints the query string, and /api/search?q= holds the question.
        super().__init__(uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=False))
        self.app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Set the mounted Gradio apps' stop events (on the server's loop), then shut down as usual."""
        for route in self.app.routes:
            stop = getattr(getattr(route, "app", None), "stop_event", None)
            if isinstance(stop, asyncio.Event):
                stop.set()
        await super().shutdown(sockets)


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Run the page and the API with uvicorn (127.0.0.1:7860 by default)."""
    # force: the CLI has configured logging at WARNING already; the server logs access lines at INFO.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    WebServer(create_app(settings), host=host or settings.host, port=port or settings.port).run()
