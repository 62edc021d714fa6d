"""Every tuning weight and threshold of search and answering, in one documented config.

The values were set on the development evaluation set (`eval/cases.jsonl`); a change is
checked with `python -m assistant eval --baseline eval/baseline.json`. Multipliers apply to
a clause's fused score (BM25 / best BM25 + vector weight · cosine); 1.0 means no effect.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LexicalWeights(_Frozen):
    """How much each kind of query term counts in BM25."""

    expansion: float = Field(default=0.4, description="an official term the user did not type (护工 → 护理员)")
    bigram: float = Field(default=0.5, description="a character bigram of the question")
    part: float = Field(default=0.5, description="a part of a longer question word (十四 of 十四五)")
    colloquial: float = Field(default=0.6, description="an everyday word that has an official term (托儿所)")
    passage: float = Field(default=0.8, description="a match in one passage of a long clause, against the whole clause")


class RegionWeights(_Frozen):
    """A clause's region against the places the question names."""

    one_city: float = Field(default=1.3, description="the clause's region is the one city asked about")
    several_cities: float = Field(default=1.15, description="… one of several cities asked about")
    parent: float = Field(default=1.2, description="a parent region's document, no city asked")
    parent_of_city: float = Field(default=0.95, description="a parent region's document when a city is asked")
    other_when_city: float = Field(default=0.35, description="another region's document when a city is asked")
    other: float = Field(default=0.75, description="another region's document when only a province is asked")


class IntentWeights(_Frozen):
    """A clause that states what the question's two first intents ask for."""

    amount: float = Field(default=1.3, description="a sum beside a subsidy, fund or fee")
    deadline: float = Field(default=1.25, description="a deadline (2025年底前, 到2026年)")
    target: float = Field(default=1.2, description="a target (percentages, 达到, 不低于)")
    department: float = Field(default=1.25, description="responsibility notes or a 责任单位 column")
    table: float = Field(default=1.3, description="a table row, when the question asks about a table")
    not_table: float = Field(default=0.9, description="prose, when the question asks about a table")
    procedure: float = Field(default=1.2, description="备案, 登记, 申请…")
    eligibility: float = Field(default=1.1, description="对取得…, 符合条件…")
    titled: float = Field(default=1.4, description="a heading naming what the first intent asks (申请程序 for 咋个申请)")
    missed: float = Field(
        default=0.75, description="a clause stating nothing of a procedure or condition the question asks (咋个申请)"
    )
    states_asked: float = Field(
        default=1.25, description="a clause stating the kind of fact the question demands (几天 → so many days, 几个月, 几号)"
    )
    lifted_kinds: tuple[str, ...] = Field(
        default=("deadline", "duration", "age", "phone"),
        description="the kinds of fact `states_asked` applies to (a sum needs a subsidy beside it, a count its noun)",
    )
    figureless: float = Field(
        default=0.8, description="a table row stating no figure (a task list's row) when the question asks 多少 or 几个"
    )


class KindWeights(_Frozen):
    """Clauses that rarely answer unless the question asks for them."""

    preface: float = Field(default=0.6, description="a document's preamble")
    background_for_goal: float = Field(default=0.6, description="background figures when a target or a future year is asked")
    background: float = Field(default=0.8, description="background figures when the question asks nothing about the present")
    project_row: float = Field(default=0.7, description="a project-list row when the question names no project, year or county")
    total_row: float = Field(default=1.3, description="a subtotal or total row when the question asks for a total")
    table_row: float = Field(
        default=0.8, description="another table row when the question is not about tables, targets or departments"
    )


