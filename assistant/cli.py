"""Command line: `python -m assistant {ask,search,index,kb,lexicon,eval,bench,serve}`.

This module only reads arguments, calls the library and formats output; errors become one
readable line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant import kbcli
from assistant.errors import AssistantError
from assistant.models import Answer, BatchRequest
from assistant.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:  # the heavy modules are imported only by the commands that need them
    from assistant.assistant import Assistant

log = logging.getLogger("assistant")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    # `… | head` ends quietly. Not for `serve`: there a client hanging up mid-response is a broken
    # pipe too, and with the default action the kernel would kill the whole server without a word.
    if hasattr(signal, "SIGPIPE") and args.func is not _serve:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING, format="%(message)s")
    try:
        settings = Settings()
    except ValidationError as e:
        wrong = "、".join(str(err["loc"][0]) for err in e.errors())
        print(f"错误：环境变量设置有误（{wrong}），请检查 ASSISTANT_* 设置。", file=sys.stderr)
        return 2
    try:
        return int(args.func(args, settings) or 0)
    except AssistantError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="云南养老托育政策问答助手")
    parser.add_argument("-v", "--verbose", action="store_true", help="show progress logs")
    sub = parser.add_subparsers(required=True, metavar="command")

    ask = sub.add_parser("ask", help="answer a question with cited clauses")
    ask.add_argument("question", nargs="?", help="the question (omit with --jsonl)")
    mode = ask.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print one Answer object as JSON")
    mode.add_argument("--jsonl", action="store_true", help="read {id, question, history} lines from stdin")
    ask.set_defaults(func=_ask)

    search = sub.add_parser("search", help="ranked clauses for a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--explain", action="store_true", help="show matched tokens, expansions and signals")
    search.set_defaults(func=_search)

    index = sub.add_parser("index", help="build or update the vector index in the data directory")
    index.add_argument("--force", action="store_true", help="re-embed every document")
    index.set_defaults(func=_index)

    kb = sub.add_parser("kb", help="maintain and inspect the knowledge base")
    kb_sub = kb.add_subparsers(required=True, metavar="action")
    kbcli.register(kb_sub)

    lexicon = sub.add_parser("lexicon", help="print (or --write) the terms mined from the corpus")
    lexicon.add_argument("--write", action="store_true", help="write knowledge/lexicon/mined.txt")
    lexicon.set_defaults(func=_lexicon)

    ev = sub.add_parser("eval", help="run the evaluation set")
    ev.add_argument("--dataset", help="JSON Lines file of cases (default: eval/cases.jsonl)")
    ev.add_argument("--json", action="store_true", help="print the whole report as one JSON object")
    ev.add_argument("--out", help="write report.json and report.md into this directory")
    ev.add_argument("--baseline", help="fail when a headline metric drops below this report's by more than the tolerance")
    ev.add_argument("--only", help="run one category")
    ev.add_argument("--k", type=int, default=5, help="cut-off for hit@k and context metrics")
    ev.add_argument("--peer", action="store_true", help="also run a naive LangChain tutorial pipeline on the same cases")
    ev.set_defaults(func=_eval)

    bench = sub.add_parser("bench", help="measure parse, index, search and answer latency")
    bench.add_argument("--rounds", type=int, default=5)
    bench.add_argument("--bm25", action="store_true", help="also compare our sparse BM25 with bm25s on the same tokens")
    bench.add_argument(
        "--scale", type=int, action="append", metavar="N", help="synthetic corpus ×N against the baselines (repeatable)"
    )
    bench.add_argument("--systems", default="ours,tutorial,bm25s", help="with --scale: which of ours,tutorial,bm25s to run")
    bench.add_argument("--timeout", type=float, default=900.0, help="with --scale: seconds each system's process may take")
    bench.add_argument("--memory-limit-gb", type=float, default=None, help="with --scale: address-space bound of each process")
    bench.add_argument("--docs", type=Path, default=PROJECT_ROOT / "docs", help="with --scale: where benchmarks.md is written")
    bench.add_argument("--json", action="store_true", help="with --scale: print the results as one JSON object, last line")
    bench.set_defaults(func=_bench)

    serve = sub.add_parser("serve", help="start the web page and HTTP API")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.set_defaults(func=_serve)
    return parser


# -- commands -------------------------------------------------------------------------------
def _assistant(settings: Settings) -> Assistant:
    from assistant.assistant import Assistant

    return Assistant.from_settings(settings)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    bot = _assistant(settings)
    if args.jsonl:
        return _ask_jsonl(bot)
    if not args.question:
        print("错误：请提供问题，或使用 --jsonl 从标准输入读取。", file=sys.stderr)
        return 2
    answer = bot.ask(args.question)
    print(answer.model_dump_json(indent=2) if args.json else format_answer(answer))
    return 0


def _ask_jsonl(bot: Assistant) -> int:
    failures = 0
    batch_request = BatchRequest.limited(bot.settings)  # the same limits as the HTTP API
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            request = batch_request.model_validate_json(line)
            answer = bot.ask(request.question, request.history)
            out = {"id": request.id, **answer.model_dump(mode="json")}
        except AssistantError as e:
            failures += 1
            out = {"id": _line_id(line), "error": str(e)}
        except ValueError as e:
            failures += 1
            out = {"id": _line_id(line), "error": f"第{number}行不是有效的请求：{e.__class__.__name__}"}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 1 if failures else 0


def _line_id(line: str) -> object:
    try:
        return json.loads(line).get("id")
    except (ValueError, AttributeError):
        return None


def format_answer(answer: Answer) -> str:
    """Readable terminal output: the answer, notices, then numbered citations."""
    lines = [answer.answer, ""]
    lines += [f"提示：{n}" for n in answer.notices]
    if answer.searched_query:
        lines.append(f"检索问题：{answer.searched_query}")
    for i, c in enumerate(answer.citations, 1):
        depts = f"（责任单位：{'、'.join(c.departments)}）" if c.departments else ""
        lines.append(f"[{i}] 《{c.doc_title}》{c.label} · {c.region} · {c.issue_date.isoformat()}{depts}")
        lines.append(f"    {c.text}")
    return "\n".join(lines).strip()


def _search(args: argparse.Namespace, settings: Settings) -> int:
    bot = _assistant(settings)
    result = bot.search(args.query, k=args.k)
    q = result.query
    if args.explain:
        print(f"分词：{' '.join(q.words)}")
        print(
            f"扩展：{' '.join(q.expansions) or '（无）'}  地区：{'、'.join(q.regions) or '（无）'}  意图：{'、'.join(q.intents) or '（无）'}"
        )
        cov = result.coverage
        print(f"覆盖：具体词 {cov.specific_words} 命中 {cov.matched_specific}，最高BM25 {cov.top_bm25:.2f}")
    for rank, hit in enumerate(result.hits, 1):
        clause = bot.kb.clause(hit.clause_id)
        print(f"{rank}. {hit.score:.3f}  {bot.kb.citation_label(clause)}  [{clause.id}]")
        print(f"   {clause.text[:100]}")
        if args.explain:
            signals = "  ".join(f"{k}={v:.2f}" for k, v in hit.signals.items())
            print(f"   命中词：{' '.join(hit.matched)}\n   信号：{signals}")
    return 0


def _index(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import index
    from assistant.searchindex import open_index

    search = open_index(settings)  # loaded when this version is stored, else built and stored
    report = index.build(settings, search.kb, index.corpus_embedder(settings, search.kb, search.lexicon), force=args.force)
    if report.up_to_date:
        print(f"索引已是最新：{report.collection}，{report.clauses} 条。")
    else:
        print(
            f"索引已更新：{report.collection}，{report.clauses} 条，重建 {report.rebuilt}，复用 {report.copied}，{report.seconds:.2f} 秒。"
        )
    return 0


def _lexicon(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.knowledge import KnowledgeBase
    from assistant.lexicon import mine_terms

    terms = mine_terms(KnowledgeBase.from_settings(settings).all_clauses())
    if args.write:
        path = settings.lexicon_dir / "mined.txt"
        header = "# Mined from the corpus by `python -m assistant lexicon --write`; do not edit by hand.\n"
        path.write_text(header + "".join(f"{t} 1000 n\n" for t in terms), encoding="utf-8")
        print(f"已写入 {len(terms)} 个词：{path}")
    else:
        print("\n".join(terms))
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation import run_cli

    return run_cli(args, settings)


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.benchmark import compare_bm25, run

    if args.scale:
        return _bench_scale(args, settings)
    print(run(settings, rounds=args.rounds))
    if args.bm25:
        print(compare_bm25(settings, rounds=args.rounds))
    return 0


def _bench_scale(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import scalereport, scaling

    systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    unknown = [s for s in systems if s not in scaling.SYSTEMS]
    if unknown or any(n < 1 for n in args.scale):
        print(f"错误：--systems 只能取 {','.join(scaling.SYSTEMS)}，--scale 至少为 1。", file=sys.stderr)
        return 2
    result = scaling.run(settings, args.scale, systems, args.timeout, args.memory_limit_gb)
    page = scalereport.write(result, args.docs)
    print(scalereport.markdown(result, plotted=False))
    print(f"已写入 {page}")
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    started = time.perf_counter()
    print("▶ 载入网页组件（Gradio、FastAPI，约几秒）……", flush=True)  # the import alone takes seconds
    from assistant.web import serve

    serve(settings, host=args.host or settings.host, port=args.port or settings.port, started=started)
    return 0
