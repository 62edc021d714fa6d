"""The answerer interface, the context it gets, and the registry of implementations."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator

from assistant.answering.evidence import AnswerContext
from assistant.models import Answer
from assistant.registry import Registry
from assistant.settings import Settings

__all__ = ["ANSWERERS", "AnswerContext", "Answerer", "create_answerer", "register"]


class Answerer(ABC):
    """Turns search results into an Answer."""

    name = "base"

    @abstractmethod
    def answer(self, ctx: AnswerContext) -> Answer:
        """The complete answer."""

    def stream(self, ctx: AnswerContext) -> Iterator[str | Answer]:
        """Text chunks as they are produced, then the final Answer."""
        final = self.answer(ctx)
        yield final.answer
        yield final

    def warm(self) -> None:
        """Make now what the first answer would otherwise make within its deadline (a client, its imports)."""
        return None  # an extractive answerer has nothing to make


AnswererFactory = Callable[[Settings], Answerer]
ANSWERERS: Registry[AnswererFactory] = Registry("回答后端")
register = ANSWERERS.register
# The built-in answerers' modules, imported when asked for: the LLM one brings langchain-core's chat
# models and the prompt templates (~0.25 s of a cold start), which an offline answer never needs.
BUILT_IN = {"extractive": "assistant.answering.extractive", "llm": "assistant.answering.llm"}


def create_answerer(name: str, settings: Settings) -> Answerer:
    """An answerer by name; unknown names list the valid ones."""
    for module in [BUILT_IN[name]] if name in BUILT_IN else BUILT_IN.values():  # all: an unknown name lists them
        importlib.import_module(module)  # registers the built-in
    return ANSWERERS.get(name)(settings)
