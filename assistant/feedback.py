"""Questions the knowledge base could not answer well, and users' 👍/👎, kept in SQLite.

Only what maintainers need is stored: declined and low-confidence questions and the
feedback users chose to give. `gaps()` groups them by question so that the most asked
missing topics come first; marking a question resolved hides it until it is asked again.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from assistant.models import Answer
from assistant.text import normalize

LOW_CONFIDENCE = 0.5
REASONS = {"declined": "未能回答", "low_confidence": "依据不足", "thumbs_down": "用户点踩"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY, question TEXT NOT NULL, norm TEXT NOT NULL, reason TEXT NOT NULL,
    confidence REAL NOT NULL, asked_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, question TEXT NOT NULL, norm TEXT NOT NULL, answer TEXT NOT NULL,
    rating INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resolved (norm TEXT PRIMARY KEY, resolved_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS questions_norm ON questions (norm);
CREATE INDEX IF NOT EXISTS feedback_norm ON feedback (norm);
"""

# One row per question occurrence (gap questions and 👎), newest state of "resolved" joined in.
_GAPS = """
WITH events AS (
    SELECT question, norm, reason, asked_at AS at, '' AS comment FROM questions
    UNION ALL
    SELECT question, norm, 'thumbs_down', created_at, comment FROM feedback WHERE rating < 0
)
SELECT e.norm, e.question, e.reason, e.at, e.comment
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

    def row(self) -> list[str | int]:
        """The row shown in the table and written to CSV."""
        reasons = "、".join(REASONS.get(r, r) for r in self.reasons)
        return [self.question, reasons, self.count, self.last_asked, "；".join(self.comments)]


GAP_HEADERS = ["问题", "原因", "次数", "最近提问", "用户意见"]


class FeedbackStore:
    """SQLite file with gap questions and feedback; safe to share between threads."""

    def __init__(self, path: Path, clock: Callable[[], datetime] | None = None) -> None:
        self.path = path
        self.clock = clock or datetime.now
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per call: cheap for SQLite, and no sharing across threads.
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            yield db

    def _now(self) -> str:
        return self.clock().isoformat(sep=" ", timespec="seconds")

    def record_question(self, question: str, answer: Answer) -> bool:
        """Keep the question if it was declined or weakly supported; True when it was kept."""
        if answer.answered and answer.confidence >= LOW_CONFIDENCE:
            return False
        reason = "declined" if not answer.answered else "low_confidence"
        with self._connect() as db:
            db.execute(
                "INSERT INTO questions (question, norm, reason, confidence, asked_at) VALUES (?, ?, ?, ?, ?)",
                (question.strip(), _norm(question), reason, answer.confidence, self._now()),
            )
        return True

    def record_feedback(self, question: str, answer: str, rating: int, comment: str = "") -> int:
        """Store a 👍 (rating > 0) or 👎 (rating < 0); returns the feedback id."""
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback (question, norm, answer, rating, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (question.strip(), _norm(question), answer, 1 if rating > 0 else -1, comment.strip(), self._now()),
            )
            return int(cur.lastrowid or 0)

    def add_comment(self, feedback_id: int, comment: str) -> None:
        """Attach the optional comment a user wrote after rating."""
        with self._connect() as db:
            db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment.strip(), feedback_id))

    def resolve(self, question: str) -> None:
        """Hide a question from the gaps list until someone asks it again."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO resolved (norm, resolved_at) VALUES (?, ?) "
                "ON CONFLICT (norm) DO UPDATE SET resolved_at = excluded.resolved_at",
                (_norm(question), self._now()),
            )

    def gaps(self) -> list[Gap]:
        """Open gaps grouped by question, most asked first, then most recent."""
        grouped: dict[str, Gap] = {}
        with self._connect() as db:
            for norm, question, reason, at, comment in db.execute(_GAPS):
                gap = grouped.setdefault(norm, Gap(question=question, count=0, last_asked=at))
                gap.count += 1
                gap.question, gap.last_asked = question, max(gap.last_asked, at)
                if reason not in gap.reasons:
                    gap.reasons.append(reason)
                if comment and comment not in gap.comments:
                    gap.comments.append(comment)
        newest_first = sorted(grouped.values(), key=lambda g: g.last_asked, reverse=True)
        return sorted(newest_first, key=lambda g: -g.count)  # stable: ties stay newest first

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
