"""The Chroma vector index and its lifecycle: in-place updates, or a rebuild with an atomic swap.

A one-record state collection names the live collection `clauses-<build>`, the embedder it was
built with and each document's content hash. A change to a few documents (`kb add`, `kb remove`,
`kb replace`) updates the live collection in place: the changed documents' records are written
(upserted) and the records of removed documents, and of clauses an edit dropped, deleted; the
unchanged ones are not touched, so the cost follows the change, not the corpus (copying every
unchanged vector into a new collection took ~9 min at x1000). The state record first lists the
documents being changed (`pending`) and only then are they written; a process killed meanwhile
leaves them listed, and the next build writes them again, so nothing half-written stays. A
running app keeps reading the same collection throughout; a record of a document it does not
know yet is ignored by its search (`HybridRetriever` keeps only clause ids it holds).

A first build, a forced one, one with another embedder, or a change touching more than
IN_PLACE_SHARE of the clauses writes a new collection instead (vectors of unchanged documents
copied from the previous one) and points the state at it only when it is complete, so a running
app never reads a half-built index. The embedded store lives under the data directory; with
CHROMA_HOST set, a `chroma run` server is used so several app instances share one store.

An embedded store whose database SQLite cannot read (garbage, a torn write) is moved aside to
`chroma.corrupt-<UTC time>` under the data directory, so the next build, at start or by
`index --force`, starts afresh from the documents instead of failing for good. Each open checks
the database's header and schema (milliseconds); SQLite's full `quick_check` (seconds on a large
store: 3.5 s at 265,000 clauses) runs only when using the store fails.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

import numpy as np
from pydantic import BaseModel

from assistant.embeddings import Embedder, create_embedder
from assistant.errors import SearchIndexError
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.models import Clause, Document
from assistant.retrieval.lexical import clause_document
from assistant.settings import Settings

log = logging.getLogger(__name__)
STATE_COLLECTION = "assistant-index-state"
# The embedder's fitted state (~235 KB for the hashed embedder) is kept in the metadata of the
# collection built with it, not in the state record: chromadb's write-ahead queue keeps every
# upsert of the one-record state collection, so a copy there grew the store by that much a build.
EMBEDDER_STATE_KEY = "assistant:embedder_state"
COPY_BATCH = 5000  # records per add (copied from the old collection or newly embedded)
COPY_DOCUMENTS = 200  # documents per read of the old collection (bounds the memory of a copy)
SQLITE_MAGIC = b"SQLite format 3\x00"
T = TypeVar("T")
# Above this share of the clauses written again, a build writes a new collection and swaps it in:
# a large change is then seen by readers all at once, and the copy costs little next to embedding.
IN_PLACE_SHARE = 0.25


class IndexState(BaseModel):
    """What the current collection holds."""

    collection: str
    embedder: str
    doc_hashes: dict[str, str]
    clauses: int
    built_at: float
    # The fitted state (hashed: document frequencies), kept by later builds; read from the metadata of
    # `collection` (EMBEDDER_STATE_KEY), or from this record in stores built before it moved there.
    embedder_state: str | None = None
    # Documents an in-place update is writing or deleting: set before it touches the collection,
    # cleared when it is done; left by a killed update, they are written again by the next build.
    pending: list[str] = []


class BuildReport(BaseModel):
    """What a build did."""

    collection: str
    rebuilt: list[str]
    copied: list[str]
    clauses: int
    seconds: float
    up_to_date: bool = False


def corpus_embedder(settings: Settings, kb: KnowledgeBase, lexicon: Lexicon) -> Embedder:
    """The configured embedder, fitted on the clause corpus where it needs fitting."""
    return create_embedder(settings, lexicon, ClauseTexts(kb))


class ClauseTexts(Sequence[str]):
    """Every clause's text as embedded, made on first read: an embedder that adopts the state stored with the
    index never reads them (making them cost 1.4 s of each start at ×1000)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._texts: list[str] | None = None

    def _made(self) -> list[str]:
        if self._texts is None:
            self._texts = [clause_document(c) for c in self._kb.all_clauses()]
        return self._texts

    def __len__(self) -> int:
        return len(self._made())

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        return self._made()[i]


