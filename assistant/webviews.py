"""HTML for the web page: answers, citation cards, hotline results, document trees.

Everything that reaches a `gr.HTML` or a chat message is built here, and every piece of text
passes through `html.escape` first: Gradio does not sanitize `gr.HTML`, and questions and
documents are shown as text, never as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from assistant.facts import AMOUNT, DEADLINE, PERCENT
from assistant.gazetteer import Gazetteer
from assistant.knowledge import KnowledgeBase
from assistant.models import STATUS_NAMES, Clause, Document, DocumentMeta, Section
from assistant.text import cn_date


@dataclass(frozen=True)
class PageTexts:
    """The page's wording, derived from the knowledge base: its places, its example questions."""

    brand: str
    subtitle: str
    note: str
    examples: list[str]

    @classmethod
    def of(cls, kb: KnowledgeBase, gazetteer: Gazetteer) -> PageTexts:
        """Texts for the documents of `kb`: 依据<省>、<市>、<市>…."""
        regions = sorted(kb.regions(), key=gazetteer.order_key)
        provinces = list(dict.fromkeys(p for r in regions if (p := gazetteer.province_of(r))))
        home = gazetteer.places.get(provinces[0]) if len(provinces) == 1 else None
        prefix = (home.short[0] if home and home.short else home.name) if home else ""
        places = "、".join(regions)
        return cls(
            brand=f"{prefix}“一老一小”养老托育政策问答",
            subtitle=f"依据{places}已发布的养老托育政策文件逐条作答，每个回答都注明原文出处。",
            note=f"本助手依据已收录的{places}政策文件作答，仅供参考，具体以正式文件为准。如需人工咨询，请拨打12345。",
            examples=kb.examples()[:4],
        )


SOURCE_MARKER = re.compile(r"\[C\d+\]")  # source markers while an LLM answer streams; the final answer replaces them
FACT_PATTERN = re.compile("|".join(p.pattern for p in (AMOUNT, PERCENT, DEADLINE)) + r"|20\d{2}年\d{1,2}月(?:\d{1,2}日)?")


