"""The library entry point: `Assistant.from_settings().ask(question, history=…) -> Answer`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistant.answering.base import AnswerContext, Answerer, create_answerer
from assistant.errors import InputError
from assistant.gazetteer import Gazetteer
from assistant.knowledge import KnowledgeBase, knowledge_version
from assistant.lexicon import Lexicon
from assistant.models import Answer, Clause, Turn
from assistant.query import Query, analyse
from assistant.retrieval.hybrid import HybridRetriever, SearchResult
from assistant.retrieval.scope import scope_unnamed_place
from assistant.searchindex import open_index, stored_knowledge
from assistant.settings import Settings
from assistant.understand import understand

if TYPE_CHECKING:
    from assistant.retrieval.vector import VectorRetriever

log = logging.getLogger(__name__)


class Assistant:
    """Knowledge base, search and answerer, loaded once and reused for every question."""

    def __init__(self, settings: Settings, kb: KnowledgeBase, lexicon: Lexicon, retriever: HybridRetriever, answerer: Answerer):
        self.settings = settings
        self.kb = kb
        self.gazetteer = lexicon.gazetteer
        self.version = knowledge_version(settings.manifest_path)
        self._parts = _Parts(lexicon, retriever, answerer, kb)
        self._loaded = threading.Event()
        self._loaded.set()
        self._error: BaseException | None = None
        self._reloading = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings | None = None, build_index: bool = True) -> Assistant:
        """Load everything; builds or updates the vector index when needed."""
        settings = settings or Settings()
        version = knowledge_version(settings.manifest_path)  # before loading: a change meanwhile is seen next time
        parts = _search_parts(settings, Gazetteer.load(settings.gazetteer_path), build_index)
        bot = cls(settings, parts.kb, parts.lexicon, parts.retriever, parts.answerer)
        bot.version = version
        return bot

    @classmethod
    def warming(cls, settings: Settings, progress: bool = False) -> Assistant:
        """The knowledge base now, search in a background thread: a web page can be served at once.

        Questions asked before the search parts are ready wait for them. `progress`: a bar on stderr
        while the vector index is built (the first start).
        """
        bot = cls.__new__(cls)
        bot.settings = settings
        bot.version = knowledge_version(settings.manifest_path)
        bot._reloading = threading.Lock()
        bot.kb = stored_knowledge(settings) or KnowledgeBase.from_settings(settings)  # stored: nothing is parsed
        bot.gazetteer = Gazetteer.load(settings.gazetteer_path)
        bot._loaded = threading.Event()
        bot._error = None

        def load() -> None:
            try:
                bot._parts = _search_parts(settings, bot.gazetteer, True, progress)
                bot.kb = bot._parts.kb  # the same documents, as the search index holds them
            except BaseException as e:  # re-raised to whoever asks first
                bot._error = e
            finally:
                bot._loaded.set()

        threading.Thread(target=load, name="assistant-warm-up", daemon=True).start()
        return bot

    def reload(self, force: bool = False) -> bool:
        """Load changed knowledge aside and swap it in; questions meanwhile are answered from the old one.

        Returns True when a new version was swapped in. On any error the old knowledge stays.
        """
        with self._reloading:
            version = knowledge_version(self.settings.manifest_path)
            if version == self.version and not force:
                return False
            parts = _search_parts(self.settings, self.gazetteer, True)
            self._ready()
            self._parts = parts  # one assignment: a question in flight keeps the parts it started with
            self.kb, self.version = parts.kb, version
            log.info("knowledge reloaded: version %s, %d documents", version, len(parts.kb.documents))
            return True

    @property
    def state(self) -> str:
        """'starting' while the search parts load, 'down' when loading them failed, else 'ok'."""
        if not self._loaded.is_set():
            return "starting"
        return "down" if self._error is not None else "ok"

    def _ready(self) -> _Parts:
        self._loaded.wait()
        if self._error is not None:
            raise self._error
        return self._parts

    @property
    def lexicon(self) -> Lexicon:
        """The tokenizer and vocabulary."""
        return self._ready().lexicon

    @property
    def retriever(self) -> HybridRetriever:
        """The hybrid search."""
        return self._ready().retriever

    @property
    def answerer(self) -> Answerer:
        """The answerer in use (extractive, or LLM wording when configured)."""
        return self._ready().answerer

    @answerer.setter
    def answerer(self, answerer: Answerer) -> None:
        self._ready().answerer = answerer

    # -- questions -------------------------------------------------------------------------
    def prepare(self, question: str, history: list[Turn] | None = None) -> AnswerContext:
        """Validate, understand (follow-ups resolved) and search."""
        question = self._check(question)
        parts = self._ready()
        understood = understand(question, history or [], parts.lexicon, _entity(history or [], parts.kb))
        # A place without documents of its own: only the documents of its parents apply there.
        k = max(self.settings.top_k, 10)
        result = parts.retriever.run(understood.query, k, regions=list(understood.scope) or None)
        if not understood.scope:  # no place named, many places' copies compete: the place said earlier, the province, or ask
            scoped = scope_unnamed_place(parts.retriever, result, understood.earlier_regions, k, understood.text)
            result = scoped.result
            if scoped.clarify and not understood.clarify:
                understood = replace(understood, clarify=scoped.clarify)
        return AnswerContext(
            question=understood,
            result=result,
            kb=parts.kb,
            lexicon=parts.lexicon,
            today=self.settings.current_date(),
        )

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer:
        """Answer one question, with earlier turns for follow-ups."""
        return self.answerer.answer(self.prepare(question, history))

    def stream(self, question: str, history: list[Turn] | None = None) -> Iterator[str | Answer]:
        """Text chunks (LLM mode streams tokens), then the final Answer."""
        yield from self.answerer.stream(self.prepare(question, history))

    def search(self, text: str, k: int = 10, regions: list[str] | None = None, doc_ids: list[str] | None = None) -> SearchResult:
        """Ranked clauses for a lookup (the hotline desk), optionally filtered."""
        query = analyse(self._check(text), self.lexicon)
        return self.retriever.run(query, k, regions=regions, doc_ids=doc_ids)

    def analyse(self, text: str) -> Query:
        """The analysis of a question (for --explain)."""
        return analyse(text, self.lexicon)

    def clause(self, clause_id: str) -> Clause:
        """A clause by id."""
        return self.kb.clause(clause_id)

    def related(self, clause_id: str, k: int = 3) -> list[Clause]:
        """Clauses in other documents on the same subject (a city clause and the provincial one)."""
        clause = self.kb.clause(clause_id)
        query = replace(analyse(clause.title + " " + clause.text[:120], self.lexicon), regions=[])
        hits = self.retriever.run(query, k + 8).hits
        out = [self.kb.clause(h.clause_id) for h in hits if self.kb.clause(h.clause_id).doc_id != clause.doc_id]
        return out[:k]

    def _check(self, text: str) -> str:
        text = (text or "").strip()
        if not text:
            raise InputError(f"请输入您的问题，例如：{self.kb.examples()[0]}")
        if len(text) > self.settings.max_question_chars:
            raise InputError(f"问题太长了（{len(text)}字），请精简到{self.settings.max_question_chars}字以内。")
        return text


def _entity(history: list[Turn], kb: KnowledgeBase) -> str | None:
    """What the last turn was about: the clause the last answer cited first, or a row title the last answer or question names."""
    answers = [t for t in history if t.role == "assistant"]
    for clause_id in answers[-1].citations if answers else []:
        if kb.has_clause(clause_id):
            return kb.clause(clause_id).title
    for turn in reversed(history[-2:]):  # the last answer, then the question it answered
        named = [title for title in kb.entity_titles() if any(name in turn.content for name in _names(title))]
        if named:
            return max(named, key=len)
    return None


def _names(title: str) -> list[str]:
    """A row title and the way people shorten it: 某市某某托育中心项目 → 某市某某托育中心."""
    short = title.removesuffix("建设项目").removesuffix("项目")
    return [title] if short == title or len(short) < 4 else [title, short]


@dataclass
class _Parts:
    """What takes seconds to load: the tokenizer, the indexes and the answerer."""

    lexicon: Lexicon
    retriever: HybridRetriever
    answerer: Answerer
    kb: KnowledgeBase  # the knowledge these were built from: a reload swaps all of them together


def _search_parts(settings: Settings, gazetteer: Gazetteer, build_index: bool, progress: bool = False) -> _Parts:
    """The knowledge and its search: loaded from the stored search index of this version, or built and stored."""
    if build_index and settings.build_apart:
        from assistant.apart import build_apart

        build_apart(settings, progress)  # a child builds and stores what is missing: this process only loads it
    index = open_index(settings, gazetteer)
    kb, lexicon = index.kb, index.lexicon
    lexicon.pos_tagger  # noqa: B018  (made now: every question is tagged, the first need not wait for it)
    lexicon.known = index.words  # a build's words: the vector index is fitted and embedded without cutting them again
    try:
        vector = _open_vector(settings, kb, lexicon, build_index, progress) if settings.vector_enabled else None
    finally:
        lexicon.known = index.words = {}
    retriever = HybridRetriever(kb, lexicon, vector, settings.current_date(), built=index.features)
    answerer = create_answerer("llm" if settings.llm_enabled else "extractive", settings)
    answerer.warm()  # the first question's LLM deadline is not spent importing the client
    return _Parts(lexicon, retriever, answerer, kb)


def _open_vector(
    settings: Settings, kb: KnowledgeBase, lexicon: Lexicon, build_index: bool, progress: bool = False
) -> VectorRetriever | None:
    from assistant import index
    from assistant.retrieval.vector import VectorRetriever

    embedder = index.corpus_embedder(settings, kb, lexicon)
    build = (lambda: index.build(settings, kb, embedder, progress=progress)) if build_index else None
    try:
        if build:
            build()
        return VectorRetriever(settings, embedder)
    except Exception as e:  # lexical-only until a background thread reconnects
        return VectorRetriever.unavailable(settings, embedder, e, prepare=build)
