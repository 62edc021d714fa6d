"""`python -m assistant bench --scale N`: our pipeline and two baselines on a synthetic corpus ×N.

For each N a knowledge folder ×N and its questions are written to a temporary folder
(`assistant.synthetic`); then each system is measured in a fresh process of its own
(`python -m assistant.scaling SYSTEM FOLDER`), so its peak RSS is its own and a bound on memory
or time stops only that system:

- ours: full build in-process (parse, lexicon, sparse index, embedder fit, Chroma) into an
  empty data folder, warm search and answer latency, clause@1 (the first clause of the answer's
  search is a gold clause) and key facts (every key-fact group in the answer); then, from the
  parent, a cold `python -m assistant ask` and `python -m assistant kb add` of one more
  document, then of a ~20-page one, each a fresh process timed from start to exit;
- tutorial: the LangChain tutorial pipeline, RecursiveCharacterTextSplitter (500 / 50) over the
  raw files and BM25Retriever over jieba tokens, reproduced with `rank_bm25.BM25Okapi` and
  `get_top_n(…, n=4)` as langchain-community's BM25Retriever does; a chunk counts as the clause
  it shares the most character bigrams with (clauses of the same region and date);
- bm25s over our clauses, with the same jieba tokens.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant import synthetic
from assistant.manifest import load_manifest
from assistant.settings import Settings

SYSTEMS = ("ours", "tutorial", "bm25s")
QUESTIONS = 100  # sampled from the questions of every copy: warm latency and quality
# The document `kb add` adds: an unseen county document of probe round 5 (a synthetic copy would be
# refused as a duplicate of its template, see docs/benchmarks.md).
ADDED = Path("probes/round5-newdocs/docA.txt")
LONG = "long.txt"  # then a ~20-page county document (`synthetic.long_document`), added by a second `kb add`
TUTORIAL_CHUNK, TUTORIAL_OVERLAP, TUTORIAL_K = 500, 50, 4  # the tutorial's values (BM25Retriever's k = 4)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency(values_ms: list[float], name: str) -> dict[str, float]:
    """p50 / p95 / p99 of timings in milliseconds, rounded to 0.01 ms."""
    return {f"{name}_p{p}_ms": round(percentile(values_ms, p / 100), 2) for p in (50, 95, 99)}


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def folder_mb(path: Path) -> float:
    """Bytes of the files under a folder, in MiB."""
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def sample(
    questions: list[synthetic.SyntheticQuestion], n: int = QUESTIONS, seed: int = synthetic.SEED
) -> list[synthetic.SyntheticQuestion]:
    """A fixed sample of the questions (all of them when there are fewer)."""
    if len(questions) <= n:
        return list(questions)
    return random.Random(seed).sample(questions, n)


# -- preparing a corpus ---------------------------------------------------------------------
def prepare(settings: Settings, scale: int, root: Path) -> dict[str, Any]:
    """Write the corpus ×scale, its sampled questions and the document to add under `root`."""
    corpus = synthetic.generate(settings.knowledge_dir, settings.eval_dir / "cases.jsonl", scale)
    corpus.write(settings.knowledge_dir, root / "knowledge")
    picked = sample(corpus.questions)
    (root / "questions.jsonl").write_text("".join(q.model_dump_json() + "\n" for q in picked), encoding="utf-8")
    (root / "extra").mkdir(exist_ok=True)
    shutil.copy2(settings.eval_dir / ADDED, root / "extra" / ADDED.name)
    (root / "extra" / LONG).write_text(synthetic.long_document(settings.knowledge_dir)[0], encoding="utf-8")
    return {"documents": len(corpus.documents), "questions": len(picked), "corpus_mb": folder_mb(root / "knowledge")}


def environment(root: Path) -> dict[str, str]:
    """The environment of a process working on the folder under `root`."""
    return {**os.environ, "ASSISTANT_KNOWLEDGE_DIR": str(root / "knowledge"), "ASSISTANT_DATA_DIR": str(root / "data")}


def load_questions(root: Path) -> list[synthetic.SyntheticQuestion]:
    """The sampled questions written by `prepare`."""
    lines = (root / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [synthetic.SyntheticQuestion.model_validate_json(line) for line in lines]


# -- the systems, each run in its own process -------------------------------------------------
def measure_ours(root: Path) -> dict[str, Any]:
    """Build from nothing, then warm search and answer latency and quality on the questions."""
    from assistant.assistant import Assistant
    from assistant.evaluation import fact_present

    settings = Settings(knowledge_dir=root / "knowledge", data_dir=root / "data")
    started = time.perf_counter()
    bot = Assistant.from_settings(settings)
    build_s = time.perf_counter() - started
    questions = load_questions(root)
    search_ms, answer_ms, first, facts, with_facts, placed = [], [], 0, 0, 0, 0
    bot.ask(questions[0].question)  # warm-up
    for q in questions:
        t = time.perf_counter()
        bot.search(q.question, k=10)
        search_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        context = bot.prepare(q.question, [])
        answer = bot.answerer.answer(context)
        answer_ms.append((time.perf_counter() - t) * 1000)
        hits = context.result.hits
        first += int(bool(hits) and hits[0].clause_id in q.gold_clause_ids)
        placed += int(bool(hits) and bot.kb.meta(bot.kb.clause(hits[0].clause_id)).region == q.place)
        if q.key_facts:
            with_facts += 1
            facts += int(all(fact_present(group, answer.answer) for group in q.key_facts))
    return {
        "clauses": len(bot.kb.clauses),
        "build_s": round(build_s, 2),
        **latency(search_ms, "search"),
        **latency(answer_ms, "answer"),
        "rss_mb": peak_rss_mb(),
        "build_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),  # the child that built
        "clause_at_1": round(first / len(questions), 3),
        # the first clause is one of the asked place's own documents (at ×100 a place holds copies of several documents)
        "place_at_1": round(placed / len(questions), 3),
        "key_facts": round(facts / with_facts, 3) if with_facts else None,
    }


def jieba_tokenizer() -> Callable[[str], list[str]]:
    """A private jieba tokenizer's `lcut` (the tutorial's preprocess_func), initialized."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.lcut


