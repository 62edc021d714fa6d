"""`python -m assistant kb …`: the maintainers' commands (add, replace, remove, list, validate, show, stats).

Only argument reading and output live here; the work is done by `assistant.catalog`. Exit codes:
0 all done, 1 some files failed (the others were added), 2 nothing could be done.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError, KnowledgeError
from assistant.models import STATUS_NAMES, Section
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.catalog import Overrides, Prepared
    from assistant.knowledge import KnowledgeBase
    from assistant.metadata import Inferred

FIELD_NAMES = {
    "id": "编号",
    "title": "标题",
    "short_title": "简称",
    "issuer": "发文机关",
    "region": "地区",
    "level": "层级",
    "issue_date": "成文日期",
    "doc_number": "文号",
    "effective_date": "施行日期",
    "expires": "有效期至",
    "source_url": "来源网址",
}


def register(kb_sub: argparse._SubParsersAction) -> None:
    """Add the kb actions to the `kb` sub-parser."""
    add = kb_sub.add_parser("add", help="add documents (.txt .md .html .docx .pdf) to the knowledge base")
    add.add_argument("files", nargs="+", type=Path)
    _metadata_flags(add)
    add.add_argument("--supersedes", help="id of the document this one replaces (it is marked superseded)")
    add.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add.add_argument("--no-index", action="store_true", help="do not update the vector index now")
    add.set_defaults(func=_add)

    replace = kb_sub.add_parser("replace", help="replace a document's file, keeping its id")
    replace.add_argument("doc_id")
    replace.add_argument("file", type=Path)
    _metadata_flags(replace, with_id=False)
    replace.add_argument("--yes", action="store_true")
    replace.add_argument("--no-index", action="store_true")
    replace.set_defaults(func=_replace)

    remove = kb_sub.add_parser("remove", help="remove a document (its file is kept under data/removed/)")
    remove.add_argument("doc_id")
    remove.add_argument("--yes", action="store_true")
    remove.add_argument("--no-index", action="store_true")
    remove.set_defaults(func=_remove)

    listing = kb_sub.add_parser("list", help="the documents, with region, date and validity")
    listing.set_defaults(func=_list)

    validate = kb_sub.add_parser("validate", help="check the manifest, every document and orphan files")
    validate.set_defaults(func=_validate)

    show = kb_sub.add_parser("show", help="print a document's tree")
    show.add_argument("doc_id", nargs="?", help="document id (omit to list documents)")
    show.add_argument("--text", action="store_true", help="print each clause's text")
    show.add_argument("--coverage", action="store_true", help="body share in clauses, and every dropped line with its reason")
    show.set_defaults(func=_show)

    stats = kb_sub.add_parser("stats", help="counts per document")
    stats.set_defaults(func=_stats)


def _metadata_flags(parser: argparse.ArgumentParser, with_id: bool = True) -> None:
    if with_id:
        parser.add_argument("--id", help="document id (lowercase letters, digits, -); inferred when absent")
    parser.add_argument("--title")
    parser.add_argument("--short-title")
    parser.add_argument("--issuer")
    parser.add_argument("--region", help="the place the document applies to, e.g. 文山州")
    parser.add_argument("--level", choices=["province", "city", "county"])
    parser.add_argument("--date", type=date.fromisoformat, help="成文日期 YYYY-MM-DD")
    parser.add_argument("--doc-number", help="文号, e.g. 云政办发〔2021〕52号")
    parser.add_argument("--effective", type=date.fromisoformat, help="施行日期 YYYY-MM-DD")
    parser.add_argument("--expires", type=date.fromisoformat, help="有效期至 YYYY-MM-DD")
    parser.add_argument("--source-url")


def _overrides(args: argparse.Namespace) -> Overrides:
    from assistant.catalog import Overrides

    return Overrides(
        id=getattr(args, "id", None),
        title=args.title,
        short_title=args.short_title,
        issuer=args.issuer,
        region=args.region,
        level=args.level,
        issue_date=args.date,
        doc_number=args.doc_number,
        effective_date=args.effective,
        expires=args.expires,
        supersedes=getattr(args, "supersedes", None),
        source_url=args.source_url,
    )


# -- changing the knowledge base --------------------------------------------------------------------
def _add(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.catalog import Catalog

    catalog = Catalog(settings)
    overrides = _overrides(args)
    if len(args.files) > 1 and (overrides.id or overrides.title):
        print("错误：--id 和 --title 只能用于单个文件。", file=sys.stderr)
        return 2
    prepared, failed = [], 0
    for path in _progress(args.files, "读取与解析"):
        try:
            item = catalog.prepare(path, overrides)
        except AssistantError as e:
            print(f"✗ {e}", file=sys.stderr)
            failed += 1
            continue
        _describe(item)
        if not _confirm(args.yes, f"添加 {item.meta.id}？"):
            print(f"已跳过 {path.name}。")
            failed += 1
            continue
        prepared.append(item)
    if prepared:
        catalog.add(prepared)
        print(f"已添加 {len(prepared)} 个文件：{'、'.join(p.meta.id for p in prepared)}。")
        _reindex(args, settings)
    return _exit_code(len(prepared), failed)


def _replace(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.catalog import Catalog

    catalog = Catalog(settings)
    item = catalog.prepare(args.file, _overrides(args), replacing=args.doc_id)
    _describe(item)
    if not _confirm(args.yes, f"用 {args.file.name} 替换 {args.doc_id}？"):
        print("未替换。")
        return 1
    kept = catalog.replace(args.doc_id, item)
    print(f"已替换 {args.doc_id}。" + (f"原文件已保存到 {kept}。" if kept else ""))
    _reindex(args, settings)
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.catalog import Catalog

    catalog = Catalog(settings)
    meta = next((d for d in catalog.manifest.documents if d.id == args.doc_id), None)
    if meta is None:
        raise KnowledgeError(f"没有编号为 {args.doc_id} 的文件。可用：{'、'.join(d.id for d in catalog.manifest.documents)}")
    if not _confirm(args.yes, f"删除 {meta.id}（{meta.title}）？"):
        print("未删除。")
        return 1
    kept = catalog.remove(args.doc_id)
    print(f"已删除 {args.doc_id}。" + (f"原文件已保存到 {kept}。" if kept else ""))
    _reindex(args, settings)
    return 0


def _reindex(args: argparse.Namespace, settings: Settings) -> None:
    """Store the new version's search index and bring the vector index up to date (unchanged documents' vectors are reused)."""
    if args.no_index:
        return
    from assistant import index
    from assistant.searchindex import open_index

    started = time.perf_counter()
    search = open_index(settings)  # only changed documents are parsed again; the next start loads it
    if not settings.vector_enabled:
        return
    report = index.build(settings, search.kb, index.corpus_embedder(settings, search.kb, search.lexicon), progress=True)
    print(f"索引已更新：{report.clauses} 条，用时 {time.perf_counter() - started:.1f} 秒。")


def _found_in(inferred: Inferred, key: str) -> str:
    """Where an inferred value was read: the text, or the web page's 信息公开 table."""
    return "（从网页信息公开栏识别）" if key in inferred.from_page else "（从正文识别）"