def open_client(settings: Settings) -> Any:
    """A Chroma client: HTTP to a server when CHROMA_HOST is set, else embedded on disk."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        path = settings.data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        set_aside_if_corrupt(path)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as e:  # connection refused, bad path: one readable sentence
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.data_dir)
        raise SearchIndexError(f"无法打开向量库（{where}）：{e}") from e


def with_store(settings: Settings, use: Callable[[Any], T]) -> T:
    """`use(client)` on a client of the store. When it fails on an embedded store, SQLite checks the database in
    full; a damaged one is moved aside and `use` runs once more on a fresh store, else the error is raised."""
    try:
        return use(open_client(settings))
    except Exception:
        if settings.chroma_host or set_aside_if_corrupt(settings.data_dir / "chroma", full=True) is None:
            raise
    return use(open_client(settings))


def set_aside_if_corrupt(path: Path, full: bool = False) -> Path | None:
    """Move an embedded store whose database is unreadable to `<path>.corrupt-<UTC time>`; where it went, or None.

    Only SQLite's own verdict counts (not a database, malformed, a failed check): a locked, read-only
    or missing database is left where it is. `full`: SQLite's quick check of every page, else the
    header and the schema only (what every open does; `with_store` runs the full check when using
    the store fails).
    """
    problem = _database_problem(path / "chroma.sqlite3", full)
    if problem is None:
        return None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    if aside.exists():
        aside = aside.with_name(f"{aside.name}-{uuid.uuid4().hex[:6]}")
    try:
        path.rename(aside)
    except FileNotFoundError:  # another process moved it first
        return None
    path.mkdir(exist_ok=True)
    _forget_open_store(path)
    log.warning("vector store database unreadable (%s); moved aside to %s, rebuilding from the documents", problem, aside.name)
    return aside


def _forget_open_store(path: Path) -> None:
    """Stop chromadb's cached instance for `path`: it still holds the moved database open.

    chromadb keeps one System per persist directory for the process and exposes no way to drop
    one; a running app that repairs its store while reconnecting would otherwise keep reading
    the moved-aside copy.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(str(path), None)
    SharedSystemClient._identifier_to_refcount.pop(str(path), None)
    if system is not None:
        with contextlib.suppress(Exception):  # it is broken already; stopping is best effort
            system.stop()


def _database_problem(db: Path, full: bool = False) -> str | None:
    """Why SQLite cannot read `db`, or None when it can (or when it is absent, locked or not readable).

    Without `full`: the header (SQLite's magic string, a page size, a file no shorter than the header says)
    and the schema are read, not every page.
    """
    if not db.is_file():
        return None
    try:
        with db.open("rb") as f:
            header = f.read(100)
        problem = _header_problem(header, db.stat().st_size)
        if problem is not None:
            return problem
        with contextlib.closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
            if not full:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return None
            verdict = str(conn.execute("PRAGMA quick_check").fetchone()[0])
    except OSError:
        return None
    except sqlite3.DatabaseError as e:
        return str(e) if e.sqlite_errorcode in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) else None
    return None if verdict == "ok" else verdict


def _header_problem(header: bytes, size: int) -> str | None:
    """What is wrong with a database file's first 100 bytes (sqlite.org/fileformat.html, 1.3), or None."""
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return "file is not a database"
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        return f"page size {page}"
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is valid only when written by the same change
    if valid and pages * page > size:
        return f"{size} bytes where the header counts {pages} pages of {page}"
    return None


def doc_hashes(kb: KnowledgeBase) -> dict[str, str]:
    """A content hash per document, over its clause ids and texts (`knowledge.content_hash`, kept in the outline)."""
    return dict(kb.outline.hashes)


def clause_metadata(kb: KnowledgeBase, clause: Clause) -> dict[str, str | int | float | bool]:
    """Flat, primitive-only metadata for Chroma."""
    meta = kb.meta(clause)
    return {
        "doc_id": clause.doc_id,
        "region": meta.region,
        "level": meta.level,
        "issue_date": meta.issue_date.isoformat(),
        "issue_year": meta.issue_date.year,
        "doc_kind": meta.kind,
        "kind": clause.kind,
        "label": clause.label,
        "title": clause.title,
        "heading_path": " › ".join(clause.path),
        "departments": "、".join(clause.departments),
    }


