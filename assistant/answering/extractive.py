"""The default answerer: offline, deterministic, quoting the clauses it rests on.

It picks the clause(s), the sentence in each that answers, leads with the fact asked for
(the amount, date, percentage or departments), and names the document and clause. Where a
city and the province, or an older and a newer document, both speak to the question, both
are stated, the most specific / newest first. It declines plainly when the documents do
not cover the question, citing the nearest clause when there is one.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.answering.base import AnswerContext, Answerer, register
from assistant.facts import SUBSIDY, facts, support_amounts
from assistant.gazetteer import LEVEL_NAMES, LEVEL_UNITS
from assistant.models import Answer, Citation, Clause
from assistant.query import Query
from assistant.retrieval.base import Hit
from assistant.retrieval.hybrid import counts_near, covered
from assistant.settings import Settings
from assistant.tables import is_numeric
from assistant.text import cn_date, numbers_in

HOTLINE = "如需进一步咨询，可拨打12345政务服务便民热线。"
MAX_LEAD = 120
MAX_QUOTE = 200  # two sentences are quoted together only up to this length
SECOND_SENTENCE = 0.7  # … and only when the second scores this close to the first
SECOND_SHARE = 0.55  # a second clause must score at least this share of the first
SAME_DOC_SHARE = 0.8  # … and this share when it comes from the same document
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_SEGMENT = re.compile(r"[^，、,]+[，、,]?")
_PASSED_YEAR = re.compile(r"(?:到|至)(20\d{2})年|(20\d{2})年(?:底|末)?(?:前|之前)|(20\d{2})年(?:底|末)|(20\d{2})年目标")
_COMPARE = re.compile(r"对比|比较|区别|不同|差别|变化|分别|和|与|还是|以及|哪个高|调整")
_MONEY_WORDS = re.compile(r"补贴|补助|津贴|资助|奖补|钱|费用|经费|资金|收费|价格")
_ASKS_AMOUNT = re.compile(r"多少(?![户个家人张所名床岁年天项%托位平])|几块|金额")
_ASKS_QUANTITY = re.compile(
    r"(?<![哪好])几(?:天|个|所|家)|多少天|多少个|多少家|多少户|多少人|多少张|多少所|多少名|多大|多少平方米|多远"
)
# 在哪里报名, 地址: a place or address (the documents name building sites, not offices)
_ASKS_PLACE = re.compile(r"地址|具体位置|建在哪|在哪[里儿]?(?:报名|上课|排队|住|看病)|哪里报名|到哪报名")
_PLACE_COLUMNS = ("建设地点", "具体平台（地块）")
_PLACE_TEXT = re.compile(r"地址|位于|设在|建在|选址")
_ASKS_NUMBER = re.compile(r"多少|(?<![哪好])几[个家所张名户位岁年天成倍]")  # any figure: a sum, a share, a count
# a price asked for in so many words (收费标准, 多少钱一个月), not a question that merely names 收费
_ASKS_FEE = re.compile(
    r"收费标准|收多少钱|收费多少|价格多少|费用多少|费用是多少|多少钱一个月|(?:住|托)一个月.{0,4}多少钱|一个月(?:要|得|大概)?多少钱"
)
_FEE_TEXT = re.compile(r"收费|价格|费用|服务费|床位费|托育费")
_ASKS_HOURS = re.compile(r"几点|营业时间|开放时间|上班时间")
_HOURS_TEXT = re.compile(r"\d{1,2}[:：]\d{2}|\d{1,2}点|\d{1,2}时")
_MISSING = {
    "amount": "具体金额",
    "deadline": "具体时限",
    "quantity": "具体数量",
    "place": "具体地点",
    "number": "具体数字",
    "fee": "具体收费标准",
    "hours": "具体开放时间",
}
_ASKS_TIME = re.compile(r"什么时候|啥时候|哪一年|哪年|何时|最晚|截止到?什么|期限是")
_ASKS_SHARE = re.compile(r"比例|占比|比率|百分之|百分比|覆盖率|达标率|参保率")
_INTENT_FACTS = {
    "amount": ["amount"],
    "deadline": ["deadline"],
    "target": ["target", "count"],
    "quantity": ["count", "target", "age"],
    "number": ["amount", "target", "count", "age", "duration"],
    "fee": ["amount"],
}


def _fact_kinds(query: Query, intent: str | None) -> list[str]:
    """The kinds of fact that answer an intent; a question about a share wants a percentage."""
    kinds = _INTENT_FACTS.get(intent or "", [])
    if "target" in kinds and _ASKS_SHARE.search(query.norm):
        return ["target"]
    return kinds


def asked_fact(query: Query) -> str | None:
    """The fact a question demands in so many words: an amount, a time or a number of something."""
    norm, intent = query.norm, query.primary_intent
    if _ASKS_FEE.search(norm):
        return "fee"
    if _ASKS_HOURS.search(norm):
        return "hours"
    if intent == "amount" and _ASKS_AMOUNT.search(norm):
        return "amount"
    if intent == "deadline" and _ASKS_TIME.search(norm):
        return "deadline"
    if _ASKS_QUANTITY.search(norm) or query.counted:
        return "quantity"
    if _ASKS_PLACE.search(norm):
        return "place"
    if _ASKS_NUMBER.search(norm):
        return "number"
    return None


def split_sentences(text: str) -> list[str]:
    """Sentences of a clause (a table row is one sentence)."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