def _describe(item: Prepared) -> None:
    meta = item.meta
    print(f"{item.path.name}（{item.source.format}{'，' + item.source.encoding if item.source.encoding else ''}）：")
    for key, name in FIELD_NAMES.items():
        value = getattr(meta, key, None)
        if value:
            inferred = "" if getattr(item.inferred, key, None) != value else _found_in(item.inferred, key)
            print(f"  {name}：{value}{inferred}")
    if item.supersedes:
        print(f"  替代：{item.supersedes}")
    result = item.parse
    print(f"  条款：{len(result.clauses)} 条，正文覆盖率 {result.coverage.share:.1%}")
    for warning in item.warnings:
        print(f"  ⚠ {warning}")


def _confirm(yes: bool, question: str) -> bool:
    if yes:
        return True
    try:
        reply = input(f"{question} [y/N] ")
    except EOFError:
        print("\n未确认（没有输入）。可加 --yes 跳过确认。", file=sys.stderr)
        return False
    return reply.strip().lower() in ("y", "yes", "是", "确认")


def _exit_code(done: int, failed: int) -> int:
    if failed and not done:
        return 2
    return 1 if failed else 0


def _progress(items: list[Path], what: str) -> Iterable[Path]:
    if len(items) < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=what, unit="个", file=sys.stderr)