class RankingConfig(_Frozen):
    """The search: candidate generation, fusion and the structural rerank."""

    candidates: int = Field(default=40, description="candidates kept from each of BM25 and the vector store before the rerank")
    vector_weight: float = Field(default=0.35, description="weight of the cosine similarity beside the normalized BM25 score")
    specific_df: float = Field(
        default=0.12, description="a question word is specific when fewer than this share of clauses has it"
    )
    near_tie: float = Field(default=0.85, description="hits within this share of the first compete for first place on coverage")
    copy_window: float = Field(
        default=0.7,
        description="copies of one text within this share of the first hit compete for it (a year named favours one copy by 1.28)",
    )
    copy_similarity: float = Field(
        default=0.8,
        description="two clauses whose words, place names and numbers aside, overlap this much (Jaccard) are copies of one text",
    )
    out_of_force: float = Field(default=0.7, description="a clause of an expired, superseded or not-yet-effective document")
    counted: float = Field(
        default=1.3, description="a number within `counted_window` characters of what a how-many question counts"
    )
    counted_window: int = Field(default=10, description="characters either side of the counted term")
    year_named: float = Field(default=1.15, description="the clause or its document carries a year the question names")
    year_other: float = Field(default=0.9, description="… and one that does not")
    document_named: float = Field(default=1.25, description="a clause of a document the question names by its title words")
    quoted: float = Field(default=1.5, description="the clause uses every term the user put in quotes (“十助”)")
    age_fits: float = Field(default=1.2, description="the clause states an age band holding the asker's age (我今年91了)")
    age_misses: float = Field(default=0.8, description="the clause states age bands, none holding the asker's age")
    follow_up_missed: float = Field(default=0.6, description="the clause uses none of the words a follow-up brings (那医保呢)")
    title_word: float = Field(default=0.08, description="per question word in the clause's title")
    title_max: float = Field(default=1.3, description="cap of the title factor")
    lexical: LexicalWeights = LexicalWeights()
    region: RegionWeights = RegionWeights()
    intent: IntentWeights = IntentWeights()
    kind: KindWeights = KindWeights()


class CoverageThresholds(_Frozen):
    """When the best clause covers the question well enough to answer (else decline)."""

    generic_score: float = Field(default=0.9, description="score needed when the question has only common words")
    strong_score: float = Field(default=1.6, description="score that answers on its own")
    good_score: float = Field(default=1.3, description="score that answers when one specific word is covered")
    share: float = Field(default=0.34, description="share of specific words covered that answers")
    known_term_share: float = Field(
        default=0.5, description="share needed when a known term the documents never use is the subject"
    )


class SentenceWeights(_Frozen):
    """Choosing the sentence of a clause to quote."""

    word: float = Field(default=1.0, description="per question word in the sentence")
    expansion: float = Field(default=0.5, description="per expansion word")
    bigram: float = Field(default=0.3, description="per question bigram")
    specific: float = Field(default=0.5, description="per rare word of the question in the sentence (现金, 残疾人)")
    own: float = Field(default=2.0, description="per word a follow-up brings (那改建的呢: the 改建 sentence)")
    position: float = Field(default=0.01, description="penalty per position: earlier sentences win ties")
    fact: float = Field(default=2.0, description="the sentence states a fact of the kind asked")
    lead_phrase: float = Field(default=1.0, description="penalty for a short opening phrase alone (≤ 20 characters)")
    breakdown: float = Field(default=0.5, description="penalty for 其中 / 其他 sentences, a breakdown of the one before")
    excluded: float = Field(
        default=50.0, description="penalty for a sentence about a group the asker says they are not in (不是低保): last resort"
    )
    second: float = Field(default=0.7, description="a second sentence is quoted when it scores this share of the best…")
    second_min: float = Field(default=1.0, description="… and more than this")


class AnswerConfig(_Frozen):
    """Which clauses an answer cites and how much of them it quotes."""

    coverage: CoverageThresholds = CoverageThresholds()
    sentence: SentenceWeights = SentenceWeights()
    yes_share: float = Field(
        default=0.5,
        description="a yes/no question is answered 有/可以 only when the clause covers this share of its specific words",
    )
    max_lead: int = Field(default=120, description="a longer sentence is trimmed to the segments that match")
    row_columns: int = Field(default=4, description="a table row of more columns is quoted by the columns the answer uses")
    long_quote: int = Field(default=160, description="a longer answering sentence is quoted by its matching segments only")
    max_quote: int = Field(default=200, description="two sentences are quoted together only up to this length")
    second_share: float = Field(default=0.55, description="a second clause must score this share of the first")
    same_doc_share: float = Field(default=0.8, description="… this share when it comes from the same document")
    per_source_share: float = Field(default=0.3, description="a compared region's or year's best clause must score this share")
    runner_up_share: float = Field(default=0.6, description="a runner-up may state a how-many answer at this share of the first")


class Tuning(_Frozen):
    """All the weights: search and answer."""

    ranking: RankingConfig = RankingConfig()
    answer: AnswerConfig = AnswerConfig()


DEFAULT = Tuning()
