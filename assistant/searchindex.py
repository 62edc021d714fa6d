"""The search index artifact: the parsed knowledge and everything search computes from it, once per version.

`data/index/<version>/` holds
- `manifest.json`: format, version, the parse key of every document, a hash of every other file;
- `knowledge.pickle`, `knowledge.added.pickle`, `knowledge.outline.pickle`: the parsed, de-duplicated, folded
  documents, each pickled on its own and read when a question first needs it, and their outline (`docstore.py`);
- `features.pickle`: the documents' title words, who is responsible, what each clause states (its
  traits: `retrieval/traits.py`), the BM25 vocabularies, the titles' vocabulary, the speller's table
  (and the pinyin of every corpus word it was made from, read only by the next build: pypinyin reads
  only the words it has not seen);
- `words.*.npy`, `bigrams.*.npy`: the two BM25 weight matrices (CSC arrays), memory-mapped on load;
- `units.*.npy`: the texts scored (each clause whole, the passages of long ones), memory-mapped;
- `clause_words.*.npy`, `title_words.*.npy`: each clause's words and title words as rows of ids
  (`retrieval/terms.py`), memory-mapped on load;
- `tokens.*.npy`: the words of every text scored, in order, as ids of the words' vocabulary, read
  only by the next build: a build whose tokenizer is the same (lexicon files, gazetteer, tokenizer
  code, jieba) takes the words of every text it has seen from the newest artifact and tokenizes
  only new texts; `tokens.<field>.lengths.npy`: the terms of each text per BM25 field, read only by a
  later build that appends documents (`assistant/increment.py`: `kb add` extends the newest artifact
  instead of rebuilding it).

The version hashes everything these are computed from: the manifest and each document's parse key
(its bytes, its manifest entry, the parser's code), the lexicon files and the gazetteer, the code of
the modules that compute them and the versions of jieba and pypinyin. A process finds its version's
artifact and loads it instead of parsing, tokenizing and building; otherwise it builds and writes
it into a temporary folder renamed into place, so no reader ever sees a partial artifact. A file
whose hash does not match makes the artifact count as absent (it is rebuilt, never trusted): what
a load reads whole (the pickles) is hashed whole; a memory-mapped array or a documents file larger than
SAMPLED_ABOVE, of which a load reads only the rows or documents a question touches, by its size and a hash
of evenly spaced blocks (SHA-1 of every file cost 1.2 s of each start at ×1000); each document's bytes are
checked against their own SHA-1 when read. A document's parse key is read
again only when its file's size, times or inode changed (`document-stats.json`). The newest KEEP versions
are kept; a process still using an older one has it in memory (or mapped). The folder is trusted
like the Chroma store beside it (pickle).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError
from scipy import sparse

from assistant import docstore, modelpickle
from assistant.errors import KnowledgeError
from assistant.gazetteer import Gazetteer
from assistant.knowledge import PARSER_VERSION, KnowledgeBase, ParseCache, parse_key
from assistant.lexicon import Lexicon
from assistant.manifest import load_manifest
from assistant.models import DocumentMeta, Strict
from assistant.retrieval.hybrid import SearchFeatures
from assistant.retrieval.lexical import LexicalIndex, SparseBM25
from assistant.retrieval.terms import KnownWords, TermRows, TermSets, Texts
from assistant.settings import Settings
from assistant.spelling import unique_sounds, word_sounds
from assistant.tuning import DEFAULT

log = logging.getLogger(__name__)

FORMAT = 5  # bump when the files' layout changes
KEEP = 2  # versions kept on disk
FOLDER = "index"
_FIELDS = ("words", "bigrams")
_ARRAYS = ("data", "indices", "indptr", "idf")
_SETS = ("clause_words", "title_words")  # per-clause word sets, as rows of ids (TermSets)
_LATER = "tokens."  # files read only by a later build, which checks them itself
SAMPLED_ABOVE = 8 << 20  # bytes: a memory-mapped array larger than this is checked by its size and sampled blocks
_BLOCK, _BLOCKS = 4096, 256  # a sample: this many blocks of this size, evenly spaced, the first and the last included
MANIFEST = "manifest.pickle"  # in the data directory: the manifest's entries as last parsed, with a hash of its bytes
STATS = "document-stats.json"  # in the data directory: each document file's size, times and inode with its parse key (`current_version`)


class ArtifactManifest(Strict):
    """`manifest.json` of one artifact."""

    format: int
    version: str
    documents: dict[str, str]  # document id → parse key, in manifest order
    tokenizer: str  # what the stored words depend on: another version with the same tokenizer reuses them
    files: dict[str, str]  # file name → sha1 of its bytes
    # a memory-mapped array larger than SAMPLED_ABOVE → [its size, the sha1 of its sampled blocks] (checked at load)
    sampled: dict[str, tuple[int, str]] = {}
    clauses: int
    built_at: float


@dataclass
class SearchIndex:
    """The knowledge base, its tokenizer and the search features, ready for a HybridRetriever."""

    kb: KnowledgeBase
    lexicon: Lexicon
    features: SearchFeatures
    version: str
    loaded: bool  # True: read from disk; False: built by this process
    # text → words of every text a build tokenized, for the vector index built next (empty when loaded)
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def open_index(settings: Settings, gazetteer: Gazetteer | None = None) -> SearchIndex:
    """The current version's search index: loaded when stored, else built and stored."""
    gazetteer = gazetteer or Gazetteer.load(settings.gazetteer_path)
    version, documents = current_version(settings)
    root = settings.data_dir / FOLDER
    stored = _read(root / version, version)
    if stored is not None:
        kb, features, by_sound = stored
        # a version stored before (kb remove back to it) is loaded without a parse: drop the removed documents' parses here
        ParseCache(settings.data_dir / "parsed").prune(set(documents))
        lexicon = Lexicon(settings.lexicon_dir, kb.regions(), gazetteer, dictionary_cache(settings))
        lexicon.learn_corpus(features.df, _departments(kb), by_sound)
        return SearchIndex(kb, lexicon, features, version, loaded=True)
    tokenizer = tokenizer_version(settings)
    from assistant import increment  # it extends what this module stores

    extended = increment.extend(settings, gazetteer, _Stamp(version, documents, tokenizer, inputs_key(settings)))
    if extended is not None:  # documents appended to an unchanged corpus: only they were parsed and tokenized
        return extended
    kb = KnowledgeBase.from_settings(settings)
    lexicon = Lexicon(settings.lexicon_dir, kb.regions(), gazetteer, dictionary_cache(settings))
    lexicon.known, known_sounds = _earlier_work(root, tokenizer)
    try:
        features = SearchFeatures.build(kb, lexicon, DEFAULT.ranking)
    finally:
        lexicon.known = {}
    by_word = word_sounds(features.df, known_sounds)  # pypinyin reads only words no earlier build has seen
    by_sound = unique_sounds(by_word)
    lexicon.learn_corpus(features.df, _departments(kb), by_sound)
    if kb.failed:  # a document that could not be read is tried again by the next process
        log.info("search index not stored: %d documents could not be loaded", len(kb.failed))
    else:
        _write(root, _Stamp(version, documents, tokenizer, inputs_key(settings)), kb, features, _Sounds(by_sound, by_word))
        prune(root, keep=KEEP)
    lexical = features.lexical
    words = _built_words(lexical.units, lexical.words.vocab, lexical.unit_words)
    lexical.unit_words = None  # stored; the caller drops `words` once the vector index is built
    return SearchIndex(kb, lexicon, features, version, loaded=False, words=words)


