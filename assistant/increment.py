"""Documents appended to the manifest (`kb add`): the newest stored search index extended, not rebuilt.

A full build parses every document (from the parse cache), folds web copies, cuts the bigrams of
every text again and recomputes both BM25 matrices: at x1000 that was ~4 minutes for one added
document. When the new version differs from a stored one only by documents appended at the end of
the manifest (the same documents before them, with the same parse keys, and the same code, parser,
lexicon and gazetteer: `searchindex.inputs_key`), the stored artifact is loaded and extended:
only the new documents are parsed and tokenized, their units are appended, and every BM25 weight is
computed again from the stored counts and lengths (`SparseBM25.extended`), so the artifact written
is the one a full build would write (the same matrices to the byte, the same ids, vocabularies, word
sets and features; `tests/test_increment.py` compares them).

A full build is made instead whenever that could differ: a document removed, replaced, re-ordered or
with a changed manifest entry (a `--supersedes` changes the replaced document's entry); a new
document that is not an official one; a stored corpus holding a document that could not be read or
a copy indexed on its own; a new document that matches a folded web copy better than the document
it was folded into (a full build would fold it there instead).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import ValidationError

from assistant.errors import KnowledgeError
from assistant.gazetteer import Gazetteer
from assistant.knowledge import KnowledgeBase, ParseCache, _best_original, _cached_parse
from assistant.lexicon import Lexicon
from assistant.manifest import load_manifest
from assistant.models import Document, DocumentMeta
from assistant.settings import Settings
from assistant.spelling import unique_sounds, word_sounds
from assistant.tuning import DEFAULT

if TYPE_CHECKING:
    from assistant.searchindex import SearchIndex, _Stamp

log = logging.getLogger(__name__)

_STORED = ("tokens.indptr", "tokens.ids", "tokens.words.lengths", "tokens.bigrams.lengths")  # read beyond a load


def extend(settings: Settings, gazetteer: Gazetteer, stamp: _Stamp) -> SearchIndex | None:
    """The search index of `stamp`'s version made from a stored one by appending documents; None when a full build is needed."""
    from assistant.searchindex import FOLDER, FORMAT, ArtifactManifest, _newest_first

    documents = list(stamp.documents.items())
    for folder in _newest_first(settings.data_dir / FOLDER):
        try:
            manifest = ArtifactManifest.model_validate_json((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, ValidationError):
            continue
        stored = list(manifest.documents.items())
        if manifest.format != FORMAT or manifest.tokenizer != stamp.tokenizer or not 0 < len(stored) < len(documents):
            continue
        if documents[: len(stored)] != stored:
            continue
        try:
            return _extend(settings, gazetteer, folder, manifest.version, stamp, [d for d, _ in documents[len(stored) :]])
        except (OSError, ValueError, KeyError, TypeError, EOFError, AttributeError, KnowledgeError, pickle.UnpicklingError) as e:
            log.info("search index %s not extended (%s); building it whole", folder.name, e)
            return None
    return None


def _extend(
    settings: Settings, gazetteer: Gazetteer, folder: Path, stored_version: str, stamp: _Stamp, added: list[str]
) -> SearchIndex | None:
    from assistant.searchindex import FOLDER, KEEP, SearchIndex, _departments, _read, _Sounds, _write, dictionary_cache, prune

    with (folder / "features.pickle").open("rb") as f:
        state = pickle.load(f)
    if state.get("inputs") != stamp.inputs:
        return None  # stored by other code, or with another lexicon or gazetteer
    _check_hashes(folder, _STORED)
    loaded = _read(folder, stored_version)
    if loaded is None:
        return None
    base, features, _ = loaded
    if base.failed or any(m.source_kind != "official" for m in base.metas):
        return None  # a full build would place the new documents before a copy indexed on its own
    metas = {m.id: m for m in load_manifest(settings.manifest_path).documents}
    root, cache = settings.manifest_path.parent, ParseCache(settings.data_dir / "parsed")
    new = [_cached_parse(metas[d], root, cache, settings.max_document_bytes) for d in added]
    if any(d.meta.source_kind != "official" for d in new) or _refolds(base, new, metas, root, cache, settings):
        return None
    kb = base.then(new)  # the stored documents are still read only when needed
    lexicon = Lexicon(settings.lexicon_dir, kb.regions(), gazetteer, dictionary_cache(settings))
    lengths = {field: np.load(folder / f"tokens.{field}.lengths.npy", allow_pickle=False) for field in ("words", "bigrams")}
    words = (
        np.load(folder / "tokens.indptr.npy", mmap_mode="r", allow_pickle=False),
        np.load(folder / "tokens.ids.npy", mmap_mode="r", allow_pickle=False),
    )
    clauses = [c for d in new for c in d.clauses]
    features = features.extended(kb, clauses, lexicon, DEFAULT.ranking, lengths, words)
    same_pinyin = state.get("pinyin") == package_version("pypinyin")
    by_word = word_sounds(features.df, {w: tuple(s) for w, s in state["sounds"].items()} if same_pinyin else {})
    by_sound = unique_sounds(by_word)
    lexicon.learn_corpus(features.df, _departments(kb), by_sound)
    _write(settings.data_dir / FOLDER, stamp, kb, features, _Sounds(by_sound, by_word), earlier=folder)
    prune(settings.data_dir / FOLDER, keep=KEEP)
    log.info("search index %s: %s extended by %d documents (%d clauses)", stamp.version, stored_version, len(new), len(clauses))
    return SearchIndex(kb, lexicon, features, stamp.version, loaded=False)


def _check_hashes(folder: Path, names: tuple[str, ...]) -> None:
    """Raise ValueError when a file a load does not verify is missing or does not match the artifact's manifest."""
    from assistant.searchindex import ArtifactManifest

    files = ArtifactManifest.model_validate_json((folder / "manifest.json").read_text(encoding="utf-8")).files
    for name in names:
        stored = files.get(f"{name}.npy")
        if stored is None:
            raise ValueError(f"{name} not stored")
        with (folder / f"{name}.npy").open("rb") as f:
            if hashlib.file_digest(f, "sha1").hexdigest() != stored:
                raise ValueError(f"{name} does not match its hash")


def _refolds(
    base: KnowledgeBase, new: list[Document], metas: dict[str, DocumentMeta], root: Path, cache: ParseCache, settings: Settings
) -> bool:
    """True when a new document matches a folded copy in more clauses than the document it was folded into."""
    for i in base.outline.folded:
        for alternate in base.documents[i].alternates:
            copy = _cached_parse(metas[alternate.doc_id], root, cache, settings.max_document_bytes)
            if _best_original(copy, new)[1] > alternate.matched_clauses:
                return True
    return False
