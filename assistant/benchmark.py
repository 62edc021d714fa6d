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
