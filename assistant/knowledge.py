"""The knowledge base: every manifest document parsed, de-duplicated and indexed by clause id."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import KnowledgeError
from assistant.manifest import load_manifest
from assistant.models import AlternateSource, Clause, Document, DocumentMeta, Section
from assistant.parser import parse_document
from assistant.sequences import Made
from assistant.settings import Settings
from assistant.signatures import SIGNATURES, SignatureStore, content_key, signature
from assistant.sources import __file__ as sources_file
from assistant.sources import read_source
from assistant.text import jaccard, shingles

log = logging.getLogger(__name__)

NEAR_DUPLICATE = 0.9  # Jaccard similarity of 5-character shingles
ALTERNATE_SHARE = 0.8  # share of a document's clauses found in another one


class KnowledgeBase:
    """Parsed documents with lookups by document and clause id.

    `documents` may be a sequence that reads each document only when it is first asked for (the stored
    search index's, `assistant/storeddocs.py`): what every start needs of all documents (their metadata,
    clause ids and counts, departments, table-row names, content hashes) is their `Outline`, and lookups by
    id go through it, so a question reads only the documents its hits and answer touch.
    """

    def __init__(
        self, documents: Sequence[Document], failed: dict[str, str] | None = None, outline: Outline | None = None
    ) -> None:
        self.documents = documents
        self.outline = outline or Outline.of(documents)
        self.metas = self.outline.metas
        self._order = {m.id: i for i, m in enumerate(self.metas)}
        self.by_doc: Mapping[str, Document] = _ByDocument(documents, self._order)
        self.positions = {c: i for i, c in enumerate(self.outline.clause_ids)}  # clause id → position in all_clauses()
        self._ends = list(accumulate(self.outline.sizes))
        self.in_order: Sequence[Clause] = _InOrder(self)  # every clause by its position
        self.clauses: Mapping[str, Clause] = _ByClause(self)
        self.failed = failed or {}  # document id → why it could not be loaded (the others still are)

    def then(self, documents: list[Document]) -> KnowledgeBase:
        """This knowledge base with `documents` appended (its own documents are not read)."""
        return KnowledgeBase(_Joined(self.documents, documents), dict(self.failed), self.outline.then(Outline.of(documents)))

    def clause_at(self, position: int) -> Clause:
        """The clause at a position of `all_clauses()` (only its document is read)."""
        if not 0 <= position < len(self.outline.clause_ids):
            raise IndexError(position)
        i = bisect_right(self._ends, position)
        return self.documents[i].clauses[position - (self._ends[i - 1] if i else 0)]

    @classmethod
    def from_settings(cls, settings: Settings) -> KnowledgeBase:
        """Parse every document listed in the manifest, reusing parses of unchanged files."""
        return cls.build(settings.manifest_path, settings.data_dir / "parsed", settings.max_document_bytes)

    @classmethod
    def build(cls, manifest_path: Path, cache_dir: Path | None = None, max_bytes: int = 20_000_000) -> KnowledgeBase:
        """Parse, drop repeated clauses, and fold copies of a document into their original.

        A document that cannot be read is left out and logged; the others are loaded.
        """
        manifest = load_manifest(manifest_path)
        cache = ParseCache(cache_dir) if cache_dir is not None else None
        parsed, failed = [], {}
        for meta in manifest.documents:
            try:
                parsed.append(_cached_parse(meta, manifest_path.parent, cache, max_bytes))
            except KnowledgeError as e:
                log.error("document %s left out: %s", meta.id, e)
                failed[meta.id] = str(e)
        if cache is not None:
            cache.prune({m.id for m in manifest.documents})
        if not parsed:
            raise KnowledgeError("知识库中没有可用的文件：" + "；".join(failed.values()) if failed else "知识库中没有文件。")
        return cls(_fold_alternates(parsed), failed)

    def clause(self, clause_id: str) -> Clause:
        """A clause by id; raises KnowledgeError with a readable message."""
        try:
            return self.clauses[clause_id]
        except KeyError as e:
            raise KnowledgeError(f"没有编号为 {clause_id} 的条款。") from e

    def parent_clause(self, clause: Clause) -> Clause | None:
        """The clause one level up (doc:五 for doc:五.二), when the document has one."""
        doc, _, path = clause.id.partition(":")
        while "." in path:
            path = path.rsplit(".", 1)[0]
            parent = self.clauses.get(f"{doc}:{path}")
            if parent is not None:
                return parent
        return None

    def has_clause(self, clause_id: str) -> bool:
        """True when a clause id is in the knowledge base."""
        return clause_id in self.clauses

    def entity_titles(self) -> list[str]:
        """Names of the things table rows are about (a project, an indicator): what 它 may point at."""
        return self.outline.entities

    def document(self, doc_id: str) -> Document:
        """A document by id."""
        try:
            return self.by_doc[doc_id]
        except KeyError as e:
            known = "、".join(self._order)
            raise KnowledgeError(f"没有编号为 {doc_id} 的文件。可用：{known}") from e

    def meta(self, clause: Clause) -> DocumentMeta:
        """The metadata of a clause's document."""
        return self.metas[self._order[clause.doc_id]]

    def meta_of(self, doc_id: str) -> DocumentMeta:
        """The metadata of a document by id (the document is not read)."""
        return self.metas[self._order[doc_id]]

    def citation_label(self, clause: Clause) -> str:
        """《Full title》label, as read out."""
        return f"《{self.meta(clause).title}》{clause.label}"

    def regions(self) -> list[str]:
        """The places that have documents, in manifest order."""
        return list(dict.fromkeys(m.region for m in self.metas))

    def examples(self) -> list[str]:
        """Example questions from the manifest, or one per region when none are given."""
        local_first = sorted(self.metas, key=lambda m: m.level == "province")
        given = [q for m in local_first for q in m.examples]
        return list(dict.fromkeys(given)) or [f"{region}有哪些养老托育政策？" for region in self.regions()]

    def all_clauses(self) -> Iterable[Clause]:
        """Every clause in document order."""
        for doc in self.documents:
            yield from doc.clauses

    def parent_section(self, clause: Clause) -> Section | None:
        """The section that lists this clause."""
        path = self.section_path(clause)
        return path[-1] if path else None

    def section_path(self, clause: Clause) -> list[Section]:
        """The sections from the document's top down to the one that lists this clause ([] when none does)."""
        return _section_path(self.document(clause.doc_id).sections, clause.id)


