"""The decide stage: ordered, named rules turn the evidence into an answer plan or a decline.

The first rule that matches decides (as in haystack's ConditionalRouter); the last rule
always matches. Every rule reads the `Question` and the `Evidence` only, and its name is the
`reason` an `Answer` carries, so the web page and the gaps list need not re-analyse anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from assistant.answering.evidence import Evidence, cell_number, opens_list
from assistant.facts import SUBSIDY, facts
from assistant.models import Clause
from assistant.parser import QA_QUESTION, role_departments
from assistant.retrieval.base import Hit
from assistant.retrieval.hybrid import counts_near, covered
from assistant.text import numbers_in


@dataclass(frozen=True)
class Plan:
    """Answer with these clauses, best first."""

    clauses: list[Clause]
    reason: str = "answered"
    premise: bool | None = None  # the figure the user stated: True holds, False does not, None none stated
    column: str = ""  # the table column a computed answer reads (largest, smallest, sum)
    count: int = 0  # the items counted (a procedure's numbered steps)


@dataclass(frozen=True)
class Decline:
    """Say the documents do not answer, citing the nearest clause when it helps."""

    reason: str
    nearest: Hit | None = None
    missing: str | None = None  # the kind of fact asked for that no clause states
    place: str = ""  # whose documents were looked in (省级, or the city asked about)
    subject: str = ""  # what the user quoted that no clause states


@dataclass(frozen=True)
class Reply:
    """A fixed reply: a greeting, a refusal, a question back, a place out of scope."""

    reason: str
    answered: bool = False


Decision = Plan | Decline | Reply


@dataclass
class Draft:
    """The clauses an answer would use, narrowed step by step; each step computed once, on demand."""

    evidence: Evidence

    @cached_property
    def chosen(self) -> list[Clause]:
        """The best clause and the close runners-up worth citing with it."""
        return choose(self.evidence)

    @cached_property
    def stating(self) -> list[Clause]:
        """The chosen clauses that state the fact asked for (all of them when nothing is asked)."""
        asked = self.evidence.question.asked
        return stating(self.evidence, self.chosen, asked) if asked else self.chosen

    @cached_property
    def final(self) -> list[Clause]:
        """For a money question, only clauses whose answering sentence names a subsidy, fund or fee."""
        ev = self.evidence
        if not ev.question.about_money:
            return self.stating
        if ev.question.asked not in ("amount", "fee"):  # 还能领补贴吗: the clause, not its answering sentence, is about money
            return [c for c in self.stating if c.is_table or SUBSIDY.search(c.title + c.text)]
        named = ev.fee_words()  # 保费: the charge the question names
        return [
            c
            for c in self.stating
            if c.is_table or SUBSIDY.search(ev.sentence(c)) or any(w in ev.sentence(c) for w in named) or self._opened_by_money(c)
        ]

    def _opened_by_money(self, clause: Clause) -> bool:
        """An item of a list whose opening names the money (运营补贴，具体标准为：（1）…每人每月200元)."""
        opening = self.evidence.list_opening(clause)
        return opening is not None and bool(SUBSIDY.search(opening.text))

    @cached_property
    def totals(self) -> tuple[Clause, list[Clause], list[Clause]] | None:
        """For a total asked over a table: its best row, the rows asked about, the document's totals covering them."""
        return _total_rows(self.evidence)


Rule = Callable[[Evidence, Draft], Decision | None]
FIGURES_ASKED = ("amount", "fee")  # a sum asked for: an answer that names none does not answer
_YEAR = re.compile(r"(20\d{2})年")
_YEAR_SPAN = re.compile(r"(20\d{2})\s*[—\-～~至到]\s*(20\d{2})年")


def _years_in(text: str) -> set[int]:
    """The years a text names, a span (2024—2026年) with every year between."""
    years = {int(y) for y in _YEAR.findall(text)}
    for start, end in _YEAR_SPAN.findall(text):
        years |= set(range(int(start), int(end) + 1))
    return years


_PER_UNIT = re.compile(r"每[\u4e00-\u9fff]{0,6}?(?:不少于|不低于|至少|达到)?\d")  # 每千人口不少于8个: a rate, not a total


def _clarify(ev: Evidence, draft: Draft) -> Decision | None:
    return Reply("clarify") if ev.question.clarify else None


def _greeting(ev: Evidence, draft: Draft) -> Decision | None:
    return Reply("greeting") if ev.question.query.greeting else None


def _injection(ev: Evidence, draft: Draft) -> Decision | None:
    return Reply("injection") if ev.question.query.injection else None


def _outside(ev: Evidence, draft: Draft) -> Decision | None:
    query = ev.question.query
    outside = [p for p in query.other_places if not ev.lexicon.in_scope(p)]
    return Reply("out_of_scope_place") if outside and not query.regions else None


def _place_addition(ev: Evidence, draft: Draft) -> Decision | None:
    # 勐腊县在州里的标准上又加了多少: what a place adds to its parent's rule, which only the place's own documents
    # could say; the parent's document states the parent's figure (cue own_addition)
    q = ev.question
    if not ev.lexicon.vocab.question.pattern("own_addition").search(q.query.norm):
        return None
    missing = [p for p in q.query.places if p not in ev.lexicon.covered and p not in q.query.regions]
    if not missing:
        return None
    place = "、".join(ev.lexicon.gazetteer.display(p) for p in missing)
    return Decline("no_place_addition", ev.hits[0] if ev.hits else None, place=place)


def _duties(ev: Evidence, draft: Draft) -> Decision | None:
    # 某市民政局负责哪些事: every clause naming the department as responsible (or in its text), in the places asked
    q = ev.question
    if not q.duties_of:
        return None
    regions = set(q.query.regions)
    named = set(q.duties_of)
    clauses = [
        c
        for c in ev.kb.all_clauses()
        if _names_department(c, named, q.role)
        and (not regions or ev.region(c) in regions)
        and ev.kb.meta(c).status(ev.ctx.today) == "in_force"
    ]
    return Plan(clauses, reason="department_duties") if clauses else None


