"""The stored search index (data/index/<version>/): loaded instead of rebuilt, the same search, repaired when damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jieba
import pytest

from assistant import knowledge, searchindex, spelling
from assistant.assistant import Assistant
from assistant.cli import main
from assistant.evaluation import load_cases
from assistant.query import analyse
from assistant.retrieval.hybrid import HybridRetriever
from assistant.searchindex import SearchIndex, open_index
from assistant.settings import Settings
from assistant.text import normalize

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
EDITED_FILE = "documents/yunnan-2024-yanglao-fuwu-sannian-xingdong-fangan.txt"


def documents_through(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[str]:
    """The ids of the documents a module's function `name(meta, …)` is called with, from now on."""
    calls: list[str] = []
    real = getattr(module, name)

    def counting(meta, *rest):  # type: ignore[no-untyped-def]
        calls.append(meta.id)
        return real(meta, *rest)

    monkeypatch.setattr(module, name, counting)
    return calls


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the documents parsed from their files (not taken from a cache or the stored index)."""
    return documents_through(monkeypatch, knowledge, "_parse")


def artifacts(settings: Settings) -> list[Path]:
    return sorted(p for p in (settings.data_dir / searchindex.FOLDER).iterdir() if not p.name.startswith("."))


def ranked(index: SearchIndex, questions: list[str]) -> list[list[tuple[str, float]]]:
    retriever = HybridRetriever(index.kb, index.lexicon, None, built=index.features)
    return [[(h.clause_id, round(h.score, 9)) for h in retriever.run(analyse(q, index.lexicon), 10).hits] for q in questions]


def test_a_second_process_loads_the_stored_index_and_searches_the_same(local: Settings) -> None:
    built = open_index(local)
    assert not built.loaded and len(built.kb.clauses) == 265
    [folder] = artifacts(local)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == folder.name == built.version
    assert list(manifest["documents"]) == [d.id for d in knowledge.load_manifest(local.manifest_path).documents]
    stamp = (folder / "manifest.json").stat().st_mtime_ns

    env = {**os.environ, "ASSISTANT_DATA_DIR": str(local.data_dir), "ASSISTANT_KNOWLEDGE_DIR": str(local.knowledge_dir)}
    code = (
        "from assistant.searchindex import open_index; from assistant.settings import Settings; "
        "i = open_index(Settings()); print(i.loaded, len(i.kb.clauses))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "265"]
    assert (folder / "manifest.json").stat().st_mtime_ns == stamp and artifacts(local) == [folder]

    loaded = open_index(local)
    assert loaded.loaded and loaded.version == built.version
    questions = [c.question for c in load_cases(local.eval_dir / "cases.jsonl")[::7]]
    assert ranked(loaded, questions) == ranked(built, questions)
    assert loaded.lexicon.read("拖育机构") == built.lexicon.read("拖育机构") == "托育机构"  # the speller's stored table


def test_changing_one_document_parses_and_tokenizes_only_it_again(
    local: Settings, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tokenized: list[str] = []
    real_cut = jieba.Tokenizer.cut_for_search

    def cut(self: jieba.Tokenizer, text: str, HMM: bool = True) -> Iterator[str]:
        tokenized.append(text)
        return real_cut(self, text, HMM)

    monkeypatch.setattr(jieba.Tokenizer, "cut_for_search", cut)
    sounded: list[str] = []
    real_pinyin = spelling.pinyin

    def pinyin(text: str) -> tuple[str, ...]:
        sounded.append(text)
        return real_pinyin(text)

    monkeypatch.setattr(spelling, "pinyin", pinyin)
    first = open_index(local)
    assert len(sounded) > 1000  # every corpus word of 2-4 characters, once
    assert parsed == [d.id for d in knowledge.load_manifest(local.manifest_path).documents]  # an empty data directory
    parsed.clear()
    path = local.knowledge_dir / EDITED_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("护理型床位占比不低于80%", "护理型床位占比不低于85%"), "utf-8")
    tokenized.clear()
    sounded.clear()
    second = open_index(local)
    assert parsed == ["yn-2024-action"] and not second.loaded and second.version != first.version
    # the words of every other document's clauses and passages come from the first build's artifact
    lexical = second.features.lexical
    units = {normalize(u): lexical.ids[owner].split(":")[0] for u, owner in zip(lexical.units, lexical.owners)}
    assert {units[t] for t in tokenized if t in units} == {"yn-2024-action"}
    # pypinyin reads only words the first build had not seen; the speller's table is the same as computed afresh
    assert set(sounded) <= set(second.features.df) - set(first.features.df)
    assert second.lexicon.speller is not None and second.lexicon.speller.by_sound == spelling.sounds(second.features.df)
    assert "不低于85%" in second.kb.clause("yn-2024-action:二.一.2").text
    parsed.clear()
    assert open_index(local).loaded and parsed == []
    assert [p.name for p in artifacts(local)] == sorted([first.version, second.version])


@pytest.mark.parametrize("damage", ["truncated pickle", "changed matrix", "no manifest", "garbage manifest"])
def test_a_damaged_artifact_is_rebuilt_not_trusted(stored: Settings, damage: str) -> None:
    built = open_index(stored)
    folder = stored.data_dir / searchindex.FOLDER / built.version
    if damage == "truncated pickle":
        path = folder / "features.pickle"
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "changed matrix":
        path = folder / "words.data.npy"
        data = bytearray(path.read_bytes())
        data[-8:] = bytes(8)  # same size, one weight zeroed
        path.write_bytes(bytes(data))
    elif damage == "no manifest":  # a folder left half-written by hand
        (folder / "manifest.json").unlink()
    else:
        (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    rebuilt = open_index(stored)
    assert not rebuilt.loaded and rebuilt.version == built.version
    again = open_index(stored)
    assert again.loaded
    questions = ["昆明私立养老院的护工有没有补贴", "普惠托育每个托位补助多少"]
    assert ranked(again, questions) == ranked(built, questions)


def test_a_removed_document_leaves_no_trace_and_old_versions_are_pruned(stored: Settings, capsys: pytest.CaptureFixture) -> None:
    open_index(stored)
    assert main(["kb", "add", str(FIXTURES / "regulation.txt"), "--yes"]) == 0  # stores the new version's index
    added = open_index(stored)
    assert added.loaded and "qujing-2024" in added.kb.by_doc
    assert main(["kb", "remove", "qujing-2024", "--yes"]) == 0
    removed = open_index(stored)
    assert removed.loaded  # kb remove stored it
    assert "qujing-2024" not in removed.kb.by_doc
    assert not any(i.startswith("qujing-2024:") for i in removed.features.lexical.ids)
    assert len(removed.features.lexical.ids) == len(removed.kb.clauses) == 265
    folders = artifacts(stored)
    assert len(folders) == searchindex.KEEP and removed.version in {p.name for p in folders}
    newest = stored.data_dir / searchindex.FOLDER / removed.version
    assert not any(b"qujing-2024" in p.read_bytes() or "曲靖".encode() in p.read_bytes() for p in newest.iterdir())
    capsys.readouterr()


def test_a_process_that_built_the_same_version_keeps_the_stored_one(stored: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes started before either stored the version: the second one's copy is discarded, nothing left over."""
    first = open_index(stored)
    folder = stored.data_dir / searchindex.FOLDER / first.version
    stamp = (folder / "manifest.json").stat().st_mtime_ns
    monkeypatch.setattr(searchindex, "_read", lambda folder, version: None)  # it looked before the first one stored it
    second = open_index(stored)
    assert not second.loaded and second.version == first.version
    assert (folder / "manifest.json").stat().st_mtime_ns == stamp
    assert [p.name for p in (stored.data_dir / searchindex.FOLDER).iterdir()] == [first.version]


