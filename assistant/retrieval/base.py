"""What every retriever returns, and the small interface they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from assistant.query import Query


@dataclass
class Hit:
    """A clause found for a query, with the signals that ranked it (for --explain)."""

    clause_id: str
    score: float
    signals: dict[str, float] = field(default_factory=dict)
    matched: list[str] = field(default_factory=list)


class Retriever(ABC):
    """Ranks clause ids for an analysed query."""

    name: str = "base"

    @abstractmethod
    def search(self, query: Query, k: int) -> list[Hit]:
        """The k best hits, best first."""
