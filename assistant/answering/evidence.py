"""The assess stage: what each candidate clause offers for the question understood.

For a clause it answers, once per question: the sentence that answers (trimmed of list items
the question does not touch), whether it states the fact asked for (an amount, a time, a
count, a site, a fee), the figures a table row gives for the intent, and which of the
question's specific words its figure is about. Coverage of the question as a whole comes
from raw word matches (`SearchResult.coverage`), not from boosted scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.facts import (
    DEADLINE,
    RAISED_TO,
    SUBSIDY,
    age_bands,
    changes,
    current_first,
    facts,
    holds_age,
    raised_from,
    support_amounts,
)
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.models import Clause
from assistant.parser import role_departments
from assistant.retrieval.base import Hit
from assistant.retrieval.hybrid import Coverage, SearchResult, covered, responsible
from assistant.tables import UNIT_IN_HEADER, column_name, is_numeric, with_units
from assistant.text import arabize, normalize, numbers_in, quantities_in
from assistant.tuning import DEFAULT, AnswerConfig
from assistant.understand import Question

_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_LIST_OPENING = re.compile(r"[：:](?=（[一二三四五六七八九十]{1,3}）|[①-⑳]|\d{1,2}[.．、](?!\d))")
_SEGMENT = re.compile(r"[^，、,]+[，、,]?")
_CLAUSE_PIECE = re.compile(r"[^，,]+[，,]?")
_STEPS = re.compile(r"(?:提交|提出|申请|初审|审核|审批|公示|核定|复核|拨付|发放)[^。]*(?:审核|审批|公示|复核|拨付|发放|办理)")
_PER = re.compile(r"每(?:人|孩|户|张|个|名)?每?(?:餐|月|年|天|次)")  # the unit a sum is given per (每餐, 每孩每月)
LONG_PIECE = 40  # a comma-separated piece longer than this is cut at its enumeration commas (、) too
_PARTS = re.compile(r"[？?；;。！!]|，(?=要是|如果|若是|那|另外|还有|以后)")  # the parts of a question
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_PERCENT_NAME = re.compile(r"[（(]%[）)]")
MIN_NAMED = 6  # characters of a row title the question must repeat to name the row
_YEAR_COLUMN = re.compile(r"^(20\d{2})")


def opens_list(clause: Clause) -> bool:
    """Does the clause end by opening a list of items under it (…具体标准为：)?"""
    return clause.text.rstrip().endswith(("：", ":"))


def split_sentences(text: str) -> list[str]:
    """Sentences of a clause (a table row is one sentence); a list's opening (按以下程序办理：) is one of its own."""
    return [s.strip() for s in _SENTENCE.findall(_LIST_OPENING.sub("：\n", text)) if s.strip()]


def _pieces(sentence: str, lists: bool = False) -> list[str]:
    """A long sentence cut at its commas; a piece still long is cut at its enumeration commas too, while a short
    enumeration stays whole (分三年按40%、30%、30%的比例发放), and any when a list is asked (`lists`)."""
    out: list[str] = []
    for piece in _CLAUSE_PIECE.findall(sentence):
        out.extend(segments(piece) if len(piece) > LONG_PIECE and not lists else [piece])
    return [p for p in out if p.strip()]


def segments(text: str) -> list[str]:
    """Comma- and enumeration-comma-separated pieces of a sentence, punctuation kept."""
    return _SEGMENT.findall(text)


_UNITS = set("元万亿个张名人户家所岁年月日天%")  # a unit that tells a figure apart: 5元 from 5万元, 15日 from 15个


@dataclass
class AnswerContext:
    """Everything an answerer may use for one question: the question understood and its search."""

    question: Question
    result: SearchResult
    kb: KnowledgeBase
    lexicon: Lexicon
    today: date
    config: AnswerConfig = DEFAULT.answer

    @property
    def searched_query(self) -> str:
        """The self-contained question that was searched."""
        return self.question.searched

    @property
    def clarify(self) -> str | None:
        """A question back to the user, when the follow-up was ambiguous."""
        return self.question.clarify


