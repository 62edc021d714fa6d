"""Nearest clauses by embedding, from the Chroma collection the index state points to.

The vector store is optional for answering: the lexical search needs no Chroma. When the
store cannot be opened at start, or fails during a search, this retriever finds nothing,
logs one line, reports `healthy = False` (read by /healthz and for the answer's `NOTICE`) and
reconnects in a background thread every `vector_retry_interval` seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar

from assistant import index
from assistant.embeddings import Embedder
from assistant.errors import SearchIndexError
from assistant.query import Query
from assistant.retrieval.base import Hit, Retriever
from assistant.settings import Settings

log = logging.getLogger(__name__)


class VectorRetriever(Retriever):
    """Cosine similarity over the current collection (a chromadb client's collection, queried by vector).

    `healthy` is False while the store is unreachable or failing; searches then return [].
    """

    name = "vector"
    # What a user is told while answers come from the lexical search alone (no path, no host).
    NOTICE: ClassVar[str] = "语义检索暂不可用，本次仅按关键词检索。"

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        client: Any | None = None,
        connect: bool = True,
        prepare: Callable[[], object] | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.healthy = True
        self.prepare = prepare  # run before each reconnection (e.g. build the index that could not be built)
        self._lock = threading.Lock()
        self._reconnecting = False
        self.client: Any = None
        self.store: Any = None
        if connect and client is not None:
            self.client, self.store = client, self._open(client)
        elif connect:
            self.client, self.store = index.with_store(settings, self._opened)

    @classmethod
    def unavailable(
        cls, settings: Settings, embedder: Embedder, error: BaseException, prepare: Callable[[], object] | None = None
    ) -> VectorRetriever:
        """A retriever whose store could not be opened: unhealthy, finding nothing, reconnecting in the background."""
        retriever = cls(settings, embedder, connect=False, prepare=prepare)
        retriever._down(error)
        return retriever

    def _opened(self, client: Any) -> tuple[Any, Any]:
        return client, self._open(client)

    def _open(self, client: Any) -> Any:
        state = index.read_state(client)
        if state is None:
            raise SearchIndexError("向量索引尚未建立，请先运行：python -m assistant index")
        if state.embedder != self.embedder.fingerprint() and state.embedder_state:
            self.embedder.adopt(state.embedder_state)  # the state the index was built with
        if state.embedder != self.embedder.fingerprint():
            raise SearchIndexError("向量索引与当前嵌入模型或文件不一致，请重新运行：python -m assistant index")
        # get_collection, not get_or_create: a collection a rebuild removed meanwhile is an error, never an empty one.
        # The collection is queried directly (as langchain-chroma's similarity search does): importing
        # langchain-chroma and its langchain-core vector-store stack cost ~0.4 s of every cold start.
        return client.get_collection(state.collection, embedding_function=None)

    def search(self, query: Query, k: int, where: dict | None = None, ids: list[str] | None = None) -> list[Hit]:
        """The k nearest clauses to the question (plus its expansions); [] while the store is unavailable.

        `ids`: only these clauses (the search's place and document filters as clause ids; an empty list finds
        nothing), with `where` the same filters on the records' metadata, used when the collection lacks one of
        the ids (a store not yet updated to the knowledge loaded, or already updated to a newer one).
        """
        if not self.healthy or ids == []:
            return []
        text = " ".join([query.text, *query.expansions])
        vector = self.embedder.embed_query(text)
        try:
            found = self._nearest(vector, k, where, ids)
        except Exception as e:  # unreachable, killed, corrupt: the lexical search answers alone
            self._down(e)
            return []
        # Chroma returns the cosine distance for a cosine collection.
        return [Hit(clause_id, 1.0 - float(distance), {"vector": 1.0 - float(distance)}) for clause_id, distance in found]

    def _nearest(self, vector: list[float], k: int, where: dict | None, ids: list[str] | None) -> list[tuple[str, float]]:
        try:
            return self._query(vector, k, where, ids)
        except Exception:  # the collection was swapped by a rebuild: reopen once
            log.info("vector collection changed; reopening")
            self.store = self._open(self.client)
            return self._query(vector, k, where, ids)

    def _query(self, vector: list[float], k: int, where: dict | None, ids: list[str] | None) -> list[tuple[str, float]]:
        """(clause id, cosine distance) of the k nearest records, nearest first.

        A filter by record ids gives the same records as the same filter on the records' metadata, in a
        third of the time: Chroma resolves a metadata filter by scanning its SQLite metadata table (~25 ms
        per question at ×100), ids by their unique index. Only distances are read: every record is written
        with its document, and reading the documents cost ~3 ms per question.
        """
        if ids is not None:
            try:
                return _rows(self.store.query(query_embeddings=[vector], n_results=k, ids=ids, include=["distances"]))
            except Exception as e:  # an id the collection does not hold: Chroma refuses the whole query
                log.info("vector search by clause ids refused (%s); filtering by metadata", e)
        return _rows(self.store.query(query_embeddings=[vector], n_results=k, where=where, include=["distances"]))

    def _down(self, error: BaseException) -> None:
        """Mark the store unavailable with one log line, and start reconnecting unless already."""
        with self._lock:
            if self.healthy:
                log.warning("vector store unavailable, answering from the lexical search until it is back: %r", error)
            self.healthy = False
            if self._reconnecting:
                return
            self._reconnecting = True
        threading.Thread(target=self._reconnect, name="vector-reconnect", daemon=True).start()

    def _reconnect(self) -> None:
        while True:
            time.sleep(self.settings.vector_retry_interval)
            try:
                if self.prepare is not None:
                    self.prepare()
                client, store = index.with_store(self.settings, self._opened)
            except Exception as e:
                log.debug("vector store still unavailable: %r", e)
                continue
            with self._lock:
                self.client, self.store = client, store
                self.healthy, self._reconnecting = True, False
            log.warning("vector store available again")
            return


def _rows(found: Any) -> list[tuple[str, float]]:
    """(clause id, distance) of a Chroma query's one result list."""
    return [(str(clause_id), float(distance)) for clause_id, distance in zip(found["ids"][0], found["distances"][0], strict=True)]
