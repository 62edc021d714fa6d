"""What an operator sees: one structured access line a request (no question text unless configured)
and Prometheus metrics at /metrics: latency and status per route, answers by reason, component health.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from localhost import free_port, stop

from assistant.assistant import Assistant
from assistant.settings import Settings
from assistant.web import create_app

CAREGIVER = "昆明私立养老院的护工有没有补贴"
DECLINED = "北京的养老补贴"


@pytest.fixture(scope="module")
def bot(settings: Settings) -> Assistant:
    return Assistant.from_settings(settings.model_copy(update={"reload_interval": 0, "vector_enabled": False}))


@pytest.fixture(scope="module")
def api(bot: Assistant) -> Iterator[TestClient]:
    with TestClient(create_app(bot.settings, bot), raise_server_exceptions=False) as client:
        yield client


def metric(text: str, name: str, **labels: str) -> float | None:
    """The value of one series in Prometheus text format, None when absent."""
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            series, value = line.rsplit(" ", 1)
            if all(f'{k}="{v}"' in series for k, v in labels.items()):
                return float(value)
    return None


def test_metrics_expose_latency_errors_reasons_and_health(api: TestClient) -> None:
    reasons = [api.post("/api/ask", json={"question": q}).json()["reason"] for q in (CAREGIVER, CAREGIVER, DECLINED)]
    assert reasons[0] == "answered" and reasons[2] != "answered"
    assert api.post("/api/ask", json={"question": ""}).status_code == 422
    text = api.get("/metrics").text
    assert metric(text, "assistant_answers_total", reason="answered") == 2
    assert metric(text, "assistant_answers_total", reason=reasons[2]) == 1
    assert metric(text, "http_requests_total", handler="/api/ask", method="POST", status="2xx") == 3
    assert metric(text, "http_requests_total", handler="/api/ask", method="POST", status="4xx") == 1  # errors
    assert metric(text, "http_request_duration_seconds_count", handler="/api/ask", method="POST") == 4  # latency
    assert metric(text, "http_request_duration_seconds_bucket", handler="/api/ask", le="+Inf") == 4
    assert metric(text, "assistant_component_up", component="lexical") == 1
    assert metric(text, "assistant_component_up", component="feedback") == 1
    assert metric(text, "assistant_component_up", component="vector") is None  # off: no series
    assert "/metrics" not in api.get("/openapi.json").json()["paths"]


def test_refusals_and_wrong_tokens_are_counted(bot: Assistant) -> None:
    limited = bot.settings.model_copy(update={"rate_search_per_minute": 1, "admin_token": "t0ken"})
    with TestClient(create_app(limited, bot), raise_server_exceptions=False) as api:
        assert [api.get("/api/search", params={"q": "护理"}).status_code for _ in range(2)] == [200, 429]
        api.get("/api/gaps", headers={"Authorization": "Bearer nope"})
        text = api.get("/metrics").text
    assert metric(text, "assistant_rate_limited_total", bucket="search") == 1
    assert metric(text, "assistant_admin_token_failures_total") == 1


def test_access_lines_are_structured_and_hold_no_question(api: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api.post("/api/ask", json={"question": CAREGIVER})
    api.get("/api/search", params={"q": "护理补助"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "assistant.access"]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [("POST", "/api/ask", 200), ("GET", "/api/search", 200)]
    assert all(set(x) == {"method", "path", "status", "duration_ms", "client"} and x["duration_ms"] > 0 for x in lines)
    assert not [r for r in caplog.records if CAREGIVER in r.getMessage() or "护理补助" in r.getMessage()]


def test_questions_are_logged_only_when_configured(bot: Assistant, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with TestClient(create_app(bot.settings.model_copy(update={"log_questions": True}), bot)) as api:
        api.post("/api/ask", json={"question": CAREGIVER})
    [line] = [r.getMessage() for r in caplog.records if CAREGIVER in r.getMessage()]
    assert json.loads(line.removeprefix("question: ")) == {"question": CAREGIVER, "reason": "answered"}


@pytest.mark.server
def test_serve_writes_access_lines_without_the_query_string(tmp_path: Path, seed_data: Callable[[Path], Path]) -> None:
    """`python -m assistant serve`: uvicorn's own access log (which prints ?q=…) is off, ours is on."""
    seed_data(tmp_path)  # the search index is loaded, not built: the server answers sooner
    port = free_port()
    env = os.environ | {
        "ASSISTANT_DATA_DIR": str(tmp_path),
        "ASSISTANT_VECTOR_ENABLED": "false",
        "ASSISTANT_RELOAD_INTERVAL": "0",
    }
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=out,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")[-2000:]
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        assert httpx.get(url + "/api/search", params={"q": "护理补助"}, timeout=20).status_code == 200
        assert httpx.get(url + "/metrics", timeout=20).status_code == 200
    finally:
        stop(process)
    text = log.read_text(errors="replace")
    lines = [json.loads(line.split("assistant.access: ", 1)[1]) for line in text.splitlines() if "assistant.access: " in line]
    assert {"method": "GET", "path": "/api/search", "status": 200} in [
        {k: x[k] for k in ("method", "path", "status")} for x in lines
    ]
    assert "护理补助" not in text and "%E6%8A%A4" not in text
