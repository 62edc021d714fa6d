"""The maintained catalog of documents: add, replace, remove and validate, without a developer.

Every change goes through the validated manifest model: the new manifest is built and checked
in memory, the document file is copied in, and only then is the manifest replaced (written to
a temporary file and renamed, so a crash leaves either the old or the new manifest). A file
that cannot be added is reported with its reason while the other files of the same command
are still added; nothing already in the knowledge base is touched by a failed addition.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import tomlkit
from pydantic import BaseModel, ValidationError

from assistant.errors import KnowledgeError
from assistant.gazetteer import DOCUMENT_LEVEL, Gazetteer
from assistant.manifest import Manifest, load_manifest
from assistant.metadata import DocumentWords, Inferred, infer, load_words, make_id
from assistant.models import DocumentMeta
from assistant.parser import ParseResult, parse_document
from assistant.settings import Settings
from assistant.signatures import SIGNATURES, SignatureStore, content_key, jaccard, may_reach, signature
from assistant.sources import SUPPORTED_SUFFIXES, SourceText, read_source

DUPLICATE = 0.9  # Jaccard similarity of 5-character shingles over the whole text: the same document
LOW_COVERAGE = 0.98  # below this share of body characters in clauses, the maintainer is warned


class Overrides(BaseModel):
    """What the maintainer states on the command line; it wins over what is inferred."""

    id: str | None = None
    title: str | None = None
    short_title: str | None = None
    issuer: str | None = None
    region: str | None = None
    level: Literal["province", "city", "county"] | None = None
    issue_date: date | None = None
    doc_number: str | None = None
    effective_date: date | None = None
    expires: date | None = None
    supersedes: str | None = None
    source_url: str | None = None


@dataclass
class Prepared:
    """A file read, its metadata settled and its text parsed: ready to be written."""

    path: Path
    source: SourceText
    meta: DocumentMeta
    inferred: Inferred
    parse: ParseResult
    supersedes: str | None = None
    warnings: list[str] = field(default_factory=list)


class Catalog:
    """The manifest and the documents folder of one knowledge directory."""

    def __init__(self, settings: Settings, gazetteer: Gazetteer | None = None, words: DocumentWords | None = None) -> None:
        self.settings = settings
        self.root = settings.knowledge_dir
        self.gazetteer = gazetteer or Gazetteer.load(settings.gazetteer_path)
        self.words = words or load_words(settings.lexicon_dir / "documents.toml")
        self.signatures = SignatureStore(settings.data_dir / SIGNATURES)
        self._shingles: dict[str, np.ndarray] = {}  # content key → signature, read once per command

    @property
    def manifest(self) -> Manifest:
        """The current manifest, validated."""
        return load_manifest(self.settings.manifest_path)

    # -- preparing a file -----------------------------------------------------------------------
    def prepare(self, path: Path, overrides: Overrides, replacing: str | None = None) -> Prepared:
        """Read, infer and parse one file; raises KnowledgeError (with the file name) when it cannot be added."""
        source = read_source(path, self.settings.max_document_bytes)
        inferred = infer(
            source.text,
            self.gazetteer,
            self.words,
            source.title_hint,
            issuer_hint=source.issuer_hint,
            date_hint=source.date_hint,
            doc_number_hint=source.doc_number_hint,
        )
        manifest = self.manifest
        self._check_duplicate(path, source.text, manifest, replacing)
        meta = self._meta(path, source, inferred, overrides, manifest, replacing)
        result = parse_document(meta, source.text)
        warnings = []
        if not result.clauses:
            raise KnowledgeError(f"文件 {path.name} 没有解析出任何条款（正文为空或全是标题、落款）。")
        if not result.structured:
            warnings.append(f"文件 {path.name} 未识别出条款编号结构，已按段落收录（{len(result.clauses)} 段）。")
        if result.coverage.share < LOW_COVERAGE:
            warnings.append(
                f"文件 {path.name} 正文只有 {result.coverage.share:.1%} 进入条款，请用 kb show {meta.id} --coverage 查看舍弃的行。"
            )
        return Prepared(path, source, meta, inferred, result, overrides.supersedes, warnings)

    def _meta(
        self,
        path: Path,
        source: SourceText,
        inferred: Inferred,
        overrides: Overrides,
        manifest: Manifest,
        replacing: str | None,
    ) -> DocumentMeta:
        given = overrides.model_dump(exclude_none=True, exclude={"supersedes"})
        found = inferred.model_dump(exclude_none=True, exclude={"kind", "from_page"})
        values: dict[str, Any] = {**found, **given}
        if "region" in given:  # 文山州 → 文山壮族苗族自治州, and its level from the gazetteer
            values["region"], level = self._place(given["region"], path)
            values.setdefault("level", level)
        missing = [
            name
            for name, key in (("标题", "title"), ("发文机关", "issuer"), ("成文日期", "issue_date"), ("地区", "region"))
            if not values.get(key)
        ]
        if missing:
            flags = {"标题": "--title", "发文机关": "--issuer", "成文日期": "--date", "地区": "--region"}
            raise KnowledgeError(
                f"文件 {path.name} 无法从正文识别{'、'.join(missing)}，请用 {' '.join(flags[m] for m in missing)} 指明。"
            )
        taken = {d.id for d in manifest.documents if d.id != replacing}
        doc_id = (
            replacing or values.pop("id", None) or make_id(inferred.model_copy(update=values), source.text, self.gazetteer, taken)
        )
        values.pop("id", None)
        if doc_id in taken:
            raise KnowledgeError(f"文档编号 {doc_id} 已被使用，请用 --id 换一个。")
        values.setdefault("level", DOCUMENT_LEVEL.get(self.gazetteer.level(values["region"]) or "", "city"))
        values.setdefault("source_url", source.source_url)
        file = f"documents/{doc_id}{path.suffix.lower()}"
        try:
            return DocumentMeta(
                id=doc_id, file=file, kind=inferred.kind or "", **{k: v for k, v in values.items() if v is not None}
            )
        except ValidationError as e:
            raise KnowledgeError(f"文件 {path.name} 的元数据有误：{_first_error(e)}") from e

    def _place(self, name: str, path: Path) -> tuple[str, str]:
        place = self.gazetteer.resolve(name)
        if place is None:
            found = self.gazetteer.find(name)
            place = self.gazetteer.places[max(found, key=lambda p: len(self.gazetteer.chain(p)))] if found else None
        if place is None:
            raise KnowledgeError(
                f"文件 {path.name}：地名表中没有“{name}”，请写全称（如 文山壮族苗族自治州）或在 gazetteer.toml 中补充。"
            )
        return place.name, DOCUMENT_LEVEL[place.level]

    def _check_duplicate(self, path: Path, text: str, manifest: Manifest, replacing: str | None) -> None:
        """Reject a document whose content is already in the knowledge base, whatever its file name.

        Only documents whose number of shingles allows the threshold are compared; their signatures
        are read from the store (`assistant.signatures`), and a file without one is read once and stored.
        """
        mine, my_key = signature(text), content_key(path.read_bytes())
        self.signatures.put(my_key, mine)  # the next add finds this file's signature stored
        sizes = self.signatures.sizes()
        keys = {my_key}
        for doc in manifest.documents:
            try:
                key = content_key((self.root / doc.file).read_bytes())
            except OSError:
                continue  # a missing existing file is `kb validate`'s business
            keys.add(key)
            if doc.id == replacing or (key in sizes and not may_reach(len(mine), sizes[key], DUPLICATE)):
                continue
            theirs = self._signature_of(doc.file, key, sizes.get(key))
            if theirs is not None and jaccard(mine, theirs) >= DUPLICATE:
                raise KnowledgeError(f"文件 {path.name} 与已收录的文件 {doc.id}（{doc.title}）内容重复，未添加。")
        self.signatures.prune(keys)

    def _signature_of(self, file: str, key: str, size: int | None) -> np.ndarray | None:
        """The stored signature of a file's content, else computed from its text and stored (None: unreadable)."""
        if key not in self._shingles:
            stored = self.signatures.get(key, size) if size is not None else None
            if stored is None:
                try:
                    stored = signature(read_source(self.root / file, self.settings.max_document_bytes).text)
                except KnowledgeError:
                    return None  # a broken existing file is `kb validate`'s business
                self.signatures.put(key, stored)
            self._shingles[key] = stored
        return self._shingles[key]

    # -- writing --------------------------------------------------------------------------------
    def add(self, prepared: list[Prepared]) -> None:
        """Copy the files in and add their entries to the manifest, in one manifest write.

        The entries are appended to the manifest's text: tomlkit, which keeps the maintainer's comments and
        layout, reads a manifest of 4,000 entries in tens of seconds. A document marked superseded by a
        new one is an edit of its entry, made through tomlkit as before.
        """
        ids = {d.id for d in self.manifest.documents}
        for item in prepared:
            if item.meta.id in ids:
                raise KnowledgeError(f"文档编号 {item.meta.id} 已被使用。")
            ids.add(item.meta.id)
        copies = [(p.path, self.root / p.meta.file) for p in prepared]
        if not any(item.supersedes for item in prepared):
            text = self._read_text()
            self._write_text(
                text + ("" if text.endswith("\n") else "\n") + "".join(_entry_text(p.meta) for p in prepared), copies
            )
            return
        doc = self._load_toml()
        for item in prepared:
            doc["documents"].append(_entry(item.meta))
            if item.supersedes:
                self._mark_superseded(doc, item.supersedes, item.meta.id)
        self._write(doc, copies=copies)

    def replace(self, doc_id: str, prepared: Prepared) -> Path | None:
        """Swap a document's file and metadata, keeping its id; returns where the old file was kept."""
        doc = self._load_toml()
        index = self._index_of(doc, doc_id)
        old_file = self.root / str(doc["documents"][index]["file"])
        entry = _entry(prepared.meta)
        for key in ("short_title", "examples", "superseded_by"):  # what the maintainer wrote stays
            if key in doc["documents"][index] and key not in entry:
                entry[key] = doc["documents"][index][key]
        doc["documents"][index] = entry
        kept = self._keep_copy(old_file)
        self._write(doc, copies=[(prepared.path, self.root / prepared.meta.file)], remove=[old_file])
        return kept

    def remove(self, doc_id: str) -> Path | None:
        """Take a document out of the manifest and the folder; the file is kept under the data directory."""
        doc = self._load_toml()
        index = self._index_of(doc, doc_id)
        old_file = self.root / str(doc["documents"][index]["file"])
        del doc["documents"][index]
        for entry in doc["documents"]:
            if entry.get("superseded_by") == doc_id:
                del entry["superseded_by"]
        kept = self._keep_copy(old_file)
        self._write(doc, remove=[old_file])
        return kept

    def _mark_superseded(self, doc: Any, old_id: str, new_id: str) -> None:
        index = self._index_of(doc, old_id)
        doc["documents"][index]["superseded_by"] = new_id

    def _index_of(self, doc: Any, doc_id: str) -> int:
        for i, entry in enumerate(doc["documents"]):
            if entry.get("id") == doc_id:
                return i
        known = "、".join(str(e.get("id")) for e in doc["documents"])
        raise KnowledgeError(f"没有编号为 {doc_id} 的文件。可用：{known}")

    def _load_toml(self) -> Any:
        try:
            return tomlkit.parse(self._read_text())
        except tomlkit.exceptions.TOMLKitError as e:
            raise KnowledgeError(f"文件清单 {self.settings.manifest_path} 无法读取：{e}") from e

    def _read_text(self) -> str:
        try:
            return self.settings.manifest_path.read_text(encoding="utf-8")
        except OSError as e:
            raise KnowledgeError(f"文件清单 {self.settings.manifest_path} 无法读取：{e}") from e

    def _keep_copy(self, path: Path) -> Path | None:
        """Copy a file about to leave the knowledge base into data/removed/ (nothing is lost)."""
        if not path.is_file():
            return None
        folder = self.settings.data_dir / "removed"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{datetime.now():%Y%m%d-%H%M%S}-{path.name}"
        shutil.copy2(path, target)
        return target

    def _write(self, doc: Any, copies: Sequence[tuple[Path, Path]] = (), remove: Sequence[Path] = ()) -> None:
        """Validate the new manifest, copy files in, then atomically replace the manifest."""
        self._write_text(tomlkit.dumps(doc), copies, remove)

    def _write_text(self, text: str, copies: Sequence[tuple[Path, Path]] = (), remove: Sequence[Path] = ()) -> None:
        """`_write` of the manifest's new text."""
        try:
            Manifest.model_validate(tomllib.loads(text))
        except tomllib.TOMLDecodeError as e:
            raise KnowledgeError(f"更新后的文件清单无效，未写入：{e}") from e
        except ValidationError as e:
            raise KnowledgeError(f"更新后的文件清单无效，未写入：{_first_error(e)}") from e
        for source, target in copies:
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.resolve() != target.resolve():
                shutil.copy2(source, target)
        path = self.settings.manifest_path
        fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".toml", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
        targets = {t.resolve() for _, t in copies}
        for old in remove:
            if old.is_file() and old.resolve() not in targets:
                old.unlink()

    # -- checking -------------------------------------------------------------------------------
    def validate(self) -> list[str]:
        """Every problem of the knowledge directory, one sentence each (empty: all is well)."""
        try:
            manifest = self.manifest
        except KnowledgeError as e:
            return [str(e)]
        problems: list[str] = []
        listed = {(self.root / d.file).resolve() for d in manifest.documents}
        ids = {d.id for d in manifest.documents}
        for meta in manifest.documents:
            problems += self._check(meta, ids)
        folder = self.root / "documents"
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.is_file() and path.resolve() not in listed and not path.name.startswith("."):
                problems.append(f"文件 {path.relative_to(self.root)} 不在文件清单中（孤立文件）：用 kb add 收录或删除它。")
        return problems

    def _check(self, meta: DocumentMeta, ids: set[str]) -> list[str]:
        problems = []
        if self.gazetteer.resolve(meta.region) is None:
            problems.append(f"{meta.id}：地区“{meta.region}”不在地名表中。")
        if meta.superseded_by and meta.superseded_by not in ids:
            problems.append(f"{meta.id}：superseded_by 指向不存在的文件 {meta.superseded_by}。")
        try:
            source = read_source(self.root / meta.file, self.settings.max_document_bytes)
            result = parse_document(meta, source.text)
        except KnowledgeError as e:
            return [*problems, f"{meta.id}：{e}"]
        if not result.clauses:
            problems.append(f"{meta.id}：没有解析出任何条款。")
        return problems


def _entry(meta: DocumentMeta) -> Any:
    """A manifest table for a document, with the keys in a readable order and no empty values."""
    table = tomlkit.table()
    for key, value in meta.model_dump(exclude_none=True, exclude_defaults=True).items():
        table[key] = value
    for key in ("title", "issuer", "region", "level", "issue_date"):  # required keys even when defaulted
        table[key] = getattr(meta, key)
    return table


def _entry_text(meta: DocumentMeta) -> str:
    """A document's manifest table as TOML text (`[[documents]]` and its keys), preceded by a blank line."""
    tables = tomlkit.aot()
    tables.append(_entry(meta))
    doc = tomlkit.document()
    doc.append("documents", tables)
    return "\n" + tomlkit.dumps(doc)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}：{first['msg']}"


def supported(path: Path) -> bool:
    """True for a file of a format `kb add` reads."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES
