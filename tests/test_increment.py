"""kb add extends the stored search index instead of rebuilding it: the same artifact a full build writes."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant import searchindex
from assistant.assistant import Assistant
from assistant.cli import main
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.retrieval import lexical
from assistant.retrieval.lexical import LexicalIndex, SparseBM25
from assistant.retrieval.terms import TermRows
from assistant.searchindex import open_index
from assistant.settings import Settings
from assistant.tuning import DEFAULT

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
QUESTION = "曲靖市新建养老机构，每张床位能拿到多少建设补助？"


def artifact(settings: Settings) -> Path:
    version, _ = searchindex.current_version(settings)
    return settings.data_dir / searchindex.FOLDER / version


def no_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(settings: Settings) -> KnowledgeBase:
        raise AssertionError("the corpus was parsed again: the index was rebuilt, not extended")

    monkeypatch.setattr(KnowledgeBase, "from_settings", refused)


def test_bm25_extended_by_texts_equals_bm25_of_all_texts() -> None:
    corpus = [
        ["养老", "床位", "补助", "床位"],
        ["托育", "机构"],
        ["养老", "护理", "补贴"],
        ["托位", "普惠", "托位", "托位"],
        ["补助"],
    ]
    full = SparseBM25(corpus)
    base = SparseBM25(corpus[:3])
    rows = TermRows(vocab=dict(base.vocab))
    for text in corpus[3:]:
        rows.add(text)
    assert base.lengths is not None
    extended = base.extended(base.lengths, rows)
    assert (
        extended.vocab
        == full.vocab
        == {"养老": 0, "床位": 1, "补助": 2, "托育": 3, "机构": 4, "护理": 5, "补贴": 6, "托位": 7, "普惠": 8}
    )
    for ours, theirs in [(extended.idf, full.idf), *zip(arrays(extended), arrays(full), strict=True)]:
        assert ours.dtype == theirs.dtype and ours.tobytes() == theirs.tobytes()
    assert list(np.argsort(-extended.scores({"补助": 1.0, "托位": 0.5}))) == list(
        np.argsort(-full.scores({"补助": 1.0, "托位": 0.5}))
    )


def arrays(bm25: SparseBM25) -> list[np.ndarray]:
    return [bm25.matrix.data, bm25.matrix.indices, bm25.matrix.indptr]


def test_kb_add_extends_the_index_to_what_a_full_build_stores(
    stored: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = artifact(stored)
    first_documents = (before / "knowledge.pickle").stat().st_ino
    with monkeypatch.context() as patch:
        no_full_build(patch)
        assert main(["kb", "add", str(FIXTURES / "regulation.txt"), "--yes"]) == 0
        assert main(["kb", "add", str(FIXTURES / "notice_numbered.txt"), "--yes"]) == 0  # extends the extended one
    extended = artifact(stored)
    assert extended != before and (extended / "manifest.json").is_file()
    assert not before.exists()  # the newest two versions are kept

    full = stored.model_copy(update={"data_dir": tmp_path / "full"})
    open_index(full)  # an empty data folder: parsed, tokenized and built whole
    rebuilt = artifact(full)
    assert extended.name == rebuilt.name
    names = sorted(p.name for p in rebuilt.glob("*.npy"))
    assert names == sorted(p.name for p in extended.glob("*.npy")) and "tokens.bigrams.lengths.npy" in names
    for name in names:
        ours, theirs = np.load(extended / name), np.load(rebuilt / name)
        assert ours.dtype == theirs.dtype and ours.tobytes() == theirs.tobytes(), name
    ours_state, theirs_state = load(extended / "features.pickle"), load(rebuilt / "features.pickle")
    assert ours_state.keys() == theirs_state.keys()
    # the extended artifact links the first knowledge.pickle (4 documents) and adds the new ones beside it
    assert (ours_state.pop("knowledge_documents"), theirs_state.pop("knowledge_documents")) == (4, 6)
    assert (extended / "knowledge.pickle").stat().st_ino == first_documents
    for key, value in ours_state.items():
        if isinstance(value, np.ndarray):
            assert value.dtype == theirs_state[key].dtype and value.tobytes() == theirs_state[key].tobytes(), key
        else:
            assert value == theirs_state[key] and list(value) == list(theirs_state[key]), key  # order too
    ours_docs, theirs_docs = (searchindex._stored_documents(folder).documents for folder in (extended, rebuilt))
    assert [d.model_dump() for d in ours_docs] == [d.model_dump() for d in theirs_docs]
    assert [d.meta.id for d in ours_docs][-2] == "qujing-2024"

    answer = Assistant.from_settings(stored).ask(QUESTION)
    assert answer.answered and answer.citations[0].clause_id == "qujing-2024:第六条"
    assert answer.answer.startswith("1万元")


def load(path: Path) -> Any:
    with path.open("rb") as f:
        return pickle.load(f)


class Killed(BaseException):
    """Stands for the process being killed."""


def test_a_killed_add_leaves_the_old_index_and_the_next_start_extends_it(
    stored: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = artifact(stored)
    old = Assistant.from_settings(stored)  # a running server
    real = searchindex.np.save
    written: list[str] = []

    def dying(path: Any, array: Any, **kwargs: Any) -> None:
        written.append(str(path))
        if len(written) == 5:
            raise Killed
        real(path, array, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(searchindex.np, "save", dying)
        with pytest.raises(Killed):
            main(["kb", "add", str(FIXTURES / "regulation.txt"), "--yes"])
    assert len(written) == 5
    assert (before / "manifest.json").is_file() and not (artifact(stored) / "manifest.json").exists()
    assert old.ask(QUESTION).citations[0].clause_id.split(":")[0] != "qujing-2024"  # still the old version's answer
    with monkeypatch.context() as patch:
        no_full_build(patch)
        bot = Assistant.from_settings(stored)  # the next start finishes the work
    assert bot.ask(QUESTION).citations[0].clause_id == "qujing-2024:第六条"
    assert "qujing-2024:第六条" in bot.retriever.lexical.ids


def test_a_removed_document_leaves_no_trace_in_the_lexical_index(stored: Settings) -> None:
    assert main(["kb", "add", str(FIXTURES / "regulation.txt"), "--yes"]) == 0
    assert main(["kb", "remove", "qujing-2024", "--yes"]) == 0
    bot = Assistant.from_settings(stored)
    lexical = bot.retriever.lexical
    assert not any(i.startswith("qujing-2024:") for i in lexical.ids)
    assert not any("曲靖" in text for text in lexical.units)
    assert "曲靖" not in lexical.words.vocab and "曲靖" not in bot.retriever.df
    features = load(artifact(stored) / "features.pickle")
    assert "曲靖" not in features["vocab"]["words"] and "曲靖" not in features["df"]


def test_tokenizing_on_two_cores_gives_the_rows_and_ids_of_one_pass(
    kb: KnowledgeBase, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forked worker tokenizes the second half of the texts; its rows and terms are appended as one pass makes them."""
    serial = LexicalIndex.build(kb, lexicon, DEFAULT.ranking.lexical)
    monkeypatch.setattr(lexical, "PARALLEL_UNITS", 1)
    monkeypatch.setattr(lexical, "_can_fork", lambda: True)
    forked: list[int] = []
    real = lexical._apart

    def counting(units: Any, lexicon: Lexicon) -> Any:
        forked.append(len(units))
        return real(units, lexicon)

    monkeypatch.setattr(lexical, "_apart", counting)
    parallel = LexicalIndex.build(kb, lexicon, DEFAULT.ranking.lexical)
    assert forked == [len(serial.units) - len(serial.units) // 2]
    for name in ("words", "bigrams"):
        ours, theirs = getattr(parallel, name), getattr(serial, name)
        assert list(ours.vocab) == list(theirs.vocab)
        for a, b in [(ours.idf, theirs.idf), *zip(arrays(ours), arrays(theirs), strict=True)]:
            assert a.tobytes() == b.tobytes()
    assert parallel.unit_words is not None and serial.unit_words is not None
    assert all(a.tobytes() == b.tobytes() for a, b in zip(parallel.unit_words.arrays(), serial.unit_words.arrays(), strict=True))