def test_a_warming_server_takes_its_documents_from_the_stored_index(stored: Settings, parsed: list[str]) -> None:
    open_index(stored)
    parsed.clear()
    bot = Assistant.warming(stored)
    assert len(bot.kb.clauses) == 265 and parsed == []  # served at once, nothing parsed
    answer = bot.ask("昆明私立养老院的护工有没有补贴")
    assert answer.citations[0].clause_id == "km-2022-plan:三.八.19" and parsed == []


def test_a_document_is_read_again_only_when_its_file_changed(local: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The version check reuses a document's parse key while its file's size, times and inode are the same;
    an edit of the same size with its modification time set back still changes the version."""
    hashed = documents_through(monkeypatch, searchindex, "parse_key")
    first, keys = searchindex.current_version(local)
    assert len(hashed) == len(keys) == 5
    hashed.clear()
    assert searchindex.current_version(local) == (first, keys) and hashed == []
    path = local.knowledge_dir / EDITED_FILE
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "不低于80%" in text
    path.write_text(text.replace("不低于80%", "不低于85%"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    second, changed = searchindex.current_version(local)
    assert second != first and hashed == ["yn-2024-action"]
    assert {d for d in keys if keys[d] != changed[d]} == {"yn-2024-action"}


def test_a_large_array_is_checked_by_its_size_and_sampled_blocks(local: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrays and documents files above SAMPLED_ABOVE are not hashed whole at load; a changed block or size is still caught."""
    stored = local
    monkeypatch.setattr(searchindex, "SAMPLED_ABOVE", 0)
    built = open_index(stored)
    folder = stored.data_dir / searchindex.FOLDER / built.version
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "words.data.npy" in manifest["sampled"] and "knowledge.pickle" in manifest["sampled"]
    assert not {"features.pickle", "knowledge.outline.pickle"} & set(manifest["sampled"])
    hashed: list[str] = []
    real = searchindex._sha1
    monkeypatch.setattr(searchindex, "_sha1", lambda path: hashed.append(path.name) or real(path))
    assert open_index(stored).loaded
    assert not any(name.endswith(".npy") for name in hashed) and "knowledge.pickle" not in hashed
    assert {"features.pickle", "knowledge.outline.pickle"} <= set(hashed)
    path = folder / "words.data.npy"
    data = bytearray(path.read_bytes())
    data[-8:] = bytes(8)  # the last block is always sampled
    path.write_bytes(bytes(data))
    assert not open_index(stored).loaded
    assert open_index(stored).loaded
    with path.open("ab") as f:  # one more byte: the size differs
        f.write(b"\0")
    assert not open_index(stored).loaded


def test_the_manifest_is_parsed_again_only_when_its_bytes_changed(local: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its entries as last parsed are kept in the data directory; an edit, or a damaged copy, parses it again."""
    parsed: list[Path] = []
    real = searchindex.load_manifest
    monkeypatch.setattr(searchindex, "load_manifest", lambda path: parsed.append(path) or real(path))
    first, keys = searchindex.current_version(local)
    assert len(parsed) == 1 and len(keys) == 5
    assert searchindex.current_version(local) == (first, keys) and len(parsed) == 1
    path = local.manifest_path
    path.write_text(path.read_text(encoding="utf-8").replace("整体解决方案", "整体方案", 1), encoding="utf-8")
    second, changed = searchindex.current_version(local)
    assert second != first and len(parsed) == 2 and {d for d in keys if keys[d] != changed[d]} == {"km-2022-plan"}
    (local.data_dir / searchindex.MANIFEST).write_bytes(b"not a pickle")
    assert searchindex.current_version(local) == (second, changed) and len(parsed) == 3