def _built_words(units: Sequence[str], vocab: dict[str, int], rows: TermRows | None) -> Mapping[str, tuple[str, ...]]:
    """The words a build gave each text, so the hashed embedder's fit and vectors do not cut them again."""
    if rows is None:
        return {}
    indptr, ids, _, _ = rows.arrays()
    return KnownWords(units, list(vocab), indptr, ids)


@dataclass
class _Sounds:
    """The speller's table, and the pinyin of every corpus word it was made from (read by the next build)."""

    by_sound: dict[tuple[str, ...], str]
    by_word: dict[str, tuple[str, ...]]


@dataclass
class _Stamp:
    """What identifies an artifact: its version, its documents' parse keys, its tokenizer, everything else (inputs)."""

    version: str
    documents: dict[str, str]
    tokenizer: str
    inputs: str


def is_stored(settings: Settings) -> bool:
    """Whether the current version's search index is stored (its files are checked when it is loaded)."""
    version, _ = current_version(settings)
    return (settings.data_dir / FOLDER / version / "manifest.json").is_file()


def stored_knowledge(settings: Settings) -> KnowledgeBase | None:
    """The current version's documents from its stored search index, without parsing (None when not stored)."""
    version, _ = current_version(settings)
    folder = settings.data_dir / FOLDER / version
    if not (folder / "manifest.json").is_file() or _verified(folder, version) is None:
        return None
    try:
        return _stored_documents(folder)
    except (OSError, ValueError, KeyError, TypeError, EOFError, AttributeError, pickle.UnpicklingError) as e:
        log.warning("search index %s unreadable (%s)", version, e)
        return None


