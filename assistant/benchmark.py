"""`python -m assistant bench`: parse, cold index build, warm search and answer latency.

Figures for the README come from here, not from timed tests.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from assistant.settings import Settings


def questions(settings: Settings) -> list[str]:
    """The timed questions: eval/bench_questions.txt, one per line."""
    lines = (settings.eval_dir / "bench_questions.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(settings: Settings, rounds: int = 5) -> str:
    """Measure and return a Markdown summary."""
    from assistant.assistant import Assistant
    from assistant.knowledge import KnowledgeBase

    lines = [f"机器：{platform.processor() or platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}"]
    started = time.perf_counter()
    for _ in range(rounds):
        KnowledgeBase.from_settings(settings)
    lines.append(f"- 解析全部五个文件：{(time.perf_counter() - started) / rounds * 1000:.0f} ms（{rounds} 次平均）")
    tmp = Path(tempfile.mkdtemp(prefix="assistant-bench-"))
    try:
        cold = settings.model_copy(update={"data_dir": tmp})
        started = time.perf_counter()
        bot = Assistant.from_settings(cold)
        lines.append(f"- 冷启动（解析 + 分词器 + 嵌入 + 建 Chroma 索引）：{time.perf_counter() - started:.2f} s")
        search, answer = [], []
        for _ in range(rounds):
            for q in questions(settings):
                t = time.perf_counter()
                bot.search(q, k=10)
                search.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                bot.ask(q)
                answer.append((time.perf_counter() - t) * 1000)
        lines.append(
            f"- 检索（热）：p50 {_percentile(search, 0.5):.1f} ms，p95 {_percentile(search, 0.95):.1f} ms（{len(search)} 次）"
        )
        lines.append(f"- 回答（热，抽取式）：p50 {_percentile(answer, 0.5):.1f} ms，p95 {_percentile(answer, 0.95):.1f} ms")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        lines.append(f"- 进程峰值内存：{rss:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return "\n".join(lines)


def compare_bm25(settings: Settings, rounds: int = 5) -> str:
    """Our sparse BM25 against bm25s over the same tokens: equal scores? build and query time?

    Both are Lucene BM25 (k1 1.2, b 0.75) over the clauses' word units; bm25s leaves out the
    constant (k1 + 1) of the numerator, so its scores are compared times 2.2. Our queries weigh
    terms (the user's words 1.0, expansions 0.4…), which bm25s takes as one call per weight.
    """
    import bm25s
    import numpy as np

    from assistant.assistant import Assistant
    from assistant.models import EvalCase

    bot = Assistant.from_settings(settings.model_copy(update={"vector_enabled": False}), build_index=False)
    lexical = bot.retriever.lexical
    units = [bot.lexicon.words_of(u) for u in lexical.units]
    started = time.perf_counter()
    ours = type(lexical.words)(units)
    ours_build = time.perf_counter() - started
    started = time.perf_counter()
    theirs = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    theirs.index(units, show_progress=False)
    theirs_build = time.perf_counter() - started
    cases = [
        EvalCase.model_validate_json(line)
        for line in (settings.eval_dir / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    terms = [lexical.weighted_terms(bot.analyse(c.question))[0] for c in cases]
    ours_ms, theirs_ms, diffs, same_top = [], [], [], 0
    for _ in range(rounds):
        for weighted in terms:
            t = time.perf_counter()
            a = ours.scores(weighted)
            ours_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            b = np.zeros(len(units))
            for weight in set(weighted.values()):
                b += weight * theirs.get_scores([w for w, v in weighted.items() if v == weight])
            theirs_ms.append((time.perf_counter() - t) * 1000)
            b *= 1.2 + 1  # (k1 + 1)
            diffs.append(float(np.abs(a - b).max() / max(a.max(), 1e-9)))
            same_top += int(np.argmax(a) == np.argmax(b))
    n = len(ours_ms)
    return "\n".join(
        [
            f"BM25 对照（{len(units)} 个检索单元，{len(cases)} 个问题 × {rounds} 轮，仅词字段）：",
            f"- 建索引：本项目 {ours_build * 1000:.0f} ms，bm25s {theirs_build * 1000:.0f} ms",
            f"- 单次查询：本项目 p50 {_percentile(ours_ms, 0.5):.3f} ms / p95 {_percentile(ours_ms, 0.95):.3f} ms；"
            f"bm25s（按权重分组调用）p50 {_percentile(theirs_ms, 0.5):.3f} ms / p95 {_percentile(theirs_ms, 0.95):.3f} ms",
            f"- 分数最大相对差 {max(diffs):.1e}（乘以 k1+1 后）；首位相同 {same_top}/{n}",
        ]
    )