# -- reading the knowledge base ---------------------------------------------------------------------
def _list(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.catalog import Catalog

    today = settings.current_date()
    for meta in Catalog(settings).manifest.documents:
        status = STATUS_NAMES[meta.status(today)] + (f"（由 {meta.superseded_by} 替代）" if meta.superseded_by else "")
        number = f" {meta.doc_number}" if meta.doc_number else ""
        print(f"{meta.id}\t{meta.region}\t{meta.issue_date}\t{status}\t《{meta.title}》{number}")
    return 0


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.catalog import Catalog

    catalog = Catalog(settings)
    problems = catalog.validate()
    for problem in problems:
        print(f"✗ {problem}")
    if problems:
        print(f"发现 {len(problems)} 个问题。")
        return 1
    print(f"知识库完好：{len(catalog.manifest.documents)} 个文件均可解析，没有孤立文件。")
    return 0


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.knowledge import KnowledgeBase

    kb = KnowledgeBase.from_settings(settings)
    if not args.doc_id:
        return _list(args, settings)
    doc = kb.document(args.doc_id)
    meta = doc.meta
    number = f" {meta.doc_number}" if meta.doc_number else ""
    print(f"《{meta.title}》{number} {meta.issuer} {meta.issue_date} {meta.region}（{meta.kind or '文件'}）")
    if args.coverage:
        print(f"正文覆盖率：{doc.coverage:.1%}（正文 {doc.body_chars} 字，进入条款 {doc.landed_chars} 字）")
        if not doc.structured:
            print("未识别出条款编号结构，已按段落收录。")
        for line in doc.dropped_lines:
            print(f"  舍弃［{line.reason}］{line.text}")
        return 0
    for alt in doc.alternates:
        print(f"  另一来源：{alt.file}（{alt.source_kind}，{alt.matched_clauses} 条重合，舍弃 {alt.dropped_lines} 行非正文）")
    for section in doc.sections:
        _print_section(kb, section, 0, args.text)
    for annex in doc.annexes:
        if not annex.has_content:
            print(f"  （附件{annex.number}《{annex.title}》正文未收录）")
    return 0


def _print_section(kb: KnowledgeBase, section: Section, depth: int, with_text: bool) -> None:
    indent = "  " * depth
    print(f"{indent}{section.label} {section.title}")
    for clause_id in section.clause_ids:
        clause = kb.clause(clause_id)
        if clause.label == section.label and not with_text:
            continue
        text = clause.text if with_text else clause.text[:60] + ("…" if len(clause.text) > 60 else "")
        print(f"{indent}  · [{clause.label}] {text}")
    for child in section.children:
        _print_section(kb, child, depth + 1, with_text)


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.knowledge import KnowledgeBase

    started = time.perf_counter()
    kb = KnowledgeBase.from_settings(settings)
    elapsed = time.perf_counter() - started
    print(f"{'文档':<20}{'条款':>6}{'条目':>6}{'段落':>6}{'表格行':>6}{'去重':>6}{'覆盖率':>8}")
    for doc in kb.documents:
        kinds = Counter(c.kind for c in doc.clauses)
        rows = kinds["table_row"] + kinds["table_total"]
        print(
            f"{doc.meta.id:<20}{len(doc.clauses):>6}{kinds['item']:>6}{kinds['paragraph']:>6}{rows:>6}"
            f"{doc.duplicates_dropped:>6}{doc.coverage:>8.1%}"
        )
    print(f"共 {len(kb.clauses)} 条，解析用时 {elapsed * 1000:.0f} 毫秒。")
    return 0
