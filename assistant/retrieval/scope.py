"""Scopes of a search: the clauses a question's place, named documents or document years allow.

Clauses lie in document order, each document's clauses one run of positions (`KnowledgeBase.all_clauses`),
so the index keeps, per document, where its run starts and ends, and per region and issue year which
documents it has. A filter is a set of documents turned into a mask by slicing: its cost grows with
the documents it allows, not with the clauses of the corpus, and no clause text is read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from assistant.knowledge import KnowledgeBase


@dataclass(frozen=True)
class DocumentSpans:
    """Where each document's clauses lie among all clauses, and which documents each region and year has."""

    ids: list[str]  # document ids, in document order
    starts: np.ndarray  # first clause position of each document
    ends: np.ndarray  # one past its last
    by_region: dict[str, list[int]]  # region → indexes of its documents
    by_year: dict[int, list[int]]  # issue year → indexes of the documents issued that year

    @classmethod
    def of(cls, kb: KnowledgeBase) -> DocumentSpans:
        """The spans of a knowledge base (one pass over its documents)."""
        sizes = np.array([len(d.clauses) for d in kb.documents], dtype=np.int64)
        ends = np.cumsum(sizes)
        by_region: dict[str, list[int]] = defaultdict(list)
        by_year: dict[int, list[int]] = defaultdict(list)
        for i, doc in enumerate(kb.documents):
            by_region[doc.meta.region].append(i)
            by_year[doc.meta.issue_date.year].append(i)
        return cls([d.meta.id for d in kb.documents], ends - sizes, ends, dict(by_region), dict(by_year))

    @property
    def size(self) -> int:
        """The number of clauses."""
        return int(self.ends[-1]) if len(self.ends) else 0

    def in_regions(self, regions: Iterable[str]) -> list[int]:
        """The documents of these regions."""
        return sorted(i for r in dict.fromkeys(regions) for i in self.by_region.get(r, []))

    def issued_in(self, years: Iterable[int]) -> list[int]:
        """The documents issued in these years."""
        return sorted(i for y in set(years) for i in self.by_year.get(y, []))

    def named(self, doc_ids: Iterable[str]) -> list[int]:
        """The documents of these ids."""
        wanted = set(doc_ids)
        return [i for i, doc in enumerate(self.ids) if doc in wanted]

    def mask(self, documents: Iterable[int]) -> np.ndarray:
        """True at the positions of these documents' clauses."""
        out = np.zeros(self.size, dtype=bool)
        for i in documents:
            out[self.starts[i] : self.ends[i]] = True
        return out


def top(scores: np.ndarray, n: int, allowed: np.ndarray | None = None) -> list[int]:
    """Positions of the n best positive scores (among the allowed ones), best first; ties keep position order."""
    candidates = np.flatnonzero(scores > 0 if allowed is None else (scores > 0) & allowed)
    if len(candidates) > n:
        # the n best without sorting everything; the n-th score's ties are all kept, then cut in order
        kth = np.partition(scores[candidates], len(candidates) - n)[len(candidates) - n]
        candidates = candidates[scores[candidates] >= kth]
    order = np.argsort(-scores[candidates], kind="stable")
    return [int(i) for i in candidates[order][:n]]
