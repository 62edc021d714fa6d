"""What a question asks for: region, intent, years, and its weighted search terms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.facts import own_age
from assistant.lexicon import Lexicon
from assistant.text import arabize, normalize

_YEAR = re.compile(r"(20\d{2})")
_QUOTED = re.compile(r"[“\"「『‘']([^“”\"「」『』‘’']{2,24})[”\"」』’']")


@dataclass(frozen=True)
class Query:
    """What the search needs of a question: its words, places, intents and years. Computed once."""

    text: str
    norm: str
    words: list[str]
    bigrams: list[str]
    expansions: list[str]
    regions: list[str]
    other_places: list[str]
    intents: list[str]
    years: list[str]
    greeting: bool = False
    injection: bool = False
    expansion_words: list[str] = field(default_factory=list)
    nouns: list[str] = field(default_factory=list)
    counted: list[str] = field(default_factory=list)  # what a how-many question counts, with its official terms
    document_years: list[str] = field(default_factory=list)  # years that name a document: 2021年意见
    colloquial: list[str] = field(default_factory=list)  # the user's everyday words that have official terms
    places: list[str] = field(default_factory=list)  # gazetteer places named, most specific as written
    # the words naming the one place a question names, when that place has documents of its own (禄丰市): the
    # place is the scope of the search, not a topic word (a table titled 禄丰市…指标表 is no better an answer for
    # naming it). With several places named, one may be the topic (X市Y县的项目: a project's place).
    region_names: list[str] = field(default_factory=list)
    names_province: bool = False  # the home province named outright (省里, 全省)
    asks_status: bool = False  # 现在有多少: background figures may answer
    asks_goal: bool = False  # 目标, 到2025: background figures do not
    asks_project: bool = False  # 项目, 建设: a project list may answer
    asks_total: bool = False  # 加起来, 一共: a subtotal or total row answers
    asks_figure: bool = False  # 多少, 几个: a figure answers (a sum, a share, a count), a clause stating none does not
    quoted: list[str] = field(default_factory=list)  # terms the user put in quotes (“十助”): the clause must use them
    own: list[str] = field(default_factory=list)  # words a follow-up brings (医保 of 那医保呢): a clause should use one
    formed: list[str] = field(default_factory=list)  # intents asked in so many words (咋个申请), not topic cues
    age: int | None = None  # the asker's own age (我今年91了): a clause's age band should hold it
    # the kinds of fact the question demands in so many words (几天 → duration; set by `understand`):
    # a clause stating one is what is asked, whatever topic cues the question also carries
    asked_kinds: tuple[str, ...] = ()

    @property
    def primary_intent(self) -> str | None:
        """The first detected intent, if any."""
        return self.intents[0] if self.intents else None


def analyse(text: str, lexicon: Lexicon, intents: Sequence[str] = ()) -> Query:
    """Analyse a question (already resolved against the conversation).

    `intents` are what a follow-up itself asks for; they rank before those of the resolved text.
    """
    cues = lexicon.vocab.question
    norm = normalize(text)
    folded = arabize(norm)
    named = lexicon.named_places(norm)
    regions, others = lexicon.regions_of(named)
    expansions = lexicon.expansions(norm)
    expansion_words: list[str] = []
    for term in expansions:
        expansion_words += [w for w in lexicon.words_of(term) if w not in expansion_words]
    words = lexicon.words_of(folded)
    detected = lexicon.vocab.detect_intents(cues.pattern("several").sub("", folded))
    return Query(
        text=text,
        norm=norm,
        words=words,
        colloquial=[w for w in words if w in lexicon.colloquial_words],
        bigrams=lexicon.bigrams_of(folded),
        expansions=expansions,
        expansion_words=expansion_words,
        regions=regions,
        other_places=[p for p in others if not any(p in r for r in regions)],
        intents=list(intents) + [i for i in detected if i not in intents],
        years=_YEAR.findall(folded),
        nouns=lexicon.nouns_of(folded),
        counted=counted_terms(norm, lexicon),
        document_years=lexicon.vocab.document_year.findall(folded),
        places=named,
        region_names=lexicon.names_written(norm, named) if len(named) == 1 and named[0] in regions else [],
        names_province=lexicon.names_province(norm),
        greeting=bool(cues.pattern("greeting").match(norm)),
        injection=bool(cues.pattern("injection").search(norm)),
        asks_status=bool(cues.pattern("asks_status").search(norm)),
        asks_goal=bool(cues.pattern("asks_goal").search(norm)),
        asks_project=bool(cues.pattern("asks_project").search(norm)),
        asks_total=bool(cues.pattern("asks_total").search(norm)),
        asks_figure=bool(cues.pattern("asks_number").search(norm)),
        quoted=[normalize(t) for t in _QUOTED.findall(text)],
        formed=lexicon.vocab.formed_intents(folded),
        age=own_age(norm),
    )


def counted_terms(norm: str, lexicon: Lexicon) -> list[str]:
    """The noun a how-many question counts (多少护工 → 护工; 户数……多少 → 户) and the official terms for it."""
    cues = lexicon.vocab.question
    measures = set(cues.measures)
    out: list[str] = []
    skip = measures | set(cues.money_nouns)
    # 多少比例达到老年宜居社区: a measure right after the question word is what is asked, not a count of 社区
    found = [m.group(1) for m in cues.pattern("counted").finditer(norm)]
    nouns = [lexicon.head_noun(g, skip=skip) for g in found if not g.startswith(tuple(measures))]
    if cues.pattern("how_many").search(norm):  # 户数, 床位数: a number of 户, of 床位
        counted = [w[:-1] for w in lexicon.words_of(norm) if w.endswith("数") and len(w) >= 2]
        nouns += [n for n in counted if (len(n) >= 2 or n in cues.count_units) and n not in measures]
    for noun in nouns:
        if noun and noun not in out:
            out += [w for w in dict.fromkeys([noun, *lexicon.official_words(noun)]) if w not in out]
    return out