class ExtractiveAnswerer(Answerer):
    """Answers by quoting the best sentences of the best clauses."""

    name = "extractive"

    def answer(self, ctx: AnswerContext) -> Answer:
        """The answer for one analysed, searched question."""
        query = ctx.result.query
        if ctx.clarify:
            return self._reply(ctx, ctx.clarify, answered=False)
        if query.greeting:
            regions = "、".join(ctx.kb.regions())
            return self._reply(ctx, f"您好！我可以根据{regions}的养老托育政策文件回答问题，例如“{ctx.kb.examples()[0]}”", False)
        if query.injection:
            return self._reply(
                ctx, "我只能依据已收录的养老托育政策文件回答问题，无法更改设定或提供文件以外的内容。" + HOTLINE, False
            )
        hits = ctx.result.hits
        outside = [p for p in query.other_places if not ctx.lexicon.in_scope(p)]
        if outside and not query.regions:
            names = "、".join(ctx.lexicon.gazetteer.display(p) for p in outside)
            return self._reply(ctx, f"已收录的文件只涉及{_listing(ctx.kb.regions())}，没有{names}的相关规定。" + HOTLINE, False)
        if not hits or not self._covered(ctx):
            return self._decline(ctx, hits[0] if hits else None)
        chosen = self._choose(ctx, hits)
        asked = asked_fact(query)
        if asked:
            chosen = self._stating(ctx, chosen, hits, asked)
            if not chosen:
                return self._decline(ctx, hits[0], missing=asked)
        about_money = query.primary_intent == "amount" and _MONEY_WORDS.search(query.norm)
        if about_money:
            chosen = [c for c in chosen if c.is_table or SUBSIDY.search(self._best_sentence(ctx, c))]
            if not chosen:
                return self._decline(ctx, hits[0])  # asked about money; the clauses found mention none
        cities = [r for r in query.regions if not ctx.lexicon.is_province(r)]
        if about_money and cities and not self._from_places(ctx, chosen, cities) and not self._states_sum(ctx, chosen):
            # asked about a city's money; only other documents speak of it, and name no sum
            return self._decline(ctx, hits[0], place="、".join(cities))
        provinces = [r for r in query.regions if ctx.lexicon.is_province(r)]
        if provinces and not cities and query.names_province and not self._from_places(ctx, chosen, provinces):
            return self._decline(ctx, hits[0], place="省级")  # 省里呢: a city's rule is not the province's
        claimed = [f for f in facts(query.norm, ["amount", "target"]) if not self._backs(chosen, f)]
        if claimed:  # 每年3600元的育儿补贴: the figure the user quotes is nowhere in the documents
            return self._decline(ctx, hits[0], subject="、".join(claimed))
        return self._compose(ctx, chosen)

    # -- decisions -----------------------------------------------------------------------
    def _covered(self, ctx: AnswerContext) -> bool:
        cov = ctx.result.coverage
        if cov.top_bm25 <= 0:
            return False
        if not cov.specific_words:  # only generic words: answer if the match is strong
            return cov.score >= 0.9
        unknown, matched = len(cov.unknown_words), len(cov.matched_specific)
        if unknown and matched <= 1:
            return False  # the question is about something the documents never mention
        if any(w in ctx.lexicon.words and w not in ctx.lexicon.colloquial_words for w in cov.unknown_words) and cov.share < 0.5:
            return False  # a term the lexicon knows and the documents never use (异地就医) is the subject
        if cov.score >= 1.6 or (cov.score >= 1.3 and cov.matched_specific):
            return True
        return bool(cov.matched_specific) and (cov.share >= 0.34 or len(cov.matched_specific) >= 2)

    def _choose(self, ctx: AnswerContext, hits: list[Hit]) -> list[Clause]:
        query = ctx.result.query
        first = ctx.kb.clause(hits[0].clause_id)
        chosen = [first]
        compare = bool(_COMPARE.search(query.norm)) or len(query.regions) > 1
        limit = 3 if compare else 2
        for clause in self._one_per_source(ctx, hits):
            if clause.id not in {c.id for c in chosen}:
                chosen.append(clause)
        for hit in hits[1:5]:
            if len(chosen) >= limit or hit.score < SECOND_SHARE * hits[0].score:
                break
            clause = ctx.kb.clause(hit.clause_id)
            if clause.id in {c.id for c in chosen} or hit.signals.get("kind", 1.0) < 0.7:
                continue  # a preface or background figures the ranking already set aside
            same_table = clause.is_table and clause.table == first.table
            if (same_table and query.primary_intent in ("table", "amount")) or "table" in query.intents:
                limit = max(limit, 4)
            elif clause.doc_id in {c.doc_id for c in chosen} and not compare and hit.score < SAME_DOC_SHARE * hits[0].score:
                continue  # a second clause of the same document only when it scores nearly as well
            if not set(hit.matched) & set(hits[0].matched):
                continue
            kinds = _fact_kinds(query, query.primary_intent)
            if kinds and not facts(self._best_sentence(ctx, clause), kinds):
                continue
            if ctx.kb.meta(clause).region not in self._wanted_regions(ctx, first):
                continue
            chosen.append(clause)
        return self._order(ctx, chosen)

    def _one_per_source(self, ctx: AnswerContext, hits: list[Hit]) -> list[Clause]:
        """When a question names two places (两个市, 省里和昆明), or documents by year, the best clause of each."""
        query = ctx.result.query
        cities = query.regions  # the province included: 省里和昆明 compares the province with a city
        years = {int(y) for y in query.years}
        out: list[Clause] = []
        top = hits[0].score
        for hit in hits[1:]:
            if hit.score < 0.3 * top:
                break
            clause = ctx.kb.clause(hit.clause_id)
            meta = ctx.kb.meta(clause)
            wanted = (len(cities) > 1 and meta.region in cities) or (len(years) > 1 and meta.issue_date.year in years)
            covered = {ctx.kb.meta(c).region for c in out} | {ctx.kb.meta(ctx.kb.clause(hits[0].clause_id)).region}
            covered_docs = {c.doc_id for c in out} | {hits[0].clause_id.split(":")[0]}
            if wanted and (
                (len(cities) > 1 and meta.region not in covered) or (len(years) > 1 and clause.doc_id not in covered_docs)
            ):
                out.append(clause)
        return out

    def _stating(self, ctx: AnswerContext, chosen: list[Clause], hits: list[Hit], asked: str) -> list[Clause]:
        """The clauses that state the amount, time or number asked for (none: decline).

        A how-many question is best answered where a number stands next to what it counts
        (培养养老护理员12000名 for 多少护工), even by a close runner-up; otherwise by the chosen
        clauses that state such a fact, or else by a close runner-up that does.
        """
        runners = [ctx.kb.clause(h.clause_id) for h in hits[1:4] if self._states_asked_count(ctx, h, hits[0], asked)]
        stating = [c for c in chosen if self._has_fact(ctx, c, asked)]
        counted = ctx.result.query.counted
        if counted:
            for group in (stating, runners):
                counting = [c for c in group if counts_near(c.text, counted)]
                if counting:
                    return counting if group is stating else counting[:1]
        return stating or runners[:1]

    def _states_asked_count(self, ctx: AnswerContext, hit: Hit, top: Hit, asked: str) -> bool:
        """A runner-up may answer a how-many question only when it is about the same thing."""
        if asked != "quantity" or hit.score < 0.6 * top.score:
            return False
        matched = covered(ctx.result.coverage.specific_words, set(hit.matched), ctx.lexicon)
        return len(matched) >= 2 and self._has_fact(ctx, ctx.kb.clause(hit.clause_id), asked)

    def _wanted_regions(self, ctx: AnswerContext, first: Clause) -> set[str]:
        asked = set(ctx.result.query.regions) or {ctx.kb.meta(first).region}
        return asked | {parent for region in asked for parent in ctx.lexicon.gazetteer.ancestors(region)}

    def _order(self, ctx: AnswerContext, clauses: list[Clause]) -> list[Clause]:
        """Most specific (city before province) and newest first, the top hit kept first among equals."""
        asked = set(ctx.result.query.regions)

        def key(item: tuple[int, Clause]) -> tuple[int, float, int]:
            index, clause = item
            meta = ctx.kb.meta(clause)
            specific = 0 if (meta.level != "province" and (not asked or meta.region in asked)) else 1
            return (specific, -meta.issue_date.toordinal(), index)

        if len(clauses) < 2:
            return clauses
        top = clauses[0]
        ordered = [c for _, c in sorted(enumerate(clauses), key=key)]
        # Keep the best hit first unless a more specific/newer clause on the same fact exists.
        if ordered[0].doc_id == top.doc_id or not self._same_indicator(ctx, ordered[0], top):
            return [top] + [c for c in ordered if c is not top]
        return ordered

    def _indicator(self, ctx: AnswerContext, clause: Clause) -> set[str]:
        """The question's specific words in the part of a clause that states its figure (达标率, 集中供养率)."""
        query = ctx.result.query
        sentence = self._best_sentence(ctx, clause)
        kinds = _fact_kinds(query, asked_fact(query) or query.primary_intent) or list(_INTENT_FACTS["number"])
        stating = [seg for seg in _SEGMENT.findall(sentence) if facts(seg, kinds)] or [sentence]
        words = set(ctx.lexicon.words_of("".join(stating)))
        return set(covered(ctx.result.coverage.specific_words, words, ctx.lexicon))

    def _same_indicator(self, ctx: AnswerContext, a: Clause, b: Clause) -> bool:
        """Do two clauses state their figures about the same thing the question names?"""
        return bool(self._indicator(ctx, a) & self._indicator(ctx, b))

    def _has_fact(self, ctx: AnswerContext, clause: Clause, intent: str) -> bool:
        if intent == "place":
            return any(clause.columns.get(c) for c in _PLACE_COLUMNS) or bool(_PLACE_TEXT.search(clause.text))
        if intent == "fee":  # a price charged, stated as a sum: an investment or a subsidy is no fee
            return bool(support_amounts(clause.text, _FEE_TEXT))
        if intent == "hours":
            return bool(_HOURS_TEXT.search(clause.text))
        if clause.is_table:
            if intent in ("quantity", "number"):
                values = [v for k, v in clause.columns.items() if k != "序号"]
                return any(is_numeric(v) or facts(v, _INTENT_FACTS[intent]) for v in values)
            return bool(_table_facts(clause, intent, ctx.result.query.years))
        return bool(facts(clause.text, _INTENT_FACTS[intent]))

    # -- sentences -----------------------------------------------------------------------
    def _best_sentence(self, ctx: AnswerContext, clause: Clause) -> str:
        """The sentence(s) of a clause that answer the question (computed once per question)."""
        if clause.id not in ctx.sentences:
            ctx.sentences[clause.id] = self._pick_sentence(ctx, clause)
        return ctx.sentences[clause.id]

    def _pick_sentence(self, ctx: AnswerContext, clause: Clause) -> str:
        if clause.is_table:
            return _row_sentence(clause)
        query = ctx.result.query
        words = set(query.words)
        expansions = set(query.expansion_words)
        bigrams = set(query.bigrams)
        kinds = _fact_kinds(query, asked_fact(query) or query.primary_intent)
        sentences = split_sentences(clause.text)
        scores = []
        for position, sentence in enumerate(sentences):
            tokens = set(ctx.lexicon.words_of(sentence))
            score = len(tokens & words) + 0.5 * len(tokens & expansions) - 0.01 * position
            score += 0.3 * len(set(ctx.lexicon.bigrams_of(sentence)) & bigrams)
            if kinds and facts(sentence, kinds):
                score += 2.0
            if position == 0 and len(sentences) > 1 and len(sentence) <= 20:
                score -= 1.0  # the lead phrase alone answers nothing
            if sentence.startswith(("其中", "其他")):
                score -= 0.5  # a breakdown of the sentence before it
            scores.append(score)
        if not sentences:
            return clause.text
        order = sorted(range(len(sentences)), key=lambda i: -scores[i])
        best = order[0]
        picked = [best]
        # A close second sentence often carries the rest of the answer (the condition, the figure).
        if len(order) > 1:
            second = order[1]
            close = scores[second] >= SECOND_SENTENCE * scores[best] and scores[second] > 1.0
            if close and len(sentences[best]) + len(sentences[second]) <= MAX_QUOTE:
                picked = sorted([best, second])
        trimmed = [_trim(sentence, words | expansions | bigrams, ctx, kinds) for sentence in sentences]
        return _join_pieces(trimmed, picked, trail=False)

    # -- output --------------------------------------------------------------------------
    def _compose(self, ctx: AnswerContext, chosen: list[Clause]) -> Answer:
        query = ctx.result.query
        scope = self._scope(ctx, chosen)
        parts: list[str] = [scope] if scope else []
        terms = set(query.words) | set(query.expansion_words) | set(query.bigrams)
        kinds = _fact_kinds(query, query.primary_intent)
        asked = asked_fact(query)
        rows: list[tuple[Clause, str, list[str], str]] = []  # clause, sentence, figures, responsibility note
        for clause in chosen:
            sentence = self._best_sentence(ctx, clause)
            found: list[str] = []
            responsible = ""
            if query.primary_intent == "department" and clause.departments:
                if not clause.is_table:
                    responsible = f"（责任单位：{'、'.join(clause.departments)}）"
                found = list(clause.departments)
            elif clause.is_table:
                found = _table_facts(clause, query.primary_intent, query.years)
                if found and len(clause.title) <= 24 and clause.title not in found[0]:
                    found[0] = f"{clause.title}：{found[0]}"  # say what the number counts
            elif kinds == ["amount"] and _MONEY_WORDS.search(query.norm):
                found = support_amounts(sentence)[:1]  # 营业收入3亿元 is no subsidy
            elif kinds:
                found = (facts(_matching_part(sentence, terms, ctx), kinds) or facts(sentence, kinds))[:1]
            if not found and asked == "place":
                found = [f"{column}：{clause.columns[column]}" for column in _PLACE_COLUMNS if clause.columns.get(column)]
            elif not found and _INTENT_FACTS.get(asked or "") and not clause.is_table:  # 用几年 → 5年内
                found = facts(_matching_part(sentence, terms, ctx), _INTENT_FACTS[asked or ""])[:1]
            rows.append((clause, sentence, found, responsible))
        rows.sort(key=lambda row: not row[2])  # clauses that state the figure asked for come first
        chosen = [row[0] for row in rows]
        clause_facts = [(clause, found) for clause, _, found, _ in rows]
        quotes = []
        for i, (clause, sentence, _, responsible) in enumerate(rows):
            meta = ctx.kb.meta(clause)
            prefix = "依据" if i == 0 else "另据"
            quoted = sentence if clause.is_table else f"“{sentence}”"  # a table row is rendered, not quoted
            quotes.append(f"{prefix}《{meta.title}》{clause.label}（{_date(meta.issue_date)}）：{quoted}{responsible}")
        lead = self._lead(query.primary_intent, clause_facts, ctx)
        if lead:
            parts.append(lead)
        parts += quotes
        text = "".join(p if p.endswith(("。", "”", "）")) else p + "。" for p in parts)
        cov = ctx.result.coverage
        confidence = round(min(1.0, 0.5 * cov.share + 0.5 * min(cov.score / 2.0, 1.0)), 2)
        return Answer(
            answer=text,
            answered=True,
            citations=[self.citation(ctx, c) for c in chosen],
            confidence=confidence,
            searched_query=ctx.searched_query,
            notices=self.notices(ctx, chosen, {clause.id: found for clause, found in clause_facts}),
        )

    def _scope(self, ctx: AnswerContext, chosen: list[Clause]) -> str:
        """Say whose rules these are when a place asked about has no documents of its own.

        「已收录文件中没有文山州的专门文件，以下为全省适用的规定。」 A place the cited clauses name
        themselves (a county's row in its city's table) needs no such sentence.
        """
        gazetteer, regions = ctx.lexicon.gazetteer, {ctx.kb.meta(c).region for c in chosen}
        texts = "".join(c.text for c in chosen)
        missing = [p for p in ctx.result.query.places if p not in regions and not _named_in(gazetteer.names_of(p), texts)]
        scopes = [next((r for r in gazetteer.ancestors(p) if r in regions), None) for p in missing]
        pairs = [(p, s) for p, s in zip(missing, scopes) if s]
        if not pairs:
            return ""
        where = "、".join(gazetteer.display(p) for p, _ in pairs)
        scope = pairs[0][1]
        applies = f"全{LEVEL_UNITS['province']}" if ctx.lexicon.is_province(scope) else gazetteer.display(scope)
        return f"已收录文件中没有{where}的专门文件，以下为{applies}适用的规定。"

    def _validity(self, ctx: AnswerContext, chosen: list[Clause]) -> list[str]:
        """Notices for cited documents that are expired, replaced or not yet in force."""
        notes = [_validity_notice(ctx, doc_id) for doc_id in dict.fromkeys(c.doc_id for c in chosen)]
        return [n for n in notes if n]

    def _foreign(self, ctx: AnswerContext, chosen: list[Clause]) -> list[str]:
        """A notice when a cited document belongs to neither the place asked about nor its parents."""
        asked = ctx.result.query.places
        gazetteer = ctx.lexicon.gazetteer
        scope = {r for p in asked for r in gazetteer.chain(p)}
        foreign = list(dict.fromkeys(ctx.kb.meta(c).region for c in chosen if ctx.kb.meta(c).region not in scope))
        if not asked or not foreign:
            return []
        names = "、".join(gazetteer.display(p) for p in asked)
        below = [r for r in foreign if set(gazetteer.ancestors(r)) & set(asked)]  # a city's rule, asked about the province
        others = [r for r in foreign if r not in below]
        notes = [f"所引为{gazetteer.display(r)}的文件，只适用于{gazetteer.display(r)}。" for r in below]
        if others:
            notes.append(f"所引{'、'.join(gazetteer.display(r) for r in others)}的文件不一定适用于{names}，仅供参考。")
        return notes

    def _lead(self, intent: str | None, clause_facts: list[tuple[Clause, list[str]]], ctx: AnswerContext) -> str:
        """The direct answer first: the departments, or each source's figure labelled by region or year."""
        with_facts = [(c, f) for c, f in clause_facts if f]
        if not with_facts:
            return ""
        if intent == "department":
            return f"责任单位：{'、'.join(with_facts[0][1])}。"
        if len(clause_facts) == 1:
            return f"{'、'.join(with_facts[0][1][:4])}。"
        # Several clauses are cited: say which one each figure comes from.
        metas = [ctx.kb.meta(c) for c, _ in with_facts]
        regions = [ctx.kb.meta(c).region for c, _ in clause_facts]
        by_region = len(set(regions)) == len(regions)
        labels = [m.region if by_region else f"{m.region}{m.issue_date.year}年文件" for m in metas]
        seen: dict[str, list[str]] = {}
        for label, (_, found) in zip(labels, with_facts):
            seen.setdefault(label, [])
            seen[label] += [f for f in found if f not in seen[label]]
        return "；".join(f"{label}：{'、'.join(found[:3])}" for label, found in seen.items()) + "。"

    def _from_places(self, ctx: AnswerContext, clauses: list[Clause], places: list[str]) -> bool:
        return any(ctx.kb.meta(c).region in places for c in clauses)

    def _states_sum(self, ctx: AnswerContext, clauses: list[Clause]) -> bool:
        """Does one clause name a sum given or charged (not 营业收入3亿元)?"""
        return any(support_amounts(self._best_sentence(ctx, c)) for c in clauses)

    def _backs(self, clauses: list[Clause], figure: str) -> bool:
        """True when one clause states every number of a figure the user quotes."""
        wanted = set(numbers_in(figure))
        return any(wanted <= set(numbers_in(c.text)) for c in clauses)

    def _decline(
        self, ctx: AnswerContext, nearest: Hit | None, missing: str | None = None, place: str = "", subject: str = ""
    ) -> Answer:
        what = _MISSING.get(missing or "", "明确规定")
        asked = f"关于{subject}的规定" if subject else f"这个问题的{what}"
        text = f"已收录的{place}政策文件中没有找到{asked}。"
        citations: list[Citation] = []
        if nearest is not None and (missing or place or subject or self._near_enough(ctx)):
            clause = ctx.kb.clause(nearest.clause_id)
            meta = ctx.kb.meta(clause)
            sentence = self._best_sentence(ctx, clause)
            quoted = sentence if clause.is_table else f"“{sentence}”"
            text += f"最相关的是《{meta.title}》{clause.label}：{quoted}"
            if missing:
                text += f"文件未规定{what}。"
            citations.append(self.citation(ctx, clause))
        return self._reply(ctx, text + HOTLINE, False, citations)

    def _near_enough(self, ctx: AnswerContext) -> bool:
        cov = ctx.result.coverage
        return bool(cov.matched_specific) and not cov.out_of_scope_places

    def _reply(self, ctx: AnswerContext, text: str, answered: bool, citations: list[Citation] | None = None) -> Answer:
        return Answer(
            answer=text,
            answered=answered,
            citations=citations or [],
            confidence=0.0,
            searched_query=ctx.searched_query,
            notices=[],
        )

    def citation(self, ctx: AnswerContext, clause: Clause) -> Citation:
        """The citation card data of a clause."""
        return Citation.of(clause, ctx.kb.meta(clause))

    def notices(self, ctx: AnswerContext, chosen: list[Clause], leads: dict[str, list[str]] | None = None) -> list[str]:
        """Target years already past; province and city, or older and newer documents, stating different figures.

        `leads` holds the figures each clause answers with; when given, only those are compared
        (both documents' 1所 per county do not differ because their sentences name other numbers).
        """
        notices: list[str] = self._validity(ctx, chosen) + self._foreign(ctx, chosen)
        found = [g for c in chosen for m in _PASSED_YEAR.findall(self._best_sentence(ctx, c)) for g in m if g]
        years = sorted({int(y) for y in found})
        passed = [y for y in years if y < ctx.today.year]
        if passed:
            notices.append(
                f"文件中的目标年份（{'、'.join(f'{y}年' for y in passed)}）已过，实际执行情况请以主管部门最新发布为准。"
            )
        figures = {
            c.id: {
                n
                for f in ((leads or {}).get(c.id) or facts(self._best_sentence(ctx, c), ["amount", "target", "count"]))
                for n in numbers_in(f)
            }
            for c in chosen
        }
        stating = [c for c in chosen if figures[c.id]]
        levels = sorted({ctx.kb.meta(c).level for c in stating}, key=["province", "city", "county"].index)
        comparable = len(stating) > 1 and all(self._same_indicator(ctx, stating[0], c) for c in stating[1:])
        if len(levels) > 1 and comparable and len({frozenset(figures[c.id]) for c in stating}) > 1:
            high, low = levels[0], levels[-1]
            notices.append(
                f"{LEVEL_NAMES[high]}文件与{LEVEL_NAMES[low]}文件规定的数值不同："
                f"{LEVEL_NAMES[low]}文件适用于本{LEVEL_UNITS[low]}，{LEVEL_NAMES[high]}文件适用于全{LEVEL_UNITS[high]}。"
            )
        by_region: dict[str, list[Clause]] = {}
        for clause in chosen:
            if figures[clause.id]:
                by_region.setdefault(ctx.kb.meta(clause).region, []).append(clause)
        for region, clauses in by_region.items():
            # Only when two documents of one region give different figures on the question asked.
            same = all(self._same_indicator(ctx, clauses[0], c) for c in clauses[1:])
            if (
                same
                and len({ctx.kb.meta(c).issue_date for c in clauses}) > 1
                and len({frozenset(figures[c.id]) for c in clauses}) > 1
            ):
                newest = max(clauses, key=lambda c: ctx.kb.meta(c).issue_date)
                notices.append(
                    f"{region}较新的文件《{ctx.kb.meta(newest).title}》（{_date(ctx.kb.meta(newest).issue_date)}）"
                    "对此给出的数值不同，一般以较新文件为准。"
                )
        return notices


