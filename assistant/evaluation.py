"""The evaluation harness: retrieval and answer metrics per category, reports, a regression gate.

Metrics (answerable = cases whose documents cover the question):
- hit@1, hit@k, MRR: a gold clause among the top results of the search for the (resolved) question;
- context precision / recall: share of the top-k that is gold / share of gold ids in the top-k;
- key-fact accuracy: every key-fact group has one spelling in the answer (normalized);
- citation precision: cited clauses that are gold or contain a key fact; citation recall:
  answerable cases citing at least one gold clause;
- abstention accuracy: unanswerable cases declined; false abstention: answerable cases declined;
- quote faithfulness: every piece quoted between “ ” (split at ……) occurs verbatim in a cited clause;
- number faithfulness: amounts, percentages, counts and dates in the answer that appear in no
  cited clause (nor in its label, title or issue date); the violating cases are listed;
- answer length (characters) and latency p50 / p95.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.errors import AssistantError, KnowledgeError
from assistant.facts import unsupported_numbers
from assistant.knowledge import KnowledgeBase
from assistant.models import Answer, EvalCase
from assistant.settings import Settings
from assistant.text import cn_date, normalize

HEADLINE = {  # metric: direction (+1 higher is better, -1 lower is better)
    "hit_at_1": 1,
    "hit_at_k": 1,
    "mrr": 1,
    "key_fact_accuracy": 1,
    "citation_recall": 1,
    "citation_precision": 1,
    "abstention_accuracy": 1,
    "false_abstention_rate": -1,
    "number_violations": -1,
    "quote_violations": -1,
}
TOLERANCE = 0.02  # a headline rate may drop this much; number_violations may not rise at all


class CaseResult(BaseModel):
    """What came back for one case, and how it scored."""

    id: str
    category: str
    question: str
    answerable: bool
    gold: list[str]
    retrieved: list[str]
    rank: int | None
    answer: str
    answered: bool
    cited: list[str]
    key_facts_ok: bool | None
    missing_facts: list[list[str]]
    gold_cited: bool | None
    citation_precision: float | None
    unsupported: list[str]
    misquoted: list[str] = []
    latency_ms: float

    @property
    def failed(self) -> bool:
        """Any check of this case failed."""
        if not self.answerable:
            return self.answered or bool(self.unsupported or self.misquoted)
        return not (self.answered and self.key_facts_ok and self.gold_cited) or bool(self.unsupported or self.misquoted)


def load_cases(path: Path) -> list[EvalCase]:
    """Read and validate a JSON Lines dataset; ids must be unique."""
    cases: list[EvalCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            cases.append(EvalCase.model_validate_json(line))
        except ValidationError as e:
            raise KnowledgeError(f"评测集 {path} 第{number}行格式有误：{e}") from e
    ids = [c.id for c in cases]
    if len(ids) != len(set(ids)):
        raise KnowledgeError(f"评测集 {path} 中有重复的编号。")
    return cases


def fact_present(group: list[str], text: str) -> bool:
    """One spelling of a key fact occurs in the text (NFKC, no spaces)."""
    haystack = normalize(text).replace(" ", "")
    return any(normalize(alt).replace(" ", "") in haystack for alt in group)


def citation_sources(kb: KnowledgeBase, answer: Answer) -> list[str]:
    """What an answer's numbers may come from: cited texts, labels, titles, and the cited documents' manifest
    entries (文号, issue and 施行 dates, term)."""
    out = []
    for c in answer.citations:
        out += [c.text, c.label, c.doc_title, cn_date(c.issue_date)]
        if c.doc_id in kb.by_doc:
            meta = kb.document(c.doc_id).meta
            dates = [d for d in (meta.effective_date, meta.expires) if d]
            out += [meta.title, meta.doc_number or "", *(cn_date(d) for d in dates)]
    return out


def quotations(text: str) -> list[str]:
    """The quotations of an answer: what follows ：“ up to its matching ” (nested quotes kept)."""
    out = []
    start = text.find("：“")
    while start >= 0:
        depth, i = 0, start + 1
        while i < len(text):
            depth += {"“": 1, "”": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        out.append(text[start + 2 : i])
        start = text.find("：“", i)
    return out


_SPACES = re.compile(r"\s+")


def misquotes(answer: Answer) -> list[str]:
    """Quoted pieces (split at ……) that are not verbatim in any cited clause (line breaks are layout, not text)."""
    texts = [_SPACES.sub("", normalize(c.text)) for c in answer.citations]
    bad = []
    for quote in quotations(answer.answer):
        for piece in quote.split("……"):
            piece = normalize(piece).strip("，、,；;。 ")
            if piece and not any(_SPACES.sub("", piece) in t for t in texts):
                bad.append(piece)
    return bad


def score_case(kb: KnowledgeBase, case: EvalCase, retrieved: list[str], answer: Answer, latency_ms: float) -> CaseResult:
    """Score one case."""
    gold = set(case.gold_clause_ids)
    rank = next((i + 1 for i, cid in enumerate(retrieved) if cid in gold), None)
    cited = [c.clause_id for c in answer.citations]
    missing = [g for g in case.key_facts if not fact_present(g, answer.answer)]
    precision = None
    if cited and case.answerable:
        good = sum(1 for c in answer.citations if c.clause_id in gold or any(fact_present(g, c.text) for g in case.key_facts))
        precision = good / len(cited)
    return CaseResult(
        id=case.id,
        category=case.category,
        question=case.question,
        answerable=case.answerable,
        gold=case.gold_clause_ids,
        retrieved=retrieved,
        rank=rank,
        answer=answer.answer,
        answered=answer.answered,
        cited=cited,
        key_facts_ok=(not missing) if case.answerable else None,
        missing_facts=missing,
        gold_cited=bool(gold & set(cited)) if case.answerable else None,
        citation_precision=precision,
        unsupported=unsupported_numbers(answer.answer, citation_sources(kb, answer), answer.computed) if answer.answered else [],
        misquoted=misquotes(answer),
        latency_ms=latency_ms,
    )


def summarize(results: list[CaseResult], k: int) -> dict[str, float]:
    """Aggregate metrics over a list of case results."""
    answerable = [r for r in results if r.answerable]
    retrieval = [r for r in answerable if r.gold]
    unanswerable = [r for r in results if not r.answerable]
    latencies = sorted(r.latency_ms for r in results)

    def rate(items: list[CaseResult], pred: Callable[[CaseResult], bool]) -> float:
        return round(sum(1 for r in items if pred(r)) / len(items), 4) if items else 0.0

    precisions = [r.citation_precision for r in answerable if r.citation_precision is not None]
    return {
        "cases": len(results),
        "hit_at_1": rate(retrieval, lambda r: r.rank == 1),
        "hit_at_k": rate(retrieval, lambda r: r.rank is not None and r.rank <= k),
        "mrr": round(sum(1 / r.rank for r in retrieval if r.rank) / len(retrieval), 4) if retrieval else 0.0,
        "context_precision": round(
            statistics.mean(len(set(r.retrieved[:k]) & set(r.gold)) / max(len(r.retrieved[:k]), 1) for r in retrieval), 4
        )
        if retrieval
        else 0.0,
        "context_recall": round(statistics.mean(len(set(r.retrieved[:k]) & set(r.gold)) / len(r.gold) for r in retrieval), 4)
        if retrieval
        else 0.0,
        "key_fact_accuracy": rate(answerable, lambda r: bool(r.key_facts_ok)),
        "citation_precision": round(statistics.mean(precisions), 4) if precisions else 0.0,
        "citation_recall": rate(answerable, lambda r: bool(r.gold_cited)),
        "abstention_accuracy": rate(unanswerable, lambda r: not r.answered),
        "false_abstention_rate": rate(answerable, lambda r: not r.answered),
        "number_violations": sum(1 for r in results if r.unsupported),
        "quote_violations": sum(1 for r in results if r.misquoted),
        "answer_length": round(statistics.mean(len(r.answer) for r in results), 1) if results else 0.0,
        "latency_p50_ms": round(latencies[len(latencies) // 2], 2) if latencies else 0.0,
        "latency_p95_ms": round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 2) if latencies else 0.0,
    }


def evaluate(settings: Settings, cases: list[EvalCase], k: int, progress: bool = True) -> list[CaseResult]:
    """Run every case through the assistant (warm: loading is not timed)."""
    from assistant.assistant import Assistant

    bot = Assistant.from_settings(settings)
    bot.ask(bot.kb.examples()[0])  # warm-up
    results = []
    for i, case in enumerate(cases, 1):
        started = time.perf_counter()
        context = bot.prepare(case.question, case.history)
        answer = bot.answerer.answer(context)
        latency = (time.perf_counter() - started) * 1000
        retrieved = [h.clause_id for h in context.result.hits[:k]]
        results.append(score_case(bot.kb, case, retrieved, answer, latency))
        if progress:
            _progress(i, len(cases))
    return results


def _progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / total)
    end = "\n" if done == total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr, flush=True)


def report(results: list[CaseResult], k: int, peer: dict | None = None) -> dict:
    """The whole report: overall, per category, failing cases, optional peer figures."""
    by_category: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        by_category[r.category].append(r)
    out = {
        "k": k,
        "overall": summarize(results, k),
        "categories": {cat: summarize(items, k) for cat, items in sorted(by_category.items())},
        "failures": [r.model_dump() for r in results if r.failed],
        "number_violations": [{"id": r.id, "unsupported": r.unsupported, "answer": r.answer} for r in results if r.unsupported],
    }
    if peer is not None:
        out["peer"] = peer
    return out


TABLE_COLUMNS = [
    ("cases", "n"),
    ("hit_at_1", "hit@1"),
    ("hit_at_k", "hit@k"),
    ("mrr", "MRR"),
    ("key_fact_accuracy", "facts"),
    ("citation_recall", "cite-R"),
    ("citation_precision", "cite-P"),
    ("abstention_accuracy", "abstain"),
    ("false_abstention_rate", "false-abs"),
    ("number_violations", "num-viol"),
    ("quote_violations", "misquote"),
    ("latency_p95_ms", "p95 ms"),
]


def table(rep: dict) -> str:
    """A fixed-width per-category table for the terminal."""
    head = f"{'category':<14}" + "".join(f"{label:>10}" for _, label in TABLE_COLUMNS)
    lines = [head, "-" * len(head)]
    rows = [*rep["categories"].items(), ("OVERALL", rep["overall"])]
    if "peer" in rep:
        rows.append(("peer(naive)", rep["peer"]))
    for name, metrics in rows:
        cells = "".join(_cell(metrics.get(key)) for key, _ in TABLE_COLUMNS)
        lines.append(f"{name:<14}{cells}")
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return f"{'-':>10}"
    if isinstance(value, float):
        return f"{value:>10.3f}" if value <= 1 else f"{value:>10.1f}"
    return f"{value!s:>10}"


def markdown(rep: dict) -> str:
    """The report as Markdown: the table and the failing cases."""
    lines = ["# 评测报告", "", "```", table(rep), "```", "", f"## 未通过的用例（{len(rep['failures'])}）", ""]
    for f in rep["failures"]:
        lines.append(f"- **{f['id']}**（{f['category']}）{f['question']}")
        lines.append(f"  - 期望条款：{', '.join(f['gold']) or '（应拒答）'}；检索前列：{', '.join(f['retrieved'][:3])}")
        if f["missing_facts"]:
            lines.append(f"  - 缺少要点：{f['missing_facts']}")
        if f["unsupported"]:
            lines.append(f"  - 无出处的数字：{f['unsupported']}")
        if f["misquoted"]:
            lines.append(f"  - 与原文不符的引文：{f['misquoted']}")
        lines.append(f"  - 回答：{f['answer'][:200]}")
    return "\n".join(lines) + "\n"


def gate(current: dict, baseline: dict) -> list[str]:
    """Headline metrics that regressed beyond the tolerance."""
    problems = []
    for metric, direction in HEADLINE.items():
        now, before = current["overall"].get(metric), baseline["overall"].get(metric)
        if now is None or before is None:
            continue
        if metric in ("number_violations", "quote_violations"):
            if now > before:
                problems.append(f"{metric}: {before} → {now}")
        elif direction * (now - before) < -TOLERANCE:
            problems.append(f"{metric}: {before:.3f} → {now:.3f}（容差 {TOLERANCE}）")
    return problems


def run_cli(args: argparse.Namespace, settings: Settings) -> int:
    """`python -m assistant eval`."""
    path = Path(args.dataset) if args.dataset else settings.eval_dir / "cases.jsonl"
    cases = load_cases(path)
    if args.only:
        cases = [c for c in cases if c.category == args.only]
        if not cases:
            raise AssistantError(f"评测集中没有类别 {args.only}。")
    started = time.perf_counter()
    results = evaluate(settings, cases, args.k, progress=not args.json)
    peer = None
    if args.peer:
        from assistant.peer import evaluate_peer

        peer = evaluate_peer(settings, cases, args.k)
    rep = report(results, args.k, peer)
    rep["seconds"] = round(time.perf_counter() - started, 1)
    rep["dataset"] = str(path)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json.dumps(rep, ensure_ascii=False, indent=2), encoding="utf-8")
        (out / "report.md").write_text(markdown(rep), encoding="utf-8")
    if args.json:
        print(json.dumps(rep, ensure_ascii=False))
    else:
        print(table(rep))
        _print_failures(rep["failures"])
        print(f"用时 {rep['seconds']} 秒；{len(rep['failures'])} 个用例未通过" + (f"，报告已写入 {args.out}" if args.out else ""))
    if args.baseline:
        problems = gate(rep, json.loads(Path(args.baseline).read_text(encoding="utf-8")))
        if problems:
            print("回归检查未通过：\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        print("回归检查通过（与基线相比没有超出容差的下降）。")
    return 0


def _print_failures(failures: Iterable[dict], limit: int = 15) -> None:
    failures = list(failures)
    for f in failures[:limit]:
        expected = ", ".join(f["gold"]) or "（应拒答）"
        print(
            f"✗ {f['id']} {f['question']}\n    期望 {expected}；检索 {', '.join(f['retrieved'][:3])}\n    回答 {f['answer'][:120]}"
        )
    if len(failures) > limit:
        print(f"…… 另有 {len(failures) - limit} 个，见报告文件。")