@dataclass(frozen=True)
class Outline:
    """What every start needs of all documents, known without reading them (stored with the search index)."""

    metas: list[DocumentMeta]  # in document order
    sizes: list[int]  # clauses per document
    clause_ids: list[str]  # every clause id, in the order of `all_clauses()`
    departments: list[str]  # the departments responsible for any clause, in order of first mention
    entities: list[str]  # names of what table rows are about (`KnowledgeBase.entity_titles`)
    hashes: dict[str, str]  # document id → hash of its clause ids and texts (the vector index compares them)
    folded: list[int]  # the documents that hold folded copies (`Document.alternates`)

    @classmethod
    def of(cls, documents: Iterable[Document]) -> Outline:
        """The outline of documents read into memory."""
        docs = list(documents)
        clauses = [c for d in docs for c in d.clauses]
        titles = (c.title.strip() for c in clauses if c.is_table)
        return cls(
            metas=[d.meta for d in docs],
            sizes=[len(d.clauses) for d in docs],
            clause_ids=[c.id for c in clauses],
            departments=list(dict.fromkeys(name for c in clauses for name in c.departments)),
            entities=list(dict.fromkeys(t for t in titles if 4 <= len(t) <= 40)),
            hashes={d.meta.id: content_hash(d) for d in docs},
            folded=[i for i, d in enumerate(docs) if d.alternates],
        )

    def then(self, other: Outline) -> Outline:
        """The outline of these documents followed by `other`'s, as `of` gives it over all of them."""
        return Outline(
            metas=[*self.metas, *other.metas],
            sizes=[*self.sizes, *other.sizes],
            clause_ids=[*self.clause_ids, *other.clause_ids],
            departments=list(dict.fromkeys([*self.departments, *other.departments])),
            entities=list(dict.fromkeys([*self.entities, *other.entities])),
            hashes={**self.hashes, **other.hashes},
            folded=[*self.folded, *(i + len(self.metas) for i in other.folded)],
        )


def content_hash(doc: Document) -> str:
    """A hash of a document's clause ids and texts: a document whose hash changed is embedded again."""
    digest = hashlib.sha1()
    for clause in doc.clauses:
        digest.update(f"{clause.id}\x00{clause.content_hash}\x00".encode())
    return digest.hexdigest()[:16]


class _Joined(Made[Document]):
    """Two sequences of documents as one; neither is read until an item is asked for."""

    def __init__(self, first: Sequence[Document], second: Sequence[Document]) -> None:
        self._first, self._second = first, second

    def _item(self, i: int) -> Document:
        return self._first[i] if i < len(self._first) else self._second[i - len(self._first)]

    def __len__(self) -> int:
        return len(self._first) + len(self._second)