def measure_tutorial(root: Path) -> dict[str, Any]:
    """RecursiveCharacterTextSplitter 500/50 + BM25Okapi over jieba tokens, as BM25Retriever."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from rank_bm25 import BM25Okapi

    from assistant.manifest import load_manifest

    manifest_path = root / "knowledge" / "manifest.toml"
    started = time.perf_counter()
    cut = jieba_tokenizer()
    splitter = RecursiveCharacterTextSplitter(chunk_size=TUTORIAL_CHUNK, chunk_overlap=TUTORIAL_OVERLAP)
    chunks: list[tuple[str, str]] = []  # (document id, text)
    for meta in load_manifest(manifest_path).documents:
        text = (manifest_path.parent / meta.file).read_text(encoding="utf-8")
        chunks += [(meta.id, piece) for piece in splitter.split_text(text)]
    bm25 = BM25Okapi([cut(text) for _, text in chunks])
    build_s = time.perf_counter() - started
    questions = load_questions(root)
    query_ms, tops = [], []
    positions = list(range(len(chunks)))
    for q in questions:
        t = time.perf_counter()
        top = bm25.get_top_n(cut(q.question), positions, n=TUTORIAL_K)
        query_ms.append((time.perf_counter() - t) * 1000)
        tops.append(top[0])
    rss = peak_rss_mb()  # before the clauses are loaded for scoring
    clause_of = _chunk_clauses(root, [chunks[i] for i in tops])
    first = sum(int(clause_of(chunks[i]) in q.gold_clause_ids) for i, q in zip(tops, questions))
    return {
        "chunks": len(chunks),
        "build_s": round(build_s, 2),
        **latency(query_ms, "query"),
        "rss_mb": rss,
        "clause_at_1": round(first / len(questions), 3),
    }


def _chunk_clauses(root: Path, chunks: list[tuple[str, str]]) -> Callable[[tuple[str, str]], str | None]:
    """Chunk → the clause it shares the most character bigrams with, among clauses of its region and date.

    Only the documents of those groups are parsed (a manifest of them beside the real one).
    """
    from assistant.knowledge import KnowledgeBase

    folder = root / "knowledge"
    metas = {d.id: d for d in load_manifest(folder / "manifest.toml").documents}
    groups = {(metas[doc_id].region, metas[doc_id].issue_date) for doc_id, _ in chunks}
    needed = [m for m in metas.values() if (m.region, m.issue_date) in groups]
    (folder / "mapping.toml").write_text(synthetic.manifest_toml(needed), encoding="utf-8")
    cache = root / "mapping-cache"  # a copy: building prunes the cache to its manifest
    cache.mkdir(exist_ok=True)
    for meta in needed:
        if (root / "data" / "parsed" / f"{meta.id}.json").is_file():
            shutil.copy2(root / "data" / "parsed" / f"{meta.id}.json", cache)
    kb = KnowledgeBase.build(folder / "mapping.toml", cache)
    by_group: dict[tuple[str, object], list[tuple[str, set[str]]]] = {}
    for clause in kb.all_clauses():
        meta = metas[clause.doc_id]
        by_group.setdefault((meta.region, meta.issue_date), []).append((clause.id, _bigrams(clause.text)))

    def best(chunk: tuple[str, str]) -> str | None:
        meta = metas[chunk[0]]
        grams = _bigrams(chunk[1])
        candidates = by_group.get((meta.region, meta.issue_date), [])
        return max(candidates, key=lambda c: len(c[1] & grams), default=(None, set()))[0]

    return best


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def measure_bm25s(root: Path) -> dict[str, Any]:
    """bm25s (Lucene BM25) over our clauses' texts with the same jieba tokens; query = tokenize + top 10."""
    import bm25s
    import numpy as np

    from assistant.knowledge import KnowledgeBase

    kb = KnowledgeBase.build(root / "knowledge" / "manifest.toml", root / "data" / "parsed")
    clauses = list(kb.all_clauses())
    started = time.perf_counter()
    cut = jieba_tokenizer()
    index = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    index.index([cut(c.text) for c in clauses], show_progress=False)
    build_s = time.perf_counter() - started
    questions = load_questions(root)
    query_ms, first = [], 0
    for q in questions:
        t = time.perf_counter()
        scores = index.get_scores(cut(q.question))
        top = np.argpartition(-scores, min(10, len(scores) - 1))[:10]
        best = int(top[np.argmax(scores[top])])
        query_ms.append((time.perf_counter() - t) * 1000)
        first += int(clauses[best].id in q.gold_clause_ids)
    return {
        "clauses": len(clauses),
        "build_s": round(build_s, 2),
        **latency(query_ms, "query"),
        "rss_mb": peak_rss_mb(),
        "build_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),  # the child that built
        "clause_at_1": round(first / len(questions), 3),
    }


