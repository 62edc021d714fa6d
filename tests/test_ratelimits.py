"""Per-client limits at the edge: rate limits on asking, searching and feedback (API and page),
no anonymous uploads, the admin-token lockout, and the Gradio queue sized from settings.

The API runs in-process (TestClient); the per-client and page tests run a server on 127.0.0.1,
where uvicorn takes the client from X-Forwarded-For (the connection comes from 127.0.0.1, a
trusted proxy by default), so several clients can be played from one test.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"  # gradio_client otherwise asks huggingface.co about "agent harnesses"

import httpx
import huggingface_hub.constants
import pytest
from fastapi.testclient import TestClient
from gradio_client import Client
from webapp import Running, start

from assistant.assistant import Assistant
from assistant.feedback import FeedbackStore
from assistant.settings import Settings
from assistant.web import Service, build_ui, create_app
from assistant.webops import Lockout, RateLimiter

TOKEN = "t0ken"
CAREGIVER = "昆明私立养老院的护工有没有补贴"
LIMITS = {"rate_ask_per_minute": 2, "rate_search_per_minute": 3, "rate_feedback_per_minute": 2}


@pytest.fixture(scope="module")
def bot(settings: Settings) -> Assistant:
    return Assistant.from_settings(settings.model_copy(update={"reload_interval": 0, "admin_token": TOKEN}))


def app_with(bot: Assistant, **update: object) -> TestClient:
    return TestClient(create_app(bot.settings.model_copy(update=update), bot), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def served(bot: Assistant) -> Iterator[Running]:
    running = start(bot.settings.model_copy(update=LIMITS), bot)
    yield running
    running.stop()


def test_buckets_are_per_client_and_refill() -> None:
    now = [0.0]
    limiter = RateLimiter({"ask": 2, "search": 0}, clock=lambda: now[0])
    assert [limiter.wait("ask", "a") for _ in range(3)][:2] == [0.0, 0.0]
    assert limiter.wait("ask", "a") == pytest.approx(30.0)  # 2 a minute: one more in 30 s
    assert limiter.wait("ask", "b") == 0.0  # another client has its own bucket
    assert all(limiter.wait("search", "a") == 0.0 for _ in range(100))  # 0 = unlimited
    now[0] += 30.0
    assert limiter.wait("ask", "a") == 0.0


def test_the_tracked_clients_stay_bounded() -> None:
    now = [0.0]
    limiter = RateLimiter({"ask": 60}, clock=lambda: now[0], max_clients=100)
    for i in range(1000):
        now[0] += 1.0  # each client's bucket has refilled by the time the next few arrive
        limiter.wait("ask", f"10.0.{i // 256}.{i % 256}")
    assert len(limiter._buckets) <= 101


def test_api_asks_and_searches_beyond_the_limit_answer_429_in_chinese(bot: Assistant) -> None:
    with app_with(bot, **LIMITS) as api:
        assert [api.post("/api/ask", json={"question": CAREGIVER}).status_code for _ in range(2)] == [200, 200]
        refused = api.post("/api/ask", json={"question": CAREGIVER})
        assert refused.status_code == 429
        assert refused.json() == {"detail": "请求过于频繁，请30秒后再试。"}
        assert refused.headers["retry-after"] == "30"
        assert [api.get("/api/search", params={"q": "护理补助"}).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert api.get("/healthz").status_code == 200  # not limited


def test_the_schema_documents_429(bot: Assistant) -> None:
    with app_with(bot) as api:
        paths = api.get("/openapi.json").json()["paths"]
    for path, method in [("/api/ask", "post"), ("/api/search", "get"), ("/api/gaps", "get"), ("/api/admin/reload", "post")]:
        assert "429" in paths[path][method]["responses"], path


@pytest.mark.server
def test_limits_are_per_client_over_http(served: Running) -> None:
    with httpx.Client(base_url=served.url, timeout=20) as http:

        def ask(client: str) -> int:
            return http.post("/api/ask", json={"question": CAREGIVER}, headers={"X-Forwarded-For": client}).status_code

        assert [ask("203.0.113.1") for _ in range(3)] == [200, 200, 429]
        assert [ask("203.0.113.2") for _ in range(2)] == [200, 200]  # another client is not held back


@pytest.mark.server
def test_the_page_endpoints_are_limited_too(served: Running) -> None:
    huggingface_hub.constants.HF_HUB_OFFLINE = True
    client = Client(served.url + "/", verbose=False, headers={"X-Forwarded-For": "203.0.113.9"})
    for _ in range(2):
        assert client.predict(CAREGIVER, [], api_name="/ask")["answered"]
    with pytest.raises(Exception, match="请求过于频繁"):
        client.predict(CAREGIVER, [], api_name="/ask")
    for _ in range(3):
        client.predict("护理补助", 5, "", "", api_name="/search")
    with pytest.raises(Exception, match="请求过于频繁"):
        client.predict("护理补助", 5, "", "", api_name="/search")


@pytest.mark.server
def test_uploads_are_refused(served: Running) -> None:
    with httpx.Client(base_url=served.url, timeout=20) as http:
        files = {"files": ("a.txt", b"x" * 1_000_000, "text/plain")}
        for path in ("/gradio_api/upload", "/gradio_api/upload?upload_id=1", "/gradio_api//upload"):
            refused = http.post(path, files=files)
            assert refused.status_code == 403, path
            assert refused.json() == {"detail": "本服务不接受上传文件。"}
        assert http.get("/gradio_api/upload_progress", params={"upload_id": "1"}).status_code == 403


def test_wrong_tokens_lock_the_client_out_with_a_log_line_each(bot: Assistant, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "assistant.webops")
    wrong = {"Authorization": "Bearer guess-Zq9"}
    with app_with(bot, admin_max_failures=3, admin_lockout_minutes=10) as api:
        assert api.get("/api/gaps").status_code == 403  # no token: not a guess, not counted
        codes = [api.get("/api/gaps", headers=wrong).status_code for _ in range(3)]
        assert codes == [403, 403, 429]
        locked = api.get("/api/gaps", headers={"Authorization": f"Bearer {TOKEN}"})  # even the right token
        assert locked.status_code == 429
        assert locked.json() == {"detail": "维护口令错误次数过多，请10分钟后再试。"}
        assert int(locked.headers["retry-after"]) > 590
        assert api.post("/api/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 429
    lines = [r.getMessage() for r in caplog.records if r.name == "assistant.webops"]
    assert [line for line in lines if "rejected" in line] == [
        f"admin token rejected: client=testclient failures={n}/3" for n in (1, 2, 3)
    ]
    assert any("locked" in line for line in lines)
    assert not any("guess-Zq9" in r.getMessage() or TOKEN in r.getMessage() for r in caplog.records)


def test_a_lockout_ends_and_a_right_token_clears_the_count() -> None:
    now = [0.0]
    lockout = Lockout(max_failures=3, minutes=1, clock=lambda: now[0])
    assert [lockout.failed("a"), lockout.failed("a")] == [0.0, 0.0]
    lockout.succeeded("a")
    assert lockout.failed("a") == 0.0  # counting starts again
    assert lockout.failed("a") == 0.0 and lockout.failed("a") == 60.0
    assert lockout.remaining("a") == 60.0 and lockout.remaining("b") == 0.0
    now[0] += 61
    assert lockout.remaining("a") == 0.0


def test_the_queue_is_sized_from_settings(bot: Assistant, tmp_path: Path) -> None:
    sized = bot.settings.model_copy(update={"queue_concurrency": 3, "queue_max_size": 7})
    queue = build_ui(Service(sized, bot, FeedbackStore(tmp_path / "f.sqlite3")))._queue
    assert (queue.max_size, queue.default_concurrency_limit) == (7, 3)