def _names_department(clause: Clause, named: set[str], role: str | None) -> bool:
    """Is one of the departments responsible for the clause (in the role asked: 牵头), or named in its text?"""
    in_role = role_departments(clause.department_note, role) if role and clause.department_note else []
    if in_role:
        return bool(named & set(in_role))
    return bool(named & set(clause.departments)) or any(name in clause.text for name in named)


def _document_issued(ev: Evidence, draft: Draft) -> Decision | None:
    # X市那个整体解决方案是哪天印发的: the document's own date, quoted with its preamble (which names the
    # meeting that passed it, when it does)
    asked = ev.question.asks_issued or ev.question.asks_issuer
    if not asked or not ev.hits or ev.hits[0].signals.get("document", 1.0) <= 1.0:
        return None  # only a document the question names (by title words, year or 文号) is dated
    document = ev.kb.document(ev.clause(ev.hits[0]).doc_id)
    preface = [c for c in document.clauses if c.kind == "preface"]
    return Plan([preface[0] if preface else ev.clause(ev.hits[0])], reason="document_issued")


def _document_about(ev: Evidence, draft: Draft) -> Decision | None:
    # 会政办发〔2025〕9号是个哪样文件？管得几年？: the named document's title and term, with the clause stating
    # its term (本措施自…起施行，有效期3年), else its preamble
    q = ev.question
    named = bool(ev.hits) and ev.hits[0].signals.get("document", 1.0) > 1.0
    about_document = named or any(w in q.query.norm for w in ev.lexicon.vocab.question.document_words)
    if not ev.hits or not ((q.asks_document and named) or (q.asks_validity and about_document)):
        return None
    document = ev.kb.document(ev.clause(ev.hits[0]).doc_id)
    effective = ev.lexicon.vocab.clause.pattern("effective")
    termed = [c for c in document.clauses if effective.search(c.text) or "有效期" in c.text]
    preface = [c for c in document.clauses if c.kind == "preface"]
    return Plan((termed or preface or [ev.clause(ev.hits[0])])[:1], reason="document_about")


_NUMBERED = re.compile(r"[发字]\s*[〔\[（(【]?\s*(\d{4})\s*[〕\]）)】年]?\s*(\d{1,4})\s*号")  # 〔2021〕9号, 2021年9号


def _document_repealed(ev: Evidence, draft: Draft) -> Decision | None:
    # 怒民发〔2021〕9号现在还管用吗, 以前那个老文件还管用不: a clause of a document found repeals the one asked
    # about (《…暂行办法》（怒民发〔2021〕9号）同时废止), named by its 文号 or as the older document
    q = ev.question
    if not q.asks_validity or not ev.hits:
        return None
    older = ev.lexicon.vocab.question.pattern("older_document").search(q.query.norm)
    asked = set(_NUMBERED.findall(q.query.norm))
    repeal = ev.lexicon.vocab.clause.pattern("repeal")
    for doc_id in dict.fromkeys(ev.clause(h).doc_id for h in ev.hits[:3]):
        for clause in ev.kb.document(doc_id).clauses:
            named = set(_NUMBERED.findall(clause.text))
            if repeal.search(clause.text) and (named & asked or (older and not asked)):
                return Plan([clause], reason="document_repealed")
    return None


def _not_covered(ev: Evidence, draft: Draft) -> Decision | None:
    if not ev.hits or not ev.covers_question():
        return Decline("not_covered", ev.hits[0] if ev.hits else None)
    return None


def _subject_unknown(ev: Evidence, draft: Draft) -> Decision | None:
    # 居民电价一度多少钱: the documents never name what is asked about, whatever else matches
    q, lexicon = ev.question, ev.lexicon
    unknown = [f for f in q.focus if f in ev.coverage.unknown_words and f not in lexicon.colloquial_words]
    return Decline("subject_not_covered", subject="、".join(unknown)) if unknown else None


def _table_list(ev: Evidence, draft: Draft) -> Decision | None:
    # A县有哪些托育项目: every row of the table that matches what the best row matches
    q = ev.question
    if not ev.hits:
        return None
    first = ev.clause(ev.hits[0])
    if not q.asks_list or not first.is_table or q.asked in ("amount", "fee") or ev.coverage.unknown_words:
        return None
    rows = ev.matching_rows(first)
    return Plan(rows, reason="table_list") if len(rows) > 1 else None


def _step_count(ev: Evidence, draft: Draft) -> Decision | None:
    # 从申请到拿钱一共要经过几个步骤, 提交材料共几项: the best clause's numbered steps or items (①…⑤, （一）…（五）,
    # (1)…(7)), counted
    if not (ev.question.asks_steps or ev.question.asks_item_count) or not ev.hits:
        return None
    first = ev.clause(ev.hits[0])
    items = _list_items(ev, first)
    steps = len(numbered_steps(first.text)) or len(items)
    return Plan([first, *items], reason="step_count", count=steps) if steps >= 2 else None


_STEP_MARK = re.compile(r"(?:^|[\n；;。：:])\s*([①-⑳]|（[一二三四五六七八九十]+）|[（(]\d{1,2}[）)]|\d{1,2}[.、．](?!\d))")


def numbered_steps(text: str) -> list[str]:
    """The distinct step numbers a clause's text lists (①②③, （一）（二）, 1. 2.), in order."""
    return list(dict.fromkeys(m.group(1) for m in _STEP_MARK.finditer(text)))


