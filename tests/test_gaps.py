"""The gaps list stays bounded: one row per normalized question with a count, pages in the API and
the console, and a retention that deletes what was last asked longer ago than the setting allows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.assistant import Assistant
from assistant.feedback import FeedbackStore
from assistant.models import Answer
from assistant.settings import Settings
from assistant.web import create_app

TOKEN = "t0ken"
DECLINED = Answer(answer="没有找到", answered=False, citations=[], confidence=0.0, searched_query="")
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_pages_follow_the_order_of_the_list(tmp_path: Path) -> None:
    now = [datetime(2026, 11, 23, 9, 0)]
    store = FeedbackStore(tmp_path / "f.sqlite3", clock=lambda: now[0])
    for i in range(7):
        now[0] += timedelta(minutes=1)
        for _ in range(i % 3 + 1):  # counts 1, 2, 3, 1, 2, 3, 1
            store.record_question(f"问题{i}", DECLINED)
    everything = [g.question for g in store.gaps()]
    pages = [store.page(n, 3) for n in (1, 2, 3, 4)]
    assert [total for _, total in pages] == [7, 7, 7, 7]
    assert [[g.question for g in gaps] for gaps, _ in pages] == [everything[0:3], everything[3:6], everything[6:7], []]
    assert everything[:2] == ["问题5", "问题2"]  # most asked first, then newest


def test_retention_deletes_what_was_last_asked_before_it(tmp_path: Path) -> None:
    now = [datetime(2026, 1, 1, 9, 0)]
    store = FeedbackStore(tmp_path / "f.sqlite3", clock=lambda: now[0], retention_days=30)
    store.record_question("早就问过", DECLINED)
    store.record_feedback("早就点踩", "……", -1)
    store.record_question("一直在问", DECLINED)
    now[0] += timedelta(days=20)
    store.record_question("一直在问", DECLINED)  # asked again: kept, with its count
    now[0] += timedelta(days=15)  # 35 days after the first questions, 15 after the last one
    assert store.prune() == 2
    assert [(g.question, g.count) for g in store.gaps()] == [("一直在问", 2)]


def test_retention_runs_by_itself_at_most_hourly(tmp_path: Path) -> None:
    now = [datetime(2026, 1, 1, 9, 0)]
    path = tmp_path / "f.sqlite3"
    store = FeedbackStore(path, clock=lambda: now[0], retention_days=1)
    store.record_question("旧问题", DECLINED)
    now[0] += timedelta(days=2)
    store.record_question("新问题", DECLINED)  # the first write of the day prunes
    assert [g.question for g in store.gaps()] == ["新问题"]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM gaps").fetchone() == (1,)


def test_one_row_per_normalized_question(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    store = FeedbackStore(path)
    for spelling in ("北京的养老补贴", "北京的养老补贴？", "北京的 养老补贴。", "ＢＪ的养老补贴", "bj的养老补贴"):
        store.record_question(spelling, DECLINED)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM gaps").fetchone() == (2,)  # full width and case folded


@pytest.fixture(scope="module")
def api(settings: Settings, tmp_path_factory: pytest.TempPathFactory, seed_data: Callable[[Path], Path]) -> TestClient:
    data = seed_data(tmp_path_factory.mktemp("gaps-data"))
    served = settings.model_copy(update={"reload_interval": 0, "admin_token": TOKEN, "data_dir": data, "gaps_page_size": 2})
    bot = Assistant.from_settings(served.model_copy(update={"vector_enabled": False}))
    store = FeedbackStore(data / "feedback.sqlite3")
    for i in range(5):
        store.record_question(f"待补充{i}", DECLINED)
    return TestClient(create_app(served, bot), raise_server_exceptions=False)


def test_the_api_pages_the_gaps_with_the_total_in_a_header(api: TestClient) -> None:
    first = api.get("/api/gaps", headers=AUTH)
    assert first.headers["x-total-count"] == "5"
    assert len(first.json()) == 2  # the configured page size
    third = api.get("/api/gaps", params={"page": 3, "page_size": 2}, headers=AUTH).json()
    assert len(third) == 1
    everything = api.get("/api/gaps", params={"page_size": 500}, headers=AUTH).json()
    assert [g["question"] for g in everything][4:] == [g["question"] for g in third]
    assert api.get("/api/gaps", params={"page": 0}, headers=AUTH).status_code == 422
    assert api.get("/api/gaps", params={"page_size": 501}, headers=AUTH).status_code == 422
    schema = api.get("/openapi.json").json()["paths"]["/api/gaps"]["get"]
    assert {p["name"] for p in schema["parameters"]} >= {"page", "page_size"}
    assert "X-Total-Count" in schema["responses"]["200"]["headers"]