def _validity_notice(ctx: AnswerContext, doc_id: str) -> str:
    """The notice for a cited document that is not in force, or ''."""
    meta = ctx.kb.document(doc_id).meta
    status = meta.status(ctx.today)
    if status == "superseded" and meta.superseded_by:
        newer = ctx.kb.by_doc.get(meta.superseded_by)
        name = f"《{newer.meta.title}》" if newer else "新文件"
        return f"《{meta.title}》已被{name}替代，请以新文件为准。"
    if status == "expired" and meta.expires:
        return f"《{meta.title}》有效期至{cn_date(meta.expires)}，现已失效，仅供参考。"
    if status == "not_yet" and meta.effective_date:
        return f"《{meta.title}》自{cn_date(meta.effective_date)}起施行，目前尚未施行。"
    return ""


def _listing(names: list[str]) -> str:
    """A、B和C."""
    return names[0] if len(names) < 2 else "、".join(names[:-1]) + "和" + names[-1]


def _named_in(names: list[str], text: str) -> bool:
    return any(name in text for name in names)


def _row_sentence(clause: Clause) -> str:
    """A table row as a sentence: 表名第9项（分组）：名称；列：值；…"""
    columns = dict(clause.columns)
    number = columns.pop("序号", "")
    group = columns.pop("分组", "")
    where = f"{clause.table or '表'}" + (f"第{number}项" if number else "") + (f"，{group}" if group else "")
    parts = [v.rstrip("。") if v == clause.title else f"{k}：{v.rstrip('。')}" for k, v in columns.items()]
    return f"{where}：" + "；".join(parts) + "。"


