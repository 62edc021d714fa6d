"""Follow-up questions without an LLM: carry region, topic, intent and year over from earlier turns.

"那B市呢？" after a question about A市 becomes the earlier question with B市 in place of
A市; "哪个部门负责？" keeps the earlier topic and asks for departments; "2023年呢？"
swaps the year. When the earlier turns name two cities and the follow-up names none,
the assistant asks back instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lexicon import Lexicon
from assistant.models import Turn
from assistant.text import normalize

_YEAR = re.compile(r"20\d{2}年?")
MAX_CONTEXT_TURNS = 6
MAX_CONTEXT_CHARS = 200  # of an earlier question: enough for its subject, and a bounded cost for pasted text


@dataclass
class Resolution:
    """The question to search, and a clarifying question when the follow-up is ambiguous."""

    query: str
    follow_up: bool
    clarify: str | None = None
    intents: tuple[str, ...] = ()  # what the follow-up itself asks for, ranked first
    own: str = ""  # the follow-up's own words, without its pointing and filler words (改建 of 那改建的呢)


def resolve(question: str, history: list[Turn], lexicon: Lexicon) -> Resolution:
    """Rewrite a follow-up into a self-contained question, resolving earlier turns in order.

    Each earlier user turn is resolved against the ones before it, so a second follow-up
    ("那2023年呢？" after "那B市呢？") still carries the original topic.
    """
    previous = [t.content[:MAX_CONTEXT_CHARS] for t in history if t.role == "user"][-MAX_CONTEXT_TURNS:]
    context = ""
    cities: list[str] = []
    for turn in previous:
        context = _resolve_one(turn, context, lexicon, []).query
        cities += [r for r in lexicon.places(turn)[0] if not lexicon.is_province(r)]
    return _resolve_one(question, context, lexicon, cities[-3:])


def _resolve_one(question: str, context: str, lexicon: Lexicon, recent_cities: list[str]) -> Resolution:
    if not context or not is_follow_up(question, lexicon):
        return Resolution(question, False)
    norm = normalize(question)
    regions, others = lexicon.places(norm)
    years = _YEAR.findall(norm)
    intents = tuple(lexicon.vocab.detect_intents(norm))
    core = lexicon.vocab.follow_up.pattern("filler").sub("", question.strip()).strip()
    if not regions and not others and not years and not intents and len(set(recent_cities)) > 1 and not _has_topic(norm, lexicon):
        names = "还是".join(sorted(set(recent_cities)))
        return Resolution(context, True, clarify=f"您是指{names}？请说明地区，我再为您查找。")
    switched = _switch_facet(norm, context, lexicon)
    if switched is not None and not regions and not others:
        return Resolution(f"{core} {switched}".strip(), True, intents=intents, own=core)
    # 那调整之前是多少: the figure before a change of the same subject, not a subject of its own
    if _has_topic(norm, lexicon) and not lexicon.vocab.question.pattern("asks_before").search(norm):
        sibling = _replace_sibling(norm, context, lexicon)
        if sibling is not None and not regions and not others and not years:
            return Resolution(sibling, True, intents=intents, own=core)
        # The follow-up names its own subject ("护理型床位呢"): keep only the earlier place and year.
        carried = [] if regions or others else _place_names(context, lexicon)
        carried += [] if years else _YEAR.findall(context)
        return Resolution(" ".join([core, *carried]).strip(), True, intents=intents, own=core)
    rewritten = context
    if regions or others:  # 那大理呢: the place named replaces the earlier one, even one without a document
        rewritten = _strip_places(rewritten, lexicon)
    if years:
        rewritten = _YEAR.sub("", rewritten)
    return Resolution(f"{core} {rewritten}".strip(), True, intents=intents, own=core)


def _switch_facet(norm: str, context: str, lexicon: Lexicon) -> str | None:
    """那农村呢 after 城市社区…: the earlier question without the alternative it named, or None.

    Only when the follow-up names one alternative of a facet group and the earlier question another;
    the caller puts the follow-up's own words (农村) in front.
    """
    for group in lexicon.vocab.follow_up.facets:
        asked = [alt for alt in group if any(word in norm for word in alt)]
        earlier = [alt for alt in group if alt not in asked and any(word in context for word in alt)]
        if len(asked) == 1 and earlier:
            rewritten = context
            for word in sorted((w for alt in earlier for w in alt), key=len, reverse=True):
                rewritten = rewritten.replace(word, "")
            return rewritten
    return None


def _replace_sibling(norm: str, context: str, lexicon: Lexicon) -> str | None:
    """那基本医疗保险呢 after 基本养老保险参保率2025目标: the earlier question with the follow-up's subject in place of
    its sibling there (the same ends around one changed part: 医疗保险 for 养老保险), so what was asked of it (参保率,
    2025目标) is asked again; None when no earlier word is such a sibling."""
    mine = [w for w in lexicon.words_of(norm) if len(w) >= 3 and w not in context and w not in lexicon.place_words]
    theirs = [w for w in lexicon.words_of(context) if len(w) >= 3 and w not in norm and w not in lexicon.place_words]
    pairs = [(_shared_ends(new, old), new, old) for new in mine for old in theirs]
    pairs = [p for p in pairs if p[0] >= 2]
    if not pairs:
        return None
    _, new, old = max(pairs, key=lambda p: (p[0], len(p[1])))
    rest = [w for w in lexicon.words_of(norm.replace(new, "")) if w not in context and w not in lexicon.stopwords]
    if rest:
        return None  # 那托育机构要多久把名单报上去: it asks something of its own, not the earlier question again
    return context.replace(old, new)


def _shared_ends(a: str, b: str) -> int:
    """Characters two words share at their start and end, when each still has a part of its own between."""
    start = _common_start(a, b)
    end = _common_start(a[start:][::-1], b[start:][::-1])
    return start + end if start + end < min(len(a), len(b)) else 0


def _common_start(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def is_follow_up(question: str, lexicon: Lexicon) -> bool:
    """Elliptical questions that lean on the previous turn: 那B市呢？ 需要什么条件？ 那个项目建在哪？

    A question with a subject of its own and no pointing word is a new question, even if short.
    """
    norm = normalize(question)
    cues = lexicon.vocab.follow_up
    if cues.pattern("start").search(norm) or (cues.pattern("end").search(norm) and len(norm) <= 12):
        return True
    regions, others = lexicon.places(norm)
    if (not regions and not others and cues.pattern("anaphora").search(norm)) or lexicon.vocab.document_pointer.search(norm):
        return True
    return len(norm) <= 16 and not _has_topic(norm, lexicon)


def _has_topic(norm: str, lexicon: Lexicon) -> bool:
    """Does the text name a subject of its own (a noun that is not a place or a question word)?

    The noun a closing which-word asks for (建在哪几个乡镇) is what is asked, not a subject."""
    asked = set(lexicon.vocab.question_nouns)
    which = lexicon.vocab.follow_up.pattern("which_noun").search(norm)
    if which:
        asked |= set(lexicon.nouns_of(which.group(1)))
    return any(n not in lexicon.place_words and n not in asked for n in lexicon.nouns_of(norm))


def _place_names(text: str, lexicon: Lexicon) -> list[str]:
    tokens = lexicon.tokenizer.lcut(normalize(text))
    return [t for t in dict.fromkeys(tokens) if t in lexicon.place_words]


def _strip_places(text: str, lexicon: Lexicon) -> str:
    for name in sorted(lexicon.place_words, key=len, reverse=True):
        text = text.replace(name, "")
    return text
