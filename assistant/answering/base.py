"""The answerer interface, the context it gets, and the registry of implementations."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from assistant.errors import BackendError
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.models import Answer
from assistant.retrieval.hybrid import SearchResult
from assistant.settings import Settings


@dataclass
class AnswerContext:
    """Everything an answerer may use for one question."""

    question: str
    searched_query: str
    result: SearchResult
    kb: KnowledgeBase
    lexicon: Lexicon
    today: date
    clarify: str | None = None


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


AnswererFactory = Callable[[Settings], Answerer]
_REGISTRY: dict[str, AnswererFactory] = {}


def register(name: str) -> Callable[[AnswererFactory], AnswererFactory]:
    """Register an answerer factory; clashing names are an error."""

    def decorator(factory: AnswererFactory) -> AnswererFactory:
        if name in _REGISTRY:
            raise BackendError(f"回答后端名称重复：{name}")
        _REGISTRY[name] = factory
        return factory

    return decorator


def create_answerer(name: str, settings: Settings) -> Answerer:
    """An answerer by name; unknown names list the valid ones."""
    from assistant.answering import extractive, llm  # noqa: F401  (registers the built-ins)

    try:
        return _REGISTRY[name](settings)
    except KeyError as e:
        raise BackendError(f"未知的回答后端：{name}。可选：{'、'.join(sorted(_REGISTRY))}") from e
