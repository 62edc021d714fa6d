"""Questions the knowledge base could not answer well, and users' 👍/👎, kept in SQLite.

Only what maintainers need is stored: declined and low-confidence questions, once per
normalized question with a count, and the feedback users chose to give. `gaps()` lists them
most asked first (`page()` a page of them); marking a question resolved hides it until it is
asked again. With a retention, what was last asked (or rated) longer ago is deleted.

The store never takes answering down: when its file is corrupt, truncated, a directory, on a
read-only or full disk, writes are dropped with one log line, `healthy` turns False (shown by
/healthz) and every write tries again, so the store comes back by itself once it is repaired.
"""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from assistant.errors import StoreUnavailable
from assistant.models import Answer
from assistant.text import normalize

log = logging.getLogger(__name__)
T = TypeVar("T")

LOW_CONFIDENCE = 0.5
REASONS = {"declined": "未能回答", "low_confidence": "依据不足", "thumbs_down": "用户点踩"}
UNAVAILABLE = "待补充问题库暂不可用，回答不受影响；请检查数据目录。"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS gaps (
    norm TEXT NOT NULL, reason TEXT NOT NULL, question TEXT NOT NULL, count INTEGER NOT NULL,
    confidence REAL NOT NULL, first_asked TEXT NOT NULL, last_asked TEXT NOT NULL,
    PRIMARY KEY (norm, reason));
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, question TEXT NOT NULL, norm TEXT NOT NULL, answer TEXT NOT NULL,
    rating INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resolved (norm TEXT PRIMARY KEY, resolved_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS feedback_norm ON feedback (norm);
"""
# Added later: what was answered (its first line) and the clauses it cited, for the console.
_NEW_COLUMNS = {"answer": "TEXT NOT NULL DEFAULT ''", "clauses": "TEXT NOT NULL DEFAULT ''"}

# Earlier versions kept one row per time a question was asked: fold them into counted rows.
_FOLD_OLD_ROWS = """
INSERT INTO gaps (norm, reason, question, count, confidence, first_asked, last_asked)
SELECT q.norm, q.reason, MAX(q.question), COUNT(*), MIN(q.confidence), MIN(q.asked_at), MAX(q.asked_at)
FROM questions q LEFT JOIN resolved r ON r.norm = q.norm
WHERE r.resolved_at IS NULL OR q.asked_at > r.resolved_at
GROUP BY q.norm, q.reason
ON CONFLICT (norm, reason) DO NOTHING;
DROP TABLE questions;
"""

_RECORD = """
INSERT INTO gaps (norm, reason, question, count, confidence, first_asked, last_asked, answer, clauses)
VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)
ON CONFLICT (norm, reason) DO UPDATE SET
    count = count + 1, question = excluded.question, confidence = excluded.confidence, last_asked = excluded.last_asked,
    answer = excluded.answer, clauses = excluded.clauses
