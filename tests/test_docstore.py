"""The stored documents (docstore.py): read when a question first needs one, the same as parsed, damage caught."""

from __future__ import annotations

import shutil

import pytest

from assistant import docstore, searchindex
from assistant.assistant import Assistant
from assistant.errors import SearchIndexError
from assistant.evaluation import load_cases
from assistant.query import analyse
from assistant.retrieval.hybrid import HybridRetriever
from assistant.searchindex import SearchIndex, open_index
from assistant.settings import Settings

QUESTION = "昆明私立养老院的护工有没有补贴"


def stored_documents(index: SearchIndex) -> docstore.StoredDocuments:
    documents = index.kb.documents
    assert isinstance(documents, docstore.StoredDocuments)
    return documents


def test_a_loaded_index_reads_only_the_documents_a_question_touches(local: Settings) -> None:
    built = open_index(local)  # parsed by this process: every document in memory
    loaded = open_index(local)
    assert loaded.loaded and not isinstance(built.kb.documents, docstore.StoredDocuments)
    documents = stored_documents(loaded)
    retriever = HybridRetriever(loaded.kb, loaded.lexicon, None, built=loaded.features)
    # loading and making the search read no document: the outline answers for all of them
    assert documents.read_count == 0
    assert loaded.kb.outline == built.kb.outline and len(loaded.kb.clauses) == 265
    assert loaded.kb.regions() == built.kb.regions() and loaded.kb.entity_titles() == built.kb.entity_titles()
    hits = retriever.run(analyse(QUESTION, loaded.lexicon), 10, regions=["昆明市"]).hits
    assert hits[0].clause_id == "km-2022-plan:三.八.19"
    assert {h.clause_id.split(":")[0] for h in hits} == {"km-2022-plan"} and documents.read_count == 1
    # every document read is the one the parse gave, in the same order
    assert [d.model_dump() for d in loaded.kb.documents] == [d.model_dump() for d in built.kb.documents]
    assert documents.read_count == len(documents) == 4


def test_answers_from_a_loaded_index_equal_those_from_a_build(local: Settings) -> None:
    cases = load_cases(local.eval_dir / "cases.jsonl")[::9]
    built = Assistant.from_settings(local)  # the first process builds: its documents are parsed
    assert not isinstance(built.kb.documents, docstore.StoredDocuments)
    loaded = Assistant.from_settings(local)
    assert isinstance(loaded.kb.documents, docstore.StoredDocuments)
    for case in cases:
        ours, theirs = (bot.ask(case.question, case.history).model_dump_json() for bot in (loaded, built))
        assert ours == theirs, case.id


def test_a_damaged_document_is_an_error_and_the_next_start_rebuilds(stored: Settings) -> None:
    loaded = open_index(stored)
    folder = stored.data_dir / searchindex.FOLDER / loaded.version
    documents = stored_documents(loaded)
    first = documents[0].model_dump()
    place = documents._stored[2]  # a document not read yet, damaged on disk after the start checked the files
    with (folder / docstore.DOCUMENTS).open("r+b") as f:
        f.seek(place.offset + place.length // 2)
        byte = f.read(1)
        f.seek(place.offset + place.length // 2)
        f.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(SearchIndexError, match=r"已损坏.*python -m assistant index"):
        documents[2]
    assert documents[0].model_dump() == first  # a document read before is kept
    assert not (folder / "manifest.json").exists()  # so the next start does not trust the artifact
    rebuilt = open_index(stored)
    assert not rebuilt.loaded and rebuilt.version == loaded.version
    again = open_index(stored)
    assert again.loaded and stored_documents(again)[2].model_dump() == rebuilt.kb.documents[2].model_dump()


def test_documents_stay_readable_after_a_newer_process_prunes_their_version(stored: Settings) -> None:
    loaded = open_index(stored)
    shutil.rmtree(stored.data_dir / searchindex.FOLDER / loaded.version)
    assert loaded.kb.clause("km-2022-plan:三.八.19").doc_id == "km-2022-plan"
    assert len(list(loaded.kb.all_clauses())) == 265