def _section_list(ev: Evidence, draft: Draft) -> Decision | None:
    # 普惠托育方面安排了哪些重点任务: the items under the nearest heading above the best clause that names
    # what the question asks about ((二)发展普惠托育服务 → its items 1.–5.), listed
    # 分几个阶段: a heading whose items are each named by the thing counted (摸底调查阶段, 集中推进阶段…)
    q = ev.question
    norm = q.query.norm  # 几个阶段 counts parts; 多少张床位 asks for a figure, even where items name 床位
    counted = [w for w in q.query.counted if len(w) >= 2 and re.search(rf"几[个项类条步部]?{re.escape(w)}", norm)]
    if not (q.asks_items or counted) or not ev.hits or ev.coverage.unknown_words:
        return None
    first = ev.clause(ev.hits[0])
    if first.is_table:
        return None
    skip = {*ev.lexicon.vocab.question.document_words, *ev.lexicon.place_words}
    words = [w for w in q.query.words if len(w) >= 2 and w not in skip] if q.asks_items else []
    for section in reversed(ev.kb.section_path(first)[:-1]):
        named = [child for child in section.children if child.clause_ids]
        items = [ev.kb.clause(child.clause_ids[0]) for child in named]
        if not 2 <= len(items) <= MAX_SECTION_ITEMS:
            continue
        each = any(all(w in child.title for child in named) for w in counted)
        if each or any(w in section.title for w in words):
            return Plan(items, reason="section_list")
    return None


MAX_SECTION_ITEMS = 12  # a heading with more items is a chapter, not a list the question asks for


def _table_row(ev: Evidence) -> Clause | None:
    """The first table row (or total row) among the best hits."""
    return next((ev.clause(h) for h in ev.hits[:3] if ev.clause(h).is_table), None)


_ANNEX_REFERENCE = re.compile(r"附件(\d*)所列|(?:详见|见)附件(\d*)")  # 提交附件所列材料, 任务详见附件2


def _annex_list(ev: Evidence, draft: Draft) -> Decision | None:
    # 家长要准备哪些材料: a clause found refers to its document's annex (提交附件所列材料); the annex table's
    # rows are the list asked for
    if not ev.question.asks_list or ev.coverage.unknown_words:
        return None
    for hit in ev.hits[:3]:
        clause = ev.clause(hit)
        found = None if clause.is_table else _ANNEX_REFERENCE.search(clause.text)
        if found is None:
            continue
        annex = f"附件{found.group(1) or found.group(2) or 1}"
        rows = [
            c
            for c in ev.kb.document(clause.doc_id).clauses
            if c.kind == "table_row" and c.path and re.match(rf"{annex}(?!\d)", c.path[0])
        ]
        if len(rows) >= 2:
            return Plan(rows, reason="annex_list")
    return None


def _difference(ev: Evidence, draft: Draft) -> Decision | None:
    # 到2026年要比2024年多出好多个: the two figures of the best clause, subtracted (and said to be)
    if not ev.question.asks_difference or not draft.final or ev.difference(draft.final[0]) is None:
        return None
    return Plan(draft.final[:1], reason="difference")


def _increment_sum(ev: Evidence, draft: Draft) -> Decision | None:
    # 农村的重度失能老人每月一共多少, 全日托又是低保户一个月抵多少: the standard of the case asked plus the sum its
    # group gets on top (在上述标准基础上每人每月增加60元), added and said to be
    q = ev.question
    if q.asked not in FIGURES_ASKED:
        return None
    for clause in [*draft.final, *(ev.clause(h) for h in ev.hits[:3])][:4]:
        if not clause.is_table and ev.increment(clause) is not None:
            return Plan([clause], reason="increment_sum")
    return None


def _table_extreme(ev: Evidence, draft: Draft) -> Decision | None:
    # 哪个项目总投资最大: the row with the largest figure in the column the question names
    q = ev.question
    first = _table_row(ev) if q.extreme else None
    if first is None or ev.coverage.unknown_words:
        return None
    rows = [r for r in ev.matching_rows(first) if r.kind == "table_row"]
    column = ev.figure_column(rows)
    valued = [(value, r) for r in rows if column and (value := cell_number(r.columns.get(column, ""))) is not None]
    if len(valued) < 2 or column is None:
        return None
    pick = max if q.extreme == "max" else min
    return Plan([pick(valued, key=lambda pair: pair[0])[1]], reason="table_extreme", column=column)


def _total_rows(ev: Evidence) -> tuple[Clause, list[Clause], list[Clause]] | None:
    """For a total asked over a table (一共, 合计): the best row, the rows asked about, and the document's own
    total rows that cover them (合计 of every row, or a subtotal naming what was asked over as many rows)."""
    q = ev.question
    first = _table_row(ev) if q.query.asks_total else None
    if first is None or ev.coverage.unknown_words:
        return None
    rows = ev.matching_rows(first)
    totals = ev.table_rows(first, "table_total")
    words = [w for w in q.query.words if len(w) >= 2 and w not in ev.lexicon.vocab.intents["table"].cues]
    counted = [t for t in totals if str(len(rows)) in numbers_in(t.title)]
    if len(rows) == len(ev.table_rows(first)):
        stated = counted or totals
    else:
        stated = [t for t in counted if any(w in t.title for w in words)]
    return first, rows, stated


def _table_total(ev: Evidence, draft: Draft) -> Decision | None:
    # 一共多少个项目？总投资是多少？: the total row the document states for the rows asked about
    # 项目总数？养老托育各几个？: the subtotals naming a part asked about (养老项目小计) join the total
    found = draft.totals
    if not found or not found[2]:
        return None
    first, rows, stated = found
    others = [t for t in ev.table_rows(first, "table_total") if t is not stated[0]]
    words = {w for w in ev.question.query.words if len(w) >= 2}
    telling = words - {w for w in words if all(w in t.title for t in others)}  # 项目 names every subtotal: no part
    whole = len(rows) == len(ev.table_rows(first))  # the grand total asked for, not one part's subtotal
    parts = [t for t in others if any(w in t.title for w in telling)] if whole and len(others) >= 2 else []
    return Plan([stated[0], *parts], reason="table_total")