def dictionary_cache(settings: Settings) -> Path:
    """Where the tokenizer's finished dictionary is kept (`assistant.dictionary`), beside the stored search indexes."""
    return settings.data_dir / "tokenizer"


def current_version(settings: Settings) -> tuple[str, dict[str, str]]:
    """(the version of the knowledge and the code that index it, each document's parse key).

    A document's parse key hashes its bytes; they are read again only when the file's size, modification or
    change time or inode differ from what `document-stats.json` kept with its key (all 4,000 documents' bytes cost
    1.0 s of each start at ×1000). Nothing is parsed.
    """
    digest = hashlib.sha1(f"{FORMAT}\x00{PARSER_VERSION}\x00{_code_version()}\x00{settings.max_document_bytes}\x00".encode())
    manifest_path = settings.manifest_path
    digest.update(manifest_path.read_bytes())
    documents: dict[str, str] = {}
    stats = _Stats(settings.data_dir / STATS)
    for meta in _listed(settings):
        try:
            documents[meta.id] = stats.parse_key(meta, manifest_path.parent / meta.file)
        except OSError:
            documents[meta.id] = "unreadable"
        digest.update(f"{meta.id}\x00{documents[meta.id]}\x00".encode())
    stats.save()
    _hash_vocabulary(digest, settings)
    return digest.hexdigest()[:16], documents


def _listed(settings: Settings) -> list[DocumentMeta]:
    """The manifest's entries ([] when it does not load: parsing reports it, and a version without documents is never
    stored), parsed from TOML only when its bytes changed since they were last parsed (`manifest.pickle` in the data
    directory: parsing and validating a 4,000-entry manifest took 0.34 s, and every start checks the version twice)."""
    path, manifest_path = settings.data_dir / MANIFEST, settings.manifest_path
    data = manifest_path.read_bytes()  # the version hashes it too: a missing manifest fails here as before
    key = hashlib.sha1(f"{PARSER_VERSION}\x00".encode() + data).hexdigest()
    try:
        with path.open("rb") as f:
            kept = pickle.load(f)
        if kept["key"] == key and all((manifest_path.parent / m.file).is_file() for m in kept["documents"]):
            return list(kept["documents"])  # load_manifest would also find every listed file
    except (OSError, KeyError, TypeError, EOFError, AttributeError, pickle.UnpicklingError):
        pass
    try:
        listed = load_manifest(manifest_path).documents
    except (OSError, KnowledgeError):
        return []
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
    try:
        if manifest_path.read_bytes() == data:  # not changed while it was parsed
            path.parent.mkdir(parents=True, exist_ok=True)
            modelpickle.dump(tmp, {"key": key, "documents": listed})
            os.replace(tmp, path)
    except OSError as e:  # a read-only data directory costs only speed
        log.info("parsed manifest not kept (%s)", e)
        tmp.unlink(missing_ok=True)
    return listed