@dataclass
class Evidence:
    """The candidates of one question and what each offers; computed lazily, once per clause."""

    ctx: AnswerContext
    _sentences: dict[str, str] = field(default_factory=dict)
    _facts: dict[str, list[str]] = field(default_factory=dict)
    _parts: dict[bool, list[set[str]]] = field(default_factory=dict)

    @property
    def question(self) -> Question:
        """The question understood."""
        return self.ctx.question

    @property
    def hits(self) -> list[Hit]:
        """Ranked candidates."""
        return self.ctx.result.hits

    @property
    def coverage(self) -> Coverage:
        """How the best candidate covers the question's specific words."""
        return self.ctx.result.coverage

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base searched."""
        return self.ctx.kb

    @property
    def lexicon(self) -> Lexicon:
        """Tokenizer and vocabulary."""
        return self.ctx.lexicon

    @property
    def config(self) -> AnswerConfig:
        """Answer weights and thresholds."""
        return self.ctx.config

    def clause(self, hit: Hit) -> Clause:
        """The clause of a hit."""
        return self.kb.clause(hit.clause_id)

    def named_rows(self) -> list[Hit]:
        """Hits on table rows the question names by their title (某市综合托育服务中心 of a project list)."""
        norm = self.question.query.norm
        found = []
        for hit in self.hits:
            clause = self.clause(hit)
            title = normalize(clause.title)
            if clause.is_table and len(title) >= MIN_NAMED and title in norm:
                found.append(hit)
        return found

    def region(self, clause: Clause) -> str:
        """The region of a clause's document."""
        return self.kb.meta(clause).region

    # -- the question as a whole -----------------------------------------------------------
    def covers_question(self) -> bool:
        """Does the best candidate cover the question well enough to answer it?"""
        cov, limits = self.coverage, self.config.coverage
        if cov.top_bm25 <= 0:
            return False
        if not cov.specific_words:  # only generic words: answer if the match is strong
            return cov.score >= limits.generic_score
        unknown, matched = len(cov.unknown_words), len(cov.matched_specific)
        if unknown and matched <= 1:
            return False  # the question is about something the documents never mention
        lexicon = self.lexicon
        if (
            any(w in lexicon.words and w not in lexicon.colloquial_words for w in cov.unknown_words)
            and cov.share < limits.known_term_share
        ):
            return False  # a term the lexicon knows and the documents never use (异地就医) is the subject
        if cov.score >= limits.strong_score or (cov.score >= limits.good_score and cov.matched_specific):
            return True
        return bool(cov.matched_specific) and (cov.share >= limits.share or len(cov.matched_specific) >= 2)

    def near_enough(self) -> bool:
        """Is the best candidate worth showing as the nearest clause of a decline?"""
        cov = self.coverage
        return bool(cov.matched_specific) and not cov.out_of_scope_places

    def terms(self) -> set[str]:
        """The question's words, expansion words and bigrams."""
        query = self.question.query
        return set(query.words) | set(query.expansion_words) | set(query.bigrams)

    # -- one clause ------------------------------------------------------------------------
    def sentence(self, clause: Clause) -> str:
        """The sentence(s) of a clause that answer the question (computed once per question)."""
        if clause.id not in self._sentences:
            self._sentences[clause.id] = self._pick_sentence(clause)
        return self._sentences[clause.id]

    def states(self, clause: Clause, asked: str) -> bool:
        """Does the clause state the kind of fact asked for?"""
        cues = self.lexicon.vocab.clause
        if asked == "place":
            return any(clause.columns.get(c) for c in cues.place_columns) or bool(cues.pattern("place").search(clause.text))
        if asked == "fee":  # a price charged, stated as a sum: an investment or a subsidy is no fee
            fee = cues.pattern("fee")
            named = self.fee_words()
            text = clause.text + "；".join(clause.columns.values())
            pieces = [seg for sentence in split_sentences(text) for seg in segments(sentence)]  # not across a sentence
            stated = any(k in seg and facts(seg, ["amount"]) for k in named for seg in pieces)
            return stated or bool(support_amounts(clause.text, fee)) or _sentence_with(clause, fee, "amount")
        if asked == "hours":
            return bool(cues.pattern("hours").search(clause.text))
        if asked == "phone":
            return bool(facts(clause.text, ["phone"]))
        if asked == "share":  # a share in the answering sentence, a short cell, or a numeric cell of a % column
            kinds = self.lexicon.vocab.fact_kinds(asked)  # a percentage or a ratio (4:6)
            if not clause.is_table:
                return bool(facts(self.sentence(clause), kinds))
            cells = [v for v in clause.columns.values() if len(v) <= SHORT_CELL]
            return "%" in with_units(clause.columns) or any(facts(v, kinds) for v in cells)
        kinds = self.lexicon.vocab.fact_kinds(asked)
        if asked == "amount" and not clause.is_table:  # 上浮多少, 各出多少: a share of a sum answers too (多少钱: not)
            return bool(facts(clause.text, kinds)) or (not self.question.asks_money and _sentence_with(clause, SUBSIDY, "target"))
        if clause.is_table:
            values = [v for k, v in clause.columns.items() if k != "序号"]
            rates = "%" in with_units(clause.columns) or any(v.rstrip().endswith("%") for v in values)
            if asked == "quantity" and self.question.unit and rates:
                return False  # 会有多少人: a row of rates (单位：%) counts no one
            if asked in ("quantity", "number"):
                return any(is_numeric(v) or facts(v, kinds) for v in values)
            if asked == "duration":  # 通过1年的先行先试, in any cell
                return bool(self.table_facts(clause, asked)) or any(facts(v, kinds) for v in values)
            return bool(self.table_facts(clause, asked))
        return bool(facts(clause.text, kinds))

    def fee_words(self) -> list[str]:
        """保费, 评审费: the charges the question names, whole and by their last two characters (人保费 is 保费 cut short)."""
        kinds = [*self.question.money_kinds, *self.question.query.words]  # 一个人保费好多钱: 保费
        named = [k for k in kinds if len(k) >= 2 and k.endswith("费")]
        return list(dict.fromkeys([*named, *(k[-2:] for k in named)]))

    def table_facts(self, clause: Clause, intent: str | None) -> list[str]:
        """Facts of a table row for an intent: the asked year's value, amounts in 万元 columns, targets."""
        years = self.question.query.years
        out = []
        # 覆盖率（%）: a unit in the indicator's own name when the row has no 单位 column
        unit = clause.columns.get("单位", "") or ("%" if _PERCENT_NAME.search(clause.title) else "")
        terms = self.lexicon.vocab.clause.pattern("term_columns")
        issued = self.kb.meta(clause).issue_date.year
        for column, value in clause.columns.items():
            if column in ("序号", "单位") or not value or value == "—":
                continue
            header_unit = UNIT_IN_HEADER.search(column)
            if intent == "amount" and header_unit and "元" in header_unit.group(1):
                out.append(f"{UNIT_IN_HEADER.sub('', column)}{value}{header_unit.group(1)}")
            elif intent == "amount" and facts(value, ["amount"]):  # 补贴标准：一次性奖补8万元
                out.append(f"{column}：{value.rstrip('。；')}" if len(value) <= 40 else "、".join(facts(value, ["amount"])))
            elif intent in ("deadline", "duration") and terms.search(column):  # 建设期限 2023—2025, 完成时限 2025年9月
                out.append(f"{UNIT_IN_HEADER.sub('', column)}{value}{'年' if value[-1].isdigit() else ''}")
            elif intent == "deadline" and not any(terms.search(c) for c in clause.columns) and facts(value, ["deadline"]):
                out.append(f"{column}：{'、'.join(facts(value, ['deadline']))}")  # 预期目标：争取“十四五”期间…
            elif intent in ("target", "deadline", None) and any(y in column for y in years):
                out.append(f"{column}{value}{unit if unit not in ('%',) else ''}{'%' if unit == '%' else ''}")
            elif intent == "target" and not years and ("目标" in column or _later_year(column, issued)):
                out.append(f"{column}{value}{'%' if unit == '%' else unit}")
        return out

    def indicator(self, clause: Clause) -> set[str]:
        """The question's specific words in the part of a clause that states its figure (达标率, 集中供养率)."""
        sentence = self.sentence(clause)
        kinds = list(self.question.wanted_facts) or self.lexicon.vocab.fact_kinds("number")
        stating = [seg for seg in segments(sentence) if facts(seg, kinds)] or [sentence]
        words = set(self.lexicon.words_of("".join(stating)))
        return set(covered(self.coverage.specific_words, words, self.lexicon))

    def same_indicator(self, a: Clause, b: Clause) -> bool:
        """Do two clauses state their figures about the same thing the question names?"""
        return bool(self.indicator(a) & self.indicator(b))

    def states_sum(self, clauses: list[Clause]) -> bool:
        """Does one clause name a sum given or charged (not 营业收入3亿元)?"""
        return any(support_amounts(self.sentence(c)) for c in clauses)

    def backs(self, clauses: list[Clause], figure: str) -> bool:
        """True when one clause states every number of a figure the user quotes, in the same unit (一顿补5块 is
        not backed by 每个5万元; 3个 not by a row on 3岁以下婴幼儿): a number the user writes bare matches it in any
        unit, and a table cell holding the number alone (its unit is in the column's name) matches it too."""
        wanted = quantities_in(figure)
        for clause in clauses:
            stated = quantities_in(clause.text)
            numbers = {n for n, _ in stated}
            cells = {n for v in clause.columns.values() if cell_number(v) is not None for n in numbers_in(v)}
            if all((n, unit) in stated or n in cells if unit in _UNITS else n in numbers for n, unit in wanted):
                return True
        return False

    def matching_rows(self, row: Clause) -> list[Clause]:
        """The rows of a row's table that have every question word found in the table's cells (A县, 托育).

        Words that are whole values of one column (类别: 养老 / 托育) are alternatives: 养老、托育项目
        asks for both kinds. A count the user quotes (那50个项目) filters nothing; a year does.
        """
        query = self.question.query
        table = self.table_rows(row)
        cells = {c.id: "；".join(v for k, v in c.columns.items() if k != "序号") for c in table}
        home = self.lexicon.gazetteer.names_of(self.region(row))  # every row is in the document's own region
        generic = set(self.lexicon.vocab.intents["table"].cues)  # 项目, 清单: what the rows are, not a filter
        words = [
            w
            for w in dict.fromkeys([*query.places, *query.words])
            if len(w) >= 2
            and w not in generic
            and not (w.isdigit() and w not in query.years)
            and not any(w in h for h in home)
            and any(w in text for text in cells.values())
        ]
        describing = _describing(words, _shared_runs(query.norm, row.table or ""), table)
        words = [w for w in words if w not in describing]
        columns = {w: {k for c in table for k, v in c.columns.items() if v.rstrip("。") == w} for w in words}
        groups: list[list[str]] = []
        for word in words:
            group = next((g for g in groups if columns[word] & columns[g[0]]), None)
            if group is None:
                groups.append([word])
            else:
                group.append(word)
        return [c for c in table if all(any(w in cells[c.id] for w in group) for group in groups)]

    def table_rows(self, row: Clause, kind: str = "table_row") -> list[Clause]:
        """The rows (or the total rows, kind "table_total") of a row's table."""
        return [c for c in self.kb.document(row.doc_id).clauses if c.kind == kind and c.table == row.table]

    def figure_column(self, rows: list[Clause]) -> str | None:
        """The numeric column the question is about (总投资（万元） for 投资最大), else the first one in 元.

        A column is numeric when most of the rows hold a plain number in it.
        """
        if not rows:
            return None
        numeric = [
            column
            for column in rows[0].columns
            if column != "序号" and sum(is_numeric(r.columns.get(column, "")) for r in rows) * 2 >= len(rows)
        ]
        bigrams = set(self.question.query.bigrams)

        def named(column: str) -> tuple[int, bool]:
            return len(set(self.lexicon.bigrams_of(UNIT_IN_HEADER.sub("", column))) & bigrams), "元" in column

        return max(numeric, key=named) if numeric else None

    def row_brief(self, clause: Clause) -> str:
        """A table row as an answer quotes it: its name, its figures, the columns the question names or whose
        cells hold what it counts, leaving out the rest of a wide row; the whole row when the answer states
        no figure of it, or nothing stands out."""
        whole = row_sentence(clause)
        cells = {k: v for k, v in clause.columns.items() if k not in ("序号", "分组") and v}
        if len(cells) <= self.config.row_columns:
            return whole
        q = self.question
        found = "".join(self.answer_facts(clause))
        if not found:
            return whole  # no figure of the row answers: the row itself is the answer (都建些啥子)
        # what the question counts or is about, found in a cell (多少张床位 in 建设内容：…新增床位80张)
        about = [w for w in [*q.query.counted, *self.coverage.specific_words] if len(w) >= 2]
        # a column the question names by a word the row's name does not already hold (总投资, not 建设 of 建设项目)
        naming = [w for w in q.query.words if len(w) >= 2 and w not in clause.title]
        where = q.asked == "place" or self.lexicon.vocab.question.pattern("asks_place").search(q.query.norm)
        wanted = [
            k
            for k, v in cells.items()
            if v != clause.title
            and (
                is_numeric(v)  # the figures are what a table says
                or any(w in column_name(k)[0] for w in naming)
                or column_name(k)[0] in found
                or any(w in v for w in about)
                or (where and k in self.lexicon.vocab.clause.place_columns)
                or (q.intent == "department" and k in self.departments_columns(clause))
            )
        ]
        if not wanted:
            return whole
        if "单位" in cells and any(is_numeric(cells[k]) for k in wanted):
            wanted.append("单位")  # 2025年：96 needs its %
        parts = [
            v.rstrip("。") if v == clause.title else f"{k}：{v.rstrip('。')}"
            for k, v in cells.items()
            if v == clause.title or k in wanted
        ]
        group = clause.columns.get("分组", "")
        return (f"{group}：" if group else "") + "；".join(parts) + "。"

    def departments_columns(self, clause: Clause) -> list[str]:
        """The columns of a row that name who is responsible (责任单位, 牵头部门)."""
        return [k for k, v in clause.columns.items() if v and self.lexicon.departments_in(v) and ("单位" in k or "部门" in k)]

    def names_column(self, column: str) -> bool:
        """Does the question name the column (总投资 of 总投资（万元）)?"""
        name = UNIT_IN_HEADER.sub("", column)
        return bool(set(self.lexicon.bigrams_of(name)) & set(self.question.query.bigrams))

    def answer_facts(self, clause: Clause) -> list[str]:
        """The facts a clause answers with (computed once): the departments, the row's figures, the sum,
        date, count or duration asked for, found in the answering sentence (the part matching the question first)."""
        if clause.id not in self._facts:
            self._facts[clause.id] = self._answer_facts(clause)
        return list(self._facts[clause.id])

    def _answer_facts(self, clause: Clause) -> list[str]:
        q = self.question
        sentence = self._for_the_asker(self.sentence(clause))
        kinds = list(q.wanted_facts)  # the fact demanded (多少钱 → a sum), else what the intent wants
        found: list[str] = []
        departments = self.departments(clause) if q.intent == "department" else []
        places = [c for c in self.lexicon.vocab.clause.place_columns if clause.columns.get(c)] if q.asked == "place" else []
        if departments:
            found = departments
        elif places:  # 建在哪几个乡镇: the row's place first, whatever the earlier turn asked of it
            found = [f"{column}：{clause.columns[column]}" for column in places] + self.table_facts(clause, q.intent)
        elif clause.is_table:
            found = self.table_facts(clause, q.intent)
            if found and len(clause.title) <= 24 and clause.title not in found[0]:
                found[0] = f"{clause.title}：{found[0]}"  # say what the number counts
        elif kinds == ["amount"] and q.about_money:
            # 营业收入3亿元 is no subsidy: a sum beside a subsidy word, or in a sentence that names one
            part = self.matching_part(sentence)
            found = current_first(
                support_amounts(part)
                or support_amounts(sentence)
                or [f for f in facts(part, kinds) + facts(sentence, kinds) if SUBSIDY.search(sentence)],
                sentence,
                q.asks_before,
            )[:1]
        elif kinds:
            found = facts(self.matching_part(sentence), kinds) or facts(sentence, kinds)
            found = [f for f in found if f not in q.stated] or found  # 60岁以上的老人有多少人: not the user's 60岁以上
            unit = q.unit if q.asked == "quantity" else None  # 好多张: 70张, not the 1个 before it
            found = sorted(found, key=lambda f: not (unit and f.endswith(unit)))[:1]
        if not found and q.asked_facts and (not clause.is_table or q.asked == "duration"):  # 用几年 → 5年内
            found = facts(self.matching_part(sentence), list(q.asked_facts))[:1]
        if not found and q.asked in ("amount", "fee") and not clause.is_table and not q.asks_money:  # 上浮多少: shares
            found = facts(self.matching_part(sentence), ["target"])[:2]
        if found and q.also_facts and not clause.is_table:  # 多少比例？从啥时候开始？: both, from the same sentence
            found += [f for f in facts(sentence, list(q.also_facts)) if f not in found][:2]
        return found

    def lays_out_steps(self, clause: Clause) -> bool:
        """Does the clause lay a procedure out: three of its steps named (申请…初审…公示…发放)?"""
        steps = self.lexicon.vocab.clause.pattern("steps")
        return not clause.is_table and len(set(steps.findall(clause.text))) >= PROCEDURE_STEPS

    def states_before(self, clause: Clause) -> bool:
        """Does the clause state a figure before a change: a 原标准 column's value, or 由30元提高到50元?"""
        if clause.is_table:
            old = self.lexicon.vocab.clause.pattern("before_columns")
            return any(old.search(column) and value.strip("—- ") for column, value in clause.columns.items())
        return bool(raised_from(self.sentence(clause)))

    def difference(self, clause: Clause) -> Difference | None:
        """比2024年多出好多个, 提高了多少: two figures of the clause, the later first: a row's columns of the two
        years the question names (or a 原标准 column and the figure after it), or a change (由30元提高到50元)."""
        if not clause.is_table:
            found = changes(self.sentence(clause)) or changes(clause.text)
            return Difference("现", found[0][1], "原", found[0][0], found[0][2]) if found else None
        cells = {c: m for c, v in clause.columns.items() if c != "序号" and (m := _CELL.fullmatch(v.strip()))}
        named = list(cells)
        years = list(dict.fromkeys(self.question.query.years))
        by_year = [next((c for c in named if year in c), "") for year in sorted(years)[:2]]
        if len(by_year) == 2 and all(by_year):
            old, new = by_year  # the earlier year's column first
        else:
            before = self.lexicon.vocab.clause.pattern("before_columns")
            old = next((c for c in named if before.search(c)), "")
            if not old or named.index(old) + 1 >= len(named):
                return None
            new = named[named.index(old) + 1]
        (old_name, _), (new_name, unit) = column_name(old), column_name(new)
        unit = unit or clause.columns.get("单位", "") or cells[new].group(2)
        return Difference(new_name, cells[new].group(1), old_name, cells[old].group(1), unit)

    def increment(self, clause: Clause) -> Increment | None:
        """农村的重度失能老人每月一共多少: a clause adding a sum to its standard for a group (经评估为重度失能的，在上述
        标准基础上每人每月增加60元) whose condition the question names, with the standard of the case the question
        names (农村每人每月120元, the new figure of a raise): the two to add. None when either is missing."""
        found = _INCREMENT.search(clause.text)
        terms = {t for t in self.terms() if len(t) >= 2}
        if found is None or not terms & set(self.lexicon.words_of(found.group(1))):
            return None
        before = clause.text[: found.start()]
        pieces = [p for p in segments(before) if facts(p, ["amount"]) and terms & set(self.lexicon.words_of(p))]
        raised = list(_RAISED.finditer(before))  # 由原来的…100元…提高至…120元: the figures after the raise hold now
        if raised:
            pieces = [p for p in pieces if before.find(p) + len(p) > raised[-1].end()] or pieces
        pieces = self._facet_pieces(pieces)
        best = max((len(terms & set(self.lexicon.words_of(p))) for p in pieces), default=0)
        named = [p for p in pieces if len(terms & set(self.lexicon.words_of(p))) == best]
        base = numbers_in(facts(named[0], ["amount"])[0]) if named else []
        if not base:
            return None
        shown = _RAISED.split(named[0])[-1].strip("，,、；;。")  # 分别提高至城市每人每月180元 → 城市每人每月180元
        return Increment(shown, base[-1], found.group(1).strip("，,"), found.group(2))

    def _facet_pieces(self, pieces: list[str]) -> list[str]:
        """The pieces about the alternative the question names (农村, not 城市; 全日托, not 日托), when it names one."""
        text = self.question.query.norm
        for group in self.lexicon.vocab.follow_up.facets:
            asked = [alt for alt in group if any(w in text for w in alt)]
            if len(asked) != 1:
                continue
            holding = [p for p in pieces if any(w in p for w in asked[0])]
            others = [w for alt in group if alt is not asked[0] for w in alt]
            pieces = holding or [p for p in pieces if not any(w in p for w in others)] or pieces
        return pieces

    def states_figure_like(self, clause: Clause, figure: str) -> bool:
        """Does the clause state a figure of the same kind as `figure`, about what the question names?

        A share answers a share; a sum answers a sum, and when the question names a kind of money
        (补贴, 津贴) the segment stating the sum must name one too: a tax deduction is no subsidy.
        """
        kind = next((k for k in ("amount", "target", "count", "duration", "deadline") if facts(figure, [k])), "amount")
        if clause.is_table and kind != "deadline":  # a row's cells carry no units (单位：个 is a column): its figures
            return bool(self.answer_facts(clause))
        if kind == "deadline":  # 每季度20日前 is answered by a day that recurs (每月15日前), not by a date
            return any(_recurs(f) == _recurs(figure) for f in facts(self.sentence(clause), ["deadline"]))
        return self.states_kind(clause, kind)

    def states_kind(self, clause: Clause, kind: str) -> bool:
        """Does the answering sentence state a fact of this kind, about the kind of money asked (补贴, 津贴)?

        A tax deduction answers no question about a subsidy: when the question names a kind of
        money, the sentence stating the sum must name one too.
        """
        quoted = split_sentences(self.sentence(clause))
        stating = [i for i, sentence in enumerate(quoted) if facts(sentence, [kind])]
        nouns = self.lexicon.vocab.question.money_nouns
        if stating and kind == "amount" and any(w in self.question.query.norm for w in nouns):
            # the money is named in the sentence or in the quoted one it follows (发放育儿补贴。二孩每人每年1000元)
            return any(noun in "".join(quoted[max(0, i - 1) : i + 1]) for i in stating for noun in nouns)
        return bool(stating)

    def departments(self, clause: Clause) -> list[str]:
        """Who is responsible for what the clause answers: its note, its parent's, or the departments its sentence names.

        A question about one role (谁牵头, 哪些部门配合) gets the departments the note names in that role, where it names roles.
        """
        role, parent = self.question.role, self.kb.parent_clause(clause)
        note = clause.department_note or (parent.department_note if parent and not clause.departments else None)
        named = role_departments(note, role) if role and note else []
        if named:
            return named
        return responsible(clause, self.kb, self.lexicon, self.sentence(clause))

    def names_money_kind(self, clause: Clause) -> bool:
        """Does the clause speak of the kind of money asked for (培训 for 培训补贴), or was none named?"""
        kinds = self.question.money_kinds
        if not kinds:
            return True
        if clause.is_table:  # the row's name, its table's, its money columns and cells (总投资 is no 床位补贴)
            nouns = self.lexicon.vocab.question.money_nouns
            money = [
                f"{k}{v}" for k, v in clause.columns.items() if "元" in k or facts(v, ["amount"]) or any(n in v for n in nouns)
            ]
            text = clause.title + (clause.table or "") + "".join(money)
        else:  # an item of a list says its kind in the list's opening (运营补贴，具体标准为：)
            opening = self.list_opening(clause)
            text = self._money_context(clause) + (opening.text if opening else "")
            if not self._names_kind(text):  # 按每月300元标准补贴 names no kind: the document's title says whose
                text += self.kb.meta(clause).title
        return any(k in text or any(o in text for o in self.lexicon.official_words(k)) for k in kinds)

    def list_opening(self, clause: Clause) -> Clause | None:
        """The clause above an item when it opens the list the item belongs to (…具体标准为：), else None."""
        parent = self.kb.parent_clause(clause)
        return parent if parent is not None and opens_list(parent) else None

    def _money_context(self, clause: Clause) -> str:
        """The words that say what each sum of a clause is: the segment stating it and the one before, and the
        sentence before when these name no money (…发放家庭育儿补贴。二孩每人每年1000元). 一次性生育奖励5000元
        in a sentence that opens 在执行国家育儿补贴制度的基础上 is a 生育奖励, not an 育儿补贴."""
        sentences = split_sentences(clause.text)
        out = []
        for i, sentence in enumerate(sentences):
            pieces = segments(sentence)
            for j, piece in enumerate(pieces):
                if not facts(piece, ["amount"]):
                    continue
                near = "".join(pieces[max(0, j - 1) : j + 1])
                # 补贴标准为每孩每月200元, 每月补助100元 name no kind of money: the sentence before, and the
                # article's lead sentence (运营补助按照…核定), say whose sum it is
                if self._names_kind(near) or not i:
                    out.append(near)
                else:
                    out.append("".join(dict.fromkeys([sentences[0], sentences[i - 1]])) + near)
        return "".join(out)

    def _names_kind(self, text: str) -> bool:
        """Does a money noun in the text follow a word naming its kind (托育服务补贴), not a bare 每月补助?"""
        cues = self.lexicon.vocab.question
        for noun in cues.money_nouns:
            for found in re.finditer(re.escape(noun), text):
                before = text[max(0, found.start() - 2) : found.start()]
                kind = len(before) == 2 and _HAN.fullmatch(before) and before not in cues.money_bare_before
                if kind and not text[found.end() :].startswith("标准"):
                    return True
        return False

    def says_no(self, clause: Clause) -> bool:
        """Does the answering sentence forbid or exclude (不得, 禁止)?"""
        return bool(self.lexicon.vocab.clause.pattern("negation").search(self.sentence(clause)))

    def snippet(self, sentence: str) -> str:
        """The segments of a sentence that share words with the question or state a wanted fact, in order (…… between)."""
        if self._steps(sentence):
            return sentence
        pieces = segments(sentence)
        terms, kinds = self.terms(), list(self.question.wanted_facts)
        kept = [i for i, piece in enumerate(pieces) if self._overlap(piece, terms) >= 2 or (kinds and facts(piece, kinds))]
        return join_pieces(pieces, kept) if kept else sentence

    def _for_the_asker(self, text: str) -> str:
        """The sentences of a quote not about a group the asker says they are not in (不是低保: the 低保 sentence
        goes, 对其他80周岁以上老年人，每餐补助2元 stays); the quote itself when none is left."""
        excluded = set(self.question.excluded)
        if not excluded:
            return text
        kept = [s for s in split_sentences(text) if not set(self.lexicon.words_of(s)) & excluded]
        return "".join(kept) or text

    def matching_part(self, sentence: str) -> str:
        """The segments of a sentence that share words with the question, best first (whole sentence if none)."""
        terms, own, age = self.terms(), set(self.question.own_words), self.question.query.age
        excluded = set(self.question.excluded)  # 不是低保: a segment for 低保 families is not the asker's
        ages = [set(numbers_in(f)) for f in self.question.stated if facts(f, ["age"])]  # 80岁以上的老人: their band
        scored = [  # a follow-up's own words (那农村呢) count twice: they are what it asks now
            (
                self._overlap(s, terms)
                + 2 * self._overlap(s, own)
                + 2 * (_holds(age, s) or any(a <= set(numbers_in(s)) for a in ages))
                - 3 * self._overlap(s, excluded),
                i,
                s,
            )
            for i, s in enumerate(segments(sentence))
        ]
        parts = [s for score, _, s in sorted(scored, key=lambda x: (-x[0], x[1])) if score]
        return "".join(parts) or sentence

    # -- sentences -------------------------------------------------------------------------
    def _pick_sentence(self, clause: Clause) -> str:
        if clause.is_table:
            return row_sentence(clause)
        query, weights = self.question.query, self.config.sentence
        words, expansions, bigrams = set(query.words), set(query.expansion_words), set(query.bigrams)
        own = set(self.question.own_words)
        rare = set(self.coverage.specific_words)
        kinds = list(self.question.wanted_facts)
        # 只去了六天, 收托率只有50%: a sentence stating a figure of the kind the user gives (不足10天的, 低于60%的)
        # holds their condition
        given = [k for k in ("duration", "count", "age", "target") if any(facts(f, [k]) for f in self.question.stated)]
        stated = [f for f in self.question.stated if facts(f, given)] if given else []
        # 还能再领一份不？能不能换成现金？: a yes/no question is often answered by the sentence that says no
        denial = self.lexicon.vocab.clause.pattern("negation") if self.question.yes_no else None
        sentences = split_sentences(clause.text)
        held = any(_holds(query.age, sentence) for sentence in sentences)  # no band holds 82: none is preferred
        scores = []
        for position, sentence in enumerate(sentences):
            tokens = set(self.lexicon.words_of(sentence))
            score = (
                weights.word * len(tokens & words)
                + weights.expansion * len(tokens & expansions)
                + weights.own * len(tokens & own)
                + weights.specific * len(tokens & rare)
                - weights.position * position
            )
            score += weights.bigram * len(set(self.lexicon.bigrams_of(sentence)) & bigrams)
            if kinds and facts(sentence, kinds):
                score += weights.fact
            if given and facts(sentence, given):
                score += weights.fact
                if any(set(numbers_in(f)) <= set(numbers_in(sentence)) for f in stated):
                    score += weights.fact / 2  # 80岁以上的老人 against 其中80周岁以上老年人…每餐4元: the user's own figure
            if denial and denial.search(sentence) and (tokens & (words | rare) or self.question.asks_stacking):
                score += weights.fact  # 以上两项不重复享受 answers 能不能同时领, whatever its words
            if self.question.excluded and tokens & set(self.question.excluded):
                score -= weights.excluded  # 家里不是低保: the sentence for 低保 families is not the asker's
            if held and age_bands(sentence):  # 我今年92了: the sentence of the band holding 92
                score += weights.fact if _holds(query.age, sentence) else -weights.fact
            if position == 0 and len(sentences) > 1 and len(sentence) <= 20 and not (kinds and facts(sentence, kinds)):
                score -= weights.lead_phrase  # the lead phrase alone answers nothing (验收阶段（12月15日前）does)
            if sentence.startswith(("其中", "其他")):
                score -= weights.breakdown  # a breakdown of the sentence before it
            if _asks(sentence) and len(sentences) > 1:
                score -= ASKED_PENALTY  # 问：入托补贴怎么申请？ of a Q&A page: the answer follows it
            scores.append(score)
        if not sentences:
            return clause.text
        order = sorted(range(len(sentences)), key=lambda i: -scores[i])
        best = order[0]
        picked = [best]
        # A close second sentence often carries the rest of the answer (the condition, the figure).
        if len(order) > 1:
            second = order[1]
            close = scores[second] >= weights.second * scores[best] and scores[second] > weights.second_min
            if close and len(sentences[best]) + len(sentences[second]) <= self.config.max_quote:
                picked = sorted([best, second])
        opening = self._list_opening(sentences) if self.question.asks_list and picked == [best] else None
        if opening is not None:  # 要交哪些材料: 申报材料包括：and its items answer, however well the sentence before scores
            picked = self._items(sentences, opening, order)
        elif picked == [best] and sentences[best].endswith(("：", ":")) and best + 1 < len(sentences):
            picked = self._items(sentences, best, order)  # 应当同时具备下列条件：the conditions are the answer
        picked = self._all_steps(sentences) or picked
        if denial and self.question.asks_stacking:  # 能不能同时领: the sentence against stacking joins the quote
            picked = sorted({*picked, *[i for i, sentence in enumerate(sentences) if denial.search(sentence)][:1]})
        sum_asked = self.question.asked in ("amount", "fee") or (self.question.checks_premise and self.question.about_money)
        if sum_asked and not any(facts(sentences[i], ["amount"]) for i in picked):
            # a sum is asked: the best sentence with one joins the quote (…发放家庭育儿补贴。二孩每人每年1000元…)
            with_sum = [i for i in order if facts(sentences[i], ["amount"])]
            picked = sorted({*picked, *with_sum[:1]})
        if sum_asked:
            picked = sorted({*picked, *self._other_rates(sentences, picked), *self._sums_after(sentences, picked)})
        picked = sorted({*picked, *self._other_parts(sentences, picked)})
        picked = self._with_opening_rule(clause.text, sentences, picked)
        trimmed = [self._trim(sentence, words | expansions | bigrams, kinds) for sentence in sentences]
        return self._inherit(sentences, picked) + join_pieces(trimmed, picked, trail=False)

    def _other_parts(self, sentences: list[str], picked: list[int]) -> list[int]:
        """For a question of several parts (…补好多？要是低保户呢？), the sentence answering each part.

        A part's own words (低保户), not shared with the other parts, pick the sentence that uses most of
        them; one the quote already holds answers that part.
        """
        if len(sentences) < 2:
            return []
        added: list[int] = []
        words = [set(self.lexicon.words_of(sentence)) for sentence in sentences]
        kinds = list(self.question.wanted_facts)
        how_many = self.lexicon.vocab.question.pattern("how_many")
        for own, part in zip(self.part_words(), self.parts()):
            # 每个孩子每月多少？: a part asking for a figure is answered by a sentence stating one, where any does
            stating = [k for k, sentence in enumerate(sentences) if kinds and how_many.search(part) and facts(sentence, kinds)]
            usable = stating or list(range(len(sentences)))
            overlap = [0 if _asks(sentence) else len(own & words[k]) for k, sentence in enumerate(sentences)]
            taken = [*picked, *added]
            rest = [k for k in usable if k not in taken]
            if not rest:
                continue
            best = max(rest, key=lambda k: (overlap[k], -k))
            held = max((overlap[k] for k in taken if k in usable), default=0)
            # as many of the part's words as the quote holds, and some it lacks (提交…户口簿 for 要带哪些材料)
            new = own & words[best] - set().union(*(words[k] for k in taken))
            if overlap[best] and (overlap[best] > held or (overlap[best] == held and new)):
                added.extend(k for k in _clause_of(sentences, best) if k not in taken)
        return added

    def parts(self) -> list[str]:
        """The parts of the question as read (好多 as 多少): 每个孩子每月多少？二胎有没有多一点？ has two."""
        return [p for p in _PARTS.split(self.lexicon.read(self.question.text)) if p.strip()]

    def part_words(self, expanded: bool = True) -> list[set[str]]:
        """For a question of several parts (…补好多？要是低保户呢？), each part's own words: its words and (`expanded`)
        their official terms (二胎 brings 二孩), less those the other parts share. [] for a question of one part."""
        if expanded not in self._parts:
            parts = self.parts()
            words = [
                {
                    *self.lexicon.words_of(arabize(p)),
                    *(w for t in (self.lexicon.expansions(p) if expanded else []) for w in self.lexicon.words_of(t)),
                }
                - self.lexicon.stopwords
                for p in parts
            ]
            self._parts[expanded] = (
                [w - set().union(*(o for j, o in enumerate(words) if j != i)) for i, w in enumerate(words)]
                if len(parts) > 1
                else []
            )
        return self._parts[expanded]

    def _other_rates(self, sentences: list[str], picked: list[int]) -> list[int]:
        """一顿补好多钱, asked by no one in particular: the clause's other groups' sums per the same unit (对年满80周岁的
        其他老年人，每餐补贴2元) join the quote, up to one quote's length; none when the asker says who they are."""
        q = self.question
        if q.query.age is not None or q.excluded or len(picked) != 1:
            return []
        unit = _PER.search(sentences[picked[0]])
        if unit is None or not facts(sentences[picked[0]], ["amount"]):
            return []
        others = [
            i
            for i, sentence in enumerate(sentences)
            if i != picked[0] and unit.group() in sentence and facts(sentence, ["amount"]) and not _asks(sentence)
        ]
        if sum(len(sentences[i]) for i in [*picked, *others]) > self.config.max_quote:
            return []
        return others

    def _sums_after(self, sentences: list[str], picked: list[int]) -> list[int]:
        """政府补好多, naming no kind of money and no asker: the sums the picked sentence goes on to state after its
        semicolons (一次性建设补助5万元；运营满1年的，每年给予2万元运营补助), up to one quote's length."""
        q = self.question
        if q.query.age is not None or q.excluded or q.money_kinds or len(picked) != 1:
            return []
        after = []
        for k in range(picked[0] + 1, len(sentences)):
            if not sentences[k - 1].endswith(("；", ";")) or _asks(sentences[k]):
                break
            after.append(k)
        stating = [k for k in after if facts(sentences[k], ["amount"])]
        if not stating or sum(len(sentences[i]) for i in [*picked, *after]) > self.config.max_quote:
            return []
        return after[: after.index(stating[-1]) + 1]

    def _all_steps(self, sentences: list[str]) -> list[int]:
        """A procedure asked of a clause that lists its steps (按以下步骤办理：①…；②…): the opening and every step,
        up to two quotes' length; [] otherwise."""
        if self.question.intent != "procedure":
            return []
        # every sentence but the document's own questions (问：…？) and a heading phrase opening the clause (申请程序。)
        answering = [i for i, s in enumerate(sentences) if not _asks(s) and not (i == 0 and len(s) <= HEADING_PHRASE)]
        if answering and sum(len(sentences[i]) for i in answering) <= self.config.max_quote:
            return answering  # a short procedure (申请…；机构每年3月、9月汇总…；公示后拨付): every step of it
        opening = next((i for i, s in enumerate(sentences[:-1]) if s.endswith(("：", ":"))), None)
        if opening is None or sum(len(s) for s in sentences[opening:]) > 2 * self.config.max_quote:
            return []
        return list(range(opening, len(sentences)))

    def _with_opening_rule(self, text: str, sentences: list[str], picked: list[int]) -> list[int]:
        """A line under a clause's opening rule (对弄虚作假的，…取消2年内申报资格。 then - 托育机构虚报在托人数的，…)
        elaborates that rule: quoted alone it loses it, so the opening sentence joins the quote when it fits."""
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) < 2 or not lines[0].rstrip().endswith("。"):
            return picked
        head = len(split_sentences(lines[0]))
        if lines[0].count("。") != 1 or not picked or min(picked) < head:
            return picked  # an opening of a title and a rule (推进家庭养老床位建设。到2026年…) heads items, not a rule
        joined = sorted({*range(head), *picked})
        return joined if sum(len(sentences[i]) for i in joined) <= self.config.max_quote else picked

    def _list_opening(self, sentences: list[str]) -> int | None:
        """For a list asked for (哪些材料), the sentence opening a list (申报材料包括：) that names a word of the question
        the others lack, when items follow it."""
        words = {w for w in self.question.query.words if len(w) >= 2} - self.lexicon.stopwords
        for i, sentence in enumerate(sentences[:-1]):
            if sentence.endswith(("：", ":")) and any(w in sentence for w in words):
                named = [w for w in words if w in sentence]
                if any(all(w not in other for other in sentences[:i]) for w in named):
                    return i
        return None

    def _items(self, sentences: list[str], opening: int, order: list[int]) -> list[int]:
        """A list's opening with its items: all of them when they fit in a quote, else the best one."""
        items = list(range(opening + 1, len(sentences)))
        if sum(len(sentences[i]) for i in [opening, *items]) <= self.config.max_quote:
            return [opening, *items]
        return [opening, next(i for i in order if i > opening)]

    def _inherit(self, sentences: list[str], picked: list[int]) -> str:
        """The deadline an earlier sentence opens the list with (到2026年底，), when the picked one has none.

        「到2026年底，A；B；C。」: C is quoted as 「到2026年底，……C。」 so the answer keeps its date.
        """
        if not picked or picked[0] == 0 or DEADLINE.search(sentences[picked[0]]):
            return ""
        opener = self.lexicon.vocab.clause.pattern("opener")
        for sentence in reversed(sentences[: picked[0]]):
            found = opener.match(sentence)
            if found:
                return found.group().rstrip("，,") + "，……"
        return ""

    def _steps(self, sentence: str) -> bool:
        """向…提交，…初审后，…审核，公示…，…拨付: a procedure asked is quoted with all of its steps (up to a quote's length)."""
        return self.question.intent == "procedure" and len(sentence) <= self.config.max_quote and bool(_STEPS.search(sentence))

    def _overlap(self, text: str, terms: set[str]) -> int:
        """Question words and bigrams a piece of text shares."""
        return len((set(self.lexicon.words_of(text)) | set(self.lexicon.bigrams_of(text))) & terms)

    def _trim(self, sentence: str, words: set[str], kinds: list[str] | None = None) -> str:
        """Shorten a long list sentence to its opening and the segments that match the question."""
        limit = self.config.max_lead
        if len(sentence) <= limit:
            return sentence
        if self._steps(sentence):
            return sentence
        pieces = _pieces(sentence, self.question.asks_list)
        scores = [self._overlap(s, words) for s in pieces]
        top = max(scores[1:], default=0)
        with_fact = {i for i, s in enumerate(pieces) if kinds and facts(s, kinds)}
        keep_facts = len(with_fact) <= 2  # a list of many targets: keep only the matching ones
        kept = [0] + [
            i for i, score in enumerate(scores[1:], 1) if (score and score >= max(top - 1, 1)) or (keep_facts and i in with_fact)
        ]
        # …有多少？怎么发放？: each part of the question keeps the piece that answers it (…的比例发放), and a
        # follow-up's own words (那其中普惠性的占多少) the piece about them
        own_words = {w for w in self.question.own_words if len(w) >= 2}
        for own in [*self.part_words(), *([own_words] if own_words else [])]:
            overlap = [self._overlap(piece, own) for piece in pieces]
            best = max(range(len(pieces)), key=lambda k: (overlap[k], -k))
            if overlap[best] and not any(overlap[k] for k in kept):
                kept.append(best)
        return join_pieces(pieces, sorted(set(kept)), limit * 2)