def _table_sum(ev: Evidence, draft: Draft) -> Decision | None:
    # A县的项目加起来总投资多少: the sum over the rows asked about, where the document states none
    found = draft.totals
    if not found or found[2]:
        return None
    rows = found[1]
    column = ev.figure_column(rows)
    if column is None or "%" in column or len(rows) < 2:
        return None
    counted = ev.question.asks_list or not ev.names_column(column)  # 预算表里一共几项: rows counted, not summed
    if counted and ev.question.asked not in FIGURES_ASKED:
        return None  # 一共几个项目: a count, which the list answers
    return Plan(rows, reason="table_sum", column=column)


def _year_beyond(ev: Evidence, draft: Draft) -> Decision | None:
    # 到2030年的目标: the year asked lies beyond every year the cited documents speak of
    q = ev.question
    years = [int(y) for y in q.query.years if y not in q.query.document_years]
    if not years or not draft.final:
        return None
    # 2026年预算 against a row of 2025年…预算表: a table whose title and columns name other years speaks of those
    if all(c.is_table for c in draft.final):
        named = set().union(*(_years_in((c.table or "") + c.title + "".join(c.columns)) for c in draft.final))
        if named and not set(years) & named:
            return Decline("year_not_covered", ev.hits[0], subject=f"{min(years)}年的情况")
    docs = [ev.kb.document(doc_id) for doc_id in dict.fromkeys(c.doc_id for c in draft.final)]
    # A document whose title names its years (2025年实施方案, 2025—2027年) speaks of those, and of
    # what the cited clauses name; a 保险期限 to 2026 elsewhere in it does not make it a 2026 plan.
    texts = [c.title + c.text + "".join(c.columns) for c in draft.final]
    for d in docs:
        texts += [d.meta.title] if _YEAR.search(d.meta.title) else [c.title + c.text + "".join(c.columns) for c in d.clauses]
    spoken = set().union(*(_years_in(text) for text in texts))
    if spoken and min(years) > max(spoken):
        return Decline("year_not_covered", ev.hits[0], subject=f"{min(years)}年的情况")
    # 2018年出生26321人，2019年…: sentences giving a figure year by year give none for a year they skip
    listed = [_years_in(ev.sentence(c)) for c in draft.final]
    missed = [y for y in years if all(len(found) >= 2 and y not in found for found in listed)]
    if missed and listed:
        return Decline("year_not_covered", ev.hits[0], subject=f"{missed[0]}年的情况")
    return None


def _place_count(ev: Evidence, draft: Draft) -> Decision | None:
    # 分到沧源县的是多少张: a count for a place without documents of its own; its parent's count is the parent's total
    q = ev.question
    if q.asked != "quantity" or not draft.final:
        return None
    whole = ev.lexicon.vocab.clause.pattern("whole_region")
    if any(_PER_UNIT.search(s) and not whole.search(s) for s in map(ev.sentence, draft.final)):
        return None  # 每千人口不少于8个托位: a standard, which holds in every place below (全省每千人口3个: the whole's rate)
    gazetteer = ev.lexicon.gazetteer
    regions = {ev.region(c) for c in draft.final}
    texts = "".join(c.text + "".join(c.columns.values()) for c in draft.final)
    below = [
        p
        for p in q.query.places
        if p not in regions
        and not any(name in texts for name in gazetteer.names_of(p))
        and any(a in regions for a in gazetteer.ancestors(p))
    ]
    return Decline("place_count_not_stated", ev.hits[0], missing="quantity", place=gazetteer.display(below[0])) if below else None


def _other_place_first(ev: Evidence, draft: Draft) -> Decision | None:
    # 保山市对新增普惠托位有没有建设补助: the best hit is 丽江's, 保山's own documents say nothing close. A sibling's
    # document never answers for a place the question names; a parent's does (its documents apply there too)
    cities = list(ev.question.cities)
    first = ev.clause(ev.hits[0])
    if not cities or ev.region(first) in _wanted_regions(ev, first):
        return None
    names = "、".join(ev.lexicon.gazetteer.display(c) for c in cities)
    return Decline("other_place_first", ev.hits[0], place=names)


def _no_place_document(ev: Evidence, draft: Draft) -> Decision | None:
    # 曲靖市的一老一小方案，托位目标是多少: the question names a document of a place that has none here; the
    # province's plan is not 曲靖's (a question naming only the place is answered from the province, and says so)
    q, gazetteer = ev.question, ev.lexicon.gazetteer
    kinds = ev.lexicon.vocab.question.pattern("own_document")
    missing = [p for p in q.query.places if p not in ev.lexicon.covered]
    named = [
        p
        for p in missing
        if any(re.search(rf"{re.escape(n)}[^，,。？?]{{0,12}}?(?:{kinds.pattern})", q.query.norm) for n in gazetteer.names_of(p))
    ]
    found = [*draft.final, ev.clause(ev.hits[0])] if ev.hits else draft.final
    if not named or any(ev.region(c) in (*named, *q.query.regions) for c in found):
        return None  # 大理这个方案: 大理市's, the place's namesake with documents, is the one meant
    return Decline("no_place_document", ev.hits[0], place="、".join(gazetteer.display(p) for p in named))


_NAMER = re.compile(r"[\u4e00-\u9fff]{1,10}$")
_DETERMINER = re.compile(r".*(?:那个|这个|那份|这份|那|这|的)")


def _document_not_held(ev: Evidence, draft: Draft) -> Decision | None:
    # 大理那个普惠托育机构认定指引里对场地有哪样要求: the question names a kind of document (指引) that no
    # document held here is and no clause found mentions; the clauses found (经认定的普惠托育机构…) are not it.
    # 医养结合奖补办法哪个部门定, where a clause found says 具体办法由县卫生健康局制定, is answered
    q = ev.question
    for found in ev.lexicon.vocab.question.pattern("named_kinds").finditer(q.query.norm):
        kind, before = found.group(), _NAMER.search(q.query.norm[: found.start()])
        name = _DETERMINER.sub("", before.group()) if before else ""
        if len(name) < 2 or any(kind in m.title for m in ev.kb.metas):  # read only when a kind is named
            continue
        texts = "".join(c.title + c.text for c in [*draft.chosen, *(ev.clause(h) for h in ev.hits[:5])])
        if kind not in texts:  # 具体办法由县卫生健康局制定: mentioned
            return Decline("document_not_held", ev.hits[0] if ev.hits else None, subject=f"“{name}{kind}”")
    return None


