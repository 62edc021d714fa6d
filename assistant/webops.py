"""Operating the public web app: per-client rate limits, the admin-token lockout, no uploads,
structured access logs and Prometheus metrics.

Everything here is in-process (one server process: the state is a dict per app) and answers in
Chinese where a user sees it. A client is its IP address as uvicorn reports it (uvicorn takes it
from X-Forwarded-For when the connection comes from a trusted proxy, 127.0.0.1 by default).
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.errors import AssistantError

log = logging.getLogger(__name__)
access_log = logging.getLogger("assistant.access")

NO_UPLOADS = "本服务不接受上传文件。"
# /gradio_api/upload and /gradio_api/upload_progress, of the page at "/" and of the pages mounted beside it
UPLOAD_PATHS = re.compile(r"^(?:/+[^/]+)?/+gradio_api/+upload")


class TooManyRequests(AssistantError):
    """A client asked more often than its limit allows, or is locked out; answered 429 with Retry-After."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = max(1, math.ceil(retry_after))


def too_many(retry_after: float) -> TooManyRequests:
    """The rate-limit error with its Chinese sentence."""
    seconds = max(1, math.ceil(retry_after))
    return TooManyRequests(f"请求过于频繁，请{seconds}秒后再试。", seconds)


class RateLimiter:
    """Token buckets per (bucket, client): `per_minute` requests a minute, up to `per_minute` at once.

    A bucket with a limit of 0 (or none) is not limited. Idle clients are forgotten once more than
    `max_clients` are tracked, so the table stays bounded whoever sends requests.
    """

    def __init__(self, limits: Mapping[str, int], clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000) -> None:
        self.limits = {bucket: n for bucket, n in limits.items() if n > 0}
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}  # (bucket, client) → (tokens, last refill)
        self._lock = threading.Lock()

    def wait(self, bucket: str, client: str) -> float:
        """Take one request from the client's bucket: 0.0 when allowed, else the seconds until one is."""
        limit = self.limits.get(bucket)
        if not limit:
            return 0.0
        rate, now = limit / 60.0, self.clock()
        with self._lock:
            tokens, last = self._buckets.get((bucket, client), (float(limit), now))
            tokens = min(float(limit), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[(bucket, client)] = (tokens, now)
                return (1.0 - tokens) / rate
            self._buckets[(bucket, client)] = (tokens - 1.0, now)
            if len(self._buckets) > self.max_clients:
                self._forget_idle(now)
        return 0.0

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that have refilled completely (a full bucket is what a new client gets anyway)."""
        for key, (tokens, last) in list(self._buckets.items()):
            limit = self.limits[key[0]]
            if tokens + (now - last) * limit / 60.0 >= limit:
                del self._buckets[key]


class Lockout:
    """Failed admin-token tries per client: after `max_failures` within `minutes`, locked for `minutes`.

    Each failure is logged with the client and the count, never the token that was tried.
    """

    def __init__(self, max_failures: int, minutes: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.seconds = minutes * 60.0
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._locked: dict[str, float] = {}  # client → locked until
        self._lock = threading.Lock()

    def remaining(self, client: str) -> float:
        """Seconds the client is still locked out; 0.0 when it may try."""
        with self._lock:
            until = self._locked.get(client, 0.0)
            left = until - self.clock()
            if until and left <= 0:
                del self._locked[client]
            return max(0.0, left)

    def failed(self, client: str) -> float:
        """Count a wrong token; returns the lockout in seconds when this failure starts one, else 0.0."""
        if self.max_failures <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            recent = [t for t in self._failures.get(client, []) if now - t < self.seconds] + [now]
            self._failures[client] = recent
            log.warning("admin token rejected: client=%s failures=%d/%d", client, len(recent), self.max_failures)
            if len(recent) < self.max_failures:
                return 0.0
            del self._failures[client]
            self._locked[client] = now + self.seconds
        log.warning("admin token locked: client=%s minutes=%g", client, self.seconds / 60)
        return self.seconds

    def succeeded(self, client: str) -> None:
        """A right token clears the client's failures."""
        with self._lock:
            self._failures.pop(client, None)


def locked_out(seconds: float) -> TooManyRequests:
    """The lockout error with its Chinese sentence."""
    return TooManyRequests(f"维护口令错误次数过多，请{max(1, math.ceil(seconds / 60))}分钟后再试。", seconds)


class Metrics:
    """The app's own Prometheus metrics, in a registry of its own (several apps may run in one process)."""

    def __init__(self, components: Callable[[], Mapping[str, str]]) -> None:
        self.registry = CollectorRegistry()
        self.answers = Counter(
            "assistant_answers",
            "Answers by reason (answered, not_covered, fact_not_stated, …)",
            ["reason"],
            registry=self.registry,
        )
        self.limited = Counter("assistant_rate_limited", "Requests refused by a rate limit", ["bucket"], registry=self.registry)
        self.admin_failures = Counter("assistant_admin_token_failures", "Wrong admin tokens", registry=self.registry)
        self.registry.register(_ComponentCollector(components))


class _ComponentCollector(Collector):
    """`assistant_component_up{component}`: 1 ok, 0 down or starting; read from /healthz's view at each scrape."""

    def __init__(self, components: Callable[[], Mapping[str, str]]) -> None:
        self.components = components

    def collect(self) -> Iterable[Metric]:
        family = GaugeMetricFamily(
            "assistant_component_up", "1 when the component is ok, 0 when down or starting", labels=["component"]
        )
        for name, state in self.components().items():
            if state != "off":  # not configured: no series
                family.add_metric([name], 1.0 if state == "ok" else 0.0)
        yield family


class Edge:
    """Outermost ASGI layer: refuses uploads (403) and writes one structured access log line a request.

    The line holds method, path (never the query string: `/api/search?q=` carries the question),
    status, duration in ms and client, as JSON in the message.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status = time.perf_counter(), [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            if UPLOAD_PATHS.match(scope["path"]):
                await _send_json(sending, 403, {"detail": NO_UPLOADS})
            else:
                await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("", 0)
            line = {
                "method": scope["method"],
                "path": scope["path"],
                "status": status[0],
                "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                "client": client[0],
            }
            access_log.info(json.dumps(line, ensure_ascii=False))


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
