"""The Chroma index lifecycle against real Chroma: embedded on disk and a `chroma run` server.

Everything runs offline: vectors come from the project's hashed embedder, and a guard fails
any test in which Chroma's default embedding function (an ONNX model it would download) runs.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from localhost import chroma_run, free_port, stop

from assistant import index
from assistant.embeddings import Embedder, create_embedder
from assistant.errors import BackendError
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.query import analyse
from assistant.retrieval.lexical import clause_document
from assistant.retrieval.vector import VectorRetriever
from assistant.settings import Settings

DOC_IDS = ["yn-2021-opinions", "km-2022-plan", "yx-2023-plan", "yn-2024-action"]
CAREGIVER = "km-2022-plan:三.八.19"
EDITED_FILE = "documents/yunnan-2024-yanglao-fuwu-sannian-xingdong-fangan.txt"
EDITED_CLAUSE = "yn-2024-action:二.一.2"


# -- fixtures -----------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def no_default_embedding_function(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail the test if Chroma ever falls back to its default EF (all-MiniLM-L6-v2, downloaded)."""
    from chromadb.api.types import DefaultEmbeddingFunction
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    calls: list[str] = []

    def forbidden(name: str) -> Any:
        # Chroma checks an EF's __call__ signature, so keep (self, input).
        def call(self: object, input: object = None) -> None:
            calls.append(name)
            raise AssertionError(f"{name} must never run: it downloads an ONNX model")

        return call

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", forbidden("DefaultEmbeddingFunction"))
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "__call__", forbidden("ONNXMiniLM_L6_V2"))
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "_download_model_if_not_exists", forbidden("ONNX download"))
    yield calls
    # Checked after the test too: the VectorRetriever swallows search errors to reopen.
    assert calls == []


def corpus(kb: KnowledgeBase) -> list[str]:
    return [clause_document(c) for c in kb.all_clauses()]


@pytest.fixture(scope="module")
def embedder(settings: Settings, kb: KnowledgeBase, lexicon: Lexicon) -> Embedder:
    return create_embedder(settings, lexicon, corpus(kb))


@pytest.fixture(scope="module")
def edited_kb(tmp_path_factory: pytest.TempPathFactory, settings: Settings, kb: KnowledgeBase) -> KnowledgeBase:
    """A copy of knowledge/ where one figure of one provincial clause changed (80% -> 85%)."""
    knowledge = tmp_path_factory.mktemp("edited") / "knowledge"
    shutil.copytree(settings.knowledge_dir, knowledge)
    path = knowledge / EDITED_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count("护理型床位占比不低于80%") == 1
    path.write_text(text.replace("护理型床位占比不低于80%", "护理型床位占比不低于85%"), encoding="utf-8")
    edited = KnowledgeBase.from_settings(settings.model_copy(update={"knowledge_dir": knowledge}))
    changed = [d for d, h in index.doc_hashes(edited).items() if h != index.doc_hashes(kb)[d]]
    assert changed == ["yn-2024-action"]
    return edited


