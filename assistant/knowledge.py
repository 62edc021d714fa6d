"""The knowledge base: every manifest document parsed, de-duplicated and indexed by clause id."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import KnowledgeError
from assistant.manifest import load_manifest
from assistant.models import AlternateSource, Clause, Document, DocumentMeta, Section
from assistant.parser import parse_document
from assistant.settings import Settings
from assistant.text import jaccard, shingles

log = logging.getLogger(__name__)

NEAR_DUPLICATE = 0.9  # Jaccard similarity of 5-character shingles
ALTERNATE_SHARE = 0.8  # share of a document's clauses found in another one


class KnowledgeBase:
    """Parsed documents with lookups by document and clause id."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.by_doc = {d.meta.id: d for d in documents}
        self.clauses: dict[str, Clause] = {c.id: c for d in documents for c in d.clauses}

    @classmethod
    def from_settings(cls, settings: Settings) -> KnowledgeBase:
        """Parse every document listed in the manifest."""
        return cls.build(settings.manifest_path)

    @classmethod
    def build(cls, manifest_path: Path) -> KnowledgeBase:
        """Parse, drop repeated clauses, and fold copies of a document into their original."""
        manifest = load_manifest(manifest_path)
        parsed = [_parse(meta, manifest_path.parent) for meta in manifest.documents]
        return cls(_fold_alternates(parsed))

    def clause(self, clause_id: str) -> Clause:
        """A clause by id; raises KnowledgeError with a readable message."""
        try:
            return self.clauses[clause_id]
        except KeyError as e:
            raise KnowledgeError(f"没有编号为 {clause_id} 的条款。") from e

    def document(self, doc_id: str) -> Document:
        """A document by id."""
        try:
            return self.by_doc[doc_id]
        except KeyError as e:
            known = "、".join(self.by_doc)
            raise KnowledgeError(f"没有编号为 {doc_id} 的文件。可用：{known}") from e

    def meta(self, clause: Clause) -> DocumentMeta:
        """The metadata of a clause's document."""
        return self.by_doc[clause.doc_id].meta

    def citation_label(self, clause: Clause) -> str:
        """《Full title》label, as read out."""
        return f"《{self.meta(clause).title}》{clause.label}"

    def regions(self) -> list[str]:
        """The places that have documents, in manifest order."""
        return list(dict.fromkeys(d.meta.region for d in self.documents))

    def examples(self) -> list[str]:
        """Example questions from the manifest, or one per region when none are given."""
        local_first = sorted(self.documents, key=lambda d: d.meta.level == "province")
        given = [q for d in local_first for q in d.meta.examples]
        return list(dict.fromkeys(given)) or [f"{region}有哪些养老托育政策？" for region in self.regions()]

    def all_clauses(self) -> Iterable[Clause]:
        """Every clause in document order."""
        for doc in self.documents:
            yield from doc.clauses

    def parent_section(self, clause: Clause) -> Section | None:
        """The section that lists this clause."""
        return _find_section(self.document(clause.doc_id).sections, clause.id)


def _parse(meta: DocumentMeta, root: Path) -> Document:
    text = (root / meta.file).read_text(encoding="utf-8")
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
        if any(jaccard(sh, other) >= NEAR_DUPLICATE for other in kept_shingles):
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
        matched = sum(any(jaccard(a, b) >= NEAR_DUPLICATE for b in theirs) for a in mine)
        if matched > best[1]:
            best = (other, matched)
    return best


def _find_section(sections: list[Section], clause_id: str) -> Section | None:
    for section in sections:
        if clause_id in section.clause_ids:
            return section
        found = _find_section(section.children, clause_id)
        if found:
            return found
    return None