SHORT_CELL = 12  # a cell this short is a figure, not a passage that happens to quote one
PROCEDURE_STEPS = 3  # a clause naming this many steps (申请, 初审, 公示…) lays a procedure out
HEADING_PHRASE = 8  # a first sentence this short (申请程序。) names the clause; it answers nothing
ASKED_PENALTY = 100.0  # a question a document asks itself (政策解读's 问：…？) is never the answering sentence


def _recurs(deadline: str) -> bool:
    """Does a deadline recur (每月15日前, 每年3月31日前) rather than fall on one date?"""
    return "每" in deadline[:3]


def _clause_of(sentences: list[str], k: int) -> list[int]:
    """The sentence k with those before it it continues (申请时应提交身份证、户口簿；申请护理补贴的，还应提交…):
    a part is answered by the whole 。-sentence, up to one lead's length."""
    start = k
    while (
        start > 0 and sentences[start - 1].endswith(("；", ";")) and sum(map(len, sentences[start - 1 : k + 1])) <= LONG_PIECE * 2
    ):
        start -= 1
    return list(range(start, k + 1))


def _asks(sentence: str) -> bool:
    """Is the sentence a question (问：…？)?"""
    return sentence.rstrip().endswith(("？", "?"))


def _sentence_with(clause: Clause, words: re.Pattern[str], kind: str) -> bool:
    """Does one sentence of the clause both name one of `words` and state a fact of `kind`?"""
    return any(words.search(sentence) and facts(sentence, [kind]) for sentence in split_sentences(clause.text))