class CountingEmbedder(Embedder):
    """Same vectors and fingerprint as the wrapped embedder; records what it had to embed.

    Stands for a corpus-independent model (sentence-transformers, an endpoint): its
    fingerprint does not change when a document changes, so unchanged documents are copied.
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def fingerprint(self) -> str:
        return self.inner.fingerprint()


def collection_names(client: Any) -> set[str]:
    return {c.name for c in client.list_collections()}


def top_ids(retriever: VectorRetriever, lexicon: Lexicon, question: str, k: int = 5) -> list[str]:
    return [hit.clause_id for hit in retriever.search(analyse(question, lexicon), k)]


# -- embedded (PersistentClient) ------------------------------------------------------------
def test_cold_build_then_up_to_date(tmp_path: Path, settings: Settings, kb: KnowledgeBase, embedder: Embedder) -> None:
    local = settings.model_copy(update={"data_dir": tmp_path})
    started = time.perf_counter()
    report = index.build(local, kb, embedder)
    print(f"\nembedded cold build: {time.perf_counter() - started:.2f} s")

    assert len(kb.clauses) == 265
    assert (report.rebuilt, report.copied, report.clauses, report.up_to_date) == (DOC_IDS, [], len(kb.clauses), False)
    assert (tmp_path / "chroma" / "chroma.sqlite3").exists()

    client = index.open_client(local)
    state = index.read_state(client)
    assert state is not None
    assert (state.collection, state.clauses, state.embedder) == (report.collection, 265, embedder.fingerprint())
    assert state.doc_hashes == index.doc_hashes(kb)
    assert collection_names(client) == {index.STATE_COLLECTION, report.collection}
    stored = client.get_collection(report.collection).get(ids=[CAREGIVER], include=["documents", "metadatas"])
    assert stored["documents"] == [kb.clause(CAREGIVER).text]
    assert stored["metadatas"][0] == {
        "doc_id": "km-2022-plan",
        "region": "昆明市",
        "level": "city",
        "issue_date": "2022-11-29",
        "issue_year": 2022,
        "doc_kind": "整体解决方案",
        "kind": "item",
        "label": "三、（八）19",
        "title": "完善就业薪酬激励政策",
        "heading_path": "三、重点任务 › （八）专业人才培养 › 19完善就业薪酬激励政策",
        "departments": "市人力资源社会保障局、市民政局、市卫生健康委",
    }

    again = index.build(local, kb, embedder)
    assert again.up_to_date
    assert (again.collection, again.rebuilt, again.copied, again.clauses) == (report.collection, [], DOC_IDS, 265)
    assert collection_names(client) == {index.STATE_COLLECTION, report.collection}


def test_a_filter_by_clause_ids_finds_what_the_metadata_filter_finds(
    tmp_path: Path, settings: Settings, kb: KnowledgeBase, lexicon: Lexicon, embedder: Embedder
) -> None:
    """The search filters the vector store by the ids of the clauses its place and document filters allow:
    the same records and distances as Chroma's metadata filter, which scans its metadata table."""
    local = settings.model_copy(update={"data_dir": tmp_path})
    index.build(local, kb, embedder)
    vector = VectorRetriever(local, embedder)
    query = analyse("养老护理员的补贴每月多少", lexicon)
    for doc in kb.documents:
        region = doc.meta.region
        allowed = [c.id for c in kb.all_clauses() if kb.meta(c).region == region]
        by_ids = vector.search(query, 40, ids=allowed)
        by_metadata = vector.search(query, 40, where={"region": region})
        assert by_ids and [(h.clause_id, h.score) for h in by_ids] == [(h.clause_id, h.score) for h in by_metadata]
        assert {kb.clause(h.clause_id).doc_id for h in by_ids} <= {d.meta.id for d in kb.documents if d.meta.region == region}
    assert vector.search(query, 40, ids=[]) == []  # nothing allowed finds nothing (not everything)
    # a clause the collection does not hold (the store not yet updated to the knowledge): the metadata filter answers
    region = kb.documents[0].meta.region
    allowed = [c.id for c in kb.all_clauses() if kb.meta(c).region == region]
    stale = vector.search(query, 40, where={"region": region}, ids=[*allowed, "a-document-added-since:1"])
    assert stale and stale == vector.search(query, 40, where={"region": region})
    assert vector.healthy


def test_edited_document_is_the_only_one_rebuilt(
    tmp_path: Path, settings: Settings, kb: KnowledgeBase, edited_kb: KnowledgeBase, lexicon: Lexicon, embedder: Embedder
) -> None:
    local = settings.model_copy(update={"data_dir": tmp_path})
    first = index.build(local, kb, embedder)
    reader = VectorRetriever(local, embedder)  # opened before the rebuild, like a running app
    client = index.open_client(local)
    before = client.get_collection(first.collection).get(where={"doc_id": "km-2022-plan"}, include=["embeddings"])

    counting = CountingEmbedder(embedder)
    report = index.build(local, edited_kb, counting)

    assert report.rebuilt == ["yn-2024-action"]
    assert report.copied == ["yn-2021-opinions", "km-2022-plan", "yx-2023-plan"]
    assert len(counting.embedded) == len(edited_kb.document("yn-2024-action").clauses) == 23
    # A change to 23 of 265 clauses is written into the live collection: no new collection, no copy.
    assert report.collection == first.collection and report.clauses == 265
    state = index.read_state(client)
    assert state is not None and state.collection == report.collection and state.pending == []
    assert state.doc_hashes == index.doc_hashes(edited_kb)
    assert collection_names(client) == {index.STATE_COLLECTION, report.collection}
    # Ids are stable: the same clause ids, the edited clause replaced in place, other vectors untouched.
    new = client.get_collection(report.collection)
    assert set(new.get(include=[])["ids"]) == set(kb.clauses) == set(edited_kb.clauses)
    assert "不低于85%" in new.get(ids=[EDITED_CLAUSE], include=["documents"])["documents"][0]
    after = new.get(ids=before["ids"], include=["embeddings"])
    copied = dict(zip(after["ids"], after["embeddings"]))
    assert np.asarray(before["embeddings"]).shape == (40, settings.embedding_dim)
    # Equal up to float32 rounding (Chroma may re-normalize a cosine vector on insert).
    np.testing.assert_allclose([copied[i] for i in before["ids"]], before["embeddings"], rtol=1e-6, atol=1e-7)

    # The reader opened before the update reads the same collection and finds the edited clause.
    assert top_ids(reader, lexicon, "新建公办养老机构护理型床位占比", 3)[0] == EDITED_CLAUSE
    assert reader.store.name == report.collection


