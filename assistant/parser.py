"""Turn a policy document's text into a heading tree and a flat list of citable clauses.

Headings are recognised as Chinese government documents number them: `一、` (part),
`（一）` (section or item), `1.` / `1．` / `1、` (item), `（1）` (sub-item), `附件N` (annex).
An item's lead phrase (「完善就业薪酬激励政策。」) becomes its title, and a trailing
responsibility note (`（市民政局、市卫生健康委按职责分工负责）`) becomes a department list.
Lines that are not part of any structure (site navigation, titles, addressees, signatures)
are not clauses; flattened tables are rebuilt by `assistant.tables`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from assistant.models import Annex, Clause, DocumentMeta, Section
from assistant.tables import Cell, Table, parse_table, row_text
from assistant.text import normalize

CN_NUM = "一二三四五六七八九十"
_PART = re.compile(rf"^([{CN_NUM}]+)、\s*(.*)$")
_SECTION = re.compile(rf"^\(([{CN_NUM}]+)\)\s*(.*)$")
_ITEM = re.compile(r"^(\d{1,2})[.、]\s*(?!\d)(.*)$")
_SUBITEM = re.compile(r"^\((\d{1,2})\)\s*(.*)$")
_ANNEX = re.compile(r"^附件\s*(\d+)$")
_ANNEX_LIST = re.compile(r"^附件[:]\s*(.*)$")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_NOTE = re.compile(r"^\(.*\)$")
_SENTENCE_END = re.compile(r"[。；;!?！？]")
_LEAD = re.compile(r"^(.{2,40}?)[。:：]")
_DEPT_TAIL = re.compile(r"(?:等)?按职责分工负责$")

PART_LEVEL, SECTION_LEVEL, ITEM_LEVEL, SUBITEM_LEVEL = 1, 2, 3, 4


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
    number: str  # as displayed: 三、 （八） 19
    title: str
    section: Section


@dataclass
class ParseResult:
    """What the parser produced for one file."""

    sections: list[Section]
    clauses: list[Clause]
    annexes: list[Annex]
    signature_date: str | None
    dropped_lines: list[str] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their character offsets."""
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(stripped, normalize(stripped), pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return out


def split_departments(note: str) -> list[str]:
    """Split `市民政局、市卫生健康委等按职责分工负责` into department names (top-level commas only)."""
    body = _DEPT_TAIL.sub("", note)
    parts, depth, current = [], 0, ""
    for ch in body:
        depth += (ch in "（(" and 1) or 0
        depth -= (ch in "）)" and 1) or 0
        if depth == 0 and ch in "、，,":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def strip_department_note(text: str) -> tuple[str, str | None]:
    """Split a trailing `（…按职责分工负责）` off a clause text; handles nested brackets."""
    stripped = text.rstrip()
    if not stripped.endswith(("负责）", "负责)")):
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
                if "负责" in note:
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
        self.zone = "preamble"  # preamble | body | annex_list | annex
        self.signature_date: str | None = None
        self.dropped: list[str] = []
        self.last_part = 0
        self.open_item: Clause | None = None
        self.preface_count = 0
        self.paragraph_counts: dict[str, int] = {}
        self.annex: Annex | None = None
        self.annex_section: Section | None = None

    # -- driver -------------------------------------------------------------------------
    def parse(self) -> ParseResult:
        """Walk the lines once, dispatching on what each line is."""
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        return ParseResult(self.roots, self.clauses, self.annexes, self.signature_date, self.dropped)

    def _step(self, i: int) -> int:
        line = self.lines[i]
        norm = line.norm
        if self._table_starts(i):
            return self._table(i)
        if match := _ANNEX.match(norm):
            return self._annex(i, int(match.group(1)))
        if _ANNEX_LIST.match(norm):
            self.zone = "annex_list"
            self.open_item = None
            return i + 1
        if self.zone == "annex_list":
            if _ITEM.match(norm) and not _SENTENCE_END.search(norm):
                return i + 1
            self.zone = "tail"
        if _DATE.match(norm):
            self.signature_date = self.signature_date or line.raw
            return i + 1
        if match := _PART.match(norm):
            self._part(line, match)
            return i + 1
        if self.zone in ("body", "annex"):
            if match := _SECTION.match(norm):
                self._numbered(line, SECTION_LEVEL, f"（{match.group(1)}）", match.group(2))
                return i + 1
            if match := _ITEM.match(norm):
                self._numbered(line, ITEM_LEVEL, match.group(1), match.group(2))
                return i + 1
            if match := _SUBITEM.match(norm):
                self._numbered(line, SUBITEM_LEVEL, f"（{match.group(1)}）", match.group(2))
                return i + 1
        self._paragraph(line)
        return i + 1

    # -- headings -----------------------------------------------------------------------
    def _part(self, line: Line, match: re.Match[str]) -> None:
        number = _cn_value(match.group(1))
        if self.zone not in ("body",) or number <= self.last_part:
            self.stack = []  # a new pass over the body (e.g. a copy pasted twice)
        self.zone = "body"
        self.last_part = number
        self._open(PART_LEVEL, f"{match.group(1)}、", _original_tail(line.raw, match.group(2)))

    def _numbered(self, line: Line, level: int, number: str, rest_norm: str) -> None:
        rest = _original_tail(line.raw, rest_norm)
        lead = lead_phrase(rest)
        has_body = bool(_SENTENCE_END.search(rest)) and len(rest) > (len(lead or "") + 2)
        if not has_body and len(rest) <= 40:
            self._open(level, number, rest)  # a container heading such as （一）发展基础
            return
        heading = self._open(level, number, lead or _clip(rest))
        offset = line.raw.find(rest[:8]) if rest else 0
        self.open_item = self._add_clause(
            "item", heading.section, lead or _clip(rest), rest, line.start + max(offset, 0), line.end
        )

    def _open(self, level: int, number: str, title: str) -> Heading:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        label = self._label_prefix() + number
        section = Section(label=label, title=title, level=level)
        parent = self.stack[-1].section.children if self.stack else self._root_list()
        parent.append(section)
        heading = Heading(level, number, title, section)
        self.stack.append(heading)
        self.open_item = None
        return heading

    def _root_list(self) -> list[Section]:
        return self.annex_section.children if self.zone == "annex" and self.annex_section else self.roots

    def _label_prefix(self) -> str:
        prefix = "".join(h.number for h in self.stack)
        if self.zone == "annex" and self.annex:
            prefix = f"附件{self.annex.number}" + prefix
        return prefix

    # -- paragraphs, annexes, tables -----------------------------------------------------
    def _paragraph(self, line: Line) -> None:
        raw = line.raw
        sentence = bool(_SENTENCE_END.search(raw)) and len(raw) >= 15
        if not sentence or _NOTE.match(line.norm) or line.norm.endswith(":"):
            self.dropped.append(raw)
            return
        if self.open_item is not None:
            self._extend(self.open_item, raw, line)
            return
        if self.zone == "preamble":
            self.preface_count += 1
            section = Section(label=f"前言第{self.preface_count}段", title="前言", level=PART_LEVEL)
            self.roots.append(section)
            self._add_clause("preface", section, "前言", raw, line.start, line.end)
            return
        if self.zone not in ("body", "annex"):
            self.dropped.append(raw)
            return
        parent = self.stack[-1].section if self.stack else self.annex_section
        if parent is None:
            self.dropped.append(raw)
            return
        count = self.paragraph_counts.get(parent.label, 0) + 1
        self.paragraph_counts[parent.label] = count
        title = lead_phrase(raw) or parent.title
        self._add_clause("paragraph", parent, title, raw, line.start, line.end, label=f"{parent.label}第{count}段")

    def _annex(self, i: int, number: int) -> int:
        self.zone = "annex"
        self.stack = []
        self.open_item = None
        title_line = self.lines[i + 1] if i + 1 < len(self.lines) else None
        title = title_line.raw if title_line and not _ANNEX.match(title_line.norm) else ""
        self.annex = Annex(number=number, title=title, has_content=False)
        self.annexes.append(self.annex)
        self.annex_section = Section(label=f"附件{number}", title=title, level=PART_LEVEL)
        self.roots.append(self.annex_section)
        return i + (2 if title else 1)

    def _table_starts(self, i: int) -> bool:
        """A table starts at `序号`, or at a short header line one or two lines before it."""
        for j in range(i, min(i + 2, len(self.lines))):
            if self.lines[j].norm == "序号":
                return all(len(self.lines[k].norm) <= 12 for k in range(i, j))
        return False

    def _table(self, i: int) -> int:
        end = i
        while end < len(self.lines) and not self._table_ends(end):
            end += 1
        cells = [Cell(line.raw, line.start, line.end) for line in self.lines[i:end]]
        if self.zone == "annex" and self.annex and self.annex_section:
            title, parent, label = self.annex.title, self.annex_section, f"附件{self.annex.number}"
            self.annex.has_content = True
        else:
            title = self.dropped.pop() if self.dropped else "表"
            parent = self.stack[-1].section if self.stack else Section(label="表", title=title, level=1)
            label = f"{parent.label}表"
        table = parse_table(title, cells)
        table_section = Section(label=label, title=title, level=parent.level + 1)
        if parent is not table_section:
            parent.children.append(table_section)
        self._add_rows(table, table_section, label)
        self.open_item = None
        return end

    def _table_ends(self, j: int) -> bool:
        norm = self.lines[j].norm
        return bool(_ANNEX.match(norm) or _PART.match(norm) or _ANNEX_LIST.match(norm))

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
            span=(start, end),
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
        clause.span = (clause.span[0], line.end)
        clause.content_hash = hashlib.sha1(normalize(clause.text).encode()).hexdigest()[:16]


def parse_document(meta: DocumentMeta, text: str) -> ParseResult:
    """Parse one document's text."""
    return Parser(meta, text).parse()


def _cn_value(numeral: str) -> int:
    from assistant.text import chinese_numeral_value

    return chinese_numeral_value(numeral) or 0


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
