"""The pipeline a user would assemble from a LangChain tutorial, for side-by-side comparison.

RecursiveCharacterTextSplitter at 500 characters over every source file (web copy included,
as a tutorial user would load the folder), BM25 over jieba tokens, the top chunk as the
answer. A chunk "hits" a gold clause when it overlaps the clause's span in the same file.
"""

from __future__ import annotations

import time

import jieba
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.evaluation import fact_present
from assistant.knowledge import KnowledgeBase
from assistant.manifest import load_manifest
from assistant.models import EvalCase
from assistant.retrieval.lexical import SparseBM25
from assistant.settings import Settings


def evaluate_peer(settings: Settings, cases: list[EvalCase], k: int) -> dict[str, float]:
    """Run the naive pipeline on the cases; returns the comparable headline metrics."""
    kb = KnowledgeBase.from_settings(settings)
    manifest = load_manifest(settings.manifest_path)
    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50, add_start_index=True)
    tokenizer = jieba.Tokenizer()
    chunks: list[tuple[str, int, int, str]] = []  # (doc_id, start, end, text)
    for meta in manifest.documents:
        text = (settings.knowledge_dir / meta.file).read_text(encoding="utf-8")
        for doc in splitter.create_documents([text]):
            start = int(doc.metadata["start_index"])
            chunks.append((meta.id, start, start + len(doc.page_content), doc.page_content))
    bm25 = SparseBM25([[t for t in tokenizer.cut(c[3]) if t.strip()] for c in chunks])
    hits1 = hitsk = facts_ok = answerable = 0
    latencies = []
    for case in cases:
        started = time.perf_counter()
        question = " ".join([t.content for t in case.history if t.role == "user"] + [case.question])
        scores = bm25.scores(dict.fromkeys((t for t in tokenizer.cut(question) if t.strip()), 1.0))
        order = list(scores.argsort()[::-1][:k])
        latencies.append((time.perf_counter() - started) * 1000)
        if not case.answerable:
            continue
        answerable += 1
        spans = [(c.doc_id, c.span[0], c.span[1]) for c in (kb.clause(g) for g in case.gold_clause_ids)]
        ranks = [r for r, i in enumerate(order, 1) if any(_overlaps(chunks[i], s) for s in spans)]
        hits1 += bool(ranks and ranks[0] == 1)
        hitsk += bool(ranks)
        top = chunks[order[0]][3] if order else ""
        facts_ok += all(fact_present(g, top) for g in case.key_facts)
    latencies.sort()
    return {
        "cases": len(cases),
        "hit_at_1": round(hits1 / answerable, 4) if answerable else 0.0,
        "hit_at_k": round(hitsk / answerable, 4) if answerable else 0.0,
        "key_fact_accuracy": round(facts_ok / answerable, 4) if answerable else 0.0,
        "abstention_accuracy": 0.0,  # the tutorial pipeline always answers
        "latency_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 2) if latencies else 0.0,
    }


def _overlaps(chunk: tuple[str, int, int, str], span: tuple[str, int, int]) -> bool:
    doc_id, start, end = span
    return chunk[0] == doc_id and chunk[1] < end and start < chunk[2]
