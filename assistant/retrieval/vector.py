"""Nearest clauses by embedding, from the Chroma collection the index state points to."""

from __future__ import annotations

import logging
from typing import Any

from langchain_chroma import Chroma

from assistant import index
from assistant.embeddings import Embedder
from assistant.errors import SearchIndexError
from assistant.query import Query
from assistant.retrieval.base import Hit, Retriever
from assistant.settings import Settings

log = logging.getLogger(__name__)


class VectorRetriever(Retriever):
    """Cosine similarity over the current collection (langchain-chroma on a chromadb client)."""

    name = "vector"

    def __init__(self, settings: Settings, embedder: Embedder, client: Any | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.client = client or index.open_client(settings)
        self.store = self._open()

    def _open(self) -> Chroma:
        state = index.read_state(self.client)
        if state is None:
            raise SearchIndexError("向量索引尚未建立，请先运行：python -m assistant index")
        if state.embedder != self.embedder.fingerprint() and state.embedder_state:
            self.embedder.adopt(state.embedder_state)  # the state the index was built with
        if state.embedder != self.embedder.fingerprint():
            raise SearchIndexError("向量索引与当前嵌入模型或文件不一致，请重新运行：python -m assistant index")
        # Check that the collection exists: langchain-chroma would silently create an empty one
        # if a rebuild removed it between reading the state and opening it.
        self.client.get_collection(state.collection, embedding_function=None)
        return Chroma(client=self.client, collection_name=state.collection, embedding_function=self.embedder)

    def search(self, query: Query, k: int, where: dict | None = None) -> list[Hit]:
        """The k nearest clauses to the question (plus its expansions)."""
        text = " ".join([query.text, *query.expansions])
        vector = self.embedder.embed_query(text)
        try:
            found = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
        except Exception:  # the collection was swapped by a rebuild: reopen once
            log.info("vector collection changed; reopening")
            self.store = self._open()
            found = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
        # langchain-chroma returns cosine distance for a cosine collection.
        return [Hit(str(doc.id), 1.0 - float(distance), {"vector": 1.0 - float(distance)}) for doc, distance in found]
