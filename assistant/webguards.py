"""The HTTP edge of the API: oversized bodies, undeclared methods and validation errors, in Chinese.

Everything here answers before the assistant is asked anything, and never echoes the input
back: a NaN or a lone surrogate in a 422 body could not be written as JSON.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.errors import AssistantError

log = logging.getLogger("assistant.web")
API_PREFIXES = ("/api/", "/healthz")

FIELDS = {"question": "问题", "history": "对话历史", "content": "内容", "role": "角色", "q": "关键词", "k": "结果数"}
# FastAPI's validation error types → a sentence after the field's name; {…} from the error's context.
MESSAGES = {
    "missing": "缺少必填项",
    "string_type": "应为文本",
    "string_unicode": "含有无法识别的字符，请检查输入",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "不能为空或只含空白",
    "too_long": "太多了，最多{max_length}项",
    "list_type": "应为列表",
    "literal_error": "取值应为 {expected}",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "extra_forbidden": "不是可用的字段",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "greater_than_equal": "不能小于{ge}",
    "less_than_equal": "不能大于{le}",
}


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI's error list in its own shape ({loc, msg, type}), each message a Chinese sentence.

    `input` and `ctx` are left out: they may hold what made the request invalid (NaN, surrogates).
    """
    out = []
    for error in errors:
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
        out.append({"loc": loc, "msg": message(error), "type": str(error.get("type", "value_error"))})
    return out


def message(error: Mapping[str, Any]) -> str:
    """One validation error as a sentence a user can act on."""
    kind = error.get("type", "")
    names = [FIELDS[p] for p in error.get("loc", ()) if isinstance(p, str) and p in FIELDS]
    field = names[-1] if names else "请求"
    context = error.get("ctx") or {}
    if kind in ("string_too_short", "string_pattern_mismatch") and field == "问题":
        return "请输入您的问题。"
    if kind == "string_too_long":
        size = len(error["input"]) if isinstance(error.get("input"), str) else 0
        limit = context.get("max_length", 0)
        return f"{field}太长了（{size}字），请精简到{limit}字以内。"
    template = MESSAGES.get(kind)
    if template is None:  # our own errors carry a Chinese message already
        msg = str(error.get("msg", ""))
        return f"{field}{msg}。" if msg and not msg.isascii() else f"{field}格式有误，请检查。"
    try:
        return f"{field}{template.format(**{k: str(v).replace(' or ', ' 或 ') for k, v in context.items()})}。"
    except (KeyError, IndexError):
        return f"{field}格式有误，请检查。"


def too_large(limit: int) -> str:
    """The sentence for a request body over `limit` bytes (FastAPI's max_body_size answers 413)."""
    return f"请求内容过大（超过{limit // 1024}KB），请精简问题或对话历史。"


class ApiGuard:
    """Before the API routes: 413 for a declared body over the limit, 405 for an undeclared method.

    A body sent without its length is counted by FastAPI's `max_body_size` on the routes. An
    API path asked with a method it does not declare gets 405 with an Allow header; without
    this guard it would fall through to the page mounted at "/", which answers 404.
    """

    def __init__(
        self, app: ASGIApp, routes: list[BaseRoute], max_body_bytes: int, larger: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.routes = routes  # read per request: the page is mounted after the guard is added
        self.max_body_bytes = max_body_bytes
        self.larger = dict(larger or {})  # paths that take larger bodies (a document upload), with their limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIXES):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        limit = self.larger.get(scope["path"], self.max_body_bytes)
        if declared.isdigit() and int(declared) > limit:
            await _send_json(send, 413, {"detail": too_large(limit)})
            return
        allowed = self.allowed_methods(scope)
        if allowed:
            headers = [(b"allow", ", ".join(sorted(allowed)).encode())]
            await _send_json(send, 405, {"detail": "该地址不支持此请求方法。"}, headers)
            return
        await self.app(scope, receive, send)

    def allowed_methods(self, scope: Scope) -> set[str]:
        """The methods of the routes whose path matches but whose method does not; empty if one matches fully."""
        allowed: set[str] = set()
        for route in self.routes:
            if not isinstance(route, Route):  # the page mounted at "/" matches every path
                continue
            match, _ = route.matches(scope)
            if match == Match.FULL:
                return set()
            if match == Match.PARTIAL:
                allowed |= set(route.methods or ())
        return allowed


async def _send_json(send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]] | None = None) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    start = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()), *(headers or [])]
    await send({"type": "http.response.start", "status": status, "headers": start})
    await send({"type": "http.response.body", "body": data})


FRIENDLY_ERROR = "系统暂时无法回答，请稍后再试或拨打12345。"


def friendly(error: Exception) -> str:
    """The one sentence a user sees; unexpected errors are logged with their traceback."""
    if isinstance(error, AssistantError):
        return str(error)
    log.exception("unexpected error in the web app", exc_info=error)
    return FRIENDLY_ERROR


def client_of(request: object) -> str:
    """The client's address of a Starlette or Gradio request (uvicorn takes it from X-Forwarded-For behind a trusted proxy)."""
    client = getattr(request, "client", None)
    return str(getattr(client, "host", "") or "")