def _document_effective(ev: Evidence, draft: Draft) -> Decision | None:
    # 这个补贴从哪天开始发: the clause found states no date; its document's own 施行 clause says when it applies
    q = ev.question
    if q.asked != "deadline" or not q.asks_start or draft.stating or not draft.chosen:
        return None
    first = draft.chosen[0]
    effective = ev.lexicon.vocab.clause.pattern("effective")
    dated = [c for c in ev.kb.document(first.doc_id).clauses if effective.search(c.text) and facts(c.text, ["deadline"])]
    return Plan([first, dated[0]], reason="document_effective") if dated and dated[0].id != first.id else None


def _fact_missing(ev: Evidence, draft: Draft) -> Decision | None:
    asked = ev.question.asked
    return Decline("fact_not_stated", ev.hits[0], missing=asked) if asked and not draft.stating else None


def _place_level_missing(ev: Evidence, draft: Draft) -> Decision | None:
    # 具体建在哪些村: the places the clauses found name (建设地点：澄江市) are above the level asked (cue place_levels)
    q = ev.question
    if q.asked != "place" or not draft.final:
        return None
    which = ev.lexicon.vocab.follow_up.pattern("which_noun").search(q.query.norm)
    levels = ev.lexicon.vocab.question.place_levels
    level = next((lv for lv in levels if which and which.group(1).endswith(lv)), None)
    if level is None:
        return None
    said = "".join(f for c in draft.final for f in ev.answer_facts(c))
    return None if any(ch in said for ch in level) else Decline("fact_not_stated", ev.hits[0], missing="place")


def _named_row_silent(ev: Evidence, draft: Draft) -> Decision | None:
    # 某市综合托育服务中心能收多少个娃娃: the question names a project row, which states no such figure;
    # another clause's figure (每千人托位数) is not the project's
    asked, named = ev.question.asked, ev.named_rows()
    if not asked or not named or not draft.final:
        return None
    titles = [ev.clause(h).title for h in named]
    if any(c.id in {h.clause_id for h in named} or any(t in c.text for t in titles) for c in draft.final):
        return None
    return Decline("fact_not_stated", named[0], missing=asked)


def _no_money(ev: Evidence, draft: Draft) -> Decision | None:
    # asked about money; the clauses found mention none
    return Decline("no_money_clause", ev.hits[0]) if ev.question.about_money and not draft.final else None


def _only_a_target(ev: Evidence, draft: Draft) -> Decision | None:
    # 现在已经建成多少张: the clause gives only a target for a later year
    q = ev.question
    if not q.asks_now or q.asked not in ("quantity", "number") or not draft.final:
        return None
    target = ev.lexicon.vocab.clause.pattern("target_context")
    if all(target.search(ev.sentence(c)) for c in draft.final):
        return Decline("only_target", ev.hits[0], missing="now")
    return None


def _other_money_kind(ev: Evidence, draft: Draft) -> Decision | None:
    # 培训补贴多少: a 岗位补贴 or a project's 总投资 is another kind of money
    q = ev.question
    if q.asked in ("amount", "fee") and q.money_kinds and not any(ev.names_money_kind(c) for c in draft.final):
        return Decline("other_money_kind", ev.hits[0], subject="、".join(f"{k}补贴" for k in q.money_kinds))
    return None


def _other_city_money(ev: Evidence, draft: Draft) -> Decision | None:
    # asked about a city's money; only other documents speak of it, and name no sum
    cities = list(ev.question.cities)
    if not ev.question.about_money or not cities or _from_places(ev, draft.final, cities):
        return None
    # a parent's document (the province's) may state the sum; a sibling's (another city's) never answers
    parents = {p for city in cities for p in ev.lexicon.gazetteer.ancestors(city)}
    if not ev.states_sum(draft.final) or not _from_places(ev, draft.final, list(parents)):
        return Decline("other_region_money", ev.hits[0], place="、".join(cities))
    return None


def _province_rule(ev: Evidence, draft: Draft) -> Decision | None:
    # 省里呢: a city's rule is not the province's
    q = ev.question
    provinces = list(q.provinces)
    if provinces and not q.cities and q.query.names_province and not _from_places(ev, draft.final, provinces):
        return Decline("no_province_rule", ev.hits[0], place="省级")
    return None


def _wrong_premise(ev: Evidence, draft: Draft) -> Decision | None:
    # 护理补贴是不是每月500元？ The clause found states another figure of the same kind: correct it.
    q = ev.question
    claimed = [f for f in q.premise_figures if not ev.backs(draft.final, f)]
    if not (claimed and q.checks_premise):
        return None
    # the first clause stating a figure like the one claimed corrects it (每月15日前 for 每季度20日前, not 6月30日前)
    found = draft.final[:1]
    if q.asked == "deadline":  # a date checked (每季度20号前到账吧) may be stated by a runner-up the draft left out
        found += [c for c in [*draft.final, *(ev.clause(h) for h in ev.hits[:3])] if c not in found]
    like = [c for c in found if ev.answer_facts(c) and all(ev.states_figure_like(c, f) for f in claimed)]
    if not like:
        return None
    return Plan([like[0], *(c for c in draft.final if c is not like[0] and c in like)], reason="premise_corrected", premise=False)


