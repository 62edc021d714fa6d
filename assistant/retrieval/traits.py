"""What a clause states, read once per clause at index time: the rerank looks bits up instead of running
regexes over every candidate's text for every question.

One integer per clause (`SearchFeatures.traits`, stored with the search index): a bit for each kind of
fact its text states (`facts.FACT_KINDS`), one each for a sum beside a subsidy, a deadline, a target, a
procedure, who qualifies, a background heading and (a table row) any figure, and above them the intent
its nearest naming heading is about (the index of `ClauseCues.titles` plus one; 0 for none).
"""

from __future__ import annotations

import re

from assistant.facts import DEADLINE, FACT_KINDS, fact_kinds, support_amounts
from assistant.models import Clause
from assistant.tables import with_units
from assistant.vocabulary import Vocabulary

# the text's own cues, apart from the fact kinds of the same names (read on the normalized text)
_FLAGS = ("sum", "deadline_cue", "target_cue", "procedure", "eligible", "background", "figure")
BIT = {name: 1 << i for i, name in enumerate((*FACT_KINDS, *_FLAGS))}
assert len(BIT) == len(FACT_KINDS) + len(_FLAGS), "a flag named as a fact kind"
KINDS = (1 << len(FACT_KINDS)) - 1  # the fact-kind bits
HEADING_SHIFT = len(FACT_KINDS) + len(_FLAGS)
_DIGIT = re.compile(r"\d")


def traits_of(clause: Clause, vocab: Vocabulary) -> int:
    """Every trait of one clause, as bits."""
    cues = vocab.clause
    text = clause.text
    kinds = fact_kinds(f"{text}；{with_units(clause.columns)}" if clause.is_table else text)
    nouns = vocab.question.money_nouns  # 补贴, 津贴…: a project's 总投资 is no subsidy
    found = {
        # a sum beside a subsidy, fund or fee; in a table row, a sum in a cell whose header gives the unit
        # (新标准(元/人·月)：100) of a row that names a subsidy (护理补贴)
        "sum": bool(support_amounts(text)) or (clause.is_table and "amount" in kinds and any(n in text for n in nouns)),
        "deadline_cue": bool(DEADLINE.search(text)),
        "target_cue": bool(cues.pattern("target").search(text)),
        "procedure": bool(cues.pattern("procedure").search(text)),
        "eligible": bool(cues.pattern("eligible").search(text)),
        "background": bool(cues.pattern("background").search(" ".join(clause.path))),
        # a number in any cell but its 序号 (the unit is in the header: 总投资（万元）：1429)
        "figure": any(_DIGIT.search(v) for k, v in clause.columns.items() if k != "序号"),
    }
    bits = sum(BIT[kind] for kind in kinds) + sum(BIT[name] for name, on in found.items() if on)
    heading = heading_intent(clause, cues.titles)
    return bits | ((list(cues.titles).index(heading) + 1) << HEADING_SHIFT if heading else 0)


def heading_intent(clause: Clause, titles: dict[str, str]) -> str | None:
    """The intent the nearest heading naming one is about: the clause's title, else its chapters, nearest first.

    A heading is about its last such word (Chinese puts the head noun last): 申请补助的养老机构应当同时具备下列
    条件 names conditions, not a procedure; 第三章申请和审核 names the procedure of each of its articles.
    """
    for heading in [clause.title, *reversed(clause.path)]:
        found = [(m.end(), intent) for intent, words in titles.items() for m in re.finditer(words, heading)]
        if found:
            return max(found)[1]
    return None


class Traits:
    """Reads the bits of `traits_of` (the fact kinds as a frozenset, made once per combination)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.titles = list(vocab.clause.titles)
        self._kinds: dict[int, frozenset[str]] = {}

    def kinds(self, traits: int) -> frozenset[str]:
        """The kinds of fact stated."""
        bits = traits & KINDS
        if bits not in self._kinds:
            self._kinds[bits] = frozenset(kind for kind in FACT_KINDS if bits & BIT[kind])
        return self._kinds[bits]

    def heading(self, traits: int) -> str | None:
        """The intent the clause's nearest naming heading is about."""
        index = traits >> HEADING_SHIFT
        return self.titles[index - 1] if index else None
