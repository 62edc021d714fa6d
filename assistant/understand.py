"""The first stage: a question and its conversation become one frozen `Question`.

Everything the later stages need to know about the question is computed here, once, from
the vocabulary data (`knowledge/lexicon/cues.toml`): the follow-up resolved, the search
terms, places, intents and years (`Query`), the fact it demands (an amount, a time, a
count…), the figures the user quotes, whether it compares. No later stage reads the raw
question text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.conversation import MAX_CONTEXT_TURNS, resolve
from assistant.facts import facts, own_age
from assistant.lexicon import Lexicon
from assistant.models import Turn
from assistant.query import Query, analyse
from assistant.text import arabize, normalize

_PARTS = re.compile(r"[，,。？?！!；;\s]+")


@dataclass(frozen=True)
class Question:
    """A question understood: what is asked, about what, where."""

    text: str  # as the user typed it
    searched: str  # the self-contained question searched (a follow-up resolved against earlier turns)
    query: Query  # the search's view: words, places, intents, years
    follow_up: bool = False
    clarify: str | None = None  # a question back to the user when a follow-up is ambiguous
    asked: str | None = None  # the fact demanded in so many words: amount, deadline, quantity, place, number, fee, hours
    intent_facts: tuple[str, ...] = ()  # kinds of fact that answer the primary intent
    wanted_facts: tuple[str, ...] = ()  # kinds of fact that answer what is asked (the asked fact, else the intent)
    asked_facts: tuple[str, ...] = ()  # kinds of fact that answer the asked fact itself
    also_facts: tuple[str, ...] = ()  # kinds of fact a second part of the question asks for (多少比例？从啥时候开始？)
    about_money: bool = False  # an amount question with a money word (补贴, 钱, 费用)
    money_kinds: tuple[str, ...] = ()  # what kind of money is asked for: 培训 of 培训补贴, 床位 of 床位补贴
    compares: bool = False  # 对比, 和, 还是…: one clause of each side
    asks_change: bool = False  # 以前的文件不是这么规定的吧: an older and a newer document of one region
    asks_before: bool = False  # 调整之前是多少: the old figure of a change (由X提高到Y: X)
    asks_difference: bool = False  # 比2024年多出好多个: two figures of one clause, subtracted
    asks_money: bool = False  # 多少钱, 几块钱: a sum of money itself, which a share (上浮10%) does not answer
    asks_issuer: bool = False  # 是哪个单位发的: a named document's issuer
    asks_item_count: bool = False  # 提交材料共几项: the items a clause numbers, counted
    asks_start: bool = False  # 从哪天开始发: when a policy applies from
    asks_stacking: bool = False  # 能不能同时领两份: two benefits together (不重复享受 says no)
    asks_document: bool = False  # 9号是个哪样文件: a document's title
    asks_validity: bool = False  # 管得几年, 有效期: a document's term (not a clause's 评估结论有效期)
    claimed: tuple[str, ...] = ()  # amounts and percentages the user quotes (每年3600元)
    premise_figures: tuple[str, ...] = ()  # figures of a checked premise: amounts, shares, counts, durations
    stated: tuple[str, ...] = ()  # every figure the user states about themselves or the case (开了4个月, 68岁)
    scope: tuple[str, ...] = ()  # a place without documents of its own: the regions whose documents apply
    asks_now: bool = False  # what exists now (现在已经建成多少), not a target
    asks_issued: bool = False  # when the document itself was issued (哪天印发的): its metadata answers
    yes_no: str | None = None  # a yes/no question: the word that answers yes (有, 可以)
    asks_list: bool = False  # every matching row is asked for (哪些项目, 一共几个)
    asks_items: bool = False  # the items of a part of a document (普惠托育方面有哪些重点任务)
    asks_steps: bool = False  # 要经过几个步骤: the numbered steps of a procedure, counted
    duties_of: tuple[str, ...] = ()  # departments whose duties are asked for (民政局负责哪些事)
    checks_premise: bool = False  # the user states a figure and asks whether it holds (是不是每月500元)
    cities: tuple[str, ...] = ()  # regions asked about below the province
    provinces: tuple[str, ...] = ()  # provinces asked about
    own_words: tuple[str, ...] = ()  # words a follow-up brings that the earlier question lacks (改建 of 那改建的呢)
    excluded: tuple[str, ...] = ()  # groups the asker says they are not in (不是低保、也没有失能: 低保, 失能)
    role: str | None = None  # "lead" / "support": a department question about one role (谁牵头, 哪些部门配合)
    extreme: str | None = None  # "max" / "min": the row with the largest or smallest figure (投资最大的是哪个)
    focus: tuple[str, ...] = ()  # what each part of the question asks about (居民电价一度多少钱 → 电价)
    unit: str | None = None  # the measure a how-many question counts in (好多张 → 张): 70张, not 1个
    earlier_regions: tuple[str, ...] = ()  # regions the user named in earlier turns, most recent first

    @property
    def intent(self) -> str | None:
        """The primary intent."""
        return self.query.primary_intent


def understand(text: str, history: list[Turn], lexicon: Lexicon, entity: str | None = None) -> Question:
    """Resolve a follow-up and analyse the question; the result is shared by every later stage.

    `entity` is what the last answer was about (the title of the clause it cited first); a
    follow-up that points at it (它, 这个项目) is searched with it.
    """
    users = [i for i, turn in enumerate(history) if turn.role == "user"][-MAX_CONTEXT_TURNS:]  # the turns resolve reads
    read = [
        turn.model_copy(update={"content": lexicon.read(turn.content)}) if i in users else turn for i, turn in enumerate(history)
    ]
    told = lexicon.read(text)  # the question as the documents would write it, read once
    resolution = resolve(told, read, lexicon)
    searched = resolution.query
    if resolution.follow_up and entity and lexicon.vocab.follow_up.pattern("entity_pointer").search(normalize(text)):
        searched = f"{searched} {entity}"
    query = analyse(searched, lexicon, resolution.intents)
    if resolution.follow_up and (age := own_age(told)) is not None:
        query = replace(query, age=age)  # 那九十几岁的呢: the follow-up's age, not the earlier turn's 百岁
    earlier = " ".join(turn.content for i, turn in enumerate(read) if i in users)
    own = _brought(resolution.own, earlier, lexicon) if resolution.follow_up else []
    nouns = set(lexicon.nouns_of(arabize(resolution.own))) - set(lexicon.vocab.question_nouns) - lexicon.place_words
    query = replace(query, own=[w for w in own if w in nouns and len(w) >= 2])  # 医保 of 那医保呢, not 建好 of 啥时候建好
    own_text = told if resolution.follow_up else None
    question = from_query(query, lexicon, text=text, follow_up=resolution.follow_up, clarify=resolution.clarify, own=own_text)
    if question.asked not in (None, "number"):  # 多少 alone asks for any figure: it singles no kind of fact out
        demanded = tuple(dict.fromkeys(question.asked_facts + question.also_facts))
        question = replace(question, query=replace(question.query, asked_kinds=demanded))
    earlier_regions = tuple(dict.fromkeys(r for i in reversed(users) for r in lexicon.places(read[i].content)[0]))
    return replace(question, own_words=tuple(own), earlier_regions=earlier_regions)


def _brought(own: str, earlier: str, lexicon: Lexicon) -> list[str]:
    """The words of a follow-up's own part that the earlier questions lack."""
    inherited = set(lexicon.words_of(arabize(earlier)))
    return [w for w in lexicon.words_of(arabize(own)) if w not in inherited]