def inputs_key(settings: Settings) -> str:
    """A hash of what a version depends on besides its documents: the code, the parser, the lexicon, the gazetteer.

    Two artifacts with the same inputs differ only by their documents, so one can be extended into the other.
    """
    digest = hashlib.sha1(f"{FORMAT}\x00{PARSER_VERSION}\x00{_code_version()}\x00{settings.max_document_bytes}\x00".encode())
    _hash_vocabulary(digest, settings)
    return digest.hexdigest()[:16]


def _hash_vocabulary(digest: Any, settings: Settings) -> None:
    """Feed the lexicon files and the gazetteer to a hash."""
    for path in [*sorted(settings.lexicon_dir.glob("*")), settings.gazetteer_path]:
        if path.is_file():
            digest.update(f"{path.name}\x00".encode() + path.read_bytes())


class _Stats:
    """Each document file's parse key with the file's size, times and inode when it was read (`document-stats.json`).

    A key is reused only while all of them and the document's manifest entry are the same: writing a
    file sets its change time, which no tool can set back, so a changed document is always read again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            self.entries: dict[str, list[Any]] = kept["files"] if kept.get("parser") == PARSER_VERSION else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def parse_key(self, meta: DocumentMeta, path: Path) -> str:
        """The document's parse key: kept, or read from its bytes (and kept)."""
        stat = path.stat()
        seen = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, meta.model_dump_json()]
        kept = self.entries.get(str(path))
        if isinstance(kept, list) and kept[:-1] == seen:
            return str(kept[-1])
        key = parse_key(meta, path.read_bytes())
        self.entries[str(path)] = [*seen, key]
        self.changed = True
        return key

    def save(self) -> None:
        """Write the kept keys atomically when any was read afresh; a read-only data directory costs only speed."""
        if not self.changed:
            return
        tmp = self.path.with_name(f".{STATS}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"parser": PARSER_VERSION, "files": self.entries}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as e:
            log.info("document stats not kept (%s)", e)
            tmp.unlink(missing_ok=True)


def tokenizer_version(settings: Settings) -> str:
    """A hash of what the words of a text depend on: the dictionary files, the gazetteer, the tokenizer's code, jieba."""
    from assistant import dictionary, gazetteer, lexicon, text

    digest = hashlib.sha1(f"{FORMAT}\x00jieba={package_version('jieba')}\x00".encode())
    for module in (dictionary, gazetteer, lexicon, text):
        digest.update(Path(module.__file__ or "").read_bytes())
    _hash_vocabulary(digest, settings)
    return digest.hexdigest()[:16]


def _earlier_work(root: Path, tokenizer: str) -> tuple[Mapping[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """What the newest intact artifact with the same tokenizer computed (both empty when none): the words of every
    text it scored, and the pinyin of its corpus words (when made by the same pypinyin)."""
    for folder in _newest_first(root):
        try:
            manifest = ArtifactManifest.model_validate_json((folder / "manifest.json").read_text(encoding="utf-8"))
            if manifest.format != FORMAT or manifest.tokenizer != tokenizer:
                continue
            for name in [n for n in manifest.files if n == "features.pickle" or n.startswith((_LATER, "units."))]:
                if _sha1(folder / name) != manifest.files[name]:
                    raise ValueError(f"{name} does not match its hash")
            with (folder / "features.pickle").open("rb") as f:
                state = pickle.load(f)
            same_pinyin = state.get("pinyin") == package_version("pypinyin")
            sounds = {word: tuple(sound) for word, sound in state["sounds"].items()} if same_pinyin else {}
            rows = [np.load(folder / f"{_LATER}{name}.npy", mmap_mode="r", allow_pickle=False) for name in ("indptr", "ids")]
            units = _stored_texts(folder)
            if len(rows[0]) != len(units) + 1:
                raise ValueError(f"{len(rows[0]) - 1} rows of words for {len(units)} texts")
            return KnownWords(units, list(state["vocab"]["words"]), rows[0], rows[1]), sounds
        except (OSError, ValueError, KeyError, TypeError, EOFError, AttributeError, ValidationError, pickle.UnpicklingError) as e:
            log.info("words of search index %s not reused (%s)", folder.name, e)
    return {}, {}


def _code_version() -> str:
    """The code that computes the stored features, and the packages whose output they keep."""
    from assistant import (
        dictionary,
        docstore,
        gazetteer,
        increment,
        knowledge,
        lexicon,
        modelpickle,
        models,
        spelling,
        text,
        tuning,
        vocabulary,
    )
    from assistant.retrieval import hybrid, lexical, terms, traits

    digest = hashlib.sha1()
    for module in (
        dictionary,
        docstore,
        gazetteer,
        knowledge,
        lexicon,
        models,
        modelpickle,
        spelling,
        text,
        tuning,
        vocabulary,
        hybrid,
        lexical,
        terms,
        increment,
        traits,
    ):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(Path(__file__).read_bytes())
    for package in ("jieba", "pypinyin", "scipy", "numpy"):
        digest.update(f"{package}={package_version(package)}\x00".encode())
    return digest.hexdigest()[:16]


def _departments(kb: KnowledgeBase) -> set[str]:
    return set(kb.outline.departments)  # inserted in order of first mention, as a set over every clause would be


# -- writing ------------------------------------------------------------------------------------
def _write(
    root: Path, stamp: _Stamp, kb: KnowledgeBase, features: SearchFeatures, sounds: _Sounds, earlier: Path | None = None
) -> None:
    """Write an artifact into a temporary folder and rename it into place; a failure costs only speed.

    `earlier`: the artifact this one extends (`increment.py`): its documents are linked, not written again
    (`docstore.write`).
    """
    version = stamp.version
    target = root / version
    tmp = root / f".{version}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp"
    try:
        tmp.mkdir(parents=True)
        lexical = features.lexical
        state = {
            "owners": lexical.owners,
            "unit_weight": lexical.unit_weight,
            "vocab": {field: getattr(lexical, field).vocab for field in _FIELDS},
            "title_terms": _terms_of(features.title_words),
            "df": features.df,
            "doc_names": features.doc_names,
            "has_responsible": features.has_responsible,
            "traits": features.traits,
            "by_sound": sounds.by_sound,
            "sounds": sounds.by_word,  # read only by the next build
            "pinyin": package_version("pypinyin"),
            "inputs": stamp.inputs,  # read only by a later build that appends documents
        }
        known: dict[str, str] = {}  # file → hash, of the files linked from the earlier artifact
        kept = docstore.write(tmp, kb, earlier)
        if earlier is not None:
            known[docstore.DOCUMENTS] = ArtifactManifest.model_validate_json(
                (earlier / "manifest.json").read_text(encoding="utf-8")
            ).files[docstore.DOCUMENTS]
        state["knowledge_documents"] = kept  # read by a later build that links knowledge.pickle
        _dump(tmp / "features.pickle", state)
        if lexical.unit_words is None:
            raise OSError("the words of the units were not kept")  # a loaded index is never written again
        indptr, ids, _, _ = lexical.unit_words.arrays()
        units = lexical.units if isinstance(lexical.units, Texts) else Texts.of(lexical.units)
        arrays: dict[str, np.ndarray] = {f"{_LATER}indptr": indptr, f"{_LATER}ids": ids}
        arrays |= {"units.data": units.data, "units.indptr": units.indptr}
        for field in _FIELDS:
            bm25: SparseBM25 = getattr(lexical, field)
            matrix = bm25.matrix
            parts = {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr, "idf": bm25.idf}
            arrays |= {f"{field}.{name}": array for name, array in parts.items()}
            if bm25.lengths is not None:
                arrays[f"{_LATER}{field}.lengths"] = bm25.lengths
        for name, sets in zip(_SETS, (lexical.clause_words, features.title_words), strict=True):
            rows = _term_sets(sets)
            arrays |= {f"{name}.indptr": rows.indptr, f"{name}.indices": rows.indices}
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        files = {p.name: known.get(p.name) or _sha1(p) for p in sorted(tmp.iterdir())}
        sampled = {p.name: (p.stat().st_size, _sampled_sha1(p)) for p in sorted(tmp.iterdir()) if _is_sampled(p)}
        manifest = ArtifactManifest(
            format=FORMAT,
            version=version,
            documents=stamp.documents,
            tokenizer=stamp.tokenizer,
            files=files,
            sampled=sampled,
            clauses=len(kb.clauses),
            built_at=time.time(),
        )
        (tmp / "manifest.json").write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
        if target.exists():
            if _verified(target, version) is not None:  # another process stored this version meanwhile: keep its
                shutil.rmtree(tmp, ignore_errors=True)
                return
            shutil.rmtree(target, ignore_errors=True)  # damaged or partial: this process could not load it
        os.rename(tmp, target)
        log.info("search index %s stored (%d clauses)", version, len(kb.clauses))
    except OSError as e:  # read-only data directory, or another process stored the same version first
        log.info("search index %s not stored (%s)", version, e)
        shutil.rmtree(tmp, ignore_errors=True)


def _dump(path: Path, value: Any) -> None:
    with path.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)


def _sha1(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha1").hexdigest()


def _is_sampled(path: Path) -> bool:
    """A memory-mapped array or a documents file large enough to be checked by samples (a load reads only the rows
    or the documents it needs; each document is checked by its own hash when read)."""
    read_in_part = (path.suffix == ".npy" and not path.name.startswith(_LATER)) or path.name in docstore.PARTS
    return read_in_part and path.stat().st_size > SAMPLED_ABOVE


def _sampled_sha1(path: Path) -> str:
    """SHA-1 of the file's size and of _BLOCKS blocks spread evenly over it, the first and the last included."""
    size = path.stat().st_size
    digest = hashlib.sha1(f"{size}\x00".encode())
    last = max(size - _BLOCK, 0)
    with path.open("rb") as f:
        for i in range(_BLOCKS):
            f.seek(last * i // (_BLOCKS - 1))
            digest.update(f.read(_BLOCK))
    return digest.hexdigest()


def prune(root: Path, keep: int = KEEP) -> list[str]:
    """Remove all but the newest `keep` artifacts and leftover temporary folders; the versions removed."""
    removed = []
    for folder in _newest_first(root)[keep:]:
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
    return removed


def _newest_first(root: Path) -> list[Path]:
    """The artifacts under `root`, newest first (one without a manifest counts as oldest); removes dead writers' folders."""
    if not root.is_dir():
        return []
    stamped = []
    for folder in root.iterdir():
        if folder.name.startswith("."):
            if folder.name.endswith(".tmp") and time.time() - folder.stat().st_mtime > 3600:  # a writer that died
                shutil.rmtree(folder, ignore_errors=True)
            continue
        manifest = folder / "manifest.json"
        stamped.append((manifest.stat().st_mtime if manifest.is_file() else 0.0, folder.name, folder))
    return [folder for *_, folder in sorted(stamped, reverse=True)]


# -- reading ------------------------------------------------------------------------------------
def _read(folder: Path, version: str) -> tuple[KnowledgeBase, SearchFeatures, dict[tuple[str, ...], str]] | None:
    """A stored artifact, or None when absent, of another format, damaged or incomplete (logged)."""
    if not (folder / "manifest.json").is_file() or _verified(folder, version) is None:
        return None
    try:
        kb = _stored_documents(folder)
        with (folder / "features.pickle").open("rb") as f:
            state = pickle.load(f)
        units = _stored_texts(folder)
        matrices = {field: _matrix(folder, field, state["vocab"][field], len(units)) for field in _FIELDS}
        terms = {"clause_words": list(state["vocab"]["words"]), "title_words": state["title_terms"]}
        clauses = len(kb.outline.clause_ids)
        sets = {name: _stored_sets(folder, name, terms[name], clauses) for name in _SETS}
        lexical = LexicalIndex(
            ids=kb.outline.clause_ids,
            owners=state["owners"],
            unit_weight=state["unit_weight"],
            units=units,
            clause_words=sets["clause_words"],
            words=matrices["words"],
            bigrams=matrices["bigrams"],
        )
        features = SearchFeatures(
            lexical=lexical,
            df=state["df"],
            title_words=sets["title_words"],
            doc_names=state["doc_names"],
            has_responsible=state["has_responsible"],
            traits=_traits(state["traits"], clauses),
        )
        return kb, features, state["by_sound"]
    except (OSError, ValueError, KeyError, TypeError, EOFError, AttributeError, ValidationError, pickle.UnpicklingError) as e:
        log.warning("search index %s unreadable (%s); rebuilding it", folder.name, e)
        return None


def _stored_documents(folder: Path) -> KnowledgeBase:
    """The documents of an artifact, each read when first needed (`docstore.py`)."""
    return docstore.read(folder)


def _verified(folder: Path, version: str) -> ArtifactManifest | None:
    """The manifest of an intact artifact of `version` (every file it reads matches its hash), else None (logged)."""
    try:
        manifest = ArtifactManifest.model_validate_json((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.format != FORMAT or manifest.version != version:
            raise ValueError(f"format {manifest.format}, version {manifest.version}")
        for name, digest in manifest.files.items():
            if name.startswith(_LATER):  # read only by a later build, which checks it
                continue
            path = folder / name
            if name in manifest.sampled:
                size, sample = manifest.sampled[name]
                if path.stat().st_size != size or _sampled_sha1(path) != sample:
                    raise ValueError(f"{name} does not match its size and sampled hash")
            elif _sha1(path) != digest:
                raise ValueError(f"{name} does not match its hash")
    except (OSError, ValueError, ValidationError) as e:
        log.warning("search index %s unreadable (%s); rebuilding it", folder.name, e)
        return None
    return manifest


def _matrix(folder: Path, field: str, vocab: dict[str, int], units: int) -> SparseBM25:
    """A BM25 field from its memory-mapped arrays (units × terms, CSC)."""
    arrays = {name: np.load(folder / f"{field}.{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    if len(arrays["indptr"]) != len(vocab) + 1:
        raise ValueError(f"{field}: {len(arrays['indptr']) - 1} columns for {len(vocab)} terms")
    matrix = sparse.csc_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=(units, len(vocab)), copy=False)
    return SparseBM25.restore(vocab, arrays["idf"], matrix)


def _traits(traits: np.ndarray, clauses: int) -> np.ndarray:
    """Every clause's traits (`retrieval/traits.py`), one per clause."""
    if not isinstance(traits, np.ndarray) or traits.shape != (clauses,):
        raise ValueError(f"traits for {getattr(traits, 'shape', None)} clauses, not {clauses}")
    return traits


def _term_sets(sets: Sequence[set[str]]) -> TermSets:
    """Sets of words as rows of ids (those a build made already are)."""
    return sets if isinstance(sets, TermSets) else TermSets.of(sets)


def _terms_of(sets: Sequence[set[str]]) -> list[str]:
    return list(_term_sets(sets).terms)


def _stored_texts(folder: Path) -> Texts:
    """The texts scored, memory-mapped (decoded one at a time when read)."""
    data, indptr = (np.load(folder / f"units.{part}.npy", mmap_mode="r", allow_pickle=False) for part in ("data", "indptr"))
    return Texts(data, indptr)


def _stored_sets(folder: Path, name: str, terms: Sequence[str], rows: int) -> TermSets:
    """Per-clause word sets from their memory-mapped arrays."""
    indptr, indices = (
        np.load(folder / f"{name}.{part}.npy", mmap_mode="r", allow_pickle=False) for part in ("indptr", "indices")
    )
    if len(indptr) != rows + 1:
        raise ValueError(f"{name}: {len(indptr) - 1} rows for {rows} clauses")
    return TermSets(terms, indptr, indices)
