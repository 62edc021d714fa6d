"""Typed data that crosses module boundaries: documents, clauses, citations, answers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, computed_field, create_model, field_validator, model_validator
from pydantic_core import PydanticCustomError

from assistant.text import normalize

if TYPE_CHECKING:
    from assistant.settings import Settings

Level = Literal["province", "city", "county"]
Status = Literal["in_force", "not_yet", "expired", "superseded"]
STATUS_NAMES: dict[str, str] = {"in_force": "现行有效", "not_yet": "尚未施行", "expired": "已失效", "superseded": "已被替代"}
ClauseKind = Literal["preface", "item", "paragraph", "table_row", "table_total"]


class Strict(BaseModel):
    """Base for models loaded from files: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")


class DocumentMeta(Strict):
    """One manifest entry: a source file and what it is."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    file: str
    title: str
    short_title: str | None = None
    issuer: str
    region: str = Field(min_length=2)  # any place of knowledge/gazetteer.toml, by its full name
    level: Level
    issue_date: date
    kind: str = ""
    source_kind: Literal["official", "web_copy"] = "official"
    doc_number: str | None = None  # 文号, e.g. 云政办发〔2021〕52号
    source_url: str | None = None
    effective_date: date | None = None  # 施行日期 (None: from the issue date)
    expires: date | None = None  # 有效期至
    superseded_by: str | None = None  # id of the document that replaces this one
    examples: list[str] = []  # example questions shown on the page

    @property
    def display_title(self) -> str:
        """Short title when there is one."""
        return self.short_title or self.title

    def status(self, today: date) -> Status:
        """Whether the document is in force on a date."""
        if self.superseded_by:
            return "superseded"
        if self.expires is not None and today > self.expires:
            return "expired"
        if self.effective_date is not None and today < self.effective_date:
            return "not_yet"
        return "in_force"


class Clause(BaseModel):
    """The unit of retrieval and citation: a numbered item, a paragraph or a table row."""

    id: str
    doc_id: str
    kind: ClauseKind
    label: str  # human-readable position, e.g. 三、（八）19
    title: str  # lead phrase, row name or section title
    path: list[str]  # headings from the document root down to this clause
    text: str  # original text for display and quoting (responsibility note removed)
    span: list[int] = Field(min_length=2, max_length=2)  # [start, end) character offsets in the original file
    departments: list[str] = []
    department_note: str | None = None
    columns: dict[str, str] = {}
    table: str | None = None
    content_hash: str

    @property
    def is_table(self) -> bool:
        """True for table rows and subtotal rows."""
        return self.kind in ("table_row", "table_total")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def normalized(self) -> str:
        """The text folded for matching (full-width → half-width, whitespace collapsed)."""
        return normalize(self.text)


class Section(BaseModel):
    """A heading in a document tree and what sits under it."""

    label: str
    title: str
    level: int
    clause_ids: list[str] = []
    children: list[Section] = []


class Annex(BaseModel):
    """An annex named by the document; its content may be missing from the source."""

    number: int
    title: str
    has_content: bool


class DroppedLine(BaseModel):
    """A source line that is in no clause, and why."""

    text: str
    reason: str  # 版头或标题, 主送机关, 落款, 成文日期, 版记, 附件目录, 括注 (not body), or 非正文短行


class AlternateSource(BaseModel):
    """Another file with the same document (e.g. a scraped web copy), not indexed twice."""

    doc_id: str
    file: str
    source_kind: str
    matched_clauses: int
    dropped_lines: int


class Document(BaseModel):
    """A parsed document: metadata, tree, flat clause list and parse diagnostics."""

    meta: DocumentMeta
    sections: list[Section]
    clauses: list[Clause]
    annexes: list[Annex] = []
    alternates: list[AlternateSource] = []
    signature_date: str | None = None
    duplicates_dropped: int = 0
    dropped_lines: list[DroppedLine] = []
    body_chars: int = 0  # characters of the body (headers, signature and 版记 excluded)
    landed_chars: int = 0  # … of which landed in clauses and headings
    structured: bool = True  # False: no heading found, offered as paragraphs

    @property
    def coverage(self) -> float:
        """Share of the body's characters that landed in clauses and headings."""
        return self.landed_chars / self.body_chars if self.body_chars else 1.0


class Citation(BaseModel):
    """A cited clause as shown to users and returned by the API."""

    clause_id: str
    doc_id: str
    doc_title: str
    label: str
    region: str
    issue_date: date
    departments: list[str]
    text: str

    @classmethod
    def of(cls, clause: Clause, meta: DocumentMeta) -> Citation:
        """The citation of a clause of the document described by `meta`."""
        return cls(
            clause_id=clause.id,
            doc_id=clause.doc_id,
            doc_title=meta.title,
            label=clause.label,
            region=meta.region,
            issue_date=meta.issue_date,
            departments=clause.departments,
            text=clause.text,
        )


