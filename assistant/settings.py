"""The one configuration object. Built from ASSISTANT_* environment variables and passed in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Paths, backends, limits. Every field can be set as ASSISTANT_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    eval_dir: Path = PROJECT_ROOT / "eval"
    data_dir: Path = PROJECT_ROOT / "data"

    # Vector store. With chroma_host set, an HttpClient to a `chroma run` server is used.
    chroma_host: str | None = Field(default=None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, validation_alias="CHROMA_PORT")
    chroma_collection: str = "clauses"
    vector_enabled: bool = True
    vector_retry_interval: float = 30.0  # seconds between reconnection attempts while the store is unavailable
    # A version whose search index is not stored yet is built by a child process (assistant/apart.py), so the
    # serving process's memory holds only what it loads; false builds in this process (the tests, to save a start).
    build_apart: bool = True

    # Embedding backend: "hashed" (offline default), "sentence-transformers" (local path),
    # or "openai" (OpenAI-compatible embeddings endpoint).
    embedding: str = "hashed"
    embedding_model_path: str | None = None
    embedding_base_url: str | None = None
    embedding_model: str | None = None
    embedding_api_key: str | None = None
    embedding_dim: int = 512

    # Optional LLM wording; nothing reaches a network unless base_url and model are set.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 20.0  # each connect and each read
    llm_deadline: float = 30.0  # the whole call, streamed or not; then the extractive answer is given

    # Knowledge maintenance: `kb add` refuses larger files; a running server checks for changes.
    max_document_bytes: int = 20_000_000
    reload_interval: float = 10.0  # seconds between checks of the knowledge version; 0 = never

    # Retrieval and answering.
    top_k: int = 5

    # Bounded work per request (the API also states them in its schema). Only the last six user
    # turns are read for follow-ups; the assistant's own answers run to ~750 characters.
    max_question_chars: int = 500
    max_turn_chars: int = 1000  # each earlier turn of the history
    max_history_turns: int = 20
    max_history_chars: int = 8000  # all earlier turns together; beyond it the oldest are dropped
    max_body_bytes: int = 65_536  # a request body to /api/*; larger is answered 413
    today: date | None = None  # injectable clock for tests; None means the real date

    # Web.
    host: str = "127.0.0.1"
    port: int = 7860
    admin_token: str | None = None  # the maintainer's console (/admin); unset = the console is disabled
    desk_protected: bool = False  # the hotline desk (/desk) asks for desk_token; with no token set it is disabled
    desk_token: str | None = None
    admin_max_failures: int = 5  # wrong admin tokens from one client before it is locked out; 0 = no lockout
    admin_lockout_minutes: float = 15.0  # how long, and the window the failures are counted in
    queue_concurrency: int = 4  # Gradio events worked on at once
    queue_max_size: int = 64  # Gradio events waiting; beyond it the page says the queue is full

    # Per-client rate limits (requests a minute, as many at once; 0 = unlimited), API and page alike.
    # The hotline search runs as the agent types, hence more searches than questions.
    rate_ask_per_minute: int = 30
    rate_search_per_minute: int = 120
    rate_feedback_per_minute: int = 20

    # Gaps: kept this many days after they were last asked (0 = forever); pages of the list.
    gaps_retention_days: int = 180
    gaps_page_size: int = 50

    # Logs: one access line a request; the question text only when this is on.
    log_questions: bool = False

    @property
    def manifest_path(self) -> Path:
        """Path of the document manifest."""
        return self.knowledge_dir / "manifest.toml"

    @property
    def gazetteer_path(self) -> Path:
        """The places file: every place with its level, parent and short names."""
        return self.knowledge_dir / "gazetteer.toml"

    @property
    def lexicon_dir(self) -> Path:
        """Folder of the vocabulary files (user dictionary, synonyms, regions)."""
        return self.knowledge_dir / "lexicon"

    @property
    def llm_enabled(self) -> bool:
        """True when an OpenAI-compatible chat endpoint is configured."""
        return bool(self.llm_base_url and self.llm_model)

    def current_date(self) -> date:
        """Today's date, or the injected one."""
        return self.today or date.today()
