"""Faults beside the answering path: the feedback store or the vector store fails, the service answers.

Feedback store: corrupt, truncated, a directory in its place, a read-only or a full disk. The
app starts, answers, drops feedback with one log line and /healthz says "degraded". Vector
store: Chroma unreachable at start, killed mid-run, or a corrupt embedded store. Answers come
from the keyword search with a notice, nothing internal reaches the user, and the store is
reconnected in the background. Servers run on 127.0.0.1; the API in-process (TestClient).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from localhost import chroma_run, free_port, stop

from assistant.assistant import Assistant
from assistant.feedback import UNAVAILABLE, FeedbackStore
from assistant.models import Answer
from assistant.retrieval.vector import VectorRetriever
from assistant.settings import Settings
from assistant.web import Service, create_app

TOKEN = "t0ken"
CAREGIVER = "昆明私立养老院的护工有没有补贴"
CAREGIVER_CLAUSE = "km-2022-plan:三.八.19"
DECLINED = "北京的养老补贴"
DECLINED_ANSWER = Answer(answer="没有找到", answered=False, citations=[], confidence=0.0, searched_query="")


@pytest.fixture(scope="module")
def bot(settings: Settings) -> Assistant:
    return Assistant.from_settings(settings.model_copy(update={"reload_interval": 0}))


def warnings_from(caplog: pytest.LogCaptureFixture, logger: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger and r.levelno >= logging.WARNING]


def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.1)


@contextlib.contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A small tmpfs mounted at `path` (root only); the test is skipped where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


# -- the feedback store ------------------------------------------------------------------------
def corrupt(data_dir: Path) -> None:
    (data_dir / "feedback.sqlite3").write_bytes(b"not a database " * 300)


def truncated(data_dir: Path) -> None:
    store = FeedbackStore(data_dir / "feedback.sqlite3")
    for i in range(300):
        store.record_question(f"第{i}个没有答案的问题" * 10, DECLINED_ANSWER)
    with (data_dir / "feedback.sqlite3").open("r+b") as f:
        f.truncate(8192)


def directory(data_dir: Path) -> None:
    (data_dir / "feedback.sqlite3").mkdir(parents=True)


def check_feedback_dropped(bot: Assistant, data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The app starts on the broken store, answers, drops gaps with one log line, reports it down."""
    caplog.set_level(logging.WARNING)
    settings = bot.settings.model_copy(update={"data_dir": data_dir, "admin_token": TOKEN})
    with TestClient(create_app(settings, bot)) as api:
        answer = api.post("/api/ask", json={"question": CAREGIVER}).json()
        assert answer["citations"][0]["clause_id"] == CAREGIVER_CLAUSE
        for _ in range(3):
            declined = api.post("/api/ask", json={"question": DECLINED})
            assert declined.status_code == 200 and declined.json()["answered"] is False
        health = api.get("/healthz").json()
        assert (health["status"], health["components"]["feedback"], health["components"]["lexical"]) == ("degraded", "down", "ok")
        gaps = api.get("/api/gaps", headers={"Authorization": f"Bearer {TOKEN}"})
        assert (gaps.status_code, gaps.json()) == (503, {"detail": UNAVAILABLE})
    assert len(warnings_from(caplog, "assistant.feedback")) == 1


@pytest.mark.parametrize("damage", [corrupt, truncated, directory])
def test_a_broken_feedback_store_drops_feedback_and_keeps_answering(
    bot: Assistant, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: Callable[[Path], None]
) -> None:
    damage(tmp_path)
    check_feedback_dropped(bot, tmp_path, caplog)