def esc(text: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def mark(text: str, words: Iterable[str] = (), facts: bool = True) -> str:
    """Escaped text with key facts (amounts, percentages, dates) and the given words in <mark>."""
    spans = [(m.start(), m.end(), "fact") for m in FACT_PATTERN.finditer(text)] if facts else []
    for word in {w for w in words if w}:
        spans += [(m.start(), m.end(), "hit") for m in re.finditer(re.escape(word), text)]
    out, pos = [], 0
    for start, end, cls in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= pos:  # overlapping spans: the earlier, longer one wins
            out += [esc(text[pos:start]), f'<mark class="{cls}">{esc(text[start:end])}</mark>']
            pos = end
    return ("".join(out) + esc(text[pos:])).replace("\n", "<br>")


def link(clause_id: str, label: str, new_tab: bool = True) -> str:
    """A link that opens a clause in the documents tab (`?clause=<id>`)."""
    target = ' target="_blank" rel="noopener"' if new_tab else ""
    return f'<a class="link" href="?clause={esc(quote(clause_id, safe=""))}"{target}>{esc(label)}</a>'


def snippet(text: str, words: Iterable[str], width: int = 90) -> str:
    """About `width` characters of text around the first matched word."""
    found = [i for w in words if w and (i := text.find(w)) >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def departments(names: list[str], tail: str = "") -> str:
    """责任单位 line, empty when none are named."""
    return f"责任单位：{esc('、'.join(names))}{tail}" if names else ""


def render_hits(hits: list[tuple[Clause, list[str]]], titles: dict[str, str], best: dict[str, str] | None = None) -> str:
    """Hotline results: keyboard-focusable buttons, each with its best sentence (`best` by clause id) and the matched words."""
    if not hits:
        return '<div class="empty">没有找到相关条款，换个说法试试，例如“护理补助”“托育备案”。</div>'
    rows = [
        f'<button type="button" class="hit" data-clause="{esc(c.id)}" aria-pressed="false"><span class="rank">{rank}</span>'
        f'<span class="body"><span class="where">《{esc(titles[c.doc_id])}》{esc(c.label)} · {"表格" if c.is_table else "条款"}</span>'
        f"<strong>{mark(c.title, words, facts=False)}</strong>"
        f'<span class="snippet">{mark((best or {}).get(c.id) or snippet(c.text, words), words, facts=False)}</span></span></button>'
        for rank, (c, words) in enumerate(hits, 1)
    ]
    return f'<div class="hits">{"".join(rows)}</div>'


def render_detail(clause: Clause, doc: Document, section: Section | None, words: list[str]) -> str:
    """The chosen clause in full, under its document and parent section."""
    crumbs = " › ".join(esc(p) for p in [f"《{doc.meta.title}》", *clause.path])
    heading = (
        f'<div class="section">所在章节：{esc(section.label)} {esc(section.title)}</div>'
        if section and section.label != clause.label
        else ""
    )
    cells = "".join(f"<tr><th>{esc(k)}</th><td>{mark(v)}</td></tr>" for k, v in clause.columns.items())
    return (
        f'<div class="detail"><div class="crumbs">{crumbs}</div>{heading}<h2>{esc(clause.label)} {esc(clause.title)}</h2>'
        f'<p class="clause-text">{mark(clause.text, words)}</p>{f"<table class=columns>{cells}</table>" if cells else ""}'
        f'<div class="meta">{esc(doc.meta.region)} · {cn_date(doc.meta.issue_date)}印发 · {departments(clause.departments, " · ")}'
        f"{link(clause.id, '在文件中查看 ›')}</div></div>"
    )


def render_related(clauses: list[Clause], titles: dict[str, str]) -> str:
    """Clauses on the same subject in other documents, as links."""
    if not clauses:
        return '<div class="empty">其他文件中没有找到相关条款。</div>'
    items = "".join(
        f'<li>{link(c.id, f"《{titles[c.doc_id]}》{c.label}")}<span class="snippet">{esc(snippet(c.text, [], 70))}</span></li>'
        for c in clauses
    )
    return f'<div class="related"><div class="cards-head">其他文件中的相关条款</div><ul>{items}</ul></div>'


def status_text(meta: DocumentMeta, today: date, titles: dict[str, str]) -> str:
    """现行有效 / 已失效 / 已被《…》替代 / 尚未施行, for a document on a date."""
    status = meta.status(today)
    if status == "superseded" and meta.superseded_by:
        return f"已被《{titles.get(meta.superseded_by, meta.superseded_by)}》替代"
    return STATUS_NAMES[status]


def render_tree(doc: Document, focus: str | None = None, today: date | None = None, titles: dict[str, str] | None = None) -> str:
    """A document as a navigable tree with its 文号, issuer, date, validity and source; search within; expand/collapse all."""
    m = doc.meta
    facts = [m.doc_number or "", m.issuer, f"{cn_date(m.issue_date)}印发", m.region]
    meta = " · ".join(esc(f) for f in facts if f)
    status = status_text(m, today or date.today(), titles or {})
    valid = "in" if status == STATUS_NAMES["in_force"] else "out"
    source = (
        f' · <a class="link" href="{esc(m.source_url)}" target="_blank" rel="noopener">来源网页</a>'
        if m.source_url and m.source_url.startswith(("https://", "http://"))
        else ""
    )
    tools = (
        '<div class="tree-tools"><label>在本文件中查找 <input class="find" type="search" placeholder="输入词语，如：补贴"></label>'
        '<span class="found" role="status"></span>'
        '<button type="button" data-tree="open">全部展开</button><button type="button" data-tree="close">全部收起</button></div>'
    )
    tree = _sections(doc.sections, {c.id: c for c in doc.clauses}, focus)
    return (
        f'<div class="doc"><div class="doc-head"><h2>{esc(m.title)}</h2><div class="meta">{meta} · '
        f'<span class="status {valid}">{esc(status)}</span>{source}</div></div>{tools}<div class="tree">{tree}</div></div>'
    )


def spoken_row(clause: Clause) -> str:
    """A table row as a sentence to read aloud: 名称，2020年12.3%，2025年55%（约束性）, not a list of fields."""
    columns = {k: v.strip().rstrip("。") for k, v in clause.columns.items() if v.strip()}
    unit = columns.pop("单位", "")
    unit = unit if unit in ("%", "％") else ""
    said, notes = [clause.title.rstrip("。")], []
    title = clause.title.rstrip("。")
    for key, value in columns.items():
        if key in ("序号", "分组", "分类") or value in title or title in value:  # the row's name, said once
            continue
        if "年" in key:
            said.append(f"{key}{value}{unit if value[-1:].isdigit() else ''}")
        elif key in ("指标属性", "属性"):
            notes.append(value)
        else:
            said.append(f"{key}为{value}")
    return "，".join(said) + (f"（{'、'.join(notes)}）" if notes else "")


def brief(text: str, limit: int = 60) -> str:
    """At most about `limit` characters to say in one breath: cut at the last pause (，。；) before it, marked ……."""
    text = text.rstrip("。；，")
    if len(text) <= limit:
        return text
    pause = max(text.rfind(mark, 0, limit) for mark in "，。；")
    return (text[:pause] if pause > limit // 2 else text[:limit]).rstrip("，。；、") + "……"


def _sections(sections: list[Section], clauses: dict[str, Clause], focus: str | None) -> str:
    out = []
    for section in sections:
        while len(section.children) == 1 and not section.clause_ids and section.children[0].label == section.label:
            section = section.children[0]  # an annex heading repeated by its table
        leaves = [clauses[c] for c in section.clause_ids if c in clauses]
        if not section.children and len(leaves) == 1 and leaves[0].label == section.label:
            out.append(_leaf(leaves[0], focus))  # a numbered item is its own section: one level, not two
            continue
        inner = "".join(_leaf(c, focus) for c in leaves) + _sections(section.children, clauses, focus)
        is_open = " open" if focus and _contains(section, focus) else ""
        out.append(f'<details class="sec"{is_open}><summary>{esc(section.label)} {esc(section.title)}</summary>{inner}</details>')
    return "".join(out)


def _leaf(clause: Clause, focus: str | None) -> str:
    attributes = 'class="leaf focus" open' if clause.id == focus else 'class="leaf"'
    return (
        f'<details {attributes}><summary><span class="label">{esc(clause.label)}</span> {esc(clause.title)}</summary>'
        f'<p class="clause-text">{mark(clause.text)}</p>'
        f'<div class="meta">{departments(clause.departments, " · ")}{link(clause.id, "条款链接", new_tab=False)}</div></details>'
    )


def _contains(section: Section, clause_id: str) -> bool:
    return clause_id in section.clause_ids or any(_contains(s, clause_id) for s in section.children)
