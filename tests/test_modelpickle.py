"""Parsed documents pickled with their repeated strings and sets of given fields shared (assistant/modelpickle.py)."""

from __future__ import annotations

import itertools
import pickle
from pathlib import Path

from assistant import modelpickle
from assistant.knowledge import KnowledgeBase


def test_documents_come_back_equal_with_shared_parts(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "knowledge.pickle"
    documents = list(kb.documents)  # the session's documents, read from the stored index
    modelpickle.dump(path, {"documents": documents})
    with path.open("rb") as f:
        loaded = pickle.load(f)["documents"]
    assert [d.model_dump() for d in loaded] == [d.model_dump() for d in documents]
    assert [d.model_fields_set for d in loaded] == [d.model_fields_set for d in documents]
    clauses = [c for d in loaded for c in d.clauses]
    # two clauses under the same heading, given the same fields (the first such pair)
    first, second = next(
        (a, b)
        for a, b in itertools.pairwise(clauses)
        if a.path[:1] == b.path[:1] != [] and a.model_fields_set == b.model_fields_set
    )
    assert first.doc_id is second.doc_id and first.path[0] is second.path[0]
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    assert path.stat().st_size < len(pickle.dumps(documents, protocol=pickle.HIGHEST_PROTOCOL))