def read_state(client: Any) -> IndexState | None:
    """The current index state, or None when nothing was built yet."""
    collection = client.get_or_create_collection(STATE_COLLECTION, embedding_function=None)
    got = collection.get(ids=["current"], include=["documents"])
    if not got["ids"]:
        return None
    state = IndexState.model_validate(json.loads(got["documents"][0]))
    if state.embedder_state is None:  # built since the fitted state moved to the collection's metadata
        built = _collection_or_none(client, state.collection)
        fitted = (built.metadata or {}).get(EMBEDDER_STATE_KEY) if built is not None else None
        state.embedder_state = str(fitted) if fitted else None
    return state


def _write_state(client: Any, state: IndexState) -> None:
    collection = client.get_or_create_collection(STATE_COLLECTION, embedding_function=None)
    collection.upsert(ids=["current"], embeddings=[[1.0]], documents=[state.model_dump_json()])


def build(settings: Settings, kb: KnowledgeBase, embedder: Embedder, force: bool = False, progress: bool = False) -> BuildReport:
    """Bring the vector index up to date with the knowledge base (`progress`: a bar on stderr)."""
    started = time.perf_counter()
    return with_store(settings, lambda client: _build(client, settings, kb, embedder, force, progress, started))


def _build(
    client: Any, settings: Settings, kb: KnowledgeBase, embedder: Embedder, force: bool, progress: bool, started: float
) -> BuildReport:
    state = read_state(client)
    hashes = doc_hashes(kb)
    if state is not None and not force and state.embedder_state:
        # keep the fitted state: unchanged documents keep their vectors, and the corpus is not tokenized
        # to fit it again (a refit of the same corpus gives the same state: adopting it is the same)
        embedder.adopt(state.embedder_state)
    fingerprint = embedder.fingerprint()
    reusable = state is not None and state.embedder == fingerprint and not force
    if reusable and state is not None and state.doc_hashes == hashes and not state.pending:
        return BuildReport(
            collection=state.collection, rebuilt=[], copied=list(hashes), clauses=state.clauses, seconds=0.0, up_to_date=True
        )
    live = _collection_or_none(client, state.collection) if reusable and state else None
    if live is not None and state is not None and _small_change(kb, state, hashes):
        return _update_in_place(client, live, state, kb, hashes, embedder, started)
    _drop_orphans(client, settings.chroma_collection, state.collection if state else None)
    name = f"{settings.chroma_collection}-{uuid.uuid4().hex[:8]}"
    fitted = embedder.state()
    metadata = {"hnsw:space": "cosine", **({EMBEDDER_STATE_KEY: fitted} if fitted else {})}
    new = client.create_collection(name, embedding_function=None, metadata=metadata)
    old = _collection_or_none(client, state.collection) if reusable and state else None
    rebuilt, copied = [], []
    pending: list[str] = []  # unchanged documents in a row: copied together, in document order
    writer = _Writer(new, _batch_size(client))  # every record goes through a few large adds, in document order
    for doc in _bar(kb.documents, progress):
        if old is not None and state is not None and state.doc_hashes.get(doc.meta.id) == hashes[doc.meta.id]:
            pending.append(doc.meta.id)
            copied.append(doc.meta.id)
        else:
            _copy(old, writer, pending)
            pending = []
            _embed_into(writer, kb, doc.clauses, embedder)
            rebuilt.append(doc.meta.id)
    _copy(old, writer, pending)
    count = writer.flush()  # records written (ids are unique clause ids): counting the collection afterwards cost a flush
    _write_state(
        client,
        IndexState(
            collection=name,
            embedder=fingerprint,
            doc_hashes=hashes,
            clauses=count,
            built_at=time.time(),
        ),
    )
    if state is not None and state.collection != name:
        try:
            client.delete_collection(state.collection)
        except Exception:  # already gone: nothing to clean up
            log.info("old collection %s was already removed", state.collection)
    if not settings.chroma_host:
        _drop_orphan_segment_files(settings.data_dir / "chroma")
    return BuildReport(collection=name, rebuilt=rebuilt, copied=copied, clauses=count, seconds=time.perf_counter() - started)


