"""Cue words and patterns of the answer pipeline, loaded and validated in one place.

`knowledge/lexicon/cues.toml` says how questions ask (intents, question forms, what a
how-many question counts, follow-up markers) and how clauses answer (targets, procedures,
background sections, fees). Every pattern is compiled at load, so a bad edit fails at start
with the file and key named, not at the first question.
"""

from __future__ import annotations

import re
import tomllib
from functools import cached_property
from pathlib import Path

from pydantic import PrivateAttr, ValidationError, field_validator

from assistant.errors import KnowledgeError
from assistant.models import Strict


def _compiles(value: object) -> object:
    for pattern in value.values() if isinstance(value, dict) else [value]:
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as e:
                raise ValueError(f"正则表达式有误：{e}") from e
    return value


class Intent(Strict):
    """The cue words of a kind of question, and a form that says outright what is asked."""

    cues: list[str]
    form: str | None = None
    _pattern: re.Pattern[str] | None = PrivateAttr(default=None)

    _valid = field_validator("form")(_compiles)

    def model_post_init(self, context: object) -> None:
        """Compile the form once."""
        self._pattern = re.compile(self.form) if self.form else None

    @property
    def form_pattern(self) -> re.Pattern[str] | None:
        """The compiled question form."""
        return self._pattern


class _Patterns(Strict):
    """A table of named patterns: every string field is a regex, compiled once at load."""

    _valid = field_validator("*")(_compiles)

    @cached_property
    def compiled(self) -> dict[str, re.Pattern[str]]:
        """Every pattern field, compiled once (a plain attribute after the first use: the hot path reads it)."""
        return {name: re.compile(value) for name, value in self if isinstance(value, str)}

    def pattern(self, name: str) -> re.Pattern[str]:
        """The compiled pattern of a field."""
        return self.compiled[name]

    def found(self, name: str, text: str) -> bool:
        """Does the field's pattern occur in the text?"""
        return self.compiled[name].search(text) is not None


class QuestionCues(_Patterns):
    """Patterns read on the question, once, by `understand`."""

    document_words: list[str]
    measures: list[str]
    money_nouns: list[str]
    money_bare_before: list[str] = []
    count_units: str
    several: str
    how_many: str
    counted: str
    greeting: str
    injection: str
    compare: str
    money: str
    money_modifier: str
    money_term_skip: list[str]
    fee_words_skip: list[str]
    asks_amount: str
    asks_quantity: str
    asks_place: str
    asks_number: str
    asked_unit: str
    asks_fee: str
    fee_charged: str
    asks_share_figure: str
    asks_issued: str
    asks_hours: str
    asks_phone: str
    asks_time: str
    asks_duration: str
    asks_share: str
    asks_status: str
    asks_now: str
    asks_goal: str
    asks_project: str
    yes_no: str
    asks_duties: str
    asks_list: str
    asks_items: str
    asks_steps: str
    asks_change: str
    asks_before: str
    asks_difference: str = "(?!)"
    own_document: str = "(?!)"
    named_kinds: str = "(?!)"
    own_addition: str = "(?!)"
    place_levels: list[str] = []
    older_document: str = "(?!)"
    asks_money: str = "(?!)"
    asks_issuer: str = "(?!)"
    asks_item_count: str = "(?!)"
    asks_start: str
    asks_stacking: str
    excluded: str
    asks_document: str
    asks_validity: str
    asks_total: str
    asks_max: str
    asks_lead: str
    asks_support: str
    asks_min: str
    department_level: str
    yes_have: str
    yes_can: str
    premise: str
    not_subject: list[str]
    focus_cue: str
    focus_skip: list[str]
    focus_glued: str


class FollowUpCues(_Patterns):
    """Markers of elliptical follow-up questions."""

    start: str
    end: str
    anaphora: str
    document_pointer: str
    filler: str
    entity_pointer: str
    facets: list[list[list[str]]]
    question_nouns: list[str]
    which_noun: str = "(?!)"


