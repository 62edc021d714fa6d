"""Turn a policy document's text into a heading tree and a flat list of citable clauses.

Headings are recognised in every style Chinese government documents use — `第一章`, `第一节`,
`第一条`, `一、`, `（一）`, `1.` / `1．` / `1、`, `（1）`, `①`, `附件N` — in whatever combination
and order a document uses: a style's depth is the order in which it first appears. A heading
that carries its own body (`一、推进乡镇敬老院规划建设。依照……`) is a clause; an article
(`第五条 …`) is always one, with the items under it. An item's lead phrase becomes its
title, and a trailing responsibility note (`（市民政局、市卫生健康委按职责分工负责）`) a
department list. Tables come flattened one cell per line (rebuilt by `assistant.tables`)
or as TAB-separated rows (from .docx and .html tables).

No line is lost silently: every line lands in a clause or a heading, or is listed as dropped
with the reason, and `ParseResult.coverage` is the share of body characters that landed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from assistant.models import Annex, Clause, DocumentMeta, DroppedLine, Section
from assistant.tables import Cell, Table, apply_unit, parse_table, row_text, tab_table
from assistant.text import chinese_numeral_value, normalize

CN_NUM = "一二三四五六七八九十"
CN_BIG = "零〇一二三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
QA_QUESTION = re.compile(r"^问[:：]")  # a Q&A (政策问答) line or clause: 问：…？ then 答：…
_ANSWER = re.compile(r"^答[:：]")
_ANNEX = re.compile(r"^附件\s*(\d*)$")  # 附件2, or 附件 alone above a document's only annex
_ANNEX_LIST = re.compile(r"^附件[:]\s*(.*)$")
_LISTED_ANNEX = re.compile(r"^\d{1,2}[.、]\s*\S")  # a further line of the annex list: 2.2024—2026年…安排表
_UNIT = re.compile(r"^[(]?(?:计量)?单位[:]\s*([^\s,.;:]{1,12})[)]?$")  # 单位：万元 / （单位：个、%）
_ONE_UNIT = re.compile(r"^[\u4e00-\u9fff]{1,4}$")  # 万元, 个: one unit for every number of the table
_DATE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)
_NOTE = re.compile(r"^\(.*\)$")
_RECORD = re.compile(r"^(抄送|抄报|主送|分送|发送|印发|联系人|联系电话)[:\s]|印发$|^-\s*\d+\s*-$")  # 版记 and page numbers
_SENTENCE_END = re.compile(r"[。；;!?！？]")
# 主送机关: 各县（市、区）人民政府，市直各委、办、局：
_ADDRESSEE = re.compile(r"^各.*:$|(?:局|委|办|厅|政府|单位|部门|机构|会|企业|公司|机关|中心):$")
_LEAD = re.compile(r"^(.{2,40}?)[。:：]")
_DEPT_TAIL = re.compile(r"(?:等)?按职责分工负责$")
# Responsibility notes other than 「…按职责分工负责」: （责任单位：市民政局、市财政局）, （州卫生健康委牵头，州民政局配合）
_NOTE_LABEL = re.compile(r"^(?:责任单位|牵头单位|责任部门|主责单位|配合单位|实施单位|牵头部门)[:：]\s*")
_ROLE_NOTE = re.compile(r"牵头|配合|负责")
_ROLE_TAIL = re.compile(r"(?:等)?(?:牵头|配合|负责|参与)$")
# The part of a note naming who leads (牵头单位：A / A牵头) and who supports (配合单位：B / B配合).
_ROLES = {
    "lead": re.compile(r"^(?:牵头单位|牵头部门|主责单位)[:：]|牵头$"),
    "support": re.compile(r"^(?:配合单位|配合部门|协办单位|参与单位)[:：]|(?:配合|参与)$"),
}
# What a line that is no clause was, when it is no part of the body (it does not count against coverage).
HEADER_LINE = 100  # a 版头 or title line: two issuers and a long wrapped title (关于印发《…（2025—2027年）》的通知) still fit
META_REASONS = {"版头或标题", "主送机关", "落款", "成文日期", "版记", "附件目录", "括注"}


@dataclass(frozen=True)
class Style:
    """A heading style: how its lines look and how its number is displayed."""

    name: str
    pattern: re.Pattern[str]
    display: str  # format of the number as shown in labels: "{}、", "（{}）", "第{}条"
    strong: bool = False  # starts the body from the preamble even when weaker styles appear first
    article: bool = False  # always a clause, labelled on its own (第五条, not 第一章第五条)
    container: bool = False  # always a container heading (第一章 总则)


STYLES = (
    Style("chapter", re.compile(rf"^第([{CN_BIG}\d]+)章\s*(.*)$"), "第{}章", strong=True, container=True),
    Style("division", re.compile(rf"^第([{CN_BIG}\d]+)节\s*(.*)$"), "第{}节", strong=True, container=True),
    Style("article", re.compile(rf"^第([{CN_BIG}\d]+)条(?:\s+|(?=[^{CN_BIG}\d款项]))(.*)$"), "第{}条", strong=True, article=True),
    Style("part", re.compile(rf"^([{CN_NUM}]+)、\s*(.*)$"), "{}、", strong=True),
    Style("section", re.compile(rf"^\(([{CN_NUM}]+)\)\s*(.*)$"), "（{}）"),
    Style("item", re.compile(r"^(\d{1,2})[.、]\s*(?!\d)(.*)$"), "{}"),
    Style("subitem", re.compile(r"^\((\d{1,2})\)\s*(.*)$"), "（{}）"),
    Style("circled", re.compile(rf"^([{CIRCLED}])\s*(.*)$"), "{}"),
)


@dataclass
class Line:
    """A non-blank source line with its offsets in the original file."""

    raw: str
    norm: str
    start: int
    end: int


@dataclass
class Heading:
    """An open heading on the parser's stack."""

    level: int
    number: str  # as displayed: 三、 （八） 19 第五条
    title: str
    section: Section
    style: Style
    start: int = 0  # the heading line's span: a heading that proves to be a one-sentence item becomes its clause
    end: int = 0


