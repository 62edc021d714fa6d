"""Backend registries: clashing names are refused, unknown names list the valid ones."""

from __future__ import annotations

import pytest

from assistant.answering.base import create_answerer
from assistant.errors import BackendError
from assistant.registry import Registry
from assistant.settings import Settings


def test_registry_rejects_clashes_and_lists_choices() -> None:
    registry: Registry = Registry("测试后端")
    registry.register("a")(lambda: 1)
    with pytest.raises(BackendError, match="名称重复：a"):
        registry.register("a")(lambda: 2)
    with pytest.raises(BackendError, match="未知的测试后端：b。可选：a"):
        registry.get("b")


def test_unknown_answerer_lists_the_built_ins(settings: Settings) -> None:
    with pytest.raises(BackendError, match="可选：extractive、llm"):
        create_answerer("gpt", settings)