def _unbacked_figure(ev: Evidence, draft: Draft) -> Decision | None:
    # 每年3600元的育儿补贴: the figure the user quotes is nowhere in the cited documents (每个月30块 is
    # the old standard in the same notice's table: the answer stands, and the clause says what holds now)
    if not ev.question.claimed:
        return None
    docs = dict.fromkeys(c.doc_id for c in draft.final)
    everything = [c for doc_id in docs for c in ev.kb.document(doc_id).clauses]
    claimed = [f for f in ev.question.claimed if not ev.backs(everything, f)]
    if not claimed:
        return None
    # 财政每年拿500万搞一老一小: a clause found states a sum like it (不少于800万元): the user's figure is corrected
    like = [c for c in draft.final if ev.answer_facts(c) and all(ev.states_figure_like(c, f) for f in claimed)]
    if like:
        return Plan([like[0]], reason="premise_corrected", premise=False)
    return Decline("figure_not_found", ev.hits[0], subject="、".join(claimed))


def _no_fact_to_lead(ev: Evidence, draft: Draft) -> Decision | None:
    # 一度电多少钱: the clauses found name sums, but none where they answer the question
    q = ev.question
    if q.asked in FIGURES_ASKED and not any(ev.answer_facts(c) for c in draft.final):
        return Decline("fact_not_stated", ev.hits[0], missing=q.asked)
    return None


def _answer(ev: Evidence, draft: Draft) -> Decision | None:
    q = ev.question
    confirmed = q.checks_premise and all(ev.backs(draft.final, f) for f in q.premise_figures)
    return Plan(draft.final, premise=True if confirmed else None)


RULES: list[tuple[str, Rule]] = [
    ("clarify", _clarify),
    ("greeting", _greeting),
    ("injection", _injection),
    ("out_of_scope_place", _outside),
    ("no_place_addition", _place_addition),
    ("department_duties", _duties),
    ("step_count", _step_count),
    ("table_extreme", _table_extreme),
    ("table_total", _table_total),
    ("table_sum", _table_sum),
    ("difference", _difference),
    ("increment_sum", _increment_sum),
    ("table_list", _table_list),
    ("annex_list", _annex_list),
    ("section_list", _section_list),
    ("document_issued", _document_issued),
    ("document_repealed", _document_repealed),
    ("document_about", _document_about),
    ("not_covered", _not_covered),
    ("subject_not_covered", _subject_unknown),
    ("year_not_covered", _year_beyond),
    ("place_count_not_stated", _place_count),
    ("other_place_first", _other_place_first),
    ("no_place_document", _no_place_document),
    ("document_not_held", _document_not_held),
    ("document_effective", _document_effective),
    ("fact_not_stated", _fact_missing),
    ("named_row_silent", _named_row_silent),
    ("place_level_not_stated", _place_level_missing),
    ("no_money_clause", _no_money),
    ("only_target", _only_a_target),
    ("other_money_kind", _other_money_kind),
    ("other_region_money", _other_city_money),
    ("no_province_rule", _province_rule),
    ("premise_corrected", _wrong_premise),
    ("figure_not_found", _unbacked_figure),
    ("no_fact_to_lead", _no_fact_to_lead),
    ("answered", _answer),
]


def decide(ev: Evidence, rules: list[tuple[str, Rule]] = RULES) -> Decision:
    """The decision of the first rule that matches."""
    draft = Draft(ev)
    for _, rule in rules:
        decision = rule(ev, draft)
        if decision is not None:
            return decision
    raise AssertionError("the last rule always answers")


# -- which clauses --------------------------------------------------------------------------
def choose(ev: Evidence) -> list[Clause]:
    """The best hit, one clause per compared place or year, and close runners-up on the same words."""
    q, config = ev.question, ev.config
    hits = _normative_first(ev, _steps_first(ev, _before_stated_first(ev, _role_noted_first(ev))))
    first = ev.clause(hits[0])
    items = _list_items(ev, first)
    if items:  # 具体标准为：: the items it opens say what it only announces
        return [first, *items]
    steps = _sibling_steps(ev, first)
    if steps:  # 第一步：…, 第二步：… as paragraphs of one heading: the procedure is all of them
        return steps
    opening = _dated_opening(ev, first)
    chosen = [opening, first] if opening else [first]
    limit = 3 if q.compares else 2
    for clause in _one_per_source(ev):
        if clause.id not in {c.id for c in chosen}:
            chosen.append(clause)
    for hit in hits[1:5]:
        if len(chosen) >= limit or hit.score < config.second_share * hits[0].score:
            break
        clause = ev.clause(hit)
        if clause.id in {c.id for c in chosen} or hit.signals.get("kind", 1.0) < 0.7:
            continue  # a preface or background figures the ranking already set aside
        same_table = clause.is_table and clause.table == first.table
        if (same_table and q.intent in ("table", "amount")) or "table" in q.query.intents:
            limit = max(limit, 4)
        elif clause.doc_id in {c.doc_id for c in chosen} and not q.compares and hit.score < config.same_doc_share * hits[0].score:
            continue  # a second clause of the same document only when it scores nearly as well
        if not set(hit.matched) & set(hits[0].matched):
            continue
        if clause.doc_id == first.doc_id and not clause.is_table and not _about_the_same(ev, hit):
            continue  # another article of the same document, on something else (a subsidy beside a training)
        if q.intent_facts and not facts(ev.sentence(clause), list(q.intent_facts)):
            continue
        if ev.region(clause) not in _wanted_regions(ev, first):
            continue
        own = q.own_words  # 那基本医疗保险呢: a runner-up without the follow-up's own subject is the earlier one's
        if own and any(w in first.text for w in own) and not any(w in clause.title + clause.text for w in own):
            continue
        chosen.append(clause)
    return [*order(ev, chosen), *_other_parts(ev, hits, chosen)]