class ClauseCues(_Patterns):
    """Patterns read on clause text by retrieval and `assess`."""

    target: str
    procedure: str
    background: str
    eligible: str
    fee: str
    effective: str
    hours: str
    place: str
    place_columns: list[str]
    term_columns: str
    before_columns: str = "(?!)"
    steps: str = "(?!)"
    repeal: str = "(?!)"  # a clause repealing an older document (同时废止)
    whole_region: str = "(?!)"  # a figure for a region as a whole (全省…): not a standard for each place below
    opener: str
    target_context: str
    negation: str
    target_year: str
    # A heading that names what a question asks (申请程序 for 咋个申请), per intent.
    titles: dict[str, str] = {}


class SpellingCues(Strict):
    """What a homophone typo can and cannot be."""

    function_chars: str
    particles: str = ""
    dialect: list[tuple[str, str]] = []

    @field_validator("dialect")
    @classmethod
    def _patterns_compile(cls, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for pattern, _ in pairs:
            re.compile(pattern)
        return pairs

    @cached_property
    def dialect_rules(self) -> list[tuple[re.Pattern[str], str]]:
        """The dialect patterns, compiled once."""
        return [(re.compile(pattern), replacement) for pattern, replacement in self.dialect]


class DepartmentCues(Strict):
    """Names of government departments, without the level that opens them."""

    cores: list[str]


class Vocabulary(Strict):
    """knowledge/lexicon/cues.toml."""

    intents: dict[str, Intent]
    facts_for: dict[str, list[str]]
    question: QuestionCues
    follow_up: FollowUpCues
    clause: ClauseCues
    spelling: SpellingCues
    departments: DepartmentCues

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """Read and validate the file; a clear error names it when it is missing or wrong."""
        try:
            return cls.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, ValidationError) as e:
            raise KnowledgeError(f"词表文件 {path} 无法读取或格式有误：{e}") from e

    @cached_property
    def question_nouns(self) -> frozenset[str]:
        """Nouns that say what is asked about a subject: intent cues, document words and the follow-up list."""
        cues = {cue for intent in self.intents.values() for cue in intent.cues}
        return frozenset(cues | set(self.question.document_words) | set(self.follow_up.question_nouns))

    @cached_property
    def document_year(self) -> re.Pattern[str]:
        """A year that names a document (2021年意见), not a target year."""
        return re.compile(rf"(20\d{{2}})年?[^，,。？?、和与]{{0,4}}?(?:{'|'.join(self.question.document_words)})")

    @cached_property
    def department_mention(self) -> re.Pattern[str]:
        """A department named in running text, with the level that opens it: 县卫生健康局, 市财政局."""
        cores = "|".join(sorted(map(re.escape, self.departments.cores), key=len, reverse=True))
        return re.compile(rf"[省市州县区]?(?:{cores})")

    @cached_property
    def document_pointer(self) -> re.Pattern[str]:
        """那个文件, 这个方案: a follow-up pointing at a document."""
        return re.compile(f"{self.follow_up.document_pointer}({'|'.join(self.question.document_words)})")

    def detect_intents(self, norm: str) -> list[str]:
        """Intents whose cues appear, strongest (most cues) first; a question form outranks topic cues."""
        scored = []
        for name, intent in self.intents.items():
            hits = sum(cue in norm for cue in intent.cues)
            if intent.form_pattern is not None and intent.form_pattern.search(norm):
                hits += 10
            if hits:
                scored.append((hits, name))
        return [name for _, name in sorted(scored, key=lambda s: -s[0])]

    def formed_intents(self, norm: str) -> list[str]:
        """Intents asked in so many words: their question form appears (咋个申请), not just a topic cue (补贴)."""
        return [name for name, intent in self.intents.items() if intent.form_pattern and intent.form_pattern.search(norm)]

    def fact_kinds(self, asked: str | None) -> list[str]:
        """The kinds of fact that answer an intent or an asked fact ([] for none)."""
        return list(self.facts_for.get(asked or "", []))