def _changed(state: IndexState, hashes: dict[str, str]) -> list[str]:
    """Documents whose records must be written: new, edited, or left pending by an update that did not finish."""
    return [d for d in hashes if state.doc_hashes.get(d) != hashes[d] or d in state.pending]


def _small_change(kb: KnowledgeBase, state: IndexState, hashes: dict[str, str]) -> bool:
    """True when the documents to write again hold at most IN_PLACE_SHARE of the clauses."""
    changed = set(_changed(state, hashes))
    written = sum(len(kb.by_doc[d].clauses) for d in changed)
    return written <= IN_PLACE_SHARE * max(len(kb.clauses), 1)


def _update_in_place(
    client: Any, live: Any, state: IndexState, kb: KnowledgeBase, hashes: dict[str, str], embedder: Embedder, started: float
) -> BuildReport:
    """Write the changed documents' records into the live collection and delete what is gone (see the module doc)."""
    changed = _changed(state, hashes)
    removed = sorted({*state.doc_hashes, *state.pending} - set(hashes))
    touched = [*changed, *removed]
    # the fitted state stays where it was read from: the collection's metadata, or (older stores) this record
    kept = None if (live.metadata or {}).get(EMBEDDER_STATE_KEY) else state.embedder_state
    journal = state.model_copy(update={"pending": sorted({*touched, *state.pending}), "embedder_state": kept})
    _write_state(client, journal)  # from here on a killed update is finished by the next build
    before = set(live.get(where={"doc_id": {"$in": touched}}, include=[])["ids"]) if touched else set()
    writer = _Writer(live, _batch_size(client), upsert=True)
    new_ids: set[str] = set()
    try:
        for doc_id in changed:
            clauses = kb.by_doc[doc_id].clauses
            _embed_into(writer, kb, clauses, embedder)
            new_ids.update(c.id for c in clauses)
        writer.flush()
        stale = sorted(before - new_ids)  # removed documents' records, and clauses an edit dropped
        for first in range(0, len(stale), writer.batch):
            live.delete(ids=stale[first : first + writer.batch])
    except BaseException:
        added = [d for d in changed if d not in state.doc_hashes]  # a new document's records go again (best effort)
        with contextlib.suppress(Exception):
            if added:
                live.delete(where={"doc_id": {"$in": added}})
        raise
    count = live.count()
    _write_state(
        client,
        journal.model_copy(update={"doc_hashes": hashes, "clauses": count, "built_at": time.time(), "pending": []}),
    )
    copied = [d for d in hashes if d not in changed]
    log.info("vector index updated in place: %d documents written, %d removed", len(changed), len(removed))
    return BuildReport(
        collection=state.collection, rebuilt=changed, copied=copied, clauses=count, seconds=time.perf_counter() - started
    )


def _drop_orphans(client: Any, prefix: str, current: str | None) -> None:
    """Delete collections left by builds that were killed before their swap (never the current one)."""
    try:
        names = [str(getattr(c, "name", c)) for c in client.list_collections()]
    except Exception as e:  # listing is housekeeping only: a build never fails on it
        log.info("collections not listed (%s); orphans kept", e)
        return
    for name in names:
        if name.startswith(f"{prefix}-") and name != current:
            log.info("removing collection %s left by an unfinished build", name)
            client.delete_collection(name)


def _drop_orphan_segment_files(path: Path) -> None:
    """Delete the vector files of collections that no longer exist.

    chromadb deletes a collection's rows but leaves its HNSW directory (`<segment uuid>/`) on
    disk, so each rebuild would add one copy of the vectors for good.
    """
    try:
        with contextlib.closing(sqlite3.connect(f"{(path / 'chroma.sqlite3').as_uri()}?mode=ro", uri=True)) as conn:
            live = {str(row[0]) for row in conn.execute("SELECT id FROM segments")}
    except sqlite3.Error as e:  # housekeeping only: a build never fails on it
        log.info("segments not listed (%s); their files kept", e)
        return
    for folder in path.iterdir():
        if folder.is_dir() and _is_uuid(folder.name) and folder.name not in live:
            log.info("removing the files of deleted segment %s", folder.name)
            shutil.rmtree(folder, ignore_errors=True)