def from_query(
    query: Query,
    lexicon: Lexicon,
    text: str | None = None,
    follow_up: bool = False,
    clarify: str | None = None,
    own: str | None = None,
) -> Question:
    """The question of an analysed query (a search box entry, or a hand-built query in tests).

    `own`: a follow-up's own words, as read (那每户最多能补多少钱), when the query is the resolved one.
    """
    cues = lexicon.vocab.question
    norm = query.norm
    vocab = lexicon.vocab
    asked = asked_fact(query, lexicon)
    if own:  # 那每户最多能补多少钱: what the follow-up itself asks, before what the earlier turn asked
        asked = asked_fact(replace(query, norm=normalize(own)), lexicon) or asked
    shares = tenths(norm)  # 拿三成出来: 30%
    claimed = facts(shares, ["amount", "target"])
    # 三年行动方案, 五年规划: a span of years in a name is no figure the user states
    premise = [f for f in facts(arabize(shares), ["amount", "target", "count", "duration", "deadline"]) if not f.endswith("年")]
    stated = [f for f in facts(arabize(norm), ["amount", "target", "count", "duration", "age"]) if not f.endswith("年")]
    stated = [f for f in stated if not any(f != other and f in other for other in stated)]  # 4个 of 4个月
    checks = cues.found("premise", norm)  # 是不是…, …吧: the user asks whether a figure holds
    if checks and asked is None and any(facts(f, ["deadline"]) for f in premise):
        asked = "deadline"  # 是每季度首月20号前到账吧: the date the user checks is what is asked
    change = cues.found("asks_change", norm)
    return Question(
        text=query.text if text is None else text,
        searched=query.text,
        query=query,
        follow_up=follow_up,
        clarify=clarify,
        asked=asked,
        intent_facts=tuple(_fact_kinds(query, query.primary_intent, lexicon)),
        wanted_facts=tuple(_fact_kinds(query, asked or query.primary_intent, lexicon)),
        asked_facts=tuple(vocab.fact_kinds(asked)),
        also_facts=_also_asked(norm, asked, lexicon),
        about_money=_about_money(query, asked, lexicon),
        money_kinds=_money_kinds(norm, lexicon),
        compares=cues.found("compare", norm) or len(query.regions) > 1 or change,
        asks_change=change,
        asks_before=cues.found("asks_before", norm),
        asks_difference=cues.found("asks_difference", norm),
        asks_money=cues.found("asks_money", norm),
        asks_issuer=cues.found("asks_issuer", norm),
        asks_item_count=cues.found("asks_item_count", norm),
        asks_start=cues.found("asks_start", norm),
        asks_stacking=cues.found("asks_stacking", norm),
        excluded=_excluded(norm, lexicon),
        asks_document=cues.found("asks_document", norm),
        asks_validity=cues.found("asks_validity", norm),
        claimed=tuple(claimed),
        scope=() if query.regions else tuple(dict.fromkeys(r for p in query.other_places for r in lexicon.scope_of(p))),
        asks_now=cues.found("asks_now", norm),
        asks_issued=cues.found("asks_issued", norm),
        yes_no=_yes_word(norm, lexicon),
        asks_list=cues.found("asks_list", norm),
        asks_items=cues.found("asks_items", norm),
        asks_steps=cues.found("asks_steps", norm),
        duties_of=tuple(lexicon.departments_in(norm)) if cues.found("asks_duties", norm) else (),
        checks_premise=bool(premise) and checks,
        premise_figures=tuple(premise) if checks else (),
        stated=tuple(stated),
        cities=tuple(r for r in query.regions if not lexicon.is_province(r)),
        provinces=tuple(r for r in query.regions if lexicon.is_province(r)),
        focus=focus_of(norm, lexicon),
        role=_role(norm, query, lexicon),
        extreme="max" if cues.found("asks_max", norm) else "min" if cues.found("asks_min", norm) else None,
        unit=_unit(norm, lexicon),
    )