def without(kb: KnowledgeBase, doc_id: str) -> KnowledgeBase:
    return KnowledgeBase([d for d in kb.documents if d.meta.id != doc_id])


def test_an_added_document_is_found_and_a_removed_one_leaves_no_record(
    tmp_path: Path, settings: Settings, kb: KnowledgeBase, lexicon: Lexicon, embedder: Embedder
) -> None:
    """kb add and kb remove write only the document's records into the live collection (no copy of the rest)."""
    local = settings.model_copy(update={"data_dir": tmp_path})
    first = index.build(local, without(kb, "km-2022-plan"), embedder)
    reader = VectorRetriever(local, embedder)  # a running app
    assert CAREGIVER not in top_ids(reader, lexicon, "民办养老机构护理员护理补助每人每月", 10)
    counting = CountingEmbedder(embedder)

    added = index.build(local, kb, counting)
    assert (added.collection, added.rebuilt, added.clauses) == (first.collection, ["km-2022-plan"], 265)
    assert len(counting.embedded) == len(kb.document("km-2022-plan").clauses) == 40
    assert top_ids(reader, lexicon, "民办养老机构护理员护理补助每人每月", 3)[0] == CAREGIVER

    removed = index.build(local, without(kb, "yx-2023-plan"), counting)
    client = index.open_client(local)
    live = client.get_collection(removed.collection)
    assert removed.collection == first.collection and removed.rebuilt == []
    assert live.get(where={"doc_id": "yx-2023-plan"}, include=[])["ids"] == []
    assert set(live.get(include=[])["ids"]) == set(without(kb, "yx-2023-plan").clauses)
    assert removed.clauses == live.count() == 265 - len(kb.document("yx-2023-plan").clauses)
    assert all(not hit.clause_id.startswith("yx-2023-plan:") for hit in reader.search(analyse("玉溪 托位", lexicon), 40))
    state = index.read_state(client)
    assert state is not None and set(state.doc_hashes) == set(DOC_IDS) - {"yx-2023-plan"} and state.pending == []


class Killed(BaseException):
    """Stands for the process being killed (not an Exception: nothing may catch it)."""


