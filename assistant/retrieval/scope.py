"""Scopes of a search: the clauses a question's place, named documents or document years allow, and a place for a question naming none.

Clauses lie in document order, each document's clauses one run of positions (`KnowledgeBase.all_clauses`),
so the index keeps, per document, where its run starts and ends, and per region and issue year which
documents it has. A filter is a set of documents turned into a mask by slicing: its cost grows with
the documents it allows, not with the clauses of the corpus, and no clause text is read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from assistant.gazetteer import Gazetteer
from assistant.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from assistant.retrieval.hybrid import HybridRetriever, SearchResult


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
        """The spans of a knowledge base (from its outline: no document is read)."""
        sizes = np.array(kb.outline.sizes, dtype=np.int64)
        ends = np.cumsum(sizes)
        by_region: dict[str, list[int]] = defaultdict(list)
        by_year: dict[int, list[int]] = defaultdict(list)
        for i, meta in enumerate(kb.metas):
            by_region[meta.region].append(i)
            by_year[meta.issue_date.year].append(i)
        return cls([m.id for m in kb.metas], ends - sizes, ends, dict(by_region), dict(by_year))

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


# -- a question naming no place, over many places' copies of one text ---------------------------
HINT_CHARS = 40  # a question up to this long is repeated, with a place, as the example of the question back


@dataclass(frozen=True)
class Scoped:
    """A search scoped to a place when the question names none, or the question to ask back."""

    result: SearchResult
    clarify: str | None = None  # the question back: which place?


def copies_across_places(retriever: HybridRetriever, result: SearchResult) -> list[str]:
    """The regions whose copies of the first hit's text compete for first place, when two of them are siblings.

    A copy is a hit within `copy_window` of the first whose words, place names and numbers aside, overlap the
    first's (`copy_similarity`): a county's reissue of its prefecture's plan, another prefecture's copy of
    the same template. Regions on one line of descent (a province and its city) are no choice to make.
    """
    hits = result.hits
    if len(hits) < 2:
        return []
    config, gazetteer = retriever.config, retriever.lexicon.gazetteer
    places = retriever.lexicon.place_words

    def words(clause_id: str) -> set[str]:
        return {w for w in retriever.full_words[retriever.position[clause_id]] if w not in places and not w.isdigit()}

    first = words(hits[0].clause_id)
    if not first:
        return []
    regions: list[str] = []
    for hit in hits:
        if hit.score < config.copy_window * hits[0].score:
            break
        other = words(hit.clause_id)
        if len(first & other) >= config.copy_similarity * len(first | other):
            region = retriever.kb.meta(retriever.kb.clause(hit.clause_id)).region
            regions += [region] if region not in regions else []
    siblings = any(a not in gazetteer.chain(b) and b not in gazetteer.chain(a) for a in regions for b in regions)
    return regions if siblings else []


def scope_unnamed_place(
    retriever: HybridRetriever, result: SearchResult, earlier: Sequence[str], k: int, example: str = ""
) -> Scoped:
    """Scope a question that names no place, when many places' copies of one text compete to answer it.

    In order: the place the user named earlier in the conversation (`earlier`, most recent first);
    else the province's documents, when one of their clauses competes for first place; else ask back
    which place. A question naming a place, or one whose best clauses are no copies across
    places, keeps its result.
    """
    query = result.query
    if query.regions or query.other_places:
        return Scoped(result)
    regions = copies_across_places(retriever, result)
    if not regions:
        return Scoped(result)
    gazetteer, lexicon = retriever.lexicon.gazetteer, retriever.lexicon
    for place in earlier:
        if lexicon.in_scope(place):
            scoped = retriever.run(replace(query, regions=[place]), k)
            note = f"问题没有写明地区，以下按您前面提到的{gazetteer.display(place)}查找。"
            return Scoped(replace(scoped, notices=[note, *scoped.notices]))
    home = gazetteer.home.name if gazetteer.home else None
    if home in lexicon.covered:
        province = retriever.run(query, k, regions=[home])
        if province.hits and province.hits[0].score >= retriever.config.near_tie * result.hits[0].score:
            others = [r for r in regions if r != home]
            note = f"问题没有写明地区，{_listing(others, gazetteer)}的文件都有类似规定，以下为全省适用的规定。"
            return Scoped(replace(province, notices=[note, *province.notices]))
    names = _listing(regions, gazetteer)
    hint = f"，例如：“{gazetteer.display(regions[0])}{example}”" if 0 < len(example) <= HINT_CHARS else ""
    return Scoped(result, f"{names}的文件对此都有规定，各地不尽相同。请问您问的是哪个地方？请在问题中写明地区{hint}。")


def _listing(regions: list[str], gazetteer: Gazetteer, shown: int = 3) -> str:
    names = "、".join(gazetteer.display(r) for r in regions[:shown])
    return f"{names}等{len(regions)}地" if len(regions) > shown else names
