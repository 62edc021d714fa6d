"""Shared fixtures: settings isolated to a temporary data directory, the real knowledge base."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.settings import Settings

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    """Offline settings: no LLM, no Chroma server, a fixed date, a private data directory."""
    return Settings(data_dir=data_dir, today=TODAY, llm_base_url=None, llm_model=None, chroma_host=None)


@pytest.fixture(scope="session")
def kb(settings: Settings) -> KnowledgeBase:
    return KnowledgeBase.from_settings(settings)


@pytest.fixture(scope="session")
def lexicon(settings: Settings, kb: KnowledgeBase) -> Lexicon:
    """The tokenizer and vocabulary, with the regions of the real knowledge base."""
    return Lexicon(settings.lexicon_dir, kb.regions())
