"""Shared fixtures, each built once per test run (once per worker under pytest-xdist): the search index
of the real knowledge base, settings isolated to a temporary data directory holding a copy of it, the
assistant on the real knowledge base (its knowledge base and lexicon serve the other tests too), the
lexical hybrid search, and the served web app.

Tests that change the knowledge (kb add / remove) build their own copies instead; tests that start an
assistant on a data directory of their own copy the stored search index into it (`seed_data`) rather
than parsing and indexing the documents again.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assistant.assistant import Assistant
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.retrieval.hybrid import HybridRetriever
from assistant.searchindex import open_index
from assistant.settings import Settings

if TYPE_CHECKING:
    from webapp import Running

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def stored_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding only the bundled knowledge's stored search index (and parse cache), built once.

    Copy it (`seed_data`), never write to it: the index version hashes contents, not paths, so a copy
    next to an unchanged copy of knowledge/ is loaded as it is.
    """
    data = tmp_path_factory.mktemp("stored") / "data"
    open_index(Settings(data_dir=data, today=TODAY, llm_base_url=None, llm_model=None, chroma_host=None, vector_enabled=False))
    return data


@pytest.fixture(scope="session")
def seed_data(stored_data: Path) -> Callable[[Path], Path]:
    """`seed_data(folder)`: copy the stored search index into `folder` (created when missing) and return it."""

    def seed(folder: Path) -> Path:
        shutil.copytree(stored_data, folder, dirs_exist_ok=True)
        return folder

    return seed


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory, seed_data: Callable[[Path], Path]) -> Path:
    """The shared data directory: starts with the stored search index, so `bot` loads it instead of building it."""
    return seed_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    """Offline settings: no LLM, no Chroma server, a fixed date, a private data directory."""
    # build_apart=False: a test that builds does it in its own process (a child costs a start; tests/test_apart.py tests it)
    return Settings(data_dir=data_dir, today=TODAY, llm_base_url=None, llm_model=None, chroma_host=None, build_apart=False)


@pytest.fixture(scope="session")
def bot(settings: Settings) -> Assistant:
    """The assistant without the vector index (lexical + structural search, extractive answers).

    Shared by every test: use it read-only (an answerer of your own goes in a new `Assistant`).
    """
    return Assistant.from_settings(settings.model_copy(update={"vector_enabled": False}))


@pytest.fixture
def local(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A copy of knowledge/ and an empty data directory, lexical search only (in the environment too, for the CLI).

    For tests that change the knowledge (kb add / remove, an edited document) or build the index themselves.
    """
    knowledge = tmp_path / "knowledge"
    shutil.copytree(settings.knowledge_dir, knowledge)
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_VECTOR_ENABLED", "false")
    return settings.model_copy(update={"knowledge_dir": knowledge, "data_dir": tmp_path / "data", "vector_enabled": False})


@pytest.fixture
def stored(local: Settings, seed_data: Callable[[Path], Path]) -> Settings:
    """`local` with the search index already stored, as a data directory is after `make run` or `index`."""
    seed_data(local.data_dir)
    return local


@pytest.fixture(scope="session")
def kb(bot: Assistant) -> KnowledgeBase:
    """The real knowledge base, as the assistant loaded it."""
    return bot.kb


@pytest.fixture(scope="session")
def lexicon(bot: Assistant) -> Lexicon:
    """The tokenizer and vocabulary, with the regions of the real knowledge base."""
    return bot.lexicon


@pytest.fixture(scope="session")
def hybrid(kb: KnowledgeBase, lexicon: Lexicon) -> HybridRetriever:
    """The hybrid search without its vector part (vector=None): every ranking is deterministic."""
    return HybridRetriever(kb, lexicon, None)


@pytest.fixture(scope="session")
def web_app(settings: Settings) -> Iterator[Running]:
    """The page and API as the app serves them (vector index on, an admin token), for the web and browser tests."""
    from webapp import TOKEN, start  # imports gradio: only when a web test runs

    served = settings.model_copy(update={"admin_token": TOKEN})
    running = start(served, Assistant.from_settings(served))
    yield running
    running.stop()