class Computed(BaseModel):
    """A figure the answer computes from figures of its cited clauses (a sum no document states)."""

    figure: str  # as written in the answer: 8774
    parts: list[str]  # the cited figures it adds up: 4800, 2376, 1238, 360 (or the two it subtracts: 150, 85)
    op: Literal["sum", "difference"] = "sum"

    def holds(self, sources: set[str]) -> bool:
        """Every part is a cited figure, and they add up to the figure (or the two differ by it)."""
        numbers = [float(p) for p in self.parts]
        result = sum(numbers) if self.op == "sum" else abs(numbers[0] - numbers[1]) if len(numbers) == 2 else None
        return set(self.parts) <= sources and result is not None and abs(result - float(self.figure)) < 1e-6


class Answer(BaseModel):
    """The assistant's answer. The serialized keys are a stable public interface."""

    answer: str
    answered: bool
    citations: list[Citation]
    confidence: float
    searched_query: str
    notices: list[str] = []
    reason: str = "answered"  # the decision rule that produced it: answered, not_covered, fact_not_stated, greeting…
    lead: str = ""  # the first line alone: the figure, the departments, or what is missing
    computed: list[Computed] = []  # figures computed from cited ones (a sum over table rows), with their parts


class Turn(Strict):
    """One prior turn of a conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=2000)
    citations: list[str] = Field(default=[], max_length=20, description="上一轮回答引用的条款 id（可选），用于理解“它”“这个项目”")

    @field_validator("content")
    @classmethod
    def _check_content(cls, content: str) -> str:
        return _encodable(content)


# Not blank as Python's str.strip sees it: JSON Schema's \s does not cover \x1c-\x1f and \x85.
NON_BLANK = r"[^\s\x1c-\x1f\x85]"


class AskRequest(BaseModel):
    """A question, with earlier turns for follow-ups (the HTTP API body)."""

    # `limited` makes this model with the configured limits, declared in its JSON schema. History
    # over `max_history_chars` in all is no error (no JSON schema states a sum): the oldest turns
    # are dropped, as follow-ups read only the recent ones.

    question: str = Field(min_length=1, pattern=NON_BLANK, description="问题，例如：民办养老机构的护理员有没有补贴")
    history: list[Turn] = Field(default=[], max_length=20, description="此前的对话，最早的在前")
    max_history_chars: ClassVar[int] = 8000

    @field_validator("question")
    @classmethod
    def _check_question(cls, question: str) -> str:
        return _encodable(question)

    @model_validator(mode="after")
    def _recent_history(self) -> Self:
        total = 0
        for i in range(len(self.history) - 1, -1, -1):
            total += len(self.history[i].content)
            if total > self.max_history_chars:
                self.history = self.history[i + 1 :]
                break
        return self

    @classmethod
    def limited(cls, settings: Settings) -> type[Self]:
        """This model with the limits of `settings` (question, turn and history sizes) in its schema."""
        turn = create_model("Turn", __base__=Turn, content=(str, Field(max_length=settings.max_turn_chars)))
        history = (
            f"此前的对话，最早的在前；最多{settings.max_history_turns}轮，合计超过{settings.max_history_chars}字时只保留最近的"
        )
        model = create_model(
            cls.__name__,
            __base__=cls,
            __doc__=cls.__doc__,
            question=(str, Field(min_length=1, max_length=settings.max_question_chars, pattern=NON_BLANK, description=_QUESTION)),
            history=(list[turn], Field(default=[], max_length=settings.max_history_turns, description=history)),  # type: ignore[valid-type]
        )
        model.max_history_chars = settings.max_history_chars
        return model


_QUESTION = AskRequest.model_fields["question"].description


def _encodable(text: str) -> str:
    """The text, unless it holds a lone surrogate (valid JSON, but no character; nothing could store it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise PydanticCustomError("string_unicode", "含有无法识别的字符") from e
    return text


class BatchRequest(AskRequest):
    """One line of `python -m assistant ask --jsonl`; the answer line carries the same id."""

    model_config = ConfigDict(extra="forbid")

    id: str | int


EvalCategory = Literal[
    "amount",
    "deadline",
    "target",
    "department",
    "eligibility",
    "procedure",
    "table",
    "cross_doc",
    "colloquial",
    "hotline",
    "unanswerable",
    "multi_turn",
]


class EvalCase(Strict):
    """One evaluation case (a line of eval/cases.jsonl)."""

    id: str
    category: EvalCategory
    question: str
    history: list[Turn] = []
    answerable: bool
    gold_clause_ids: list[str] = []
    key_facts: list[list[str]] = []  # every group must appear in the answer, any spelling of it
    notes: str = ""