@dataclass
class Coverage:
    """How much of a document's body landed in clauses and headings."""

    body_chars: int
    landed_chars: int

    @property
    def share(self) -> float:
        """Landed share of the body characters (1.0 for an empty body)."""
        return self.landed_chars / self.body_chars if self.body_chars else 1.0


@dataclass
class ParseResult:
    """What the parser produced for one file."""

    sections: list[Section]
    clauses: list[Clause]
    annexes: list[Annex]
    signature_date: str | None
    dropped_lines: list[DroppedLine] = field(default_factory=list)
    coverage: Coverage = field(default_factory=lambda: Coverage(0, 0))
    structured: bool = True  # False: no heading was found and the text is offered as paragraphs


_ALIGNED = re.compile(r"(?<=\S)(?: {2,}|\u3000+)(?=\S)")  # cells of a table copied from a PDF, aligned by spaces
ALIGNED_ROWS = 3  # so many consecutive lines of as many space-aligned cells (3 or more) make a table


def tab_aligned(text: str) -> str:
    """A table copied as text, its cells aligned by runs of spaces (序号    材料名称    份数), as TAB-separated
    rows: each run becomes a TAB padded to the same length, so every offset stays where it was."""
    lines = text.split("\n")
    counts = [len(_ALIGNED.findall(line.strip())) + 1 for line in lines]
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and counts[end] >= 3 and counts[end] == counts[start] and "\t" not in lines[end]:
            end += 1
        if end - start >= ALIGNED_ROWS:
            for k in range(start, end):
                lines[k] = _ALIGNED.sub(lambda m: "\t" + " " * (len(m.group()) - 1), lines[k])
        start = max(end, start + 1)
    return "\n".join(lines)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their character offsets."""
    out, pos = [], 0
    for raw in tab_aligned(text).split("\n"):
        stripped = raw.strip()
        if "\t" in stripped:  # a table row: an empty first or last cell keeps its place
            stripped = raw.strip(" \r\u3000\xa0")
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(stripped, normalize(stripped), pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return out


def split_departments(note: str) -> list[str]:
    """Split `市民政局、市卫生健康委等按职责分工负责` into department names (top-level commas only).

    Also `责任单位：市民政局、市财政局` and `州卫生健康委牵头，州民政局配合`: the label and the
    role words (牵头, 配合) are not part of a name.
    """
    classic = bool(_DEPT_TAIL.search(note))
    body = _DEPT_TAIL.sub("", note) if classic else _NOTE_LABEL.sub("", note)
    parts, depth, current = [], 0, ""
    for ch in body:
        depth += (ch in "（(" and 1) or 0
        depth -= (ch in "）)" and 1) or 0
        if depth == 0 and (ch in "、，," or (not classic and ch in "；;")):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    names = [p.strip() for p in parts if p.strip()]
    return names if classic else [n for n in (_NOTE_LABEL.sub("", _ROLE_TAIL.sub("", n)).strip() for n in names) if n]


def role_departments(note: str, role: str) -> list[str]:
    """The departments a note names in one role: "lead" (牵头单位：A；配合单位：B → A) or "support" (→ B)."""
    pattern = _ROLES[role]
    parts = [p.strip() for p in re.split(r"[；;，,]", note) if p.strip()]
    return [name for part in parts if pattern.search(part) for name in split_departments(part)]


def _is_department_note(note: str) -> bool:
    """（…按职责分工负责）, （责任单位：…）, （…牵头，…配合）; not an aside such as （由县财政负责兑付，…）."""
    if "负责" in note:
        return note.endswith("负责")
    return bool(_NOTE_LABEL.match(note)) or (bool(_ROLE_NOTE.search(note)) and len(note) <= 80 and "。" not in note)


def strip_department_note(text: str) -> tuple[str, str | None]:
    """Split a trailing `（…按职责分工负责）` off a clause text; handles nested brackets."""
    stripped = text.rstrip()
    if not stripped.endswith(("）", ")")):
        return text, None
    depth = 0
    for i in range(len(stripped) - 1, -1, -1):
        ch = stripped[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth == 0:
                note = stripped[i + 1 : -1]
                if _is_department_note(note):
                    return stripped[:i].rstrip(), note
                return text, None
    return text, None


def lead_phrase(text: str) -> str | None:
    """The lead phrase of an item or paragraph: 「完善就业薪酬激励政策。」 → 完善就业薪酬激励政策."""
    match = _LEAD.match(text)
    if not match:
        return None
    phrase = match.group(1).strip()
    return phrase if len(phrase) <= 30 and not re.search(r"[，,；;]", phrase) else None


def heading_style(norm: str) -> tuple[Style, re.Match[str]] | None:
    """The heading style a normalized line is written in, if any."""
    for style in STYLES:
        match = style.pattern.match(norm)
        if match:
            return style, match
    return None


class Parser:
    """Parses one document; use `parse_document`."""

    def __init__(self, meta: DocumentMeta, text: str) -> None:
        self.meta = meta
        self.text = text
        self.lines = split_lines(text)
        self.roots: list[Section] = []
        self.stack: list[Heading] = []
        self.clauses: list[Clause] = []
        self.annexes: list[Annex] = []
        self.zone = "preamble"  # preamble | body | annex_list | tail | annex
        self.signature_date: str | None = None
        self.dropped: list[DroppedLine] = []
        self.landed = 0
        self.last_top = 0
        self.open_item: Clause | None = None
        self.sub_next: int | None = None  # the number the next item of an item's own list would have
        self.pending: Heading | None = None  # an article heading whose text follows on the next line
        self.preface_count = 0
        self.loose_count = 0  # body paragraphs under no heading
        self.paragraph_counts: dict[str, int] = {}
        self.annex: Annex | None = None
        self.annex_section: Section | None = None
        self.levels: dict[str, int] = {}  # style name → depth, in order of first appearance
        self.table_count = 0
        self.unit: str | None = None  # 单位：万元 stated just above the next table
        self.has_strong = any((found := heading_style(line.norm)) and found[0].strong for line in self.lines)
        self.headed = False
        self.i = 0

    # -- driver -------------------------------------------------------------------------
    def parse(self) -> ParseResult:
        """Walk the lines once, dispatching on what each line is."""
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        self._leave_all()
        if not self.headed:
            self._as_paragraphs()
        body = sum(len(line.raw) for line in self.lines) - sum(len(d.text) for d in self.dropped if d.reason in META_REASONS)
        return ParseResult(
            self.roots,
            self.clauses,
            self.annexes,
            self.signature_date,
            self.dropped,
            Coverage(body, min(self.landed, body)),
            self.headed,
        )

    def _step(self, i: int) -> int:
        self.i = i
        line = self.lines[i]
        norm = line.norm
        if self._tab_table_starts(i):
            return self._tab_table(i)
        if self._table_starts(i):
            return self._table(i)
        if match := _ANNEX.match(norm):
            self.landed += len(line.raw)
            return self._annex(i, int(match.group(1) or len(self.annexes) + 1))
        if _ANNEX_LIST.match(norm):
            self.zone = "annex_list"
            self.open_item = None
            self._drop(line, "附件目录")
            return i + 1
        if self.zone == "annex_list":
            style = heading_style(norm)
            # 2.2024—2026年…安排表: an item number followed by a year is no decimal here
            if ((style and style[0].name == "item") or _LISTED_ANNEX.match(norm)) and not _SENTENCE_END.search(norm):
                self._drop(line, "附件目录")
                return i + 1
            self.zone = "tail"
        if (unit := _UNIT.match(norm)) and i + 1 < len(self.lines) and self._table_follows(i + 1):
            self.landed += len(line.raw)  # 单位：万元 above a table belongs to the table
            self.unit = unit.group(1) if _ONE_UNIT.match(unit.group(1)) else None
            return i + 1
        if _DATE.match(norm):
            self._date(line)
            return i + 1
        if _RECORD.search(norm):
            self._drop(line, "版记")
            return i + 1
        found = heading_style(norm)
        if found and self._is_heading(found[0]):
            self._heading(line, *found)
            return i + 1
        self._paragraph(line)
        return i + 1

    def _is_heading(self, style: Style) -> bool:
        if self.zone in ("body", "annex"):
            return True
        return style.strong or not self.has_strong  # before the body or after a signature: weak styles only without strong ones

    def _date(self, line: Line) -> None:
        self.signature_date = self.signature_date or line.raw
        previous = self.lines[self.i - 1].raw if self.i else ""
        if self.dropped and self.dropped[-1].text == previous and self.dropped[-1].reason in ("非正文短行", "版头或标题"):
            self.dropped[-1] = DroppedLine(text=previous, reason="落款")  # the issuing body above the date
        self.dropped.append(DroppedLine(text=line.raw, reason="成文日期"))
        if self.zone == "body":
            self.zone = "tail"  # what follows a signature is no part of the last section
            self.open_item = None

    # -- headings -----------------------------------------------------------------------
    def _level(self, style: Style) -> int:
        return self.levels.setdefault(style.name, len(self.levels) + 1)

    def _heading(self, line: Line, style: Style, match: re.Match[str]) -> None:
        if self.open_item is not None and self._in_article() and not style.strong:
            self._extend(self.open_item, line.raw, line)  # an article's items stay in the article
            self.landed += len(line.raw)
            return
        value = chinese_numeral_value(match.group(1)) or (int(match.group(1)) if match.group(1).isdigit() else 0)
        if self._sub_item(line, style, value, match.group(2)):
            return
        level = self._level(style)
        if level == 1 and self.zone != "annex":
            if self.zone != "body" or value <= self.last_top:
                self._leave_all()  # a new pass over the body (e.g. a copy pasted twice)
            self.zone = "body"
            self.last_top = value
        elif self.zone in ("preamble", "tail"):
            self.zone = "body"
        self.headed = True
        self.landed += len(line.raw)
        number = style.display.format(match.group(1))
        rest = _original_tail(line.raw, match.group(2))
        self._numbered(line, level, number, rest, style)

    def _sub_item(self, line: Line, style: Style, value: int, rest: str) -> bool:
        """3.支持运营。…应当同时符合以下条件：1.备案满6个月；2.…；4.…处罚。 (an HTML <ol> numbered like the items
        around it): a numbering that starts again at 1 after an item ending in a lead-in is that item's own list,
        kept in it up to the sub-item that ends with 。; the outer items then go on (4.鼓励用人单位办托)."""
        item, top = self.open_item, self.stack[-1] if self.stack else None
        if item is None or top is None or top.style.name != style.name:
            return False
        if self.sub_next is None and not (value == 1 and item.text.rstrip().endswith(("：", ":"))):
            return False
        lead = lead_phrase(rest)
        titled = bool(lead) and len(rest) > len(lead or "") + 2  # 3.鼓励用人单位办托。支持…: an item with its own title
        if self.sub_next is not None and (value != self.sub_next or titled):
            self.sub_next = None  # the next outer item, not one more condition
            return False
        self._extend(item, line.raw, line)
        self.landed += len(line.raw)
        self.sub_next = None if line.raw.rstrip().endswith("。") else value + 1
        return True

    def _in_article(self) -> bool:
        return bool(self.stack) and self.stack[-1].style.article

    def _numbered(self, line: Line, level: int, number: str, rest: str, style: Style) -> None:
        lead = lead_phrase(rest)
        has_body = bool(_SENTENCE_END.search(rest)) and len(rest) > (len(lead or "") + 2)
        if style.container or (not style.article and not has_body and len(rest) <= 40):
            heading = self._open(level, number, rest, style)  # a container heading such as （一）发展基础
            heading.start, heading.end = line.start, line.end
            return
        title = lead or (_clip(rest) if rest else number)
        heading = self._open(level, number, title, style)
        if not rest:
            self.pending = heading  # 第五条 alone on its line: the text follows
            return
        offset = line.raw.find(rest[:8]) if rest else 0
        self.open_item = self._add_clause(
            "item", heading.section, title, rest, line.start + max(offset, 0), line.end, label=self._article_label(heading)
        )

    def _article_label(self, heading: Heading) -> str | None:
        if not heading.style.article:
            return None
        prefix = f"附件{self.annex.number}" if self.zone == "annex" and self.annex else ""
        return prefix + heading.number

    def _open(self, level: int, number: str, title: str, style: Style) -> Heading:
        while self.stack and self.stack[-1].level >= level:
            self._leave()
        label = self._label_prefix() + number
        if style.article:
            label = (f"附件{self.annex.number}" if self.zone == "annex" and self.annex else "") + number
        section = Section(label=label, title=title, level=level)
        parent = self.stack[-1].section.children if self.stack else self._root_list()
        parent.append(section)
        heading = Heading(level, number, title, section, style)
        self.stack.append(heading)
        self.open_item = None
        self.pending = None
        return heading

    def _root_paragraph(self, kind: str, label: str, title: str, raw: str, line: Line) -> None:
        """A paragraph under no heading (前言第1段, 正文第1段): a top-level section of its own with its clause."""
        section = Section(label=label, title=title, level=1)
        self.roots.append(section)
        self._add_clause(kind, section, title, raw, line.start, line.end)
        self.landed += len(raw)

    def _leave(self) -> None:
        """Close the innermost heading. One that got no text and no items under it, and reads as a sentence
        (3. 2025年第一季度补贴申报时间顺延至2025年5月15日前。), was a short item, not a heading: it becomes its clause."""
        heading = self.stack[-1]
        section = heading.section
        if not section.clause_ids and not section.children and heading.end and _SENTENCE_END.search(heading.title[-1:]):
            self._add_clause(
                "item", section, lead_phrase(heading.title) or _clip(heading.title), heading.title, heading.start, heading.end
            )
        self.stack.pop()

    def _leave_all(self) -> None:
        while self.stack:
            self._leave()

    def _root_list(self) -> list[Section]:
        return self.annex_section.children if self.zone == "annex" and self.annex_section else self.roots

    def _label_prefix(self) -> str:
        prefix = "".join(h.number for h in self.stack if not h.style.container)
        if self.zone == "annex" and self.annex:
            prefix = f"附件{self.annex.number}" + prefix
        return prefix

    # -- paragraphs, annexes, tables -----------------------------------------------------
    def _paragraph(self, line: Line) -> None:
        raw = line.raw
        addressee = bool(_ADDRESSEE.search(line.norm)) and len(raw) <= 120 and not _SENTENCE_END.search(raw)
        lead_in = line.norm.endswith(":") and not addressee  # 现将有关事项通知如下：
        # a short full sentence (本方案自印发之日起实施。) is body too
        # 家庭养老床位按以下程序办理： in the body opens the items under it, however short
        in_body = self.zone in ("body", "annex")
        body_lead_in = lead_in and in_body
        # ①本人提出申请； in the body is an item of a list, however short
        short_item = in_body and raw.rstrip().endswith(("；", ";"))
        asked = in_body and bool(QA_QUESTION.match(line.norm))  # 问：错过了申领期怎么办？ of a Q&A, however short
        sentence = bool(_SENTENCE_END.search(raw) or lead_in) and (
            len(raw) >= 15 or raw.rstrip().endswith("。") or body_lead_in or short_item or asked
        )
        if _NOTE.match(line.norm) and not (self.open_item is not None and sentence):
            if not self._note_for_group(raw):
                self._drop(line, "括注")
            else:
                self.landed += len(raw)
            return
        if not sentence or addressee:
            header = self.zone == "preamble" and len(raw) <= HEADER_LINE
            self._drop(line, "主送机关" if addressee and self.zone == "preamble" else "版头或标题" if header else "非正文短行")
            return
        if self.pending is not None:
            heading, self.pending = self.pending, None
            self.open_item = self._add_clause(
                "item", heading.section, heading.title, raw, line.start, line.end, label=self._article_label(heading)
            )
            self.landed += len(raw)
            return
        if self.open_item is not None:
            self._extend(self.open_item, raw, line)
            self.landed += len(raw)
            return
        if self.zone == "preamble":
            self.preface_count += 1
            self._root_paragraph("preface", f"前言第{self.preface_count}段", "前言", raw, line)
            return
        if self.zone not in ("body", "annex"):
            self._drop(line, "版记" if self.zone == "tail" else "非正文短行")
            return
        parent = self.stack[-1].section if self.stack else self.annex_section
        if parent is None:  # a body sentence before any heading (a text whose items Word numbered, unread): a paragraph
            self.loose_count += 1
            self._root_paragraph("paragraph", f"正文第{self.loose_count}段", "正文", raw, line)
            return
        last = self.clauses[-1] if self.clauses else None
        if (
            _ANSWER.match(line.norm)
            and last
            and last.kind == "paragraph"
            and QA_QUESTION.match(last.text)
            and "\n" not in last.text
        ):
            self._extend(last, raw, line)  # 问：…？ then 答：… : one clause, the answer with the question it answers
            self.landed += len(raw)
            return
        count = self.paragraph_counts.get(parent.label, 0) + 1
        self.paragraph_counts[parent.label] = count
        title = lead_phrase(raw) or parent.title
        self._add_clause("paragraph", parent, title, raw, line.start, line.end, label=f"{parent.label}第{count}段")
        self.landed += len(raw)

    def _note_for_group(self, raw: str) -> bool:
        """（责任单位：…） on a line of its own after some articles: it names who is responsible for the articles
        of the same chapter before it, back to the previous such note. False when it is no department note."""
        _, note = strip_department_note(raw.strip())
        if note is None or not self.clauses or self.zone != "body":
            return False
        last = self.clauses[-1]
        for clause in reversed(self.clauses):
            if clause.department_note is not None or clause.path[:-1] != last.path[:-1] or clause.is_table:
                break
            clause.department_note, clause.departments = note, split_departments(note)
        return True

    def _drop(self, line: Line, reason: str) -> None:
        self.dropped.append(DroppedLine(text=line.raw, reason=reason))

    def _as_paragraphs(self) -> None:
        """No heading anywhere: the preface paragraphs are the document's paragraphs."""
        for clause in self.clauses:
            if clause.kind != "preface":
                continue
            number = clause.label.removeprefix("前言")
            clause.kind, clause.label, clause.title = "paragraph", number, lead_phrase(clause.text) or number
            clause.id = f"{self.meta.id}:{_slug(number)}"
        for section, clause in zip(self.roots, self.clauses):
            section.label, section.title, section.clause_ids = clause.label, clause.title, [clause.id]

    def _annex(self, i: int, number: int) -> int:
        self.zone = "annex"
        self._leave_all()
        self.open_item = None
        title_line = self.lines[i + 1] if i + 1 < len(self.lines) else None
        starts_table = title_line is not None and (title_line.norm == "序号" or "\t" in title_line.raw)
        title = title_line.raw if title_line and not _ANNEX.match(title_line.norm) and not starts_table else ""
        if title_line is not None and title:
            self.landed += len(title_line.raw)
        self.annex = Annex(number=number, title=title, has_content=False)
        self.annexes.append(self.annex)
        self.annex_section = Section(label=f"附件{number}", title=title, level=1)
        self.roots.append(self.annex_section)
        return i + (2 if title else 1)

    def _table_starts(self, i: int) -> bool:
        """A flattened table starts at `序号`, or at a short header line one or two lines before it."""
        for j in range(i, min(i + 2, len(self.lines))):
            if self.lines[j].norm == "序号":  # 附件2 right above 序号 is the annex's heading, not the table's
                return all(len(self.lines[k].norm) <= 12 and not self._table_ends(k) for k in range(i, j))
        return False

    def _table(self, i: int) -> int:
        end = i
        while end < len(self.lines) and not self._table_ends(end):
            end += 1
        cells = [Cell(line.raw, line.start, line.end) for line in self.lines[i:end]]
        title, parent, label = self._table_place()
        table = parse_table(title, cells)
        self._add_table(table, parent, title, label)
        self.landed += sum(len(line.raw) for line in self.lines[i:end])
        return end

    def _tab_table_starts(self, i: int) -> bool:
        return "\t" in self.lines[i].raw

    def _table_follows(self, i: int) -> bool:
        return self._tab_table_starts(i) or self._table_starts(i)

    def _tab_table(self, i: int) -> int:
        """TAB-separated rows (from a .docx or .html table): the first row is the header."""
        end = i
        while end < len(self.lines) and "\t" in self.lines[end].raw:
            end += 1
        rows = [Cell(line.raw, line.start, line.end) for line in self.lines[i:end]]
        self.table_count += 1
        first_in_annex = self.zone == "annex" and self.annex is not None and not self.annex.has_content
        title, parent, label = self._table_place()  # marks the annex as having content
        if self.table_count > 1 and not first_in_annex:
            label = f"{label}{self.table_count}"
        self._add_table(tab_table(title, rows), parent, title, label)
        self.landed += sum(len(line.raw) for line in self.lines[i:end])
        if self.zone in ("preamble", "tail"):
            self.zone = "body"
        self.headed = True
        return end

    def _table_place(self) -> tuple[str, Section, str]:
        """The title, parent section and label prefix of a table that starts here."""
        if self.zone == "annex" and self.annex and self.annex_section:
            self.annex.has_content = True
            return self.annex.title, self.annex_section, f"附件{self.annex.number}"
        title = "表"
        if self.dropped and self.dropped[-1].reason not in META_REASONS:
            title = self.dropped.pop().text  # the caption line above the table
            self.landed += len(title)
        if self.stack:
            parent = self.stack[-1].section
            return title, parent, f"{parent.label}表"
        parent = Section(label="表", title=title, level=1)
        self.roots.append(parent)
        return title, parent, "表"

    def _add_table(self, table: Table, parent: Section, title: str, label: str) -> None:
        if self.unit:
            apply_unit(table, self.unit)
            self.unit = None
        table_section = Section(label=label, title=title, level=parent.level + 1)
        parent.children.append(table_section)
        self._add_rows(table, table_section, label)
        self.open_item = None

    def _table_ends(self, j: int) -> bool:
        norm = self.lines[j].norm
        found = heading_style(norm)
        top = found is not None and found[0].name == "part"
        return bool(_ANNEX.match(norm) or top or _ANNEX_LIST.match(norm))

    def _add_rows(self, table: Table, section: Section, label: str) -> None:
        for row in table.rows:
            name = row.values.get(table.name_column or "", "") if row.kind == "row" else row.serial
            row_label = f"{label} 序号{row.serial}" if row.kind == "row" else f"{label} {row.serial}"
            kind = "table_row" if row.kind == "row" else "table_total"
            clause = self._add_clause(
                kind, section, name or row.serial, row_text(table, row), row.start, row.end, label=row_label
            )
            clause.columns = {k: v for k, v in row.values.items() if v}
            if row.group:
                clause.columns["分组"] = row.group
            clause.table = table.title
            departments = row.values.get("责任单位")
            if departments:
                clause.departments = split_departments(departments)

    # -- clauses ------------------------------------------------------------------------
    def _add_clause(
        self, kind: str, section: Section, title: str, text: str, start: int, end: int, label: str | None = None
    ) -> Clause:
        body, note = strip_department_note(text) if kind in ("item", "paragraph") else (text, None)
        path = [f"{h.number}{h.title}" for h in self.stack]
        if self.zone == "annex" and self.annex:
            path.insert(0, f"附件{self.annex.number} {self.annex.title}")
        key = label or section.label
        clause = Clause(
            id=f"{self.meta.id}:{_slug(key)}",
            doc_id=self.meta.id,
            kind=kind,  # type: ignore[arg-type]
            label=key,
            title=title,
            path=path,
            text=body,
            span=[start, end],
            departments=split_departments(note) if note else [],
            department_note=note,
            content_hash=hashlib.sha1(normalize(text).encode()).hexdigest()[:16],
        )
        section.clause_ids.append(clause.id)
        self.clauses.append(clause)
        return clause

    def _extend(self, clause: Clause, raw: str, line: Line) -> None:
        body, note = strip_department_note(clause.text + "\n" + raw)
        clause.text = body
        if note:
            clause.department_note = note
            clause.departments = split_departments(note)
        clause.span = [clause.span[0], line.end]
        clause.content_hash = hashlib.sha1(normalize(clause.text).encode()).hexdigest()[:16]


def parse_document(meta: DocumentMeta, text: str) -> ParseResult:
    """Parse one document's text."""
    return Parser(meta, text).parse()


def _original_tail(raw: str, rest_norm: str) -> str:
    """The original-text suffix that corresponds to a normalized suffix."""
    if not rest_norm:
        return ""
    # NFKC keeps CJK characters, so locate the suffix by its length in characters.
    cut = len(raw) - len(rest_norm)
    for shift in range(0, 4):
        candidate = raw[cut - shift :] if cut - shift >= 0 else raw
        if normalize(candidate) == rest_norm:
            return candidate.strip()
    return raw[max(cut, 0) :].strip()


def _clip(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


_SLUG_DROP = re.compile(r"[、（）()\s]+")


def _slug(label: str) -> str:
    """A readable id fragment from a label: 三、（八）19 → 三.八.19; 附件3 序号9 → 附件3.序号9."""
    parts = [p for p in _SLUG_DROP.split(label) if p]
    return ".".join(parts)