"""

# Gap rows and 👎 (one row each), without what was resolved since.
_GAPS = """
WITH events AS (
    SELECT norm, question, reason, last_asked AS at, count, '' AS comment, answer, clauses FROM gaps
    UNION ALL
    SELECT norm, question, 'thumbs_down', created_at, 1, comment, answer, '' FROM feedback WHERE rating < 0
)
SELECT e.norm, e.question, e.reason, e.at, e.count, e.comment, e.answer, e.clauses
FROM events e LEFT JOIN resolved r ON r.norm = e.norm
WHERE r.resolved_at IS NULL OR e.at > r.resolved_at
ORDER BY e.at
"""


@dataclass
class Gap:
    """A question that needs attention, with how often and when it was last asked."""

    question: str
    count: int
    last_asked: str
    reasons: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    answer: str = ""  # what was answered last (its first line, or the rated answer)
    clauses: list[str] = field(default_factory=list)  # ids of the clauses that answer cited

    def row(self) -> list[str | int]:
        """The row shown in the table and written to CSV."""
        reasons = "、".join(REASONS.get(r, r) for r in self.reasons)
        return [self.question, reasons, self.count, self.last_asked, "；".join(self.comments)]


GAP_HEADERS = ["问题", "原因", "次数", "最近提问", "用户意见"]


class FeedbackStore:
    """SQLite file with gap questions and feedback; safe to share between threads."""

    def __init__(self, path: Path, clock: Callable[[], datetime] | None = None, retention_days: int = 0) -> None:
        self.path = path
        self.clock = clock or datetime.now
        self.retention_days = retention_days  # 0 = keep everything
        self._pruned_at: datetime | None = None
        self.healthy = False
        self.dropped = 0  # writes lost while the store was unavailable
        self._reported = False  # the one log line for the current outage is written
        self._lock = threading.Lock()
        self._write(lambda db: None, count=False)  # creates the schema, or reports the store unavailable

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per call: cheap for SQLite, and no sharing across threads.
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            yield db

    def _open(self, db: sqlite3.Connection) -> None:
        db.executescript(_SCHEMA)
        present = {row[1] for row in db.execute("PRAGMA table_info(gaps)")}
        for name, kind in _NEW_COLUMNS.items():
            if name not in present:
                db.execute(f"ALTER TABLE gaps ADD COLUMN {name} {kind}")
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'questions'").fetchone():
            db.executescript(_FOLD_OLD_ROWS)

    def _write(self, action: Callable[[sqlite3.Connection], T], fallback: T = None, count: bool = True) -> T:  # type: ignore[assignment]
        """Run a write; while the store is unavailable, drop it (one log line an outage) and return `fallback`."""
        try:
            if not self.healthy:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                if not self.healthy:
                    self._open(db)
                result = action(db)
        except (sqlite3.Error, OSError) as e:
            with self._lock:
                self.healthy = False
                self.dropped += count
                if not self._reported:
                    log.warning(
                        "feedback store %s unavailable; feedback and gaps are dropped until it is repaired: %s", self.path, e
                    )
                    self._reported = True
            return fallback
        with self._lock:
            if self._reported:
                log.warning("feedback store %s available again; %d writes were dropped", self.path, self.dropped)
                self._reported = False
            self.healthy = True
        return result

    def _read(self, query: str, args: tuple = ()) -> list[tuple]:
        """Rows of a query; StoreUnavailable when the store cannot be read."""
        try:
            with self._connect() as db:
                if not self.healthy:
                    self._open(db)
                return db.execute(query, args).fetchall()
        except (sqlite3.Error, OSError) as e:
            raise StoreUnavailable(UNAVAILABLE) from e

    def _now(self) -> str:
        return self.clock().isoformat(sep=" ", timespec="seconds")

    def record_question(self, question: str, answer: Answer) -> bool:
        """Count the question if it was declined or weakly supported; True when it was kept."""
        if answer.answered and answer.confidence >= LOW_CONFIDENCE:
            return False
        reason = "declined" if not answer.answered else "low_confidence"
        now = self._now()
        said = answer.lead or answer.answer[:200]
        cited = " ".join(c.clause_id for c in answer.citations)
        row = (_norm(question), reason, question.strip(), answer.confidence, now, now, said, cited)
        self._prune_hourly()
        return self._write(lambda db: db.execute(_RECORD, row) is not None, False)

    def prune(self) -> int:
        """Delete gaps, ratings and resolutions older than the retention; returns how many rows went."""
        if self.retention_days <= 0:
            return 0
        cutoff = (self.clock() - timedelta(days=self.retention_days)).isoformat(sep=" ", timespec="seconds")

        def prune(db: sqlite3.Connection) -> int:
            gone = db.execute("DELETE FROM gaps WHERE last_asked < ?", (cutoff,)).rowcount
            gone += db.execute("DELETE FROM feedback WHERE created_at < ?", (cutoff,)).rowcount
            return gone + db.execute("DELETE FROM resolved WHERE resolved_at < ?", (cutoff,)).rowcount

        return self._write(prune, 0, count=False)

    def _prune_hourly(self) -> None:
        """Prune at the first write and then at most once an hour: the cost stays off the answering path."""
        now = self.clock()
        if self.retention_days > 0 and (self._pruned_at is None or now - self._pruned_at >= timedelta(hours=1)):
            self._pruned_at = now
            self.prune()

    def record_feedback(self, question: str, answer: str, rating: int, comment: str = "") -> int:
        """Store a 👍 (rating > 0) or 👎 (rating < 0); returns the feedback id (0 when dropped)."""
        row = (question.strip(), _norm(question), answer, 1 if rating > 0 else -1, comment.strip(), self._now())
        self._prune_hourly()
        sql = "INSERT INTO feedback (question, norm, answer, rating, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)"
        return self._write(lambda db: int(db.execute(sql, row).lastrowid or 0), 0)

    def add_comment(self, feedback_id: int, comment: str) -> None:
        """Attach the optional comment a user wrote after rating."""
        self._write(lambda db: db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment.strip(), feedback_id)))

    def resolve(self, question: str) -> None:
        """Hide a question from the gaps list until someone asks it again (its count starts again)."""
        norm, now = _norm(question), self._now()

        def resolve(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM gaps WHERE norm = ?", (norm,))
            db.execute(
                "INSERT INTO resolved (norm, resolved_at) VALUES (?, ?) ON CONFLICT (norm) DO UPDATE SET resolved_at = excluded.resolved_at",
                (norm, now),
            )

        self._write(resolve)

    def gaps(self) -> list[Gap]:
        """Open gaps grouped by question, most asked first, then most recent; StoreUnavailable if unreadable."""
        grouped: dict[str, Gap] = {}
        for norm, question, reason, at, count, comment, answer, clauses in self._read(_GAPS):
            gap = grouped.setdefault(norm, Gap(question=question, count=0, last_asked=at))
            gap.count += count
            if at >= gap.last_asked or not gap.answer:  # the latest answer given, with its clauses
                gap.answer, gap.clauses = answer or gap.answer, clauses.split() or gap.clauses
            gap.question, gap.last_asked = question, max(gap.last_asked, at)
            if reason not in gap.reasons:
                gap.reasons.append(reason)
            if comment and comment not in gap.comments:
                gap.comments.append(comment)
        newest_first = sorted(grouped.values(), key=lambda g: g.last_asked, reverse=True)
        return sorted(newest_first, key=lambda g: -g.count)  # stable: ties stay newest first

    def page(self, number: int, size: int) -> tuple[list[Gap], int]:
        """Page `number` (from 1) of `size` gaps in the order of `gaps()`, and how many there are in all."""
        gaps = self.gaps()  # a row per normalized question, bounded by the retention: grouped in Python
        start = (max(1, number) - 1) * size
        return gaps[start : start + size], len(gaps)

    def export_csv(self) -> str:
        """The gaps list as CSV text (UTF-8 with BOM when written, so spreadsheet programs read it)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(GAP_HEADERS)
        writer.writerows([_cell(v) for v in g.row()] for g in self.gaps())
        return out.getvalue()


def _cell(value: object) -> object:
    """Defuse spreadsheet formulas (CSV injection): a text cell starting with = + - @ gets a leading '."""
    return f"'{value}" if isinstance(value, str) and value[:1] in "=+-@" else value


def _norm(question: str) -> str:
    """Group spellings of the same question: width, case, spaces and end punctuation folded."""
    return normalize(question).replace(" ", "").rstrip("?？。!！")
