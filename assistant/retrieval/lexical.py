"""BM25 over two fields, jieba words and character bigrams, as sparse matrices.

A query is a weighted bag of terms (the user's own words weigh more than expansions), so
scoring is one sparse matrix-vector product per field, never a loop over documents.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.models import Clause
from assistant.query import Query
from assistant.retrieval.base import Hit, Retriever
from assistant.retrieval.terms import TermRows, TermSets, Texts
from assistant.tuning import DEFAULT, LexicalWeights

LONG_WORD = 16  # characters; see _part_words


class SparseBM25:
    """Okapi BM25 (Lucene variant of idf) with a precomputed document-term weight matrix."""

    def __init__(self, corpus: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        rows = TermRows()
        for doc in corpus:
            rows.add(doc)
        self._fit(rows, k1, b)

    @classmethod
    def from_rows(cls, rows: TermRows, k1: float = 1.2, b: float = 0.75) -> SparseBM25:
        """The index of texts already counted into term rows (a build streams its texts into them)."""
        bm25 = cls.__new__(cls)
        bm25._fit(rows, k1, b)
        return bm25

    def _fit(self, rows: TermRows, k1: float, b: float) -> None:
        self.vocab = rows.vocab
        indptr, indices, counts, lengths = rows.arrays()
        self.lengths: np.ndarray | None = np.array(lengths)  # terms per text: stored, so a later build can append texts
        n_docs = len(lengths)
        shape = (n_docs, len(self.vocab))
        df = np.bincount(indices, minlength=len(self.vocab))
        self.idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        lengths = lengths.astype(np.float64)
        avg = lengths.mean() if n_docs else 1.0
        tf = counts.astype(np.float64)
        norm = k1 * (1 - b + b * lengths[np.repeat(np.arange(n_docs), np.diff(indptr))] / avg)
        weights = tf * (k1 + 1) / (tf + norm) * self.idf[indices]
        del tf, norm
        index_type = np.int32 if len(indices) < 2**31 else np.int64  # scipy's own choice: half the bytes of int64
        self.matrix = sparse.csr_matrix((weights, indices.astype(index_type), indptr.astype(index_type)), shape=shape).tocsc()
        self.n_docs = n_docs

    @classmethod
    def restore(cls, vocab: dict[str, int], idf: np.ndarray, matrix: sparse.csc_matrix) -> SparseBM25:
        """An index from its stored parts (the search index artifact), without recomputing anything."""
        bm25 = cls.__new__(cls)
        bm25.vocab, bm25.idf, bm25.matrix, bm25.n_docs = vocab, idf, matrix, matrix.shape[0]
        bm25.lengths = None
        return bm25

    def extended(self, lengths: np.ndarray, rows: TermRows, k1: float = 1.2, b: float = 0.75) -> SparseBM25:
        """This index with the texts of `rows` appended, exactly as `from_rows` of all the texts would compute it.

        `lengths` are this index's texts' lengths (terms each); `rows` count the new texts over a vocabulary
        that extends this one (new terms take the next ids, as a build over all texts gives them). Every
        weight depends on the corpus (idf, the average length), so every weight is computed again, from the
        same integer term counts by the same expression: each stored weight gives its count back
        (w / idf = tf·(k1 + 1) / (tf + norm) solved for tf, rounded). The matrix is merged column by column
        (a column's old rows, then its new ones), the order `tocsc` gives, without sorting the corpus.
        Raises ValueError when a stored weight does not give an integer count back.
        """
        old = self.matrix.tocsc()
        n_old, n_old_terms = old.shape
        old_cols = np.repeat(np.arange(n_old_terms), np.diff(old.indptr))
        old_lengths = lengths.astype(np.float64)
        ratio = old.data / self.idf[old_cols]
        norm = k1 * (1 - b + b * old_lengths[old.indices] / (old_lengths.mean() if n_old else 1.0))
        recovered = ratio * norm / (k1 + 1 - ratio)
        tf = np.rint(recovered)
        if len(tf) and float(np.max(np.abs(recovered - tf))) > 1e-3:
            raise ValueError("stored weights do not give integer term counts back")
        del ratio, norm, recovered
        indptr, indices, counts, new_lengths = rows.arrays()
        n_new, n_terms = len(new_lengths), len(rows.vocab)
        n_docs = n_old + n_new
        old_per_term = np.zeros(n_terms, dtype=np.int64)
        old_per_term[:n_old_terms] = np.diff(old.indptr)
        df = old_per_term + np.bincount(indices, minlength=n_terms)
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        all_lengths = np.concatenate([lengths.astype(np.int64), new_lengths]).astype(np.float64)
        avg = all_lengths.mean() if n_docs else 1.0
        old_weights = tf * (k1 + 1) / (tf + k1 * (1 - b + b * all_lengths[old.indices] / avg)) * idf[old_cols]
        del tf
        new_tf = counts.astype(np.float64)
        new_rows = n_old + np.repeat(np.arange(n_new), np.diff(indptr))
        new_weights = new_tf * (k1 + 1) / (new_tf + k1 * (1 - b + b * all_lengths[new_rows] / avg)) * idf[indices]
        new = sparse.csr_matrix((new_weights, indices, indptr), shape=(n_new, n_terms)).tocsc()
        new_per_term = np.diff(new.indptr)
        starts = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(old_per_term + new_per_term, out=starts[1:])
        data = np.empty(starts[-1], dtype=np.float64)
        index_type = np.int32 if starts[-1] < 2**31 else np.int64
        rows_of = np.empty(starts[-1], dtype=index_type)
        old_at = np.arange(len(old.data)) - old.indptr[old_cols] + starts[old_cols]
        data[old_at], rows_of[old_at] = old_weights, old.indices
        del old_at, old_weights
        new_cols = np.repeat(np.arange(n_terms), new_per_term)
        new_at = np.arange(len(new.data)) - new.indptr[new_cols] + starts[new_cols] + old_per_term[new_cols]
        data[new_at], rows_of[new_at] = new.data, new.indices + n_old
        bm25 = SparseBM25.__new__(SparseBM25)
        bm25.vocab, bm25.idf, bm25.n_docs = rows.vocab, idf, n_docs
        bm25.matrix = sparse.csc_matrix((data, rows_of, starts.astype(index_type)), shape=(n_docs, n_terms), copy=False)
        bm25.lengths = np.concatenate([lengths.astype(np.int64), new_lengths])
        return bm25

    def scores(self, terms: dict[str, float]) -> np.ndarray:
        """Scores of every document for weighted query terms."""
        cols = [self.vocab[t] for t in terms if t in self.vocab]
        if not cols:
            return np.zeros(self.n_docs)
        weights = np.array([terms[t] for t in terms if t in self.vocab])
        return np.asarray(self.matrix[:, cols] @ weights).ravel()

    def contributions(self, doc: int, terms: dict[str, float]) -> dict[str, float]:
        """Per-term contribution to one document's score (for --explain)."""
        out = {}
        for term, weight in terms.items():
            col = self.vocab.get(term)
            if col is not None:
                value = float(self.matrix[doc, col]) * weight
                if value:
                    out[term] = value
        return out


_ALTERNATIVE = re.compile(r"([\u4e00-\u9fff])[（(]([\u4e00-\u9fff])[）)]([\u4e00-\u9fff])")


def clause_document(clause: Clause) -> str:
    """The text a clause is indexed under: its text plus its headings and table title.

    A character offered as an alternative is spelled out both ways: 抵（质）押 is also indexed
    as 抵押 and 质押, the words people search for.
    """
    variants = [f"{a}{c} {b}{c}" for a, b, c in _ALTERNATIVE.findall(clause.text)]
    return " ".join([*clause.path, clause.title, clause.table or "", clause.text, *variants])


PASSAGE_CHARS = 150  # clauses longer than this are also scored passage by passage
_PASSAGE = re.compile(r"[^。；;]+[。；;]?")
_LIST_PART = re.compile(r"[^、，,]+[、，,]?")


def passages(text: str, size: int = 60) -> list[str]:
    """Sentences of a long clause, long list sentences cut into runs of about `size` characters."""
    out: list[str] = []
    for sentence in _PASSAGE.findall(text):
        if len(sentence) <= 2 * size:
            out.append(sentence)
            continue
        current = ""
        for part in _LIST_PART.findall(sentence):
            if current and len(current) + len(part) > size:
                out.append(current)
                current = ""
            current += part
        if current:
            out.append(current)
    return [p for p in out if p.strip()]


def scored_units(clauses: Sequence[Clause]) -> tuple[list[int], list[str], np.ndarray]:
    """The texts scored for clauses: each clause whole, then its passages when long (owners: clause positions;
    whole: True where a unit is a clause's whole text)."""
    owners: list[int] = []
    units: list[str] = []
    for i, c in enumerate(clauses):
        heading = " ".join([*c.path, c.title, c.table or ""])
        owners.append(i)
        units.append(clause_document(c))
        if len(c.text) > PASSAGE_CHARS:
            for passage in passages(c.text):
                owners.append(i)
                units.append(f"{heading} {passage}")
    whole = np.array([i == 0 or owners[i] != owners[i - 1] for i in range(len(owners))], dtype=bool)
    return owners, units, whole


def count_units(units: Sequence[str], lexicon: Lexicon, words: TermRows, bigrams: TermRows, ordered: TermRows) -> None:
    """Tokenize each unit into the rows: its words counted and in order, its bigrams counted.

    A large corpus is cut in two: a forked process tokenizes the second half while this one does the
    first, and its rows are appended after this one's, its terms numbered after this one's in their
    order of first use (`TermRows.extend`), so the rows and ids are those of one pass (jieba over
    ~700,000 texts took ~600 s of a x1000 build on one core).
    """
    if len(units) < PARALLEL_UNITS or not _can_fork():
        _count(units, lexicon, words, bigrams, ordered)
        return
    half = len(units) // 2
    pool, future = _apart(units[half:], lexicon)
    with pool:
        _count(units[:half], lexicon, words, bigrams, ordered)
        counted, in_order, pairs, word_terms, bigram_terms = future.result()
    words.extend(counted, word_terms)
    ordered.extend(in_order, word_terms)
    bigrams.extend(pairs, bigram_terms)


PARALLEL_UNITS = 20_000  # texts; below this a second process costs more than it saves (x100 scores ~100,000)
_JOB: tuple[Sequence[str], Lexicon] | None = None  # what the forked process tokenizes (inherited, not pickled)


def _count(units: Sequence[str], lexicon: Lexicon, words: TermRows, bigrams: TermRows, ordered: TermRows) -> None:
    for unit in units:
        unit_words = lexicon.words_of(unit)
        words.add(unit_words)
        ordered.add(unit_words)
        bigrams.add(lexicon.bigrams_of(unit))


def _can_fork() -> bool:
    """A second core, and no thread that a fork would copy in the middle of its work (a web server's)."""
    return (os.cpu_count() or 1) > 1 and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _apart(units: Sequence[str], lexicon: Lexicon) -> tuple[ProcessPoolExecutor, Future[Any]]:
    """One forked worker tokenizing `units` with this process's tokenizer, and its result to come."""
    global _JOB
    _JOB = (units, lexicon)
    try:  # a fork pool starts its worker at the first task, from this process's memory at that moment
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        return pool, pool.submit(_count_apart)
    finally:
        _JOB = None


def _count_apart() -> tuple[Any, Any, Any, list[str], list[str]]:
    """In the worker: the rows of its units, and its two vocabularies in order of first use."""
    assert _JOB is not None
    units, lexicon = _JOB
    words, bigrams = TermRows(), TermRows()
    ordered = TermRows(ordered=True, vocab=words.vocab)
    _count(units, lexicon, words, bigrams, ordered)
    copies = [tuple(np.array(a) for a in rows.arrays()) for rows in (words, ordered, bigrams)]
    return copies[0], copies[1], copies[2], list(words.vocab), list(bigrams.vocab)


@dataclass
class LexicalIndex:
    """What the lexical search computes from the corpus once: kept in the search index artifact."""

    ids: list[str]
    owners: np.ndarray  # unit → clause position
    unit_weight: np.ndarray  # 1 for a whole clause, the passage weight for a passage of a long one
    units: Sequence[str]  # a list when built, memory-mapped Texts when loaded
    clause_words: Sequence[set[str]]  # per clause, the words of its whole text (TermSets: built on access)
    words: SparseBM25
    bigrams: SparseBM25
    unit_words: TermRows | None = None  # the words of each unit in order, kept by a build until they are stored

    @classmethod
    def build(cls, kb: KnowledgeBase, lexicon: Lexicon, weights: LexicalWeights) -> LexicalIndex:
        """Tokenize every clause (and the passages of long ones) and build both BM25 fields.

        Each unit's words and bigrams go into term rows as it is tokenized: no list of tokens is held.
        """
        clauses = list(kb.all_clauses())
        owners, units, whole = scored_units(clauses)
        unit_weight = np.where(whole, 1.0, weights.passage)
        words, bigrams = TermRows(), TermRows()
        ordered = TermRows(ordered=True, vocab=words.vocab)  # the same ids: stored for the next build's tokenizer
        count_units(units, lexicon, words, bigrams, ordered)
        return cls(
            ids=[c.id for c in clauses],
            owners=np.array(owners),
            unit_weight=unit_weight,
            units=units,
            clause_words=TermSets.from_rows(words, keep=whole),
            words=SparseBM25.from_rows(words),
            bigrams=SparseBM25.from_rows(bigrams),
            unit_words=ordered,
        )

    def extended(
        self, clauses: Sequence[Clause], lexicon: Lexicon, weights: LexicalWeights, lengths: dict[str, np.ndarray], words: Rows
    ) -> LexicalIndex:
        """This index with `clauses` appended, as `build` over all the clauses would make it.

        Only the new clauses are tokenized. `lengths`: the stored texts' lengths per field (terms each);
        `words`: the stored texts' words in order (indptr, ids), which the next build reads.
        """
        owners, units, whole = scored_units(clauses)
        counted, bigrams = TermRows(vocab=dict(self.words.vocab)), TermRows(vocab=dict(self.bigrams.vocab))
        ordered = TermRows(ordered=True, vocab=counted.vocab)
        count_units(units, lexicon, counted, bigrams, ordered)
        stored = self.units if isinstance(self.units, Texts) else Texts.of(self.units)
        return LexicalIndex(
            ids=[*self.ids, *(c.id for c in clauses)],
            owners=np.concatenate([self.owners, np.array(owners, dtype=np.int64) + len(self.ids)]),
            unit_weight=np.concatenate([self.unit_weight, np.where(whole, 1.0, weights.passage)]),
            units=stored.then(Texts.of(units)),
            clause_words=_term_sets(self.clause_words).then(TermSets.from_rows(counted, keep=whole)),
            words=self.words.extended(lengths["words"], counted),
            bigrams=self.bigrams.extended(lengths["bigrams"], bigrams),
            unit_words=TermRows.after(words[0], words[1], ordered),
        )


Rows = tuple[np.ndarray, np.ndarray]  # (indptr, ids): stored rows of term ids


def _term_sets(sets: Sequence[set[str]]) -> TermSets:
    """Sets as rows of the words' vocabulary ids, as a build or a load makes them (a list of sets has no ids)."""
    if not isinstance(sets, TermSets):
        raise ValueError("the word sets are not rows of ids")
    return sets


class LexicalRetriever(Retriever):
    """BM25 on words plus BM25 on bigrams, summed with a lower bigram weight.

    A long clause (a list of twenty targets) is also scored by its best passage, so one
    matching item is not drowned by the length of the list (max-passage scoring).
    """

    name = "lexical"

    def __init__(
        self, kb: KnowledgeBase, lexicon: Lexicon, weights: LexicalWeights | None = None, built: LexicalIndex | None = None
    ) -> None:
        self.weights = weights or DEFAULT.ranking.lexical
        index = built or LexicalIndex.build(kb, lexicon, self.weights)
        self.ids = index.ids
        self.owners = index.owners
        self.unit_weight = index.unit_weight
        self.units = index.units  # the texts scored: each clause whole, and the passages of long ones
        self.clause_words = index.clause_words
        self.words = index.words
        self.bigrams = index.bigrams
        self.index = index

    def weighted_terms(self, query: Query) -> tuple[dict[str, float], dict[str, float]]:
        """Word and bigram weights: the user's words 1.0, expansion words less (see LexicalWeights)."""
        weights = self.weights
        # search-mode parts of a longer word (十四 and 四五 of 十四五) weigh less, so a compound is not counted thrice
        parts = _part_words(query.words)
        words = {w: weights.part if w in parts else 1.0 for w in query.words}
        for w in query.colloquial:  # an everyday word the documents use only in passing (托儿所 in a project name)
            words[w] = min(words.get(w, 1.0), weights.colloquial)
        for w in query.expansion_words:
            words.setdefault(w, weights.expansion)
        bigrams = dict.fromkeys(query.bigrams, 1.0)
        return words, bigrams

    def score_all(self, query: Query) -> np.ndarray:
        """Combined score of every clause: the best of the whole clause and its passages."""
        words, bigrams = self.weighted_terms(query)
        unit_scores = (self.words.scores(words) + self.weights.bigram * self.bigrams.scores(bigrams)) * self.unit_weight
        scores = np.zeros(len(self.ids))
        np.maximum.at(scores, self.owners, unit_scores)
        return scores

    def search(self, query: Query, k: int) -> list[Hit]:
        """The k best clauses by BM25."""
        scores = self.score_all(query)
        order = np.argsort(-scores)[:k]
        words, _ = self.weighted_terms(query)
        return [
            Hit(self.ids[i], float(scores[i]), {"bm25": float(scores[i])}, sorted(set(words) & self.clause_words[i]))
            for i in order
            if scores[i] > 0
        ]


def _part_words(words: list[str]) -> set[str]:
    """The words that are a proper part of another word of the list (十四 of 十四五).

    Linear in the number of words, through the substrings of each: a long question has hundreds
    of words, and comparing every pair cost ~1 s for 2,000 characters. Words longer than
    LONG_WORD (a run of digits or letters) are compared directly instead.
    """
    unique = set(words)
    long_words = [w for w in unique if len(w) > LONG_WORD]
    parts = {w for w in unique if any(w != o and w in o for o in long_words)}
    for word in unique - set(long_words):
        n = len(word)
        parts |= {word[i:j] for i in range(n) for j in range(i + 1, n + 1) if j - i < n} & unique
    return parts