_UNIT_IN_HEADER = re.compile(r"[（(]([^）)]+)[）)]")


def _table_facts(clause: Clause, intent: str | None, years: list[str]) -> list[str]:
    """Facts of a table row for an intent: the asked year's value, amounts in 万元 columns, targets."""
    out = []
    unit = clause.columns.get("单位", "")
    for column, value in clause.columns.items():
        if column in ("序号", "单位") or not value or value == "—":
            continue
        header_unit = _UNIT_IN_HEADER.search(column)
        if intent == "amount" and header_unit and "元" in header_unit.group(1):
            out.append(f"{_UNIT_IN_HEADER.sub('', column)}{value}{header_unit.group(1)}")
        elif intent == "deadline" and re.search(r"期限|时间|年限", column):
            out.append(f"{_UNIT_IN_HEADER.sub('', column)}{value}年")
        elif intent in ("target", "deadline", None) and any(y in column for y in years):
            out.append(f"{column}{value}{unit if unit not in ('%',) else ''}{'%' if unit == '%' else ''}")
        elif intent == "target" and not years and ("目标" in column or column.startswith("2025")):
            out.append(f"{column}{value}{'%' if unit == '%' else unit}")
    return out


def _matching_part(sentence: str, words: set[str], ctx: AnswerContext) -> str:
    """The segments of a sentence that share words with the question, best first (whole sentence if none)."""
    scored = [(_overlap(s, words, ctx), i, s) for i, s in enumerate(_SEGMENT.findall(sentence))]
    segments = [s for score, _, s in sorted(scored, key=lambda x: (-x[0], x[1])) if score]
    return "".join(segments) or sentence


