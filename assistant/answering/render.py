"""The render stage: a decision becomes the `Answer` users read.

An answer leads with the fact asked for (the amount, the date, the departments), then
quotes each clause with its document and label; a decline says what is missing and quotes
the nearest clause. Notices say when a document is out of force, belongs to another region,
or disagrees with a newer one. The answer's `lead` is its first line alone.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.answering.decide import Decision, Decline, Plan, Reply
from assistant.answering.evidence import Evidence, cell_number, split_sentences
from assistant.facts import age_bands, facts, holds_age
from assistant.gazetteer import LEVEL_NAMES, LEVEL_UNITS
from assistant.models import Answer, Citation, Clause, Computed
from assistant.parser import role_departments
from assistant.tables import column_name
from assistant.text import cn_date, numbers_in

MAX_LISTED = 15  # items named per document in a department's list of duties
MAX_CITED = 12  # citation cards of such a list
MAX_DETAILED = 3  # a list of duties this short quotes what each item asks
_ISSUING = re.compile(r"关于印发(.+?)的通知")
_ROLES = re.compile(r"牵头|配合")
MAX_WHOLE = 40  # a second source's sentence this short is quoted whole (收住半失能老年人的，每人每月120元)
MAX_LEAD = 40  # characters of Answer.lead: one line a hotline agent can read out
HOTLINE = "可拨打12345热线咨询。"
_MISSING = {
    "amount": "具体金额",
    "deadline": "具体时限",
    "quantity": "具体数量",
    "place": "具体地点",
    "number": "具体数字",
    "fee": "具体收费标准",
    "hours": "具体开放时间",
    "phone": "联系电话",
    "duration": "具体办理时限",
    "now": "现状数字（只规定了目标）",
}


def render(ev: Evidence, decision: Decision) -> Answer:
    """The answer for a decision, with what the search could not do (a keyword-only search) noticed."""
    answer = _render(ev, decision)
    degraded = [n for n in ev.ctx.result.notices if n not in answer.notices]
    return answer.model_copy(update={"notices": [*answer.notices, *degraded]}) if degraded else answer


def _render(ev: Evidence, decision: Decision) -> Answer:
    if isinstance(decision, Plan) and decision.reason == "department_duties":
        return duties(ev, decision.clauses)
    if isinstance(decision, Plan) and decision.reason in ("table_list", "section_list", "annex_list"):
        return rows(ev, decision.clauses, reason=decision.reason)
    if isinstance(decision, Plan) and decision.reason == "table_sum":
        return rows(ev, decision.clauses, decision.column)
    if isinstance(decision, Plan) and decision.reason == "table_total":
        row = decision.clauses[0]
        sums = [
            f"{name}{value}{unit}"
            for column, value in row.columns.items()
            if cell_number(value) is not None
            for name, unit in [column_name(column)]
        ]
        figure = f"{row.title.rstrip('。')}：{'、'.join(sums)}"
        if len(decision.clauses) > 1:  # with the subtotals asked about: each named by its title (养老项目小计（27个）)
            figure = "；".join(c.title.rstrip("。") for c in decision.clauses) + "。"
        return compose(ev, decision.clauses, reason=decision.reason, figure=figure)
    if isinstance(decision, Plan) and decision.reason == "table_extreme":
        row = decision.clauses[0]
        name, unit = column_name(decision.column)
        figure = f"{row.title.rstrip('。')}：{name}{row.columns[decision.column]}{unit}"
        return compose(ev, decision.clauses, reason=decision.reason, figure=figure)
    if isinstance(decision, Plan) and decision.reason == "difference":
        return _difference(ev, decision.clauses)
    if isinstance(decision, Plan) and decision.reason == "increment_sum":
        return _increment(ev, decision.clauses)
    if isinstance(decision, Plan) and decision.reason == "document_issued":
        meta = ev.kb.meta(decision.clauses[0])
        number = f"{meta.doc_number}，" if meta.doc_number else ""
        issuer = meta.issuer if ev.question.asks_issuer else ""
        return compose(ev, decision.clauses, reason=decision.reason, figure=f"{number}{issuer}{cn_date(meta.issue_date)}印发")
    if isinstance(decision, Plan) and decision.reason == "step_count":
        unit = "步" if ev.question.asks_steps else "项"
        return compose(ev, decision.clauses, reason=decision.reason, figure=f"共{decision.count}{unit}")
    if isinstance(decision, Plan) and decision.reason == "document_repealed":
        meta = ev.kb.meta(decision.clauses[0])
        start = cn_date(meta.effective_date or meta.issue_date)
        figure = f"已废止，{start}起不再执行（新文件施行之日同时废止）"
        return compose(ev, decision.clauses, reason=decision.reason, figure=figure)
    if isinstance(decision, Plan) and decision.reason == "document_about":
        return compose(ev, decision.clauses, reason=decision.reason, figure=_document_facts(ev, decision.clauses[0]))
    if isinstance(decision, Plan):
        return compose(ev, decision.clauses, decision.premise, decision.reason)
    if isinstance(decision, Decline):
        return decline(ev, decision)
    return reply(ev, decision)


def _difference(ev: Evidence, clauses: list[Clause]) -> Answer:
    """多65个：2026年目标150个，2024年基数85个（按所列数字相减）。: a difference no document states, said to be
    computed, with its two parts carried so that the number check can verify it."""
    found = ev.difference(clauses[0])
    assert found is not None  # the rule decided on it
    figure = _plain(abs(found.amount))
    more = "多" if found.amount >= 0 else "少"
    lead = f"{more}{figure}{found.unit}：{found.new_name}{found.new}{found.unit}，{found.old_name}{found.old}{found.unit}（按所列数字相减）。"
    answer = compose(ev, clauses, reason="difference", figure=lead)
    return answer.model_copy(update={"computed": [Computed(figure=figure, parts=[found.new, found.old], op="difference")]})


def _increment(ev: Evidence, clauses: list[Clause]) -> Answer:
    """共180元：农村每人每月120元，经评估为重度失能的加60元（按所列数字相加）."""
    found = ev.increment(clauses[0])
    assert found is not None  # the rule decided on it
    figure = _plain(found.total)
    lead = f"共{figure}元：{found.base_text}，{found.group}加{found.added}元（按所列数字相加）。"
    answer = compose(ev, clauses, reason="increment_sum", figure=lead)
    return answer.model_copy(update={"computed": [Computed(figure=figure, parts=[found.base, found.added])]})


def _document_facts(ev: Evidence, clause: Clause) -> str:
    """《title》（文号），施行 date and term, as the manifest records them; the term only when the quoted
    clause does not state it (本措施…有效期3年)."""
    meta = ev.kb.meta(clause)
    number = f"（{meta.doc_number}）" if meta.doc_number else ""
    start = meta.effective_date or meta.issue_date
    term = f"，有效期至{cn_date(meta.expires)}" if meta.expires and "有效期" not in clause.text else ""
    issuer = f"，{meta.issuer}印发" if ev.question.asks_issuer else ""
    return f"《{_issued_title(meta.title)}》{number}{issuer}，自{cn_date(start)}起施行{term}"


def _issued_title(title: str) -> str:
    """The document a notice issues (关于印发《X》的通知 → X), else the title itself."""
    found = _ISSUING.search(title)
    return found.group(1).strip("《》") if found else title


def reply(ev: Evidence, decision: Reply) -> Answer:
    """A greeting, a refusal, a question back, or a place the documents do not cover."""
    kb = ev.kb
    texts = {
        "clarify": lambda: ev.question.clarify or "",
        "greeting": lambda: f"您好！我可以根据{'、'.join(kb.regions())}的养老托育政策文件回答问题，例如“{kb.examples()[0]}”",
        "injection": lambda: "我只能依据已收录的养老托育政策文件回答问题，无法更改设定或提供文件以外的内容。" + HOTLINE,
        "out_of_scope_place": lambda: _outside_text(ev),
    }
    return _answer(ev, texts[decision.reason](), decision.reason, answered=decision.answered)


def _outside_text(ev: Evidence) -> str:
    gazetteer = ev.lexicon.gazetteer
    outside = [p for p in ev.question.query.other_places if not ev.lexicon.in_scope(p)]
    names = "、".join(gazetteer.display(p) for p in outside)
    return f"已收录的文件只涉及{listing(ev.kb.regions())}，没有{names}的相关规定。" + HOTLINE


def decline(ev: Evidence, decision: Decline) -> Answer:
    """The documents do not answer: say what is missing, and quote the nearest clause when it helps."""
    what = _MISSING.get(decision.missing or "", "明确规定")
    asked = f"关于{decision.subject}的规定" if decision.subject else f"这个问题的{what}"
    text = f"已收录的{decision.place}政策文件中没有找到{asked}。"
    if decision.reason == "document_not_held":  # 那个认定指引里…: the document named is not held here
        text = f"已收录的政策文件中没有{decision.subject}这份文件。"
    lead = text
    citations: list[Citation] = []
    nearest = decision.nearest
    if nearest is not None and (decision.missing or decision.place or decision.subject or ev.near_enough()):
        clause = ev.clause(nearest)
        meta = ev.kb.meta(clause)
        sentence = ev.sentence(clause)
        quoted = sentence if clause.is_table else f"“{sentence}”"
        text += f"最相关的是《{meta.display_title}》{clause.label}：{quoted}"
        if decision.missing:
            text += f"文件未规定{what}。"
        citations.append(citation(ev, clause))
    return _answer(ev, text + HOTLINE, decision.reason, citations=citations, lead=lead)


def _answer(
    ev: Evidence, text: str, reason: str, answered: bool = False, citations: list[Citation] | None = None, lead: str = ""
) -> Answer:
    return Answer(
        answer=text,
        answered=answered,
        citations=citations or [],
        confidence=0.0,
        searched_query=ev.ctx.searched_query,
        notices=[],
        reason=reason,
        lead=clip(lead or text),
    )


def compose(
    ev: Evidence, chosen: list[Clause], premise: bool | None = None, reason: str = "answered", figure: str = ""
) -> Answer:
    """The answer: the scope, the fact asked for, then each clause quoted with its source.

    A yes/no question is answered 有/可以 first; a figure the user stated is confirmed or
    corrected (「不是，文件规定的是……」). `figure` is a lead computed by the decision (a table's largest row).
    """
    q = ev.question
    scope = _scope(ev, chosen)
    parts: list[str] = [scope] if scope else []
    rows: list[tuple[Clause, str, list[str], str]] = []  # clause, sentence, figures, responsibility note
    first = chosen[0]  # the items counted, a procedure's steps, or a repeal with its date, are quoted whole
    steps = reason in ("step_count", "document_repealed") or ("procedure" in q.query.intents and ev.lays_out_steps(first))
    whole = first.id if steps and not first.is_table and len(first.text) <= 2 * ev.config.max_quote else None
    for clause in chosen:
        sentence = clause.text if clause.id == whole else ev.sentence(clause)
        found = ev.answer_facts(clause)
        responsible = ""
        if q.intent == "department" and found and clause.departments and not clause.is_table:
            roles = clause.department_note if clause.department_note and _ROLES.search(clause.department_note) else None
            responsible = f"（{roles}）" if roles else f"（责任单位：{'、'.join(clause.departments)}）"  # 牵头/配合 as written
        rows.append((clause, sentence, found, responsible))
    rows.sort(key=lambda row: not row[2])  # clauses that state the figure asked for come first
    chosen = [row[0] for row in rows]
    clause_facts = [(clause, found) for clause, _, found, _ in rows]
    quotes = []
    for i, (clause, sentence, _, responsible) in enumerate(rows):
        meta = ev.kb.meta(clause)
        # a document cited a second time is named once: 另据同一文件三、（六）14
        source = "同一文件" if any(c.doc_id == clause.doc_id for c in chosen[:i]) else f"《{meta.display_title}》"
        long = (
            len(sentence) > ev.config.long_quote and not clause.is_table and not (i == 0 and q.asks_list) and clause.id != whole
        )
        quoted = (
            ev.row_brief(clause) if clause.is_table else f"“{ev.snippet(sentence) if long else sentence}”"
        )  # a row is rendered
        if i == 0 or q.compares or (clause_facts[i][1] and not clause_facts[0][1]):
            quotes.append(f"{'依据' if i == 0 else '另据'}{source}{clause.label}：{quoted}{responsible}")
        else:  # a second source on the same point: only the part of its sentence that answers
            part = quoted if clause.is_table else ev.snippet(sentence) if len(sentence) > MAX_WHOLE else sentence
            if not clause.is_table and _repeats(part, rows[0][1]):
                quotes.append(f"另见{source}{clause.label}（内容相同）")
                continue
            part = part if clause.is_table else f"“{part}”"
            quotes.append(f"另据{source}{clause.label}：{part}{responsible}")
    figure, verdict = figure or _corrected(ev, chosen, premise) or _lead(ev, clause_facts), _verdict(ev, chosen, premise)
    lead = verdict + figure if figure or not verdict else verdict.rstrip("，：") + "。"
    outside = _age_outside(ev, chosen[0])
    if outside:  # 我爷爷82岁，能领吗 against 年满85周岁: the asker's age is outside every band the clause states
        lead = outside
    if lead:
        parts.append(lead)
    parts += quotes
    text = "".join(p if p.endswith(("。", "”", "）")) else p + "。" for p in parts)
    cov = ev.coverage
    confidence = round(min(1.0, 0.5 * cov.share + 0.5 * min(cov.score / 2.0, 1.0)), 2)
    return Answer(
        answer=text,
        answered=True,
        citations=[citation(ev, c) for c in chosen],
        confidence=confidence,
        searched_query=ev.ctx.searched_query,
        notices=notices(ev, chosen, {clause.id: found for clause, found in clause_facts}),
        reason=reason,
        lead=clip(lead or _first_words(ev, chosen[0])),
    )


def duties(ev: Evidence, clauses: list[Clause]) -> Answer:
    """The work a department is named responsible for, grouped by document, with a count."""
    names = [n for n in ev.question.duties_of if any(n in c.departments or n in c.text for c in clauses)]
    by_doc: dict[str, list[Clause]] = {}
    for clause in clauses:
        by_doc.setdefault(clause.doc_id, []).append(clause)
    lead = f"{'、'.join(names)}负责或参与的工作共{len(clauses)}项。"
    groups = []
    for doc_id, group in by_doc.items():
        meta = ev.kb.document(doc_id).meta
        detailed = len(clauses) <= MAX_DETAILED  # a short list says what each item asks, not only its title
        items = "；".join(f"{c.label}{_duty(c, names, detailed)}" for c in group[:MAX_LISTED])
        more = f"等{len(group)}项" if len(group) > MAX_LISTED else ""
        groups.append(f"《{meta.display_title}》{len(group)}项：{items}{more}。")
    return _listing(ev, lead, lead + "".join(groups), clauses, "department_duties")


def rows(ev: Evidence, clauses: list[Clause], column: str = "", reason: str = "table_list") -> Answer:
    """Every matching row of a table (or item under a heading, `reason` section_list), named and counted; with
    `column`, its figures summed."""
    meta = ev.kb.meta(clauses[0])
    total, computed = "", []
    if column:  # a sum no document states: say so, and carry its parts so that it can be checked
        name, unit = column_name(column)
        parts = [c.columns[column] for c in clauses if cell_number(c.columns.get(column, "")) is not None]
        figure = _plain(sum(float(p) for p in parts))
        total = f"，{name}合计{figure}{unit}（按所列各项相加）"
        computed = [Computed(figure=figure, parts=parts)]
    names = "、".join(c.title.rstrip("。") for c in clauses[:MAX_LISTED])
    lead = f"共{len(clauses)}项{total}：{names}{'等' if len(clauses) > MAX_LISTED else ''}。"
    if column:  # each row by its name and the figure summed
        name, unit = column_name(column)
        listed = "；".join(
            f"{c.label}{c.title.rstrip('。')}：{name}{c.columns.get(column, '—')}{unit}" for c in clauses[:MAX_LISTED]
        )
    else:
        listed = "；".join(f"{c.label}：{ev.sentence(c).rstrip('。；;')}" for c in clauses[:MAX_LISTED])
    text = f"{lead}依据《{meta.display_title}》{clauses[0].table or ''}：{listed}。"
    # a sum cites every row it adds up; a list, the rows it names
    answer = _listing(ev, lead, text, clauses if column else clauses[:MAX_LISTED], "table_sum" if column else reason)
    return answer.model_copy(update={"computed": computed})


def _plain(number: float) -> str:
    """A sum as the documents write it: 2376, 12.5 (no trailing .0)."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _repeats(part: str, first: str, share: float = 0.8) -> bool:
    """Does a second source's quote say what the first one's says (most of its character pairs are in it)?"""
    pairs = {part[i : i + 2] for i in range(len(part) - 1)} - {"……"}
    seen = {first[i : i + 2] for i in range(len(first) - 1)}
    return bool(pairs) and len(pairs & seen) >= share * len(pairs)


def _listing(ev: Evidence, lead: str, text: str, clauses: list[Clause], reason: str) -> Answer:
    """An answer that lists clauses (a department's duties, a table's rows): the first duties cited, every row listed or summed."""
    return Answer(
        answer=text,
        answered=True,
        citations=[
            citation(ev, c) for c in (clauses if reason in ("table_sum", "table_list", "section_list") else clauses[:MAX_CITED])
        ],
        confidence=1.0,
        searched_query=ev.ctx.searched_query,
        notices=_validity(ev, clauses),
        reason=reason,
        lead=clip(lead),
    )


def clip(text: str, limit: int = MAX_LEAD) -> str:
    """At most `limit` characters, cut at a segment boundary where one is near (……)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 2]
    boundary = max(cut.rfind(mark) for mark in "；，、。")
    return (cut[:boundary] if boundary >= limit // 2 else cut).rstrip("；，、。：") + "……"


def _first_words(ev: Evidence, clause: Clause) -> str:
    """The part of the answering sentence that matches the question, for a lead without a figure."""
    return ev.snippet(ev.sentence(clause)) if not clause.is_table else clause.title


def _duty(clause: Clause, names: list[str], detailed: bool = False) -> str:
    """What a clause gives the department to do: its title, or the sentence naming the department in its text.

    `detailed` adds the first sentence after the title on the department's own field (消防 for 消防救援总队),
    else the first stating a figure or a date, else the first.
    """
    if set(names) & set(clause.departments) or not any(n in clause.text for n in names):
        title = clause.title.rstrip("。")
        body = [s for s in split_sentences(clause.text) if s.rstrip("。") != title] if detailed and not clause.is_table else []
        domain = {n[i : i + 2] for n in names for i in range(1, len(n) - 2)}  # 消防 of 省消防救援总队
        stating = (
            [s for s in body if any(b in s for b in domain)]
            or [s for s in body if facts(s, ["amount", "target", "count", "deadline"])]
            or body
        )
        return f"{title}：“{_cut(stating[0])}”" if stating else title
    sentence = next(s for s in split_sentences(clause.text) if any(n in s for n in names))
    return f"“{sentence.rstrip('。；;')}”"


def _cut(sentence: str, limit: int = 60) -> str:
    """A sentence quoted whole, or its first `limit` characters and …… (still verbatim up to the gap)."""
    return sentence if len(sentence) <= limit else sentence[:limit].rstrip("，、；;") + "……"


def citation(ev: Evidence, clause: Clause) -> Citation:
    """The citation card data of a clause."""
    return Citation.of(clause, ev.kb.meta(clause))


def _scope(ev: Evidence, chosen: list[Clause]) -> str:
    """Say whose rules these are when a place asked about has no documents of its own.

    「已收录文件中没有文山州的专门文件，以下为全省适用的规定。」 A place the cited clauses name
    themselves (a county's row in its city's table) needs no such sentence.
    """
    gazetteer, regions = ev.lexicon.gazetteer, {ev.region(c) for c in chosen}
    texts = "".join(c.text for c in chosen)
    missing = [p for p in ev.question.query.places if p not in regions and not _named_in(gazetteer.names_of(p), texts)]
    scopes = [next((r for r in gazetteer.ancestors(p) if r in regions), None) for p in missing]
    pairs = [(p, s) for p, s in zip(missing, scopes) if s]
    if not pairs:
        return ""
    where = "、".join(gazetteer.display(p) for p, _ in pairs)
    scope = pairs[0][1]
    applies = f"全{LEVEL_UNITS['province']}" if ev.lexicon.is_province(scope) else gazetteer.display(scope)
    if all(p in ev.lexicon.covered for p, _ in pairs):  # the place has documents, which do not say this
        return f"已收录的{where}文件中没有找到相关规定，以下为{applies}适用的规定。"
    return f"已收录文件中没有{where}的专门文件，以下为{applies}适用的规定。"


def _corrected(ev: Evidence, chosen: list[Clause], premise: bool | None) -> str:
    """For a figure the user got wrong, the part of the quote stating a figure of the same kind (收托率只有50% →
    收托率低于60%的，按实际收托率折算补助金额。), when the facts the question asks for are of another kind (a sum)."""
    claimed = [f for f in ev.question.premise_figures if not ev.backs(chosen, f)]
    if premise is not False or not claimed or chosen[0].is_table:
        return ""
    kinds = [k for k in ("target", "deadline", "duration") if facts(claimed[0], [k])]
    if not kinds or kinds[0] in ev.question.wanted_facts:
        return ""
    found = facts(ev.sentence(chosen[0]), kinds)
    said = [p for p in re.split(r"(?<=[。；;])", ev.sentence(chosen[0])) if found and found[0] in p]
    return said[0].strip() if said else ""  # 机构年度平均收托率低于60%的，按实际收托率折算补助金额。


def _verdict(ev: Evidence, chosen: list[Clause], premise: bool | None) -> str:
    """不是，文件规定的是 / 是的， / 有， / 可以， before the figure, for the questions that ask so."""
    if premise is False:
        return "不是，文件规定的是："
    if premise:
        return "是的，"
    q, first = ev.question, chosen[0]
    # a yes only where the clause is about what is asked (half the question's specific words or more), and
    # states no condition of its own on the figures the user gives (开了4个月 against 运营满6个月: no plain yes)
    if q.yes_no and q.asks_stacking and ev.says_no(first):
        return "不能重复享受，"  # 能不能同时领两份 against 以上两项不重复享受 / 按就高原则享受
    parts = ev.parts()  # 每个孩子每月多少？二胎有没有多一点？: the figure led answers the first part, not the yes/no
    if len(parts) > 1 and ev.lexicon.vocab.question.pattern("how_many").search(parts[0]):
        return ""
    sure = ev.coverage.share >= ev.config.yes_share and all(ev.backs([first], f) for f in q.stated)
    # no yes where a cited clause says no (不具备消防安全条件的，不得从事…): the quotes speak for themselves
    return f"{q.yes_no}，" if q.yes_no and sure and not any(ev.says_no(c) for c in chosen) else ""


def _age_outside(ev: Evidence, first: Clause) -> str:
    """不能，文件规定的是85周岁及以上。 for a yes/no question whose asker's age no band of the clause holds."""
    q, age = ev.question, ev.question.query.age
    bands = age_bands(first.text)
    if not q.yes_no or age is None or not bands or holds_age(age, bands):
        return ""
    no = "没有" if q.yes_no == "有" else "不能"
    low, high = min(b[0] for b in bands), max(b[1] for b in bands)
    if age < low:
        return f"{no}，文件规定的是{low}周岁及以上。"
    return f"{no}，文件规定的是{high}周岁及以下。" if age > high else ""


def _roles_lead(ev: Evidence, clause: Clause) -> str:
    """谁牵头？哪些单位配合？ against a note naming roles: each role asked, as the note names it."""
    note, cues = clause.department_note, ev.lexicon.vocab.question
    if not ev.question.role or not note:
        return ""
    asked = [(role, label) for role, label, cue in ROLE_LABELS if cues.pattern(cue).search(ev.question.query.norm)]
    parts = [f"{label}：{'、'.join(names)}" for role, label in asked if (names := role_departments(note, role))]
    return "；".join(parts) + "。" if parts else ""


ROLE_LABELS = [("lead", "牵头单位", "asks_lead"), ("support", "配合单位", "asks_support")]


def _lead(ev: Evidence, clause_facts: list[tuple[Clause, list[str]]]) -> str:
    """The direct answer first: the departments, or each source's figure labelled by region or year."""
    with_facts = [(c, f) for c, f in clause_facts if f]
    if not with_facts:
        return ""
    if ev.question.intent == "department":
        return _roles_lead(ev, with_facts[0][0]) or f"责任单位：{'、'.join(with_facts[0][1])}。"
    if len(clause_facts) == 1 or len({c.doc_id for c, _ in clause_facts}) == 1:  # one document: no labels
        found = list(dict.fromkeys(f for _, facts_ in with_facts for f in facts_))
        return f"{'、'.join(found[:4])}。"
    # Several clauses are cited: say which one each figure comes from.
    metas = [ev.kb.meta(c) for c, _ in with_facts]
    regions = [ev.region(c) for c, _ in clause_facts]
    by_region = len(set(regions)) == len(regions)
    labels = [m.region if by_region else f"{m.region}{m.issue_date.year}年文件" for m in metas]
    seen: dict[str, list[str]] = {}
    for label, (_, found) in zip(labels, with_facts):
        seen.setdefault(label, [])
        seen[label] += [f for f in found if f not in seen[label]]
    return "；".join(f"{label}：{'、'.join(found[:3])}" for label, found in seen.items()) + "。"


# -- notices --------------------------------------------------------------------------------
def notices(ev: Evidence, chosen: list[Clause], leads: dict[str, list[str]] | None = None) -> list[str]:
    """Validity, other regions, target years already past, and documents stating different figures.

    `leads` holds the figures each clause answers with; when given, only those are compared
    (two documents' 1所 per county do not differ because their sentences name other numbers).
    """
    result: list[str] = _validity(ev, chosen) + _foreign(ev, chosen)
    target_year = ev.lexicon.vocab.clause.pattern("target_year")
    found = [g for c in chosen for m in target_year.findall(ev.sentence(c)) for g in m if g]
    years = sorted({int(y) for y in found})
    passed = [y for y in years if y < ev.ctx.today.year]
    if passed:
        result.append(f"文件中的目标年份（{'、'.join(f'{y}年' for y in passed)}）已过，实际执行情况请以主管部门最新发布为准。")
    figures = {
        c.id: {
            n for f in ((leads or {}).get(c.id) or facts(ev.sentence(c), ["amount", "target", "count"])) for n in numbers_in(f)
        }
        for c in chosen
    }
    result += _level_differs(ev, chosen, figures) + _newer_differs(ev, chosen, figures)
    return result


def _level_differs(ev: Evidence, chosen: list[Clause], figures: dict[str, set[str]]) -> list[str]:
    """Province and city documents giving different figures for the same thing."""
    stating = [c for c in chosen if figures[c.id]]
    levels = sorted({ev.kb.meta(c).level for c in stating}, key=["province", "city", "county"].index)
    comparable = len(stating) > 1 and all(ev.same_indicator(stating[0], c) for c in stating[1:])
    if len(levels) > 1 and comparable and len({frozenset(figures[c.id]) for c in stating}) > 1:
        high, low = levels[0], levels[-1]
        return [
            f"{LEVEL_NAMES[high]}文件与{LEVEL_NAMES[low]}文件规定的数值不同："
            f"{LEVEL_NAMES[low]}文件适用于本{LEVEL_UNITS[low]}，{LEVEL_NAMES[high]}文件适用于全{LEVEL_UNITS[high]}。"
        ]
    return []


def _newer_differs(ev: Evidence, chosen: list[Clause], figures: dict[str, set[str]]) -> list[str]:
    """Two documents of one region giving different figures on the question asked."""
    out = []
    by_region: dict[str, list[Clause]] = {}
    for clause in chosen:
        if figures[clause.id]:
            by_region.setdefault(ev.region(clause), []).append(clause)
    for region, clauses in by_region.items():
        same = all(ev.same_indicator(clauses[0], c) for c in clauses[1:])
        dates = {ev.kb.meta(c).issue_date for c in clauses}
        if same and len(dates) > 1 and len({frozenset(figures[c.id]) for c in clauses}) > 1:
            newest = ev.kb.meta(max(clauses, key=lambda c: ev.kb.meta(c).issue_date))
            out.append(
                f"{region}较新的文件《{newest.title}》（{_issued(newest.issue_date)}）对此给出的数值不同，一般以较新文件为准。"
            )
    return out


def _validity(ev: Evidence, chosen: list[Clause]) -> list[str]:
    """Notices for cited documents that are expired, replaced or not yet in force."""
    notes = [validity_notice(ev, doc_id) for doc_id in dict.fromkeys(c.doc_id for c in chosen)]
    return [n for n in notes if n]


def validity_notice(ev: Evidence, doc_id: str) -> str:
    """The notice for a cited document that is not in force, or ''."""
    meta = ev.kb.document(doc_id).meta
    status = meta.status(ev.ctx.today)
    if status == "superseded" and meta.superseded_by:
        newer = ev.kb.by_doc.get(meta.superseded_by)
        name = f"《{newer.meta.title}》" if newer else "新文件"
        return f"《{meta.title}》已被{name}替代，请以新文件为准。"
    if status == "expired" and meta.expires:
        return f"《{meta.title}》有效期至{cn_date(meta.expires)}，现已失效，仅供参考。"
    if status == "not_yet" and meta.effective_date:
        return f"《{meta.title}》自{cn_date(meta.effective_date)}起施行，目前尚未施行。"
    return ""


def _foreign(ev: Evidence, chosen: list[Clause]) -> list[str]:
    """A notice when a cited document belongs to neither the place asked about nor its parents."""
    asked = ev.question.query.places
    gazetteer = ev.lexicon.gazetteer
    scope = {r for p in asked for r in gazetteer.chain(p)}
    foreign = list(dict.fromkeys(ev.region(c) for c in chosen if ev.region(c) not in scope))
    if not asked or not foreign:
        return []
    names = "、".join(gazetteer.display(p) for p in asked)
    below = [r for r in foreign if set(gazetteer.ancestors(r)) & set(asked)]  # a city's rule, asked about the province
    others = [r for r in foreign if r not in below]
    notes = [f"所引为{gazetteer.display(r)}的文件，只适用于{gazetteer.display(r)}。" for r in below]
    if others:
        notes.append(f"所引{'、'.join(gazetteer.display(r) for r in others)}的文件不一定适用于{names}，仅供参考。")
    return notes


def listing(names: list[str]) -> str:
    """A、B和C."""
    return names[0] if len(names) < 2 else "、".join(names[:-1]) + "和" + names[-1]


def _named_in(names: list[str], text: str) -> bool:
    return any(name in text for name in names)


def _issued(value: date) -> str:
    return f"{cn_date(value)}印发"
