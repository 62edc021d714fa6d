"""The bundled evaluation set is valid against the current knowledge base."""

from __future__ import annotations

from collections import Counter

from assistant.evaluation import fact_present, load_cases
from assistant.knowledge import KnowledgeBase
from assistant.settings import Settings


def test_dataset_is_consistent_with_the_knowledge_base(kb: KnowledgeBase, settings: Settings) -> None:
    cases = load_cases(settings.eval_dir / "cases.jsonl")
    assert len(cases) >= 150
    counts = Counter(c.category for c in cases)
    assert len(counts) == 12 and min(counts.values()) >= 8
    for case in cases:
        for clause_id in case.gold_clause_ids:
            assert clause_id in kb.clauses, f"{case.id}: unknown clause {clause_id}"
        if not case.answerable:
            assert case.key_facts == [], case.id
            continue
        assert case.gold_clause_ids, case.id
        golds = [kb.clause(g) for g in case.gold_clause_ids]
        for group in case.key_facts:
            assert any(fact_present(group, c.text + "、".join(c.departments)) for c in golds), f"{case.id}: {group}"
    multi = [c for c in cases if c.category == "multi_turn"]
    assert all(c.history for c in multi)