def _is_uuid(name: str) -> bool:
    try:
        return str(uuid.UUID(name)) == name
    except ValueError:
        return False


def _bar(documents: Sequence[Document], progress: bool) -> Iterable[Document]:
    if not progress:
        return documents
    from tqdm import tqdm

    return tqdm(documents, desc="建立索引", unit="个文件", file=sys.stderr)


def _collection_or_none(client: Any, name: str) -> Any:
    try:
        return client.get_collection(name, embedding_function=None)
    except Exception:
        return None


def _batch_size(client: Any) -> int:
    """The most records one add may carry (Chroma's limit), at most COPY_BATCH."""
    try:
        return max(1, min(COPY_BATCH, int(client.get_max_batch_size())))
    except Exception:  # an older server without the call: a size every Chroma accepts
        return 1000


class _Writer:
    """Records added to a new collection in the order given, `batch` at a time; `flush` adds the rest.

    One add per document cost ~3x the time of large adds (each add is a transaction and an index
    update; 10,000 records: 37 s in adds of 66, 14 s in adds of 5,000): with hundreds of documents
    that was most of a build. Vectors wait as float32 (what Chroma keeps), not as lists of floats.
    """

    def __init__(self, collection: Any, batch: int, upsert: bool = False) -> None:
        self.collection = collection
        self.batch = batch
        self.write = collection.upsert if upsert else collection.add  # upsert: records of an update may exist already
        self.written = 0
        self._clear()

    def _clear(self) -> None:
        self.ids: list[str] = []
        self.embeddings: list[np.ndarray] = []
        self.documents: list[str] = []
        self.metadatas: list[Any] = []

    def add(self, ids: list[str], embeddings: Any, documents: list[str], metadatas: list[Any]) -> None:
        """Queue records; adds a batch whenever one is full."""
        if not ids:
            return
        self.ids += ids
        self.embeddings.append(np.asarray(embeddings, dtype=np.float32).reshape(len(ids), -1))
        self.documents += documents
        self.metadatas += metadatas
        if len(self.ids) >= self.batch:
            self.flush()

    def flush(self) -> int:
        """Add what is queued, in batches; the records written so far."""
        if self.ids:
            vectors = np.concatenate(self.embeddings)
            for first in range(0, len(self.ids), self.batch):
                end = first + self.batch
                self.write(
                    ids=self.ids[first:end],
                    embeddings=vectors[first:end],
                    documents=self.documents[first:end],
                    metadatas=self.metadatas[first:end],
                )
            self.written += len(self.ids)
            self._clear()
        return self.written


def _copy(old: Any, writer: _Writer, doc_ids: list[str]) -> None:
    """Copy the records of unchanged documents, in the order of `doc_ids`, through the writer's large adds."""
    if old is None:
        return
    for start in range(0, len(doc_ids), COPY_DOCUMENTS):
        part = doc_ids[start : start + COPY_DOCUMENTS]
        got = old.get(where={"doc_id": {"$in": part}}, include=["embeddings", "documents", "metadatas"])
        order = {doc_id: i for i, doc_id in enumerate(part)}
        rows = sorted(range(len(got["ids"])), key=lambda r: order[got["metadatas"][r]["doc_id"]])  # stable: clause order kept
        writer.add(
            ids=[got["ids"][r] for r in rows],
            embeddings=np.asarray(got["embeddings"])[rows],
            documents=[got["documents"][r] for r in rows],
            metadatas=[got["metadatas"][r] for r in rows],
        )


def _embed_into(writer: _Writer, kb: KnowledgeBase, clauses: list[Clause], embedder: Embedder) -> None:
    if not clauses:
        return
    texts = [clause_document(c) for c in clauses]
    writer.add(
        ids=[c.id for c in clauses],
        embeddings=embedder.embed_documents(texts),
        documents=[c.text for c in clauses],
        metadatas=[clause_metadata(kb, c) for c in clauses],
    )