def _other_parts(ev: Evidence, hits: list[Hit], chosen: list[Clause]) -> list[Clause]:
    """一共多少张？祥城镇分了多少张？: a part of the question whose own words, as the user writes them, no chosen
    clause holds is answered by the close runner-up of the same place holding most of them (the annex row of 祥城镇)."""
    added: list[Clause] = []
    wanted = _wanted_regions(ev, chosen[0])
    for own in ev.part_words(expanded=False):
        taken = [*chosen, *added]
        if any(own & set(ev.lexicon.words_of(c.text)) for c in taken):
            continue
        close = [h for h in hits[1:4] if h.score >= ev.config.second_share * hits[0].score]
        holding = [(len(own & set(ev.lexicon.words_of(ev.clause(h).text))), -i, ev.clause(h)) for i, h in enumerate(close)]
        best = max(holding, key=lambda x: x[:2], default=None)
        if best and best[0] and best[2] not in taken and ev.region(best[2]) in wanted:
            added.append(best[2])
    return added


_STEP_PARAGRAPH = re.compile(r"^第[一二三四五六七八九十]{1,2}步")  # 第一步：提交申请。


def _sibling_steps(ev: Evidence, first: Clause) -> list[Clause]:
    """要走哪几步: a paragraph that is one step of a procedure (第二步：机构初核…) brings the steps written as the
    other paragraphs of its heading, in order (up to MAX_STEPS); [] otherwise."""
    if "procedure" not in ev.question.query.intents or first.kind != "paragraph" or not _STEP_PARAGRAPH.match(first.text):
        return []
    steps = [
        c
        for c in ev.kb.document(first.doc_id).clauses
        if c.kind == "paragraph" and c.path == first.path and _STEP_PARAGRAPH.match(c.text)
    ]
    return steps[:MAX_STEPS] if len(steps) >= 2 else []


def _dated_opening(ev: Evidence, item: Clause) -> Clause | None:
    """报送时限: an item that states no date, under a lead-in that does (2025年6月底前，各镇要完成以下工作：), is
    answered with the lead-in first: the item inherits its deadline."""
    if ev.question.intent != "deadline" or facts(ev.sentence(item), ["deadline"]):
        return None
    opening = ev.list_opening(item)
    return opening if opening is not None and facts(opening.text, ["deadline"]) else None


def _role_noted_first(ev: Evidence) -> list[Hit]:
    """由哪个部门牵头？哪些单位配合？: a close runner-up of the same place whose note names the role asked
    (牵头单位：A；配合单位：B) answers before a first clause that names none (a row's 责任单位)."""
    role = ev.question.role

    def names_role(clause: Clause) -> bool:
        note = clause.department_note
        return bool(role and note and role_departments(note, role))

    return _answering_first(ev, ev.hits, names_role) if role else ev.hits


def _before_stated_first(ev: Evidence, hits: list[Hit]) -> list[Hit]:
    """以前是多少，调整后是多少？: a close runner-up of the same place that states the figure before a change
    (a 原标准 column, 由30元提高到50元) answers before a first clause that states only the new one."""
    return _answering_first(ev, hits, ev.states_before) if ev.question.asks_before else hits


def _steps_first(ev: Evidence, hits: list[Hit]) -> list[Hit]:
    """要咋个申请，走哪几步: a close runner-up of the same place that lays the procedure out (申请…初审…公示…发放)
    answers before a first clause about the subsidy itself."""
    return _answering_first(ev, hits, ev.lays_out_steps) if ev.question.intent == "procedure" else hits


def _normative_first(ev: Evidence, hits: list[Hit]) -> list[Hit]:
    """问：…？答：… of a document's 政策问答 restates its articles in plain words: a close runner-up of the same
    place that is an article itself answers first (the clause to read out), the Q&A may follow it."""
    if not QA_QUESTION.match(ev.clause(hits[0]).text):
        return hits
    # restating it: the article holds every specific word of the question that the entry's answer holds
    # (答：不会。…不区分全日托和半日托 answers 半日托减半吗, which no article speaks of)
    answer = ev.clause(hits[0]).text.split("答", 1)[-1]
    grammar = set(ev.lexicon.vocab.spelling.function_chars)  # 只能, 过: words of grammar, not of the subject
    forms = {w: (w, *ev.lexicon.official_words(w)) for w in ev.coverage.specific_words}  # 社保: 社会保险; 发给: 发放给
    needed = [  # 发给 has an official form (发放给): a word of the subject, though 给 is grammar
        w
        for w, said in forms.items()
        if any(v in answer for v in said) and len(w) >= 2 and (len(said) > 1 or not grammar & set(w))
    ]
    return _answering_first(
        ev,
        hits,
        lambda clause: (
            not QA_QUESTION.match(clause.text)
            and not clause.is_table
            and all(any(v in clause.text for v in forms[w]) for w in needed)
        ),
    )


def _answering_first(ev: Evidence, hits: list[Hit], answers: Callable[[Clause], bool]) -> list[Hit]:
    """The hits with the first of the three close runners-up of the first hit's place that `answers`
    moved to the front, when the first hit does not."""
    first = ev.clause(hits[0])
    if answers(first):
        return hits
    region = ev.region(first)
    for i, hit in enumerate(hits[1:4], 1):
        clause = ev.clause(hit)
        if answers(clause) and ev.region(clause) == region and hit.score >= ev.config.second_share * hits[0].score:
            return [hit, *hits[:i], *hits[i + 1 :]]
    return hits


MAX_ITEMS = 5  # items of a list that a clause opening it (具体标准为：) brings into the answer
MAX_STEPS = 8  # steps written as paragraphs (第一步…第五步) that one of them brings into the answer


