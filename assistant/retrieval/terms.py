"""Texts as rows of term ids over one vocabulary: how the lexical index holds a corpus's words compactly.

A Python list of strings per text costs ~60-80 bytes a token (a str object each, a pointer in
the list): at ×100 the words and bigrams of 26,500 clauses and their passages took 1.2 GB while
the index was built. Here a text is added as it is tokenized and kept as int32 ids (4 bytes a
term), the layout of a CSR matrix, so a build holds no list of tokens and a load maps the arrays
from disk instead of reading them.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

import numpy as np

from assistant.sequences import Made

T = TypeVar("T")


class TermRows:
    """Texts added one at a time: each row's distinct term ids with their counts (or every token, in order).

    Ids are given in order of first use over the whole corpus, so the same texts always give the
    same ids. `ordered=True` keeps every token of a row in order instead of counting them (the
    words of a text, reused by the next build's tokenizer).
    """

    def __init__(self, ordered: bool = False, vocab: dict[str, int] | None = None) -> None:
        self.vocab: dict[str, int] = {} if vocab is None else vocab  # shared: two row sets of the same words
        self.ordered = ordered
        self.indices = array("i")
        self.counts = array("i")
        self.indptr = array("q", [0])
        self.lengths = array("q")  # tokens per row, repeated terms included

    def add(self, terms: Sequence[str]) -> None:
        """Append one text's terms as the next row."""
        vocab = self.vocab
        if self.ordered:
            self.indices.extend([vocab.setdefault(t, len(vocab)) for t in terms])
        else:
            counted = Counter(terms)  # in order of first use: ids come out as a token-by-token pass gives them
            self.indices.extend([vocab.setdefault(t, len(vocab)) for t in counted])
            self.counts.extend(counted.values())
        self.indptr.append(len(self.indices))
        self.lengths.append(len(terms))

    @classmethod
    def after(cls, indptr: np.ndarray, indices: np.ndarray, more: TermRows) -> TermRows:
        """Stored rows (`indptr`, `indices`: an earlier build's ordered words) followed by the rows of `more`."""
        rows = cls(ordered=more.ordered, vocab=more.vocab)
        more_indptr, more_indices, more_counts, more_lengths = more.arrays()
        rows.indices = array("i", np.concatenate([indices, more_indices]).astype(np.int32).tobytes())
        rows.indptr = array("q", np.concatenate([indptr, more_indptr[1:] + indptr[-1]]).astype(np.int64).tobytes())
        rows.counts = array("i", more_counts.tobytes()) if not more.ordered else array("i")
        rows.lengths = array("q", np.concatenate([np.diff(indptr), more_lengths]).astype(np.int64).tobytes())
        return rows

    def extend(self, rows: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], terms: Sequence[str]) -> None:
        """Append rows another process counted over its own vocabulary (`terms[i]` is its id i, in its order of
        first use): new terms take ids here in that order, as adding the same texts one by one would give them."""
        indptr, indices, counts, lengths = rows
        vocab = self.vocab
        mapping = np.array([vocab.setdefault(t, len(vocab)) for t in terms], dtype=np.int32)
        self.indices.frombytes(mapping[indices].astype(np.int32).tobytes())
        if not self.ordered:
            self.counts.frombytes(counts.astype(np.int32).tobytes())
        self.indptr.frombytes((indptr[1:] + self.indptr[-1]).astype(np.int64).tobytes())
        self.lengths.frombytes(lengths.astype(np.int64).tobytes())

    def __len__(self) -> int:
        return len(self.lengths)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(indptr, indices, counts, lengths) as numpy arrays (views of the buffers: no copy)."""
        return (
            np.frombuffer(self.indptr, dtype=np.int64),
            np.frombuffer(self.indices, dtype=np.int32),
            np.frombuffer(self.counts, dtype=np.int32),
            np.frombuffer(self.lengths, dtype=np.int64),
        )


class _Rows(Made[T]):
    """A sequence whose item i is made on access from the slice `indptr[i]:indptr[i + 1]` of stored arrays."""

    indptr: np.ndarray

    def _row(self, start: int, end: int) -> T:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def _item(self, i: int) -> T:
        return self._row(int(self.indptr[i]), int(self.indptr[i + 1]))


class TermSets(_Rows[set[str]]):
    """A sequence of sets of words stored as CSR rows of ids (`terms[id]` is the word): row i is built on access.

    Stands in for a `list[set[str]]` (a clause's words, a title's words) where the search reads only
    the few rows of its candidates; a Python set per clause cost ~2 KB, 500 MB at ×1000.
    """

    def __init__(self, terms: Sequence[str], indptr: np.ndarray, indices: np.ndarray) -> None:
        self.terms = terms
        self.indptr = indptr
        self.indices = indices

    @classmethod
    def of(cls, rows: Iterable[Iterable[str]], terms: Sequence[str] = ()) -> TermSets:
        """The sets of words of `rows` (each row's words once, in order of first use, after `terms`)."""
        built = TermRows(vocab={term: i for i, term in enumerate(terms)})
        for row in rows:
            built.add(list(dict.fromkeys(row)))
        return cls.from_rows(built)

    @classmethod
    def from_rows(cls, rows: TermRows, keep: np.ndarray | None = None) -> TermSets:
        """The distinct terms of counted rows (`keep`: a boolean mask of the rows to keep)."""
        indptr, indices, _, _ = rows.arrays()
        sizes = np.diff(indptr)
        if keep is not None:
            indices = indices[np.repeat(keep, sizes)]
            sizes = sizes[keep]
        starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        return cls(list(rows.vocab), starts, np.array(indices, dtype=np.int32))

    def then(self, more: TermSets) -> TermSets:
        """These rows followed by those of `more`, whose terms extend these (the same ids for the same terms)."""
        indptr = np.concatenate([self.indptr, more.indptr[1:] + self.indptr[-1]]).astype(np.int64)
        return TermSets(more.terms, indptr, np.concatenate([self.indices, more.indices]).astype(np.int32))

    def _row(self, start: int, end: int) -> set[str]:
        terms = self.terms
        return {terms[t] for t in self.indices[start:end].tolist()}

    def frequencies(self) -> Counter[str]:
        """How many rows hold each term (terms in no row left out)."""
        counts = np.bincount(self.indices, minlength=len(self.terms))
        used = np.flatnonzero(counts)
        return Counter(dict(zip([self.terms[t] for t in used.tolist()], counts[used].tolist(), strict=True)))


class KnownWords(Mapping[str, tuple[str, ...]]):
    """text → its words, from an earlier build's stored rows: a tokenizer that meets the same text again reads them here."""

    def __init__(self, texts: Sequence[str], terms: Sequence[str], indptr: np.ndarray, indices: np.ndarray) -> None:
        self.row = {text: i for i, text in enumerate(texts)}
        self.terms = terms
        self.indptr = indptr
        self.indices = indices

    def __getitem__(self, text: str) -> tuple[str, ...]:
        i = self.row[text]
        terms = self.terms
        return tuple(terms[t] for t in self.indices[self.indptr[i] : self.indptr[i + 1]].tolist())

    def __len__(self) -> int:
        return len(self.row)

    def __iter__(self) -> Iterator[str]:
        return iter(self.row)


class Texts(_Rows[str]):
    """Texts stored as one UTF-8 buffer and their offsets (memory-mapped): a text is decoded when read.

    The texts a search scores (each clause whole and the passages of long ones) are read only by
    `--explain`-like tools and the next build; as Python strings they took ~50 MB at ×100.
    """

    def __init__(self, data: np.ndarray, indptr: np.ndarray) -> None:
        self.data = data
        self.indptr = indptr  # text i is the bytes indptr[i]:indptr[i + 1]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Texts:
        """Texts packed into a buffer."""
        encoded = [t.encode("utf-8") for t in texts]
        indptr = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=indptr[1:])
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8), indptr)

    def then(self, more: Texts) -> Texts:
        """These texts followed by those of `more`."""
        indptr = np.concatenate([self.indptr, more.indptr[1:] + self.indptr[-1]]).astype(np.int64)
        return Texts(np.concatenate([self.data, more.data]).astype(np.uint8), indptr)

    def _row(self, start: int, end: int) -> str:
        return self.data[start:end].tobytes().decode("utf-8")