def assess(ctx: AnswerContext) -> Evidence:
    """The evidence of a searched question."""
    return Evidence(ctx)


def _holds(age: int | None, text: str) -> bool:
    """Does the text state an age band holding the asker's age (90至99周岁 for 91)?"""
    return age is not None and holds_age(age, age_bands(text))


def _later_year(column: str, issued: int) -> bool:
    """A column of a year after the document's own (2025年 in a 2023 plan): a target."""
    year = _YEAR_COLUMN.match(column)
    return year is not None and int(year.group(1)) > issued


def _shared_runs(question: str, caption: str, least: int = 4) -> list[str]:
    """The longest runs of the question, four characters or more, that a table's caption holds (养老托育补助资金预算)."""
    runs: list[str] = []
    start = 0
    while start < len(question):
        end = start
        while end < len(question) and question[start : end + 1] in caption:
            end += 1
        if end - start >= least:
            runs.append(question[start:end])
        start = max(end, start + 1)
    return runs


def _describing(words: list[str], runs: list[str], rows: list[Clause]) -> set[str]:
    """The question's words that name the table itself (养老托育 of 2025年养老托育补助资金预算表), not some rows.

    They are the words of the runs the question shares with the table's caption; one of them still picks rows
    when it names some of the values of a category column (a few values, each repeated): 养老服务 of
    养老服务类 / 托育服务类. Caption words that name all of them (养老, 托育) pick nothing.
    """
    named = [w for w in words if any(w in run for run in runs)]
    picking: set[str] = set()
    for name in {k for c in rows for k in c.columns if k != "序号"}:
        values = {c.columns[name].rstrip("。") for c in rows if name in c.columns}
        if not 2 <= len(values) <= len(rows) / 2:
            continue
        some = [w for w in named if 0 < sum(w in v for v in values) < len(values)]
        if {v for v in values if any(w in v for w in some)} != values:
            picking.update(some)
    return set(named) - picking