def test_a_killed_add_keeps_the_old_state_and_the_next_build_finishes_it(
    tmp_path: Path, settings: Settings, kb: KnowledgeBase, lexicon: Lexicon, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = settings.model_copy(update={"data_dir": tmp_path})
    old_kb = without(kb, "km-2022-plan")
    first = index.build(local, old_kb, embedder)
    reader = VectorRetriever(local, embedder)

    def killed(*args: Any) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(index, "_embed_into", killed)
        with pytest.raises(Killed):
            index.build(local, kb, embedder)
    client = index.open_client(local)
    state = index.read_state(client)
    # The old documents are still what the state says is there; the unfinished document is listed as pending.
    assert state is not None and state.doc_hashes == index.doc_hashes(old_kb) and state.pending == ["km-2022-plan"]
    assert client.get_collection(first.collection).count() == len(old_kb.clauses)
    assert top_ids(reader, lexicon, "养老护理员 职业技能等级", 1)  # the running app still answers

    done = index.build(local, kb, embedder)
    state = index.read_state(client)
    assert (done.collection, done.rebuilt, done.clauses) == (first.collection, ["km-2022-plan"], 265)
    assert state is not None and state.pending == [] and state.doc_hashes == index.doc_hashes(kb)
    assert index.build(local, kb, embedder).up_to_date


def test_an_edit_reembeds_only_the_edited_document(
    tmp_path: Path, settings: Settings, kb: KnowledgeBase, edited_kb: KnowledgeBase, lexicon: Lexicon, embedder: Embedder
) -> None:
    """The hashed embedder keeps the IDF the index was fitted on, so an edit re-embeds one document; --force refits."""
    local = settings.model_copy(update={"data_dir": tmp_path})
    index.build(local, kb, embedder)
    refitted = create_embedder(local, lexicon, corpus(edited_kb))
    assert refitted.fingerprint() != embedder.fingerprint()
    report = index.build(local, edited_kb, refitted)
    assert (report.rebuilt, report.copied) == (["yn-2024-action"], [d for d in DOC_IDS if d != "yn-2024-action"])
    assert refitted.fingerprint() == embedder.fingerprint()  # it adopted the stored state
    forced = index.build(local, edited_kb, create_embedder(local, lexicon, corpus(edited_kb)), force=True)
    assert (forced.rebuilt, forced.copied) == (DOC_IDS, [])


def test_unknown_embedding_backend_lists_the_valid_ones(settings: Settings, lexicon: Lexicon) -> None:
    with pytest.raises(BackendError) as raised:
        create_embedder(settings.model_copy(update={"embedding": "word2vec"}), lexicon, ["养老"])
    message = str(raised.value)
    assert "word2vec" in message
    assert "hashed" in message and "sentence-transformers" in message and "openai" in message


# -- a `chroma run` server --------------------------------------------------------------------


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run` on 127.0.0.1 and a free port, for the module; terminated at teardown."""
    port = free_port()
    started = time.perf_counter()
    process = chroma_run(tmp_path_factory.mktemp("chroma-server"), port)
    print(f"\nchroma server up in {time.perf_counter() - started:.2f} s")
    try:
        yield "127.0.0.1", port
    finally:
        stop(process)


@pytest.fixture(scope="module")
def server_settings(
    chroma_server: tuple[str, int],
    settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    seed_data: Callable[[Path], Path],
) -> Settings:
    host, port = chroma_server
    data = seed_data(tmp_path_factory.mktemp("app"))
    return settings.model_copy(update={"chroma_host": host, "chroma_port": port, "data_dir": data})


@pytest.mark.server
def test_server_index_is_shared_by_separate_clients(
    chroma_server: tuple[str, int],
    server_settings: Settings,
    settings: Settings,
    kb: KnowledgeBase,
    lexicon: Lexicon,
    embedder: Embedder,
) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    report = index.build(server_settings, kb, embedder, force=True)  # force: independent of test order
    assert (report.rebuilt, report.clauses) == (DOC_IDS, 265)
    assert not (server_settings.data_dir / "chroma").exists()  # nothing written to the local store

    # Two app instances: separate clients, separately fitted embedders (same corpus, same fingerprint).
    first = index.open_client(server_settings)
    host, port = chroma_server
    second = chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))
    assert first is not second
    states = [index.read_state(c) for c in (first, second)]
    assert states[0] == states[1] and states[0] is not None and states[0].collection == report.collection
    assert [c.get_collection(report.collection).count() for c in (first, second)] == [265, 265]

    other_embedder = create_embedder(settings, lexicon, corpus(kb))
    readers = [
        VectorRetriever(server_settings, embedder, client=first),
        VectorRetriever(server_settings, other_embedder, client=second),
    ]
    for reader in readers:
        assert CAREGIVER in top_ids(reader, lexicon, "民办养老机构护理员护理补助", 5)

    # A second build from another instance finds the shared index up to date.
    assert index.build(server_settings, kb, other_embedder).up_to_date


@pytest.mark.server
def test_server_backs_the_assistant(server_settings: Settings, kb: KnowledgeBase, embedder: Embedder) -> None:
    """The whole app on a Chroma server: loads, finds the index (built by the previous test or now), answers."""
    from assistant.assistant import Assistant

    assistant = Assistant.from_settings(server_settings)
    assert assistant.retriever.vector is not None
    result = assistant.search("民办养老机构护理员护理补助", k=5)
    assert result.hits[0].clause_id == CAREGIVER
    assert result.hits[0].signals.get("vector", 0) > 0
    state = index.read_state(index.open_client(server_settings))
    assert state is not None and state.clauses == 265
