"""Optional LLM wording (OpenAI-compatible chat endpoint). Completed in a later step."""

from __future__ import annotations

from assistant.answering.base import Answerer, register
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.settings import Settings


@register("llm")
def _factory(settings: Settings) -> Answerer:
    return ExtractiveAnswerer()
