"""The web app: three pages and a JSON API on one FastAPI server.

- "/" the public page (ask, browse the documents; no staff tools): `webpublic.py`
- "/desk" the hotline desk (optionally behind ASSISTANT_DESK_TOKEN): `webdesk.py`
- "/admin" the maintainer's console (gaps, knowledge base; behind ASSISTANT_ADMIN_TOKEN): `webconsole.py`
- "/api/*", "/healthz", "/metrics", and "/docs" with Swagger UI served from the package (works offline)

Every string that reaches a `gr.HTML` passes through `html.escape` first (`webviews.esc`):
Gradio does not sanitize `gr.HTML`, and questions and documents are shown as text, never markup.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import socket
import tempfile
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
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from fastapi_offline import FastAPIOffline
from prometheus_fastapi_instrumentator import Instrumentator
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.answering.evidence import assess
from assistant.assistant import Assistant
from assistant.errors import AccessDenied, AssistantError, InputError, KnowledgeError
from assistant.feedback import FeedbackStore, Gap
from assistant.models import NON_BLANK, Answer, AskRequest, Clause, Turn
from assistant.settings import Settings
from assistant.webconsole import build_console
from assistant.webdesk import build_desk
from assistant.webguards import FRIENDLY_ERROR, ApiGuard, client_of, friendly, message, too_large, validation_errors
from assistant.webops import Edge, Lockout, Metrics, RateLimiter, TooManyRequests, locked_out, too_many
from assistant.webpublic import ELDER_HEAD, build_public, chat_turn
from assistant.webviews import PageTexts, brief, spoken_row

log = logging.getLogger(__name__)

__all__ = ["FRIENDLY_ERROR", "AccessDenied", "Service", "build_ui", "chat_turn", "create_app", "friendly"]
UNPARSABLE = "请求体无法解析，应为 UTF-8 编码的 JSON。"
CSS_PATH = Path(__file__).with_name("web.css")
PAGE_CSS_PATH = Path(__file__).with_name("page.css")  # rules outside Gradio's content area (长辈模式, phone padding)
UPLOADABLE = r"^[^/\\]+\.(txt|md|html|htm|docx|pdf|TXT|MD|HTML|HTM|DOCX|PDF)$"  # the formats `kb add` reads
YES = ("有，", "可以，", "是的，")  # a lead's yes, which a read-out line does without


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


class Added(BaseModel):
    """A document added from the console or the API."""

    id: str
    title: str
    clauses: int
    warnings: list[str] = []


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

    def admit(self, token: str | None, client: str = "", denied: str = "维护口令不正确。", which: str = "admin") -> None:
        """Let a maintainer (or, `which="desk"`, an agent) in: AccessDenied when disabled or wrong, TooManyRequests
        while the client is locked out.

        Only a token that was given and is wrong counts as a failed try (and is logged, without its value).
        """
        if not self._expected(which):
            raise AccessDenied("维护功能未启用。" if which == "admin" else "热线坐席口令未设置，坐席功能未启用。")
        locked = self.lockout.remaining(client)
        if locked:
            raise locked_out(locked)
        if self.authorized(token, which):
            self.lockout.succeeded(client)
            return
        if token:
            self.metrics.admin_failures.inc()
            locked = self.lockout.failed(client)
            if locked:
                raise locked_out(locked)
        raise AccessDenied(denied if which == "admin" else "坐席口令不正确。")

    def admit_desk(self, token: str | None, client: str = "") -> None:
        """Let an agent use the desk: always when the desk is not protected, else with the desk token."""
        if self.settings.desk_protected:
            self.admit(token, client, which="desk")

    def _expected(self, which: str) -> str | None:
        return self.settings.admin_token if which == "admin" else self.settings.desk_token

    @property
    def today(self) -> date:
        """Today, for validity (the injectable clock of the settings)."""
        return self.settings.current_date()

    def request(self, question: str, history: list[dict[str, Any]]) -> AskRequest:
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

    def reload(self, token: str | None, client: str = "", force: bool = False) -> Reloaded:
        """Pick up knowledge changes now (token-protected); the old knowledge answers until the new is ready."""
        self.admit(token, client)
        done = self.bot.reload(force)
        return Reloaded(reloaded=done, knowledge_version=self.bot.version, documents=len(self.bot.kb.documents))

    def add_document(self, token: str | None, client: str, filename: str, data: bytes) -> Added:
        """Add an uploaded file through the `kb add` pipeline (metadata inferred, manifest, index), then reload."""
        from assistant.catalog import Catalog, Overrides, supported

        self.admit(token, client)
        name = Path(filename or "").name
        if not name or not supported(Path(name)):
            raise InputError("文件类型不支持：请上传 .txt、.md、.html、.docx 或 .pdf 文件。")
        catalog = Catalog(self.settings)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            prepared = catalog.prepare(path, Overrides())
            catalog.add([prepared])
        self.bot.reload()
        meta = prepared.meta
        return Added(id=meta.id, title=meta.title, clauses=len(prepared.parse.clauses), warnings=prepared.warnings)

    def remove_document(self, token: str | None, client: str, doc_id: str) -> None:
        """Take a document out of the knowledge base (its file is kept under the data directory), then reload."""
        from assistant.catalog import Catalog

        self.admit(token, client)
        catalog = Catalog(self.settings)
        if doc_id not in {d.id for d in catalog.manifest.documents}:
            raise KnowledgeError(f"没有编号为 {doc_id} 的文件。")
        catalog.remove(doc_id)
        self.bot.reload()

    def resolve_gap(self, token: str | None, client: str, question: str) -> None:
        """Mark a gap resolved (token-protected)."""
        self.admit(token, client)
        self.store.resolve(question)

    def export_gaps(self, token: str | None, client: str) -> Path:
        """Write the gaps as a CSV file under the data directory (token-protected); the previous export is replaced."""
        self.gaps(token, client)
        folder = self.settings.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("待补充问题-*.csv"):  # keep only the latest export
            old.unlink()
        path = folder / f"待补充问题-{datetime.now():%Y%m%d-%H%M}.csv"
        path.write_text(self.store.export_csv(), encoding="utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8
        return path

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

    def best_sentences(self, text: str, clauses: list[Clause]) -> dict[str, str]:
        """The sentence of each clause that answers `text`, picked as answers pick their quote (by clause id)."""
        if not clauses:
            return {}
        evidence = assess(self.bot.prepare(text))
        return {c.id: spoken_row(c) if c.is_table else evidence.sentence(c) for c in clauses}

    def reply_lines(self, clause: Clause, query: str) -> tuple[str, str]:
        """The desk's two lines: a 答复口径 to read aloud, and the clause's answering words verbatim with where they stand.

        The 答复口径 is the assistant's lead when its answer cites this clause first; otherwise the parts of the
        answering sentence that match the question (a table row as a sentence, not its fields), said in one breath.
        """
        try:
            answer: Answer | None = self.bot.ask(query)
        except AssistantError:
            answer = None
        meta = self.bot.kb.meta(clause)
        where = f"《{meta.display_title}》{clause.label}"
        evidence = assess(self.bot.prepare(query))
        sentence = spoken_row(clause) if clause.is_table else evidence.sentence(clause)
        if not clause.is_table and answer and answer.answered and answer.citations and answer.citations[0].clause_id == clause.id:
            said = answer.lead.removeprefix(next((y for y in YES if answer.lead.startswith(y)), ""))
        else:
            said = sentence if clause.is_table else evidence.snippet(sentence)
        exact = f"{where}：{sentence}" if clause.is_table else f"{where}：“{sentence}”"
        return f"{brief(said or sentence)}（{where}）", exact

    def authorized(self, token: str | None, which: str = "admin") -> bool:
        """True when the token (admin or desk) is configured and matches."""
        expected = self._expected(which)
        return bool(expected and token) and hmac.compare_digest(str(token).encode(), str(expected).encode())

    def gaps(self, token: str | None, client: str = "") -> list[Gap]:
        """The open gaps; AccessDenied unless maintenance is enabled and the token matches."""
        self.admit(token, client, "维护口令不正确，无法查看待补充问题。")
        return self.store.gaps()

    def gaps_page(self, token: str | None, client: str = "", page: int = 1, size: int = 0) -> tuple[list[Gap], int]:
        """A page of the open gaps (size 0: the configured page size) and how many there are; checked like `gaps`."""
        self.admit(token, client, "维护口令不正确，无法查看待补充问题。")
        return self.store.page(page, size or self.settings.gaps_page_size)


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

    uploads = {"/api/admin/documents": settings.max_document_bytes}
    app.add_middleware(ApiGuard, routes=app.router.routes, max_body_bytes=settings.max_body_bytes, larger=uploads)

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

    @app.post(
        "/api/admin/documents",
        response_model=Added,
        tags=["维护"],
        responses=_errors(403, 413, 429),
        max_body_size=settings.max_document_bytes,
    )
    async def add_document(
        request: Request,
        filename: str = Query(
            min_length=5, max_length=200, pattern=UPLOADABLE, description="文件名（决定格式：.txt .md .html .docx .pdf）"
        ),
        authorization: str | None = Header(None, description="Bearer <维护口令>"),
    ) -> Added | JSONResponse:
        """上传一个文件，按 kb add 的同一流程加入知识库（元数据从正文识别），并更新索引；需要维护口令。请求体为文件原始内容。"""
        data = await request.body()
        try:
            return await asyncio.to_thread(service.add_document, token(authorization), client_of(request), filename, data)
        except (KnowledgeError, InputError) as e:  # the file's own problem, in the shape of any validation error
            return JSONResponse({"detail": [{"loc": ["body"], "msg": str(e), "type": "value_error"}]}, status_code=422)


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


# -- assembly ------------------------------------------------------------------------------------
def build_ui(service: Service) -> gr.Blocks:
    """The public page with the bounded queue (the desk and the console get their own, sized alike)."""
    return _queued(build_public(service), service.settings)


def _queued(page: gr.Blocks, settings: Settings) -> gr.Blocks:
    return page.queue(default_concurrency_limit=max(1, settings.queue_concurrency), max_size=max(1, settings.queue_max_size))


def _redirect(target: str) -> Any:
    def redirect(request: Request) -> RedirectResponse:
        query = request.url.query
        return RedirectResponse(target + (f"?{query}" if query else ""), status_code=307)

    return redirect


def create_app(settings: Settings, bot: Assistant | None = None) -> FastAPI:
    """The FastAPI app: JSON API routes first, then /desk and /admin, then the public page mounted at "/"."""
    bot = bot or Assistant.warming(settings)  # the page is served while the search indexes load
    store = FeedbackStore(settings.data_dir / "feedback.sqlite3", retention_days=settings.gaps_retention_days)
    service = Service(settings, bot, store)
    if settings.reload_interval > 0:
        watch_knowledge(bot, settings.reload_interval)
    # Swagger UI from the fastapi-offline package's own files, so /docs works without a network.
    app = FastAPIOffline(
        title=f"{service.texts.brand} API", version="1.0", description="问答、条款检索与条款原文。回答仅供参考，以正式文件为准。"
    )
    app.state.service = service  # for tests and tools that hold the app
    add_api(app, service)
    # Latency and status of every request (errors are the 4xx/5xx series), at /metrics, with the app's own metrics.
    Instrumentator(registry=service.metrics.registry, excluded_handlers=["/metrics"]).instrument(app).expose(
        app, include_in_schema=False
    )
    app.add_middleware(Edge)  # added last: outermost, so the access line times everything and uploads never reach Gradio
    fonts = ["system-ui", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "sans-serif"]
    theme = gr.themes.Soft(primary_hue="teal", neutral_hue="slate", font=fonts, font_mono=["ui-monospace", "monospace"]).set(
        # contrast of at least 4.5:1 (WCAG AA) for secondary text and the primary buttons
        body_text_color_subdued="*neutral_600",
        block_info_text_color="*neutral_600",
        block_label_text_color="*neutral_700",
        block_title_text_color="*neutral_800",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
    )
    head = f"<style>{PAGE_CSS_PATH.read_text(encoding='utf-8')}</style>{ELDER_HEAD}"
    style: dict[str, Any] = {"theme": theme, "css_paths": [CSS_PATH], "head": head, "ssr_mode": False}
    for path in ("/desk", "/admin"):  # the mounted page answers at "/desk/"; "/desk" is where people type it
        app.add_api_route(path, _redirect(path + "/"), include_in_schema=False)
    pages = [("/desk", build_desk(service)), ("/admin", build_console(service)), ("/", build_public(service))]
    for path, page in pages:  # "/" last: it matches every path
        # no Gradio footer (its labels are English); the API documentation is at /docs
        app = gr.mount_gradio_app(app, _queued(page, settings), path=path, footer_links=[], **style)
    return app


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
        self.ready_lines: list[str] = []  # said once the server accepts connections

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start as uvicorn does, then say where the pages are."""
        await super().startup(sockets)
        for line in self.ready_lines if self.started else []:
            say(line)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Set the mounted Gradio apps' stop events (on the server's loop), then shut down as usual."""
        for route in self.app.routes:
            stop = getattr(getattr(route, "app", None), "stop_event", None)
            if isinstance(stop, asyncio.Event):
                stop.set()
        await super().shutdown(sockets)


def serve(settings: Settings, host: str | None = None, port: int | None = None, started: float | None = None) -> None:
    """Run the pages and the API with uvicorn (127.0.0.1:7860 by default), saying what it does and where to go.

    `started`: the `time.perf_counter()` the command began at, so the times said include the imports.
    """
    # force: the CLI has configured logging at WARNING already; the server logs access lines at INFO.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    started = time.perf_counter() if started is None else started
    say("▶ 读取政策文件、搭建页面……")
    bot = Assistant.warming(settings, progress=True)
    say(f"  已读取 {len(bot.kb.documents)} 个文件、{len(bot.kb.clauses)} 条条款；检索索引在后台载入（首次需建立索引）……")
    announce_ready(bot, started)
    app = create_app(settings, bot)
    host, port = host or settings.host, port or settings.port
    base = f"http://{host}:{port}"
    server = WebServer(app, host=host, port=port)
    server.ready_lines = [
        f"✔ 页面已就绪（{time.perf_counter() - started:.1f} 秒）：{base}/",
        f"  热线坐席 {base}/desk" + ("（需要坐席口令）" if settings.desk_protected else ""),
        f"  维护后台 {base}/admin" + ("" if settings.admin_token else "（未设置 ASSISTANT_ADMIN_TOKEN：已停用）"),
        f"  接口文档 {base}/docs · 按 Ctrl+C 停止",
    ]
    server.run()


def say(line: str) -> None:
    """One line of startup progress for the person who typed `make run` (stdout, at once)."""
    print(line, flush=True)


def announce_ready(bot: Assistant, started: float) -> threading.Thread:
    """Say when the search indexes have loaded (or failed to), from a daemon thread."""

    def wait() -> None:
        while bot.state == "starting":
            time.sleep(0.2)
        done = "✔ 检索索引已就绪" if bot.state == "ok" else "✘ 检索索引载入失败（详见日志），问答暂不可用"
        say(f"{done}（{time.perf_counter() - started:.1f} 秒）")

    thread = threading.Thread(target=wait, name="announce-ready", daemon=True)
    thread.start()
    return thread