def _list_items(ev: Evidence, clause: Clause) -> list[Clause]:
    """The items directly under a clause that ends by opening a list (…具体标准为：), when there are few."""
    if not opens_list(clause):
        return []
    clauses = ev.kb.document(clause.doc_id).clauses
    prefix = clause.id + "."
    items = [c for c in clauses if c.id.startswith(prefix) and "." not in c.id[len(prefix) :]]
    if not items and clause.kind == "paragraph" and "." in clause.id:
        # 三、申请程序 / 家庭养老床位按以下程序办理： / （一）申请。…: a paragraph opens the items after it in its section
        section = clause.id.rsplit(".", 1)[0] + "."
        items = []
        for c in clauses[clauses.index(clause) + 1 :]:  # its items, or paragraphs numbered ①②, up to the first other
            if not c.id.startswith(section) or "." in c.id[len(section) :]:
                break
            if c.kind != "item" and not numbered_steps(c.text[:4]):
                break
            items.append(c)
    return items if len(items) <= MAX_ITEMS else []


def _one_per_source(ev: Evidence) -> list[Clause]:
    """The best clause of each place or year a question compares (省里和某市, 2021年和2024年), or of each
    document of the region when it asks what changed (以前的文件不是这么规定的吧)."""
    query, hits = ev.question.query, ev.hits
    cities = query.regions  # the province included: 省里和某市 compares the province with a city
    years = {int(y) for y in query.years}
    out: list[Clause] = []
    top = hits[0].score
    for hit in hits[1:]:
        if hit.score < ev.config.per_source_share * top:
            break
        clause = ev.clause(hit)
        meta = ev.kb.meta(clause)
        first = ev.clause(hits[0])
        regions_in = {ev.region(c) for c in out} | {ev.region(first)}
        docs_in = {c.doc_id for c in out} | {first.doc_id}
        by_place = len(cities) > 1 and meta.region in cities and meta.region not in regions_in
        by_year = len(years) > 1 and meta.issue_date.year in years and clause.doc_id not in docs_in
        # 以前的文件不是这么规定的吧: another document of the same region on the same thing
        by_change = ev.question.asks_change and meta.region == ev.region(first) and clause.doc_id not in docs_in
        if by_place or by_year or (by_change and ev.same_indicator(first, clause)):
            out.append(clause)
    return out


def stating(ev: Evidence, chosen: list[Clause], asked: str) -> list[Clause]:
    """The clauses that state the amount, time or number asked for (none: decline).

    A how-many question is best answered where a number stands next to what it counts
    (培养养老护理员12000名 for 多少护工), even by a close runner-up; otherwise by the chosen
    clauses that state such a fact, or else by a close runner-up that does.
    """
    hits = ev.hits
    runners = [ev.clause(h) for h in hits[1:4] if _runner_up_states(ev, h, hits[0], asked)]
    found = [c for c in chosen if ev.states(c, asked)]
    counted = ev.question.query.counted
    if counted:
        for group in (found, runners):
            counting = [c for c in group if counts_near(c.text, counted)]
            if counting:
                return counting if group is found else counting[:1]
    return found or runners[:1]


def _about_the_same(ev: Evidence, hit: Hit, least: int = 0) -> bool:
    """Is a runner-up about what the question asks: does it cover two of its specific words (or as many as the first,
    and `least` at least)?

    Rows of a table are not asked this: a row's cells seldom repeat the question's words (护理型养老床位占比).
    """
    needed = max(least, min(2, len(ev.coverage.matched_specific)))
    return len(covered(ev.coverage.specific_words, set(hit.matched), ev.lexicon)) >= needed


def _runner_up_states(ev: Evidence, hit: Hit, top: Hit, asked: str) -> bool:
    """A close runner-up may state the fact asked for, when it is about the same thing (two specific words, or as
    many as the first hit covers, one at least)."""
    if hit.score < ev.config.runner_up_share * top.score:
        return False
    clause = ev.clause(hit)
    if not _about_the_same(ev, hit, least=1) or not ev.states(clause, asked):
        return False
    if ev.region(clause) not in _wanted_regions(ev, ev.clause(top)):
        return False  # 昭通's question: 鹤庆县's 岗位补贴 is not its answer
    if _names_place(ev, ev.clause(top)) and _names_other_place(ev, clause):
        return False  # A县…多少个中心: another county's row of the same table does not answer
    return asked not in ("amount", "fee") or clause.is_table or ev.states_kind(clause, "amount")


def _names_place(ev: Evidence, clause: Clause) -> bool:
    """Does the clause's text name a place the question names (A县 in a project row)?"""
    text = clause.text + "".join(clause.columns.values())
    return any(name in text for place in ev.question.query.places for name in ev.lexicon.gazetteer.names_of(place))


def _names_other_place(ev: Evidence, clause: Clause) -> bool:
    """Does the clause name another place than the question's (B县 for A县), and not the question's own?"""
    places = set(ev.question.query.places)
    asked = {p for place in places for p in ev.lexicon.gazetteer.chain(place)}
    named = set(ev.lexicon.named_places(clause.text + "".join(clause.columns.values())))
    return bool(named - asked) and not named & places


def _wanted_regions(ev: Evidence, first: Clause) -> set[str]:
    asked = set(ev.question.query.regions) or {ev.region(first)}
    return asked | {parent for region in asked for parent in ev.lexicon.gazetteer.ancestors(region)}


def _from_places(ev: Evidence, clauses: list[Clause], places: list[str]) -> bool:
    return any(ev.region(c) in places for c in clauses)


def order(ev: Evidence, clauses: list[Clause]) -> list[Clause]:
    """Most specific (city before province) and newest first, the top hit kept first among equals."""
    asked = set(ev.question.query.regions)

    def key(item: tuple[int, Clause]) -> tuple[int, float, int]:
        index, clause = item
        meta = ev.kb.meta(clause)
        specific = 0 if (meta.level != "province" and (not asked or meta.region in asked)) else 1
        return (specific, -meta.issue_date.toordinal(), index)

    if len(clauses) < 2:
        return clauses
    top = clauses[0]
    ordered = [c for _, c in sorted(enumerate(clauses), key=key)]
    # Keep the best hit first unless a more specific/newer clause on the same fact exists.
    if ordered[0].doc_id == top.doc_id or not ev.same_indicator(ordered[0], top):
        return [top] + [c for c in ordered if c is not top]
    return ordered