class _ByDocument(Mapping[str, Document]):
    """Documents by id; a stored document is read when first asked for."""

    def __init__(self, documents: Sequence[Document], order: dict[str, int]) -> None:
        self._documents, self._order = documents, order

    def __getitem__(self, doc_id: str) -> Document:
        return self._documents[self._order[doc_id]]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._order

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


class _ByClause(Mapping[str, Clause]):
    """Clauses by id; only the clause's document is read."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def __getitem__(self, clause_id: str) -> Clause:
        return self._kb.clause_at(self._kb.positions[clause_id])

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self._kb.positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._kb.positions)

    def __len__(self) -> int:
        return len(self._kb.positions)


class _InOrder(Made[Clause]):
    """Every clause by its position in `all_clauses()`; only the clause's document is read."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def _item(self, i: int) -> Clause:
        return self._kb.clause_at(i)

    def __len__(self) -> int:
        return len(self._kb.outline.clause_ids)


def knowledge_version(manifest_path: Path) -> str:
    """A short hash of the manifest and the size and time of every file it lists: changes when knowledge does."""
    digest = hashlib.sha1()
    try:
        digest.update(manifest_path.read_bytes())
        for path in sorted((manifest_path.parent / "documents").iterdir()):
            stat = path.stat()
            digest.update(f"{path.name}\x00{stat.st_size}\x00{stat.st_mtime_ns}\x00".encode())
    except OSError as e:
        log.warning("knowledge version not read: %s", e)
    return digest.hexdigest()[:12]


def parse_key(meta: DocumentMeta, data: bytes) -> str:
    """What a document's parse depends on, hashed: its file's bytes, its manifest entry and the parser's code."""
    return hashlib.sha1(PARSER_VERSION.encode() + meta.model_dump_json().encode() + data).hexdigest()[:20]


def _cached_parse(meta: DocumentMeta, root: Path, cache: ParseCache | None, max_bytes: int) -> Document:
    path = root / meta.file
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KnowledgeError(f"文件 {meta.file} 无法读取：{e.strerror or e}") from e
    key = parse_key(meta, data)
    if cache is not None and (doc := cache.get(meta.id, key)) is not None:
        return doc
    text = read_source(path, max_bytes).text
    doc = _parse(meta, text)
    if cache is not None:
        cache.put(meta.id, key, doc)
        cache.signatures.put(content_key(data), signature(text))  # kb add's duplicate check reads it instead of the file
    return doc