def _unit(norm: str, lexicon: Lexicon) -> str | None:
    """张 of 多少张 / 几张, the measure a count is asked in."""
    found = lexicon.vocab.question.pattern("asked_unit").search(norm)
    return found.group(1) if found else None


def focus_of(norm: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The noun each part of a question asks about: the nearest one before its question word.

    居民电价现在一度多少钱 → 电价; 去哪里考？报名费多少钱 → 报名费. Who asks, when, kinds of
    place and glued modal words (能领) are no subject (`focus_skip`, `focus_glued`).
    """
    cues = lexicon.vocab.question
    skip = set(cues.focus_skip) | set(cues.measures) | set(cues.money_nouns) | lexicon.place_words | lexicon.stopwords
    glued, cue = cues.pattern("focus_glued"), cues.pattern("focus_cue")
    found: list[str] = []
    for part in _PARTS.split(norm):
        asked = cue.search(part)
        if not asked:
            continue
        nouns = [
            p.word
            for p in lexicon.pos_tagger.cut(part[: asked.start()])
            if len(p.word) >= 2
            and (p.flag.startswith("n") or (p.flag == "vn" and p.word in lexicon.words))
            and p.word not in skip
            and not glued.match(p.word)
        ]
        if nouns and nouns[-1] not in found:
            found.append(nouns[-1])
    return tuple(found)


def _role(norm: str, query: Query, lexicon: Lexicon) -> str | None:
    """牵头 → "lead", 配合 → "support", in a department question; None otherwise."""
    cues = lexicon.vocab.question
    if query.primary_intent != "department":
        return None
    if cues.pattern("asks_support").search(norm):
        return "support"
    return "lead" if cues.pattern("asks_lead").search(norm) else None


def _fact_kinds(query: Query, asked: str | None, lexicon: Lexicon) -> list[str]:
    """The kinds of fact that answer an intent; a question about a share wants a percentage."""
    kinds = lexicon.vocab.fact_kinds(asked)
    if "target" in kinds and lexicon.vocab.question.pattern("asks_share").search(query.norm):
        return ["target"]
    return kinds


TOLD_AFTER = 8  # characters after a how-many word in an earlier part of a question: more, and it tells, not asks


def _asking(norm: str, lexicon: Lexicon) -> str:
    """The question without the earlier parts that tell rather than ask (我们村有几个贫困老人身体还硬朗，…咋个整？):
    a how-many word far from the end of a part that is not the last."""
    how_many = lexicon.vocab.question.pattern("how_many")
    parts = [p for p in re.split(r"(?<=[，,。；;])", norm) if p]
    kept = [
        p
        for i, p in enumerate(parts)
        if i == len(parts) - 1 or not (m := how_many.search(p)) or len(p.rstrip("，,。；;")) - m.end() <= TOLD_AFTER
    ]
    return "".join(kept)


_TENTHS = re.compile(r"(?<![一二三四五六七八九十\d])([一二三四五六七八九])成(?![本员为功立果熟年人不])")


def tenths(text: str) -> str:
    """Shares said in tenths as percentages: 只要拿三成出来 → 30% (一成不变, 成本 and 成员 are no shares)."""
    return _TENTHS.sub(lambda m: f"{'一二三四五六七八九'.index(m.group(1)) + 1}0%", text)


def asked_fact(query: Query, lexicon: Lexicon) -> str | None:
    """The fact a question demands in so many words: an amount, a time or a number of something."""
    cues = lexicon.vocab.question
    norm, intent = _asking(query.norm, lexicon), query.primary_intent
    if cues.pattern("asks_fee").search(norm) and not _subsidy_asked(norm, lexicon):
        return "fee"
    if cues.pattern("asks_hours").search(norm):
        return "hours"
    if cues.pattern("asks_phone").search(norm):
        return "phone"
    if cues.pattern("asks_share_figure").search(norm):
        return "share"  # 百分之几, 报销比例: a percentage
    if intent == "amount" and cues.pattern("asks_amount").search(norm):
        return "amount"
    if cues.pattern("asks_duration").search(norm):
        return "duration"  # 审批要多久: so many (working) days, not a date
    if intent == "deadline" and cues.pattern("asks_time").search(norm):
        return "deadline"
    if cues.pattern("asks_quantity").search(norm) or (query.counted and cues.pattern("how_many").search(norm)):
        return "quantity"
    if cues.pattern("asks_place").search(norm):
        return "place"
    if cues.pattern("asks_number").search(norm):
        return "number"
    return None


def _subsidy_asked(norm: str, lexicon: Lexicon) -> bool:
    """补助金一个月得多少钱: a subsidy's sum is asked, not a price (养老院一个月得交多少钱)."""
    cues = lexicon.vocab.question
    return any(noun in norm for noun in cues.money_nouns) and not cues.pattern("fee_charged").search(norm)


def _excluded(norm: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The groups a question says the asker is not in: the first word after 不是/没有 (不是低保户 → 低保户, 低保)."""
    out: list[str] = []
    for found in lexicon.vocab.question.pattern("excluded").finditer(norm):
        words = [w for w in lexicon.words_of(found.group(1)) if len(w) >= 2]
        out += words[:1] + [w for w in words[1:2] if words[0].startswith(w) or w.startswith(words[0])]
    return tuple(dict.fromkeys(out))


def _yes_word(norm: str, lexicon: Lexicon) -> str | None:
    """有 / 可以 for a yes/no question, None for any other.

    是不是 questions get no yes: whether a description fits (是不是就是便宜) is not a fact a clause states.
    """
    cues = lexicon.vocab.question
    if not cues.pattern("yes_no").search(norm):
        return None
    if cues.pattern("yes_have").search(norm):
        return "有"
    if cues.pattern("yes_can").search(norm):
        return "可以"
    return None


def _about_money(query: Query, asked: str | None, lexicon: Lexicon) -> bool:
    """Does the question ask about money (a sum, a subsidy), not about a process that concerns money?"""
    cues = lexicon.vocab.question
    if asked in ("amount", "fee"):
        return True
    if asked is not None and asked != "number":  # 有效期多久, 几点: another fact is asked for
        return False
    if query.primary_intent != "amount" or not cues.pattern("money").search(query.norm):
        return False
    return not cues.pattern("money_modifier").search(query.norm)


def _money_kinds(norm: str, lexicon: Lexicon) -> tuple[str, ...]:
    """培训 of 培训补贴: the word before a money noun (not 每月补贴, 有没有补贴, nor a place: 某市补贴)."""
    cues = lexicon.vocab.question
    nouns = cues.money_nouns
    grammar = set(lexicon.vocab.spelling.function_chars)
    tokens = lexicon.tokenizer.lcut(norm) if "费" in norm else []
    # 报名费 as one word, or 评审 / 费
    fees = [
        t if len(t) >= 3 else tokens[i - 1] + t
        for i, t in enumerate(tokens)
        if t.endswith("费") and (len(t) >= 3 or (t == "费" and i))
    ]
    fees = [f for f in fees if len(f) >= 3 and f not in cues.fee_words_skip and not set(f) & grammar]
    if not any(n in norm for n in nouns):
        return tuple(dict.fromkeys(fees))
    skip = set(cues.money_term_skip) | lexicon.place_words
    tokens = tokens or lexicon.tokenizer.lcut(norm)
    kinds = []
    for i, token in enumerate(tokens):
        noun = next((n for n in nouns if token.endswith(n)), None)
        if noun is None:
            continue
        word = token[: -len(noun)] or (tokens[i - 1] if i else "")  # 护理补贴 as one word, or 护理员 / 补贴
        counted = bool(word) and (word[0] in "一二两三四五六七八九十几每多" or word[0].isdigit())  # 一张补助: a quantity
        if len(word) >= 2 and word not in skip and not set(word) & grammar and not counted:
            kinds.append(word)
    return tuple(dict.fromkeys([*kinds, *fees]))


def _also_asked(norm: str, asked: str | None, lexicon: Lexicon) -> tuple[str, ...]:
    """Kinds of fact a question asks for besides the first: a time, a duration, a share or a sum in another part."""
    cues = lexicon.vocab.question
    found = []
    if asked != "deadline" and cues.pattern("asks_time").search(norm):
        found.append("deadline")
    if asked != "duration" and cues.pattern("asks_duration").search(norm):
        found.append("duration")
    if asked not in ("amount", "fee") and cues.pattern("asks_amount").search(norm) and cues.pattern("money").search(norm):
        found.append("amount")
    share = cues.pattern("asks_share").search(norm) and cues.pattern("asks_number").search(norm)  # 比例是多少, not 达到100%
    if share and "target" not in lexicon.vocab.fact_kinds(asked):
        found.append("target")
    return tuple(found)
