"""A synthetic corpus ×N: the bundled documents copied across the home province's places.

Copy 0 is the knowledge folder as it is. Copy k ≥ 1 of an official document moves it, with the other
documents of its region, to a place of the gazetteer that holds no bundled document (prefectures
first, then counties; each region's copies start a third of the places apart, so each copy of one
document goes to a different place while there are places left): its region's names and its issuer
are swapped in the text and the manifest, its years shifted and its figures (money, shares, counts)
scaled, all from a seed, so two runs give the same bytes. A place that receives the documents of a
second region (×100 and above) holds its newest set in force and the others superseded (`superseded`). A scraped web copy, when copied too, moves with its official
document (same region and date, hence the same place and the same changes), so the builder
still folds it.

The questions come from evaluation cases whose gold clauses lie in one official document: the
question names the copy's place, the gold is the same clause in the copy, and the key facts are
changed like the document (a case is kept only where every changed key fact is in the copy). A copy
is asked only what its place would be asked: nothing of a document another plan of the place has
replaced (`superseded`), and no question naming a place within the original region (我们是红塔区的).
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import tomlkit

from assistant.evaluation import load_cases
from assistant.gazetteer import DOCUMENT_LEVEL, Gazetteer, Place
from assistant.manifest import load_manifest
from assistant.models import DocumentMeta, EvalCase, Strict
from assistant.text import normalize

SEED = 14
YEAR_SHIFTS = (-3, -2, -1, 1, 2, 3)
FACTORS = (0.6, 0.8, 1.2, 1.25, 1.5, 2.0, 2.5, 3.0)
# A figure is a number followed by one of these (after an optional range end and 万/亿): 50至150元, 55%.
# On one line only: a table's 序号 cell "1" is followed by a line break and the next cell (人力资本).
_FIGURE_AFTER = re.compile(r"[ \t]*(?:(?:至|到|-|—|～|~)[ \t]*\d+(?:\.\d+)?[ \t]*)?(?:万|亿|千)?(?:元|%|％|张|个|家|所|名|人)")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


class SyntheticQuestion(Strict):
    """A question whose right clause is known: it names a copy's place and asks that copy's figure."""

    id: str
    question: str
    place: str
    copy_number: int
    gold_clause_ids: list[str]
    key_facts: list[list[str]] = []
    source_case: str


@dataclass(frozen=True)
class Change:
    """What copy k does to one document: the place it moves to, the year shift, the figure factor."""

    copy: int
    place: Place | None  # None: copy 0, unchanged
    years: int = 0
    factor: float = 1.0

    def figures(self, text: str) -> str:
        """Shift years and scale figures; anything else numeric (dates' days, 文号 numbers, phones) is kept."""
        if self.place is None:
            return text

        def one(m: re.Match[str]) -> str:
            raw = m.group()
            if _FIGURE_AFTER.match(text, m.end()):
                return _scaled(raw, self.factor, percent=_is_percent(text, m.end()))
            if len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2099:
                return str(int(raw) + self.years)
            return raw

        return _NUMBER.sub(one, text)

    def date(self, day: date) -> date:
        """An issue date with its year shifted (29 February becomes the 28th)."""
        if self.place is None:
            return day
        return day.replace(year=day.year + self.years, day=min(day.day, 28) if day.month == 2 else day.day)


@dataclass
class Corpus:
    """A generated knowledge folder: manifest entries, their texts, and the questions."""

    scale: int
    documents: list[DocumentMeta]
    texts: dict[str, str]  # manifest `file` → text
    questions: list[SyntheticQuestion]

    def write(self, source: Path, target: Path) -> Path:
        """Write a knowledge folder at `target` (gazetteer and lexicon copied from `source`); returns it."""
        if target.exists():
            shutil.rmtree(target)
        (target / "documents").mkdir(parents=True)
        shutil.copy2(source / "gazetteer.toml", target / "gazetteer.toml")
        shutil.copytree(source / "lexicon", target / "lexicon")
        for name, text in self.texts.items():
            (target / name).write_text(text, encoding="utf-8")
        (target / "manifest.toml").write_text(manifest_toml(self.documents), encoding="utf-8")
        return target


def manifest_toml(documents: list[DocumentMeta]) -> str:
    """The manifest file for a list of entries (defaults left out)."""
    doc = tomlkit.document()
    entries = tomlkit.aot()
    for meta in documents:
        entries.append(tomlkit.item(meta.model_dump(mode="json", exclude_defaults=True)))
    doc["documents"] = entries
    return tomlkit.dumps(doc)


def places(gazetteer: Gazetteer, seed: int = SEED) -> list[Place]:
    """The home province's prefectures (shuffled), then its counties (shuffled): where copies go."""
    home = gazetteer.home.name if gazetteer.home else None
    inside = [p for p in gazetteer.places.values() if p.level in ("city", "county") and gazetteer.province_of(p.name) == home]
    rng = random.Random(seed)
    cities = sorted(p.name for p in inside if p.level == "city")
    counties = sorted(p.name for p in inside if p.level == "county")
    rng.shuffle(cities)
    rng.shuffle(counties)
    return [gazetteer.places[n] for n in cities + counties]


def generate(knowledge_dir: Path, cases_path: Path, scale: int, seed: int = SEED, web_copies: bool = False) -> Corpus:
    """The corpus ×scale: `scale` copies of every official document (copy 0 the originals) and their questions.

    A scraped web copy stays in copy 0 only unless `web_copies`: folding each copy into its
    official document compares it with every official document (see docs/benchmarks.md).
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    gazetteer = Gazetteer.load(knowledge_dir / "gazetteer.toml")
    manifest = load_manifest(knowledge_dir / "manifest.toml")
    originals = {m.id: (knowledge_dir / m.file).read_text(encoding="utf-8") for m in manifest.documents}
    regions = sorted({m.region for m in manifest.documents})
    targets = [p for p in places(gazetteer, seed) if p.name not in regions]  # a copy never joins an original
    stride = max(1, len(targets) // len(regions))  # each region's copies start this far apart in the rotation
    cases = [c for c in load_cases(cases_path) if _usable(c, manifest.documents)]
    docs: list[DocumentMeta] = []
    texts: dict[str, str] = {}
    questions: list[SyntheticQuestion] = []
    held: dict[str, dict[tuple[int, str], list[str]]] = {}  # place → (copy, original region) → the copies' ids
    for k in range(scale):
        for meta in manifest.documents:
            if k > 0 and meta.source_kind == "web_copy" and not web_copies:
                continue
            change = _change(k, regions.index(meta.region), meta, targets, seed, stride)
            copied, text = copy_document(meta, originals[meta.id], change, gazetteer)
            docs.append(copied)
            texts[copied.file] = text
            questions += _questions(cases, meta, copied, text, change, gazetteer)
            if k > 0:
                held.setdefault(copied.region, {}).setdefault((k, meta.region), []).append(copied.id)
    docs = superseded(docs, held)
    replaced = {m.id for m in docs if m.superseded_by}
    questions = [q for q in questions if q.gold_clause_ids[0].split(":", 1)[0] not in replaced]
    return Corpus(scale, docs, texts, questions)


def superseded(docs: list[DocumentMeta], held: dict[str, dict[tuple[int, str], list[str]]]) -> list[DocumentMeta]:
    """The copies a place holds of several original regions' documents: the newest set in force, the others replaced.

    A place publishes one plan per topic and period, and a later plan replaces the earlier one. Copy k
    moves all the documents of one original region to one place (a province's opinions and its action
    plan together, as the province holds them); a place that also receives another region's documents,
    from another copy, has published a newer plan: the set whose latest issue date is the newest (then
    the higher copy) stays in force, and every document of the other sets is superseded by that set's
    newest document. `held`: place → (copy, original region) → the ids of that set's copies.
    """
    by_id = {m.id: m for m in docs}
    replaced: dict[str, str] = {}
    for sets in held.values():
        if len(sets) < 2:
            continue
        dated = {key: sorted(ids, key=lambda i: by_id[i].issue_date) for key, ids in sets.items()}
        newest = max(dated, key=lambda key: (by_id[dated[key][-1]].issue_date, key[0]))
        replaced |= {i: dated[newest][-1] for key, ids in dated.items() if key != newest for i in ids}
    return [m.model_copy(update={"superseded_by": replaced[m.id]}) if m.id in replaced else m for m in docs]


LONG_TARGET = 13_500  # Han characters of the long document: ~20 pages of 22 lines of 28 characters (GB/T 9704)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def long_document(knowledge_dir: Path, target: int = LONG_TARGET, seed: int = SEED) -> tuple[str, str]:
    """A county's long document for timing `kb add`: (its text, its place).

    Two official documents whose Han characters add up closest to `target`, moved to the first
    county of `places()` (names, issuer, years and figures changed as in a copy): the longer is the
    body, the shorter follows as its 附件. Not a copy of either (it would be refused as a duplicate).
    """
    gazetteer = Gazetteer.load(knowledge_dir / "gazetteer.toml")
    manifest = load_manifest(knowledge_dir / "manifest.toml")
    official = [m for m in manifest.documents if m.source_kind == "official"]
    texts = {m.id: (knowledge_dir / m.file).read_text(encoding="utf-8") for m in official}
    size = {doc_id: len(_HAN.findall(text)) for doc_id, text in texts.items()}
    pairs = [(a, b) for i, a in enumerate(official) for b in official[i + 1 :]]
    if not pairs:
        raise ValueError("a long document needs two official documents")
    a, b = min(pairs, key=lambda p: abs(size[p[0].id] + size[p[1].id] - target))
    body, annex = sorted((a, b), key=lambda m: -size[m.id])
    place = next(p for p in places(gazetteer, seed) if p.level == "county")
    rng = random.Random(f"{seed}:long")
    change = Change(1, place, rng.choice(YEAR_SHIFTS), rng.choice(FACTORS))
    moved = [copy_document(meta, texts[meta.id], change, gazetteer)[1] for meta in (body, annex)]
    return f"{moved[0].rstrip()}\n\n附件\n\n{moved[1]}", place.name


def _change(k: int, group: int, meta: DocumentMeta, targets: list[Place], seed: int, stride: int) -> Change:
    """Copy k of a document of the `group`-th original region: every document of that region goes to one place."""
    if k == 0:
        return Change(0, None)
    rng = random.Random(f"{seed}:{k}:{meta.region}:{meta.issue_date}")
    place = targets[(k - 1 + group * stride) % len(targets)]
    return Change(k, place, rng.choice(YEAR_SHIFTS), rng.choice(FACTORS))


def copy_document(meta: DocumentMeta, text: str, change: Change, gazetteer: Gazetteer) -> tuple[DocumentMeta, str]:
    """A document moved by a change: manifest entry and text."""
    if change.place is None:
        return meta, text
    place = change.place
    issuer = f"{place.name}人民政府办公室"
    swap = _swapper({meta.issuer: issuer, **_name_pairs(gazetteer.places[meta.region], place)})

    def moved(s: str) -> str:
        return change.figures(swap(s))

    doc_id = f"{meta.id}-x{change.copy:04d}"
    copied = meta.model_copy(
        update={
            "id": doc_id,
            "file": f"documents/{doc_id}.txt",
            "title": moved(meta.title),
            "short_title": moved(meta.short_title) if meta.short_title else None,
            "issuer": issuer,
            "region": place.name,
            "level": DOCUMENT_LEVEL[place.level],
            "issue_date": change.date(meta.issue_date),
            "examples": [],
        }
    )
    return DocumentMeta.model_validate(copied.model_dump()), moved(text)


def _name_pairs(old: Place, new: Place) -> dict[str, str]:
    """Old name → new name: the full name, then each short name of two or more characters."""
    short = next((s for s in new.short if len(s) >= 2), new.name)
    pairs = {old.name: new.name}
    for s in old.short:
        if len(s) >= 2:
            pairs.setdefault(s, short)
    return pairs


def _swapper(pairs: dict[str, str]) -> Callable[[str], str]:
    """Replace every key by its value in one pass, longest keys first (a replaced text is not replaced again)."""
    pattern = re.compile("|".join(map(re.escape, sorted(pairs, key=len, reverse=True))))
    return lambda s: pattern.sub(lambda m: pairs[m.group()], s)


def _scaled(raw: str, factor: float, percent: bool) -> str:
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    value = float(raw)
    if percent and value >= 100:
        return raw  # 100% stays full coverage
    new = round(value * factor, decimals)
    if percent:
        new = min(new, 99 if decimals == 0 else 99.9)
    if new == value or new <= 0:
        new = value + 1
    return f"{new:.{decimals}f}"


def _is_percent(text: str, end: int) -> bool:
    m = _FIGURE_AFTER.match(text, end)
    return m is not None and m.group().rstrip()[-1] in "%％"


def _label(label: str, change: Change) -> str:
    """A clause label in a copy: a row label can hold a figure of its text (附件3.合计.50个), changed like it."""
    return ".".join(change.figures(part) for part in label.split("."))


def _usable(case: EvalCase, documents: list[DocumentMeta]) -> bool:
    official = {m.id for m in documents if m.source_kind == "official"}
    docs = {g.split(":", 1)[0] for g in case.gold_clause_ids}
    figure = any(re.search(r"\d", alt) for group in case.key_facts for alt in group)
    return case.answerable and not case.history and figure and len(docs) == 1 and docs <= official


def _questions(
    cases: list[EvalCase], meta: DocumentMeta, copied: DocumentMeta, text: str, change: Change, gazetteer: Gazetteer
) -> Iterator[SyntheticQuestion]:
    place = gazetteer.places.get(copied.region)
    if place is None:
        return
    old = gazetteer.places[meta.region]
    display = gazetteer.display(place.name)
    names = [n for n in [*gazetteer.names_of(old.name), *old.province_words] if len(n) >= 2]
    mention = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    haystack = normalize(text).replace(" ", "")
    inside = set(gazetteer.chain(old.name))
    elsewhere = [n for p in gazetteer.places.values() if p.name not in inside for n in [p.name, *p.short] if len(n) >= 2]
    for case in cases:
        if case.gold_clause_ids[0].split(":", 1)[0] != meta.id:
            continue
        if change.place is not None and any(n in case.question for n in elsewhere):
            continue  # 我们是红塔区的: a place within the original region, which the copy's place does not contain
        facts = [[change.figures(alt) for alt in group] for group in case.key_facts]
        if not all(any(normalize(alt).replace(" ", "") in haystack for alt in group) for group in facts):
            continue  # a key fact the copy does not state as the question expects
        named = mention.sub(display, case.question, count=1) if mention.search(case.question) else f"{display}，{case.question}"
        question = change.figures(named)  # 2026 in the question is the copy's year too
        yield SyntheticQuestion(
            id=f"{case.id}@{change.copy}",
            question=question,
            place=place.name,
            copy_number=change.copy,
            gold_clause_ids=[f"{copied.id}:{_label(g.split(':', 1)[1], change)}" for g in case.gold_clause_ids],
            key_facts=facts,
            source_case=case.id,
        )