class ParseCache:
    """Parsed documents on disk, one JSON file each, keyed by file content, metadata and parser code.

    Beside it, the shingle signature of each file parsed (`assistant.signatures`, in the data
    directory's `signatures/`), made from the text the parse read anyway.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.signatures = SignatureStore(folder.parent / SIGNATURES)

    def get(self, doc_id: str, key: str) -> Document | None:
        """The cached parse, or None when absent, stale or unreadable."""
        path = self.folder / f"{doc_id}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return Document.model_validate(stored["document"]) if stored.get("key") == key else None
        except (OSError, ValueError, KeyError, ValidationError):
            return None

    def put(self, doc_id: str, key: str, doc: Document) -> None:
        """Store a parse (atomically); a read-only data directory only costs the next start a re-parse."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{doc_id}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps({"key": key, "document": doc.model_dump(mode="json")}, ensure_ascii=False), "utf-8")
            os.replace(tmp, self.folder / f"{doc_id}.json")
        except OSError as e:
            log.warning("parse cache not written (%s)", e)

    def prune(self, keep: set[str]) -> None:
        """Remove cached parses of documents no longer in the manifest."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.json"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)


def _parser_version() -> str:
    """A hash of the code that turns files into documents: a change to it invalidates every cached parse."""
    from assistant import models, parser, tables, text

    digest = hashlib.sha1()
    modules = [parser, tables, models, text]
    files = [Path(m.__file__ or "") for m in modules] + sorted(Path(sources_file).parent.glob("*.py"))
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _parse(meta: DocumentMeta, text: str) -> Document:
    result = parse_document(meta, text)
    doc = Document(
        meta=meta,
        sections=result.sections,
        clauses=result.clauses,
        annexes=result.annexes,
        signature_date=result.signature_date,
        dropped_lines=result.dropped_lines,
        body_chars=result.coverage.body_chars,
        landed_chars=result.coverage.landed_chars,
        structured=result.structured,
    )
    _drop_repeats(doc)
    if not doc.clauses:
        raise KnowledgeError(f"文件 {meta.file} 没有解析出任何条款，请检查其格式。")
    return doc


def _drop_repeats(doc: Document) -> None:
    """Remove clauses that repeat an earlier clause of the same file (a page pasted twice)."""
    kept: list[Clause] = []
    kept_shingles: list[set[str]] = []
    ids: set[str] = set()
    for clause in doc.clauses:
        sh = shingles(clause.text)
        if any(_near_duplicate(sh, other) for other in kept_shingles):  # every pair of a document's clauses
            continue
        kept.append(clause)
        kept_shingles.append(sh)
    for clause in kept:  # same label, different text (rare): keep both under distinct ids
        base, n = clause.id, 1
        while clause.id in ids:
            n += 1
            clause.id = f"{base}~{n}"
        if clause.id != base:
            _rename(doc.sections, base, clause.id)
        ids.add(clause.id)
    doc.duplicates_dropped = len(doc.clauses) - len(kept)
    doc.clauses = kept
    _prune(doc.sections, ids)


def _rename(sections: list[Section], old: str, new: str) -> None:
    """Point the last section listing `old` at `new` (the later, renamed clause)."""
    for section in reversed(sections):
        if old in section.clause_ids:
            index = len(section.clause_ids) - 1 - section.clause_ids[::-1].index(old)
            section.clause_ids[index] = new
            return
        _rename(section.children, old, new)


def _prune(sections: list[Section], keep: set[str]) -> None:
    """Drop clause ids that were removed, and sections left empty by a repeated pass."""
    for section in sections:
        section.clause_ids = [c for c in section.clause_ids if c in keep]
        _prune(section.children, keep)
    sections[:] = [s for s in sections if s.clause_ids or s.children or (s.level == 1 and s.label.startswith("附件"))]
    _merge_same_label(sections)


def _merge_same_label(sections: list[Section]) -> None:
    """A repeated pass opens the same headings again; merge them into the first ones."""
    seen: dict[str, Section] = {}
    merged: list[Section] = []
    for section in sections:
        first = seen.get(section.label)
        if first is None:
            seen[section.label] = section
            merged.append(section)
            continue
        first.clause_ids += [c for c in section.clause_ids if c not in first.clause_ids]
        first.children += section.children
        _merge_same_label(first.children)
    sections[:] = merged


def _fold_alternates(docs: list[Document]) -> list[Document]:
    """Record a document whose clauses nearly all occur in an official one as its alternate."""
    official = [d for d in docs if d.meta.source_kind == "official"]
    result = list(official)
    for doc in docs:
        if doc.meta.source_kind == "official":
            continue
        target, matched = _best_original(doc, official)
        if target is None or matched < ALTERNATE_SHARE * len(doc.clauses):
            log.warning("%s is not a copy of any official document; indexed on its own", doc.meta.id)
            result.append(doc)
            continue
        target.alternates.append(
            AlternateSource(
                doc_id=doc.meta.id,
                file=doc.meta.file,
                source_kind=doc.meta.source_kind,
                matched_clauses=matched,
                dropped_lines=sum(d.reason != "成文日期" for d in doc.dropped_lines),
            )
        )
    return result


def _best_original(doc: Document, candidates: list[Document]) -> tuple[Document | None, int]:
    best: tuple[Document | None, int] = (None, 0)
    mine = [shingles(c.text) for c in doc.clauses]
    for other in candidates:
        theirs = [shingles(c.text) for c in other.clauses]
        matched = sum(any(_near_duplicate(a, b) for b in theirs) for a in mine)
        if matched > best[1]:
            best = (other, matched)
    return best


def _near_duplicate(a: set[str], b: set[str]) -> bool:
    """jaccard(a, b) >= NEAR_DUPLICATE, without intersecting sets whose sizes already rule it out.

    The Jaccard similarity is at most the smaller size over the larger, so most pairs of clauses are
    settled by their sizes (at x1 folding the web copy compared 9,000 pairs on every index rebuild).
    """
    if a and b and min(len(a), len(b)) / max(len(a), len(b)) < NEAR_DUPLICATE:
        return False
    return jaccard(a, b) >= NEAR_DUPLICATE


def _section_path(sections: list[Section], clause_id: str) -> list[Section]:
    for section in sections:
        if clause_id in section.clause_ids:
            return [section]
        below = _section_path(section.children, clause_id)
        if below:
            return [section, *below]
    return []


PARSER_VERSION = _parser_version()