MEASURES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "ours": measure_ours,
    "tutorial": measure_tutorial,
    "bm25s": measure_bm25s,
}


# -- the parent: one process per system, bounded ----------------------------------------------
def in_process(system: str, root: Path, timeout: float, memory_gb: float | None) -> dict[str, Any]:
    """Run one system's measure in a fresh process; a timeout, a memory bound or a crash is reported, not raised."""

    def limit() -> None:  # runs in the child before exec: the address-space bound (ulimit -v)
        if memory_gb:
            size = int(memory_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "assistant.scaling", system, str(root)],
            env=environment(root),
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s"}
    elapsed = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
        bound = f" (address space bounded at {memory_gb} GB)" if memory_gb else ""
        return {"error": f"exit {done.returncode} after {elapsed} s{bound}: {tail}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_command(args: list[str], root: Path, timeout: float) -> float | None:
    """Wall time of `python -m assistant ARGS` in a fresh process, or None when it failed."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "assistant", *args], env=environment(root), capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None
    return round(time.perf_counter() - started, 2) if done.returncode == 0 else None


def add_arguments(root: Path, name: str = ADDED.name, doc_id: str = "bench-added") -> list[str]:
    """`kb add` of a new document, its metadata inferred from its text (the id given)."""
    return ["kb", "add", str(root / "extra" / name), "--id", doc_id, "--yes"]


def measure_scale(
    settings: Settings,
    scale: int,
    systems: tuple[str, ...] = SYSTEMS,
    timeout: float = 900.0,
    memory_gb: float | None = None,
    step: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Every figure for one corpus size (one entry of the JSON's `sizes`)."""
    with _workspace(scale) as root:
        step(f"×{scale} 生成语料")
        row: dict[str, Any] = {"scale": scale, **prepare(settings, scale, root)}
        for system in systems:
            step(f"×{scale} {system}")
            row[system] = in_process(system, root, timeout, memory_gb)
        if "clauses" in row.get("ours", {}):  # last: `kb add` changes the corpus the baselines read
            row["clauses"] = row["ours"].pop("clauses")
            row["ours"]["index_mb"] = folder_mb(root / "data" / "chroma")
            row["ours"]["data_mb"] = folder_mb(root / "data")
            step(f"×{scale} ours 冷启动")
            row["ours"]["cold_start_s"] = timed_command(["ask", load_questions(root)[0].question], root, timeout)
            step(f"×{scale} ours kb add")
            row["ours"]["add_one_s"] = timed_command(add_arguments(root), root, timeout)
            row["ours"]["add_long_s"] = timed_command(add_arguments(root, LONG, "bench-long"), root, timeout)
        if "clauses" not in row and "clauses" in row.get("bm25s", {}):
            row["clauses"] = row["bm25s"]["clauses"]
        return row


def run(
    settings: Settings,
    scales: list[int],
    systems: tuple[str, ...] = SYSTEMS,
    timeout: float = 900.0,
    memory_gb: float | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Measure every size; the result is the JSON `bench --scale … --json` prints."""
    from tqdm import tqdm

    steps = sum(1 + len(systems) + (2 if "ours" in systems else 0) for _ in scales)
    with tqdm(total=steps, desc="bench", unit="步", file=sys.stderr, disable=not progress) as bar:

        def step(what: str) -> None:
            bar.set_description(what)
            bar.update(1)

        sizes = [measure_scale(settings, n, systems, timeout, memory_gb, step) for n in scales]
    return {"sizes": sizes}


@contextmanager
def _workspace(scale: int) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix=f"assistant-scale{scale}-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    """`python -m assistant.scaling SYSTEM FOLDER`: measure one system, print one JSON line."""
    system, root = argv[0], Path(argv[1])
    print(json.dumps(MEASURES[system](root), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