def _overlap(text: str, terms: set[str], ctx: AnswerContext) -> int:
    """Question words and bigrams a piece of text shares."""
    return len((set(ctx.lexicon.words_of(text)) | set(ctx.lexicon.bigrams_of(text))) & terms)


def _trim(sentence: str, words: set[str], ctx: AnswerContext, kinds: list[str] | None = None) -> str:
    """Shorten a long list sentence to its opening and the segments that match the question."""
    if len(sentence) <= MAX_LEAD:
        return sentence
    segments = [s for s in _SEGMENT.findall(sentence) if s.strip()]
    scores = [_overlap(s, words, ctx) for s in segments]
    top = max(scores[1:], default=0)
    with_fact = {i for i, s in enumerate(segments) if kinds and facts(s, kinds)}
    keep_facts = len(with_fact) <= 2  # a list of many targets: keep only the matching ones
    kept = [0] + [
        i for i, score in enumerate(scores[1:], 1) if (score and score >= max(top - 1, 1)) or (keep_facts and i in with_fact)
    ]
    return _join_pieces(segments, kept, MAX_LEAD * 2)


def _join_pieces(pieces: list[str], kept: list[int], limit: int | None = None, trail: bool = True) -> str:
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


def _date(value: date) -> str:
    return f"{cn_date(value)}印发"


@register("extractive")
def _factory(settings: Settings) -> Answerer:
    return ExtractiveAnswerer()
