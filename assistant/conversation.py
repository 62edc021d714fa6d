"""Follow-up questions without an LLM: carry region, topic, intent and year over from earlier turns.

"那玉溪呢？" after a question about 昆明 becomes the earlier question with 玉溪 in place of
昆明; "哪个部门负责？" keeps the earlier topic and asks for departments; "2023年呢？"
swaps the year. When the earlier turns name two cities and the follow-up names none,
the assistant asks back instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lexicon import Lexicon
from assistant.models import Turn
from assistant.query import INTENT_CUES, detect_intents
from assistant.text import normalize

_FOLLOW_UP_START = re.compile(r"^(那|那么|还有|另外|再问|如果是|换成|同样|也|那如果|这|这个|这事|这项|它|该|上面|刚才)")
_FOLLOW_UP_END = re.compile(r"(呢|的呢|怎么样|如何|又是多少|是多少)[?？。!！]*$")
_ANAPHORA = re.compile(r"那个|这个|这些|那些|该项|上述|刚才|前面|区里|县里|市里|这里|那里|其中|它")
_YEAR = re.compile(r"20\d{2}年?")
_FILLER = re.compile(
    r"^(那|那么|还有|另外|再问一下|再问|如果是|换成|那如果|这事|这个|这项|上面这个|刚才那个)|(呢|的呢)?[?？。!！]*$"
)


@dataclass
class Resolution:
    """The question to search, and a clarifying question when the follow-up is ambiguous."""

    query: str
    follow_up: bool
    clarify: str | None = None
    intents: tuple[str, ...] = ()  # what the follow-up itself asks for, ranked first


def resolve(question: str, history: list[Turn], lexicon: Lexicon) -> Resolution:
    """Rewrite a follow-up into a self-contained question using the last user turns."""
    previous = [t.content for t in history if t.role == "user"]
    if not previous or not is_follow_up(question, lexicon, bool(lexicon.places(previous[-1])[0])):
        return Resolution(question, False)
    base = previous[-1]
    norm = normalize(question)
    regions, _ = lexicon.places(norm)
    asked_regions = [r for p in previous[-3:] for r in lexicon.places(p)[0]]
    cities = {r for r in asked_regions if r != "云南省"}
    years = _YEAR.findall(norm)
    intents = tuple(detect_intents(norm))
    core = _FILLER.sub("", question.strip()).strip()
    if not regions and not years and not intents and len(cities) > 1 and not _has_topic(norm, lexicon):
        names = "还是".join(sorted(cities))
        return Resolution(base, True, clarify=f"您是指{names}？请说明地区，我再为您查找。")
    rewritten = base
    if regions:
        rewritten = _strip_places(rewritten, lexicon)
    if years:
        rewritten = _YEAR.sub("", rewritten)
    return Resolution(f"{core} {rewritten}".strip(), True, intents=intents)


def is_follow_up(question: str, lexicon: Lexicon, previous_named_place: bool = False) -> bool:
    """Short, elliptical questions, or ones pointing back (那个, 区里), that lean on the previous turn."""
    norm = normalize(question)
    if _FOLLOW_UP_START.search(norm) or (_FOLLOW_UP_END.search(norm) and len(norm) <= 12):
        return True
    regions, others = lexicon.places(norm)
    if not regions and not others and (_ANAPHORA.search(norm) or (previous_named_place and len(norm) <= 16)):
        return True
    content = [w for w in lexicon.words_of(norm) if w not in lexicon.place_words]
    return len(norm) <= 14 and not _has_topic(norm, lexicon) and len(content) <= 3


def _has_topic(norm: str, lexicon: Lexicon) -> bool:
    """Does the text name something to look up (beyond places, years and question words)?"""
    cues = {c for cs in INTENT_CUES.values() for c in cs}
    words = [w for w in lexicon.words_of(norm) if w not in lexicon.place_words and w not in cues and not w[:1].isdigit()]
    return len(words) >= 2


def _strip_places(text: str, lexicon: Lexicon) -> str:
    for name in sorted(lexicon.place_words, key=len, reverse=True):
        text = text.replace(name, "")
    return text
