"""LangChain integration: the hybrid clause search as a `BaseRetriever`.

Kept apart from the core so that retrieval itself does not depend on LangChain's retriever
API: `ClauseRetriever` only adapts `HybridRetriever.run` (lexical + optional vector fusion,
structural rerank) to LangChain Documents, so it composes in LCEL chains:

    chain = ClauseRetriever.from_settings(settings) | RunnableLambda(format_docs)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict, Field

from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.query import analyse
from assistant.retrieval.base import Hit
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.assistant import Assistant


class ClauseRetriever(BaseRetriever):
    """Clauses for a question, best first, as LangChain Documents (text + citation metadata)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    hybrid: HybridRetriever
    lexicon: Lexicon
    kb: KnowledgeBase
    k: int = Field(default=5, ge=1)
    regions: list[str] | None = None  # e.g. ["<a city of the gazetteer>"]: only clauses of these regions
    doc_ids: list[str] | None = None  # only clauses of these documents

    @classmethod
    def from_assistant(cls, assistant: Assistant, k: int | None = None, **filters: Any) -> ClauseRetriever:
        """Reuse an Assistant's loaded knowledge base, lexicon and search (k defaults to settings.top_k)."""
        return cls(
            hybrid=assistant.retriever,
            lexicon=assistant.lexicon,
            kb=assistant.kb,
            k=k or assistant.settings.top_k,
            **filters,
        )

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, k: int | None = None, build_index: bool = True, **filters: Any
    ) -> ClauseRetriever:
        """Load everything as the app does (building or updating the vector index when enabled)."""
        from assistant.assistant import Assistant  # the facade imports the answerers; load it only here

        return cls.from_assistant(Assistant.from_settings(settings, build_index=build_index), k, **filters)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        # `k` passed to invoke() (`retriever.invoke(q, k=1)`) overrides the field for that call, as LangChain's
        # standard retriever tests expect.
        k = self.k if k is None else k
        if k < 1:
            raise ValueError(f"k must be greater than or equal to 1, got {k}")
        text = query.strip()
        if not text:  # nothing to search for; LangChain callers expect an empty list, not an error
            return []
        result = self.hybrid.run(analyse(text, self.lexicon), k, regions=self.regions, doc_ids=self.doc_ids)
        return [self._document(hit) for hit in result.hits]

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        # The base class would drop `k`; the search is CPU-bound, so it runs in the default executor as there.
        return await run_in_executor(None, self._get_relevant_documents, query, run_manager=run_manager.get_sync(), k=k)

    def _document(self, hit: Hit) -> Document:
        clause = self.kb.clause(hit.clause_id)
        meta = self.kb.meta(clause)
        return Document(
            id=clause.id,
            page_content=clause.text,
            metadata={
                "clause_id": clause.id,
                "doc_id": clause.doc_id,
                "doc_title": meta.title,
                "label": clause.label,
                "region": meta.region,
                "issue_date": meta.issue_date.isoformat(),
                "score": hit.score,
                "departments": list(clause.departments),
            },
        )


def format_docs(docs: Sequence[Document]) -> str:
    """Numbered context block for a prompt: 《title》label, then the clause text."""
    blocks = [
        f"[{n}]《{doc.metadata.get('doc_title', '')}》{doc.metadata.get('label', '')}\n{doc.page_content}"
        for n, doc in enumerate(docs, 1)
    ]
    return "\n\n".join(blocks)