_CELL = re.compile(r"(\d+(?:\.\d+)?)\s*(%|[\u4e00-\u9fff/·]{0,6})")  # 150, 85个, 80%: a cell of one figure


@dataclass(frozen=True)
class Increment:
    """A standard and the sum a group gets on top of it (农村每人每月120元 + 经评估为重度失能的 60元)."""

    base_text: str
    base: str
    group: str
    added: str

    @property
    def total(self) -> float:
        return float(self.base) + float(self.added)


_RAISED = re.compile(RAISED_TO)
_INCREMENT = re.compile(
    r"([^。；：]*?)[，,]?\s*在(?:上述|此|原|该)?标准(?:的)?基础上[^。；\d]*?(?:增加|增发|加发|提高|再发|上浮)(?:补贴|补助)?(\d+(?:\.\d+)?)元"
)


@dataclass(frozen=True)
class Difference:
    """Two figures of one clause and what separates them (2026年目标150个 against 2024年基数85个)."""

    new_name: str
    new: str
    old_name: str
    old: str
    unit: str

    @property
    def amount(self) -> float:
        return float(self.new) - float(self.old)


def cell_number(value: str) -> float | None:
    """The number of a plain numeric cell (12.5, 80%), else None."""
    return float(value.strip().rstrip("%")) if is_numeric(value) else None


def row_sentence(clause: Clause) -> str:
    """A table row as a sentence: （分组）名称；列：值；… (its label already names the table and the row number)."""
    columns = dict(clause.columns)
    columns.pop("序号", "")
    group = columns.pop("分组", "")
    parts = [v.rstrip("。") if v == clause.title else f"{k}：{v.rstrip('。')}" for k, v in columns.items()]
    return (f"{group}：" if group else "") + "；".join(parts) + "。"


def join_pieces(pieces: list[str], kept: list[int], limit: int | None = None, trail: bool = True) -> str:
    """Kept pieces in order; a gap where pieces were left out is marked ……, so the quote stays verbatim."""
    text = ""
    for position, index in enumerate(kept):
        if position and index != kept[position - 1] + 1:
            text = _ellipsis(text)
        text += pieces[index]
        if limit and len(text) > limit:
            return _ellipsis(text[:limit])
    if trail and kept[-1] != len(pieces) - 1:
        text = _ellipsis(text)
    return text


def _ellipsis(text: str) -> str:
    return text if text.endswith("……") else text.rstrip("，、,；;。") + "……"
