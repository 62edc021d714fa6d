"""The default answerer: offline, deterministic, quoting the clauses it rests on.

A chain of typed stages: `assess` gathers what each candidate clause offers for the question
understood, `decide` applies ordered, named rules (answer, or decline and why), and `render`
writes the answer: the fact asked for first, then each clause quoted with its document and
label. Where a city and the province, or an older and a newer document, both speak to the
question, both are stated, the most specific / newest first.
"""

from __future__ import annotations

from assistant.answering import render as rendering
from assistant.answering.base import AnswerContext, Answerer, register
from assistant.answering.decide import decide
from assistant.answering.evidence import assess
from assistant.models import Answer, Citation, Clause
from assistant.settings import Settings


class ExtractiveAnswerer(Answerer):
    """Answers by quoting the best sentences of the best clauses."""

    name = "extractive"

    def answer(self, ctx: AnswerContext) -> Answer:
        """The answer for one understood, searched question."""
        evidence = assess(ctx)
        return rendering.render(evidence, decide(evidence))

    def citation(self, ctx: AnswerContext, clause: Clause) -> Citation:
        """The citation card data of a clause."""
        return Citation.of(clause, ctx.kb.meta(clause))

    def notices(self, ctx: AnswerContext, chosen: list[Clause]) -> list[str]:
        """The notices of an answer citing these clauses (validity, region, past years, differing figures)."""
        return rendering.notices(assess(ctx), chosen)


@register("extractive")
def _factory(settings: Settings) -> Answerer:
    return ExtractiveAnswerer()