def test_a_read_only_data_directory_drops_feedback_and_keeps_answering(
    bot: Assistant, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if os.geteuid() != 0:  # permissions bind everyone but root
        tmp_path.chmod(0o555)
        try:
            check_feedback_dropped(bot, tmp_path, caplog)
        finally:
            tmp_path.chmod(0o755)
        return
    with tmpfs(tmp_path / "ro", "ro,size=64k") as read_only:
        check_feedback_dropped(bot, read_only, caplog)


def test_a_full_disk_drops_gaps_until_space_is_freed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with tmpfs(tmp_path / "disk", "size=256k") as disk:
        store = FeedbackStore(disk / "feedback.sqlite3")
        assert store.record_question(DECLINED, DECLINED_ANSWER) and store.healthy
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb", buffering=0) as f:
            while True:
                f.write(b"\0" * 4096)
        assert os.statvfs(disk).f_bavail == 0
        for i in range(3):
            assert not store.record_question(f"磁盘满时的问题{i}" * 20, DECLINED_ANSWER)
        assert not store.healthy and store.dropped == 3
        filler.unlink()
        assert store.record_question(DECLINED + "？", DECLINED_ANSWER) and store.healthy  # back by itself
        assert [(g.question, g.count) for g in store.gaps()] == [(DECLINED + "？", 2)]
    down, up = warnings_from(caplog, "assistant.feedback")
    assert "unavailable" in down and "available again; 3 writes were dropped" in up


def test_gaps_are_stored_once_per_question_with_a_count(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path)
    for spelling in ("北京的养老补贴", "北京的养老补贴？", "北京的 养老补贴!"):
        store.record_question(spelling, DECLINED_ANSWER)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT norm, count FROM gaps").fetchall() == [("北京的养老补贴", 3)]


def test_gaps_kept_one_row_per_asking_are_folded_into_counts(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    with sqlite3.connect(path) as db:  # the layout of earlier versions
        db.execute(
            "CREATE TABLE questions (id INTEGER PRIMARY KEY, question TEXT, norm TEXT, reason TEXT, confidence REAL, asked_at TEXT)"
        )
        rows = [(DECLINED, "北京的养老补贴", "declined", 0.0, f"2026-11-2{d} 09:00:00") for d in range(3)]
        db.executemany("INSERT INTO questions (question, norm, reason, confidence, asked_at) VALUES (?, ?, ?, ?, ?)", rows)
    store = FeedbackStore(path)
    assert [g.row()[:4] for g in store.gaps()] == [[DECLINED, "未能回答", 3, "2026-11-22 09:00:00"]]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'questions'").fetchall() == []


# -- the vector store --------------------------------------------------------------------------
def check_lexical_answer(service: Service, hidden: list[str]) -> None:
    """Answered from the keyword search, with the notice, naming no host, port or path."""
    answer = service.ask(CAREGIVER)
    assert answer.citations[0].clause_id == CAREGIVER_CLAUSE and "50至150元" in answer.answer
    assert VectorRetriever.NOTICE in answer.notices
    text = answer.model_dump_json()
    assert not [h for h in hidden if h in text]


@pytest.mark.server
def test_chroma_unreachable_at_start_answers_lexically_then_reconnects(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture, seed_data: Callable[[Path], Path]
) -> None:
    caplog.set_level(logging.WARNING)
    port = free_port()  # nothing listens there yet
    update = {
        "chroma_host": "127.0.0.1",
        "chroma_port": port,
        "data_dir": seed_data(tmp_path / "app"),
        "vector_retry_interval": 0.3,
    }
    local = settings.model_copy(update=update | {"reload_interval": 0})
    bot = Assistant.from_settings(local)  # starts all the same
    vector = bot.retriever.vector
    assert vector is not None and not vector.healthy
    with TestClient(create_app(local, bot)) as api:
        health = api.get("/healthz").json()
        assert (health["status"], health["components"]["vector"], health["components"]["lexical"]) == ("degraded", "down", "ok")
        service = Service(local, bot, FeedbackStore(tmp_path / "f.sqlite3"))
        check_lexical_answer(service, ["127.0.0.1", str(port), str(tmp_path)])
        process = chroma_run(tmp_path, port)
        try:
            wait_until(lambda: vector.healthy, 30)  # reconnected, and the index built on the server
            assert bot.search("民办养老机构护理员护理补助", k=5).hits[0].signals.get("vector", 0) > 0
            assert VectorRetriever.NOTICE not in service.ask(CAREGIVER).notices
            assert api.get("/healthz").json()["status"] == "ok"
        finally:
            stop(process)
    assert len(warnings_from(caplog, "assistant.retrieval.vector")) == 2  # unavailable, available again


@pytest.mark.server
def test_chroma_killed_mid_run_answers_lexically_then_recovers(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture, seed_data: Callable[[Path], Path]
) -> None:
    caplog.set_level(logging.WARNING)
    port = free_port()
    process = chroma_run(tmp_path, port)
    update = {
        "chroma_host": "127.0.0.1",
        "chroma_port": port,
        "data_dir": seed_data(tmp_path / "app"),
        "vector_retry_interval": 0.3,
    }
    local = settings.model_copy(update=update | {"reload_interval": 0})
    try:
        bot = Assistant.from_settings(local)
        vector = bot.retriever.vector
        assert vector is not None and vector.healthy
    finally:
        stop(process)  # killed mid-run
    service = Service(local, bot, FeedbackStore(tmp_path / "f.sqlite3"))
    for _ in range(3):
        check_lexical_answer(service, ["127.0.0.1", str(port), str(tmp_path)])
    assert not vector.healthy
    assert len(warnings_from(caplog, "assistant.retrieval.vector")) == 1  # one line for the outage
    process = chroma_run(tmp_path, port)  # the same store comes back
    try:
        wait_until(lambda: vector.healthy, 30)
        assert bot.search("民办养老机构护理员护理补助", k=5).hits[0].signals.get("vector", 0) > 0
    finally:
        stop(process)


def test_a_corrupt_embedded_store_answers_lexically(
    settings: Settings, tmp_path: Path, seed_data: Callable[[Path], Path]
) -> None:
    seed_data(tmp_path)
    (tmp_path / "chroma").mkdir()
    (tmp_path / "chroma" / "chroma.sqlite3").write_bytes(b"\x00garbage header" * 512)
    local = settings.model_copy(update={"data_dir": tmp_path, "vector_retry_interval": 3600.0, "reload_interval": 0})
    bot = Assistant.from_settings(local, build_index=False)  # moved aside, not rebuilt: see test_index_repair.py
    vector = bot.retriever.vector
    assert vector is not None and not vector.healthy
    check_lexical_answer(Service(local, bot, FeedbackStore(tmp_path / "f.sqlite3")), [str(tmp_path), "chroma.sqlite3"])


def test_a_search_error_is_caught_logged_once_and_reported(
    bot: Assistant, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.WARNING)
    vector = bot.retriever.vector
    assert vector is not None

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ECONNREFUSED, "connection refused to /secret/path")

    monkeypatch.setattr(vector.store, "query", refuse)
    monkeypatch.setattr(vector, "_open", refuse)
    monkeypatch.setattr(vector, "_reconnect", lambda: None)  # no background thread for this test
    try:
        for _ in range(2):
            check_lexical_answer(Service(bot.settings, bot, FeedbackStore(tmp_path / "f.sqlite3")), ["/secret/path"])
        assert not vector.healthy
        assert len(warnings_from(caplog, "assistant.retrieval.vector")) == 1
    finally:
        vector.healthy, vector._reconnecting = True, False
