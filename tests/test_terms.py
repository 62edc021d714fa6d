"""Texts as rows of term ids (retrieval/terms.py): the compact form of the lexical index's words."""

from __future__ import annotations

from collections import Counter

import numpy as np

from assistant.retrieval.lexical import SparseBM25
from assistant.retrieval.terms import KnownWords, TermRows, TermSets, Texts

TEXTS = [["养老", "补贴", "养老"], ["托育", "补贴"], [], ["托位", "托育", "托位", "托位"]]


def test_rows_count_terms_with_ids_in_order_of_first_use() -> None:
    rows = TermRows()
    for text in TEXTS:
        rows.add(text)
    indptr, indices, counts, lengths = rows.arrays()
    assert rows.vocab == {"养老": 0, "补贴": 1, "托育": 2, "托位": 3}
    assert indptr.tolist() == [0, 2, 4, 4, 6]
    assert indices.tolist() == [0, 1, 2, 1, 3, 2]
    assert counts.tolist() == [2, 1, 1, 1, 3, 1]
    assert lengths.tolist() == [3, 2, 0, 4]


def test_ordered_rows_keep_every_token_and_share_the_vocabulary() -> None:
    counted = TermRows()
    ordered = TermRows(ordered=True, vocab=counted.vocab)
    for text in TEXTS:
        counted.add(text)
        ordered.add(text)
    indptr, indices, _, _ = ordered.arrays()
    assert indices.tolist() == [0, 1, 0, 2, 1, 3, 2, 3, 3]
    known = KnownWords(["a", "b", "c", "d"], list(counted.vocab), indptr, indices)
    assert known["d"] == ("托位", "托育", "托位", "托位") and known.get("e") is None and len(known) == 4


def test_term_sets_stand_in_for_a_list_of_sets() -> None:
    rows = TermRows()
    for text in TEXTS:
        rows.add(text)
    sets = TermSets.from_rows(rows, keep=np.array([True, False, True, True]))
    assert list(sets) == [{"养老", "补贴"}, set(), {"托位", "托育"}]
    assert sets[-1] == {"托位", "托育"} and sets[0:2] == [{"养老", "补贴"}, set()]
    assert sets.frequencies() == Counter({"养老": 1, "补贴": 1, "托育": 1, "托位": 1})
    assert list(TermSets.of(TEXTS)) == [set(t) for t in TEXTS]
    assert TermSets.of(TEXTS).frequencies() == Counter({"补贴": 2, "托育": 2, "养老": 1, "托位": 1})


def test_bm25_from_streamed_rows_is_the_matrix_of_the_token_lists() -> None:
    rows = TermRows()
    for text in TEXTS:
        rows.add(text)
    streamed, listed = SparseBM25.from_rows(rows), SparseBM25(TEXTS)
    assert streamed.vocab == listed.vocab
    assert np.array_equal(streamed.matrix.toarray(), listed.matrix.toarray()) and np.array_equal(streamed.idf, listed.idf)
    assert streamed.matrix.indices.dtype == np.int32
    # 托位 three times in a text of four: tf 3, idf of a term in one text of four, BM25's saturation
    idf = np.log(1 + (4 - 1 + 0.5) / (1 + 0.5))
    norm = 1.2 * (1 - 0.75 + 0.75 * 4 / 2.25)
    assert streamed.scores({"托位": 1.0})[3] == 3 * 2.2 / (3 + norm) * idf


def test_texts_are_decoded_from_one_buffer() -> None:
    texts = Texts.of(["养老服务补贴", "", "托位 3.5个"])
    assert list(texts) == ["养老服务补贴", "", "托位 3.5个"] and len(texts) == 3
    assert texts[-1] == "托位 3.5个" and texts[1:] == ["", "托位 3.5个"]
    assert texts.indptr.tolist() == [0, 18, 18, 31]
