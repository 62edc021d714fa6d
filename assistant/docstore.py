"""The parsed documents of a search index artifact, each pickled on its own and read when first needed.

Unpickling every document whole took ~3.5 s of each start at ×1000 (474,000 clause and section
objects), though a question reads the clauses of its candidates only. So in `data/index/<version>/`
- `knowledge.pickle` holds one pickle per document, one after another (`modelpickle`: repeated strings
  stored once within a document), and `knowledge.added.pickle` the documents `kb add` appended since
  (`knowledge.pickle` is then a hard link to the extended artifact's, `assistant/increment.py`);
- `knowledge.outline.pickle` holds what every start needs of all documents (`knowledge.Outline`: their
  metadata, clause ids and counts, departments, table-row names, content hashes), the documents that
  could not be read, and where each document's bytes lie with their SHA-1.

A load reads the outline and opens the two files; a document is read, checked against its SHA-1 and
unpickled when first asked for, then kept. The files stay open, so a document is still readable after
a newer process prunes this version. A document whose bytes do not match makes the artifact count as
damaged: its manifest is removed, so the next start rebuilds it, and the question gets an error
saying so (the artifact's files are also checked by size and sampled blocks at every start).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from assistant import modelpickle
from assistant.errors import SearchIndexError
from assistant.knowledge import KnowledgeBase, Outline
from assistant.models import Document
from assistant.sequences import Made

DOCUMENTS = "knowledge.pickle"
ADDED = "knowledge.added.pickle"  # documents appended by `kb add` since knowledge.pickle was written
OUTLINE = "knowledge.outline.pickle"
PARTS = (DOCUMENTS, ADDED)


@dataclass(frozen=True)
class Stored:
    """Where a document's pickle lies: which of PARTS, its offset and length, its SHA-1."""

    part: int
    offset: int
    length: int
    sha1: str


def write(folder: Path, kb: KnowledgeBase, earlier: Path | None = None) -> int:
    """Store kb's documents and outline in `folder`; how many documents `knowledge.pickle` holds.

    `earlier`: the artifact this one extends: its `knowledge.pickle` is linked, not written again (pickling
    every document took seconds at ×100), and the documents after it are written to `knowledge.added.pickle`.
    """
    if earlier is None:
        kept, places = len(kb.documents), []
    else:
        stored = _outline(earlier)["stored"]
        places = [s for s in stored if s.part == 0]
        kept = len(places)
        _link_or_copy(earlier / DOCUMENTS, folder / DOCUMENTS)
    part, first = (0, 0) if earlier is None else (1, kept)
    with (folder / PARTS[part]).open("wb") as f:
        for i in range(first, len(kb.documents)):
            data = modelpickle.dumps(kb.documents[i])
            places.append(Stored(part, f.tell(), len(data), hashlib.sha1(data).hexdigest()))
            f.write(data)
    modelpickle.dump(folder / OUTLINE, {"outline": kb.outline, "failed": kb.failed, "stored": places})
    return kept


def read(folder: Path) -> KnowledgeBase:
    """The documents of an artifact, each read when first asked for (raises OSError, pickle's and ValueError)."""
    state = _outline(folder)
    outline: Outline = state["outline"]
    stored: list[Stored] = state["stored"]
    if len(stored) != len(outline.metas) or sum(outline.sizes) != len(outline.clause_ids):
        raise ValueError(f"{len(stored)} documents stored for {len(outline.metas)} in the outline")
    files = [open(folder / name, "rb") if (folder / name).is_file() else None for name in PARTS]  # noqa: SIM115 (kept open)
    return KnowledgeBase(StoredDocuments(folder, files, stored), state["failed"], outline)


def _outline(folder: Path) -> dict:
    with (folder / OUTLINE).open("rb") as f:
        return pickle.load(f)


class StoredDocuments(Made[Document]):
    """An artifact's documents in order, each unpickled when first asked for and kept."""

    def __init__(self, folder: Path, files: Sequence[BinaryIO | None], stored: list[Stored]) -> None:
        self._folder, self._files, self._stored = folder, files, stored
        self._read: dict[int, Document] = {}
        self._lock = threading.Lock()  # one object per document, whichever thread reads it first

    @property
    def read_count(self) -> int:
        """How many documents were read so far."""
        return len(self._read)

    def __len__(self) -> int:
        return len(self._stored)

    def _item(self, i: int) -> Document:
        doc = self._read.get(i)
        if doc is None:
            with self._lock:
                doc = self._read.get(i)
                if doc is None:
                    doc = self._read[i] = self._load(i)
        return doc

    def _load(self, i: int) -> Document:
        place = self._stored[i]
        file = self._files[place.part]
        data = os.pread(file.fileno(), place.length, place.offset) if file is not None else b""
        if len(data) != place.length or hashlib.sha1(data).hexdigest() != place.sha1:
            raise _damaged(self._folder, f"{PARTS[place.part]}: document {i} does not match its hash")
        doc = pickle.load(io.BytesIO(data))
        if not isinstance(doc, Document):
            raise _damaged(self._folder, f"{PARTS[place.part]}: document {i} is a {type(doc).__name__}")
        return doc


def _damaged(folder: Path, why: str) -> SearchIndexError:
    """The error for a damaged stored document; the artifact's manifest is removed, so the next start rebuilds it."""
    (folder / "manifest.json").unlink(missing_ok=True)
    return SearchIndexError(f"检索索引 {folder.name} 已损坏（{why}），请重新启动或运行 python -m assistant index 重建。")


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # the same bytes: a later prune of the earlier artifact leaves this name
    except OSError:
        shutil.copy2(source, target)
