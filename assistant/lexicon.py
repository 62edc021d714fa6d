"""Chinese tokenization and vocabulary: a private jieba tokenizer, synonyms, places, stopwords.

jieba's global state is never touched: the project's words go into a dedicated
`jieba.Tokenizer()`, which is passed around as a callable.
"""

from __future__ import annotations

import logging
import re
import threading
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import jieba
from pydantic import ValidationError

from assistant.dictionary import load_dictionary
from assistant.errors import KnowledgeError
from assistant.gazetteer import SUFFIXES, Gazetteer
from assistant.models import Clause, Strict
from assistant.spelling import Speller, simplified
from assistant.text import normalize
from assistant.vocabulary import Vocabulary

if TYPE_CHECKING:
    from assistant.tagger import SharedTags

jieba.setLogLevel(logging.WARNING)

_TOKEN_OK = re.compile(r"[\u4e00-\u9fff0-9a-z%.]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+|[0-9]+(?:\.[0-9]+)?%?|[a-z]+")
_QUOTED = re.compile(r"[《“\"]([^《》“”\"]{2,24})[》”\"]")
NOUN_TAGS = {"n", "nz", "vn"}
CACHE_SIZE = 20_000
CACHE_TEXT = 4_000  # longer texts are not kept
PLACE_FREQ = 1500  # jieba frequency of a place name: kept whole against the generic dictionary
COMMON_PLACE_FREQ = 300  # a short name that is also an everyday word (安宁) yields to longer words (安宁疗护)
_DEPT_WORD = re.compile(r"^[市省][\u4e00-\u9fff]{2,12}(局|委|厅|办|会|所|支队|中心)$")


class SynonymEntry(Strict):
    """Official terms and the colloquial ways of saying them."""

    official: list[str]
    colloquial: list[str] = []


class Synonyms(Strict):
    """knowledge/lexicon/synonyms.toml."""

    entries: list[SynonymEntry]


def _load_toml(path: Path, model: type[Strict]) -> Strict:
    try:
        return model.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as e:
        raise KnowledgeError(f"词表文件 {path} 无法读取或格式有误：{e}") from e


def _word_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class Lexicon:
    """Tokenizer plus vocabulary tables, loaded once from knowledge/lexicon/ and the gazetteer.

    `regions` are the places that have documents (from the manifest): a place named in a
    question is mapped to the nearest of them up its parent chain.
    """

    def __init__(
        self,
        lexicon_dir: Path,
        regions: Iterable[str] = (),
        gazetteer: Gazetteer | None = None,
        dictionary_cache: Path | None = None,
    ) -> None:
        """`dictionary_cache`: a folder where the tokenizer's finished dictionary is kept between processes."""
        self.dir = lexicon_dir
        self.synonyms: Synonyms = _load_toml(lexicon_dir / "synonyms.toml", Synonyms)  # type: ignore[assignment]
        self.vocab = Vocabulary.load(lexicon_dir / "cues.toml")
        self.speller: Speller | None = None  # set by learn_corpus
        self.departments: dict[str, list[str]] = {}  # 民政局 → [市民政局, …]: the documents' departments
        self.gazetteer = gazetteer or Gazetteer.load(lexicon_dir.parent / "gazetteer.toml")  # knowledge/gazetteer.toml
        self.covered = set(regions)
        self.stopwords = set(_word_lines(lexicon_dir / "stopwords.txt"))
        self.tokenizer = jieba.Tokenizer()
        self._tagger: SharedTags | None = None
        self._tagging = threading.Lock()
        self.words: set[str] = set()
        self._cache: dict[str, tuple[str, ...]] = {}
        # words of corpus texts as an earlier build with the same dictionary cut them (the stored search index):
        # set while the search index is rebuilt, so only new texts are tokenized
        self.known: Mapping[str, tuple[str, ...]] = {}
        # the project's words, in order (a word added twice keeps its last frequency and tag, as in jieba)
        added: list[tuple[str, int, str | None]] = []
        for line in _word_lines(lexicon_dir / "curated.txt") + _word_lines(lexicon_dir / "mined.txt"):
            added.append(self._entry(line))
        for entry in self.synonyms.entries:
            for term in entry.official + entry.colloquial:
                added.append(self._entry(term))
        official = {normalize(t) for e in self.synonyms.entries for t in e.official}
        # everyday words the synonym table maps to official terms (托儿所 → 托育)
        self.colloquial_words = {normalize(t) for e in self.synonyms.entries for t in e.colloquial} - official
        # every term of an entry → the entry's official terms (each is a dictionary word, kept whole)
        self._official: dict[str, list[str]] = {}
        for entry in self.synonyms.entries:
            for term in entry.colloquial + entry.official:
                terms = self._official.setdefault(normalize(term), [])
                terms += [t for t in map(normalize, entry.official) if t not in terms]
        # each synonym entry's terms, normalized once: (every term, (official term, its normalized form))
        self._entries = [
            (tuple(normalize(t) for t in e.colloquial + e.official), tuple((t, normalize(t)) for t in e.official))
            for e in self.synonyms.entries
        ]
        self.place_words: set[str] = set()
        self._order = {name: i for i, name in enumerate(self.gazetteer.places)}
        for place in self.gazetteer.places.values():
            for name in [place.name, *place.short, *place.province_words]:
                common = place.common_word and name in place.short
                added.append(self._entry(f"{name} {COMMON_PLACE_FREQ if common else PLACE_FREQ} ns"))
                self.place_words.add(normalize(name))
        load_dictionary(self.tokenizer, added, dictionary_cache)

    @property
    def pos_tagger(self) -> SharedTags:
        """The part-of-speech tagger over the private tokenizer, made on first use (jieba.posseg reads its tag table
        when imported, ~0.3 s: a process that never tags never pays it)."""
        # One tagger per tokenizer, made under a lock: a tagger takes the tags of the project's words from the
        # tokenizer at its first cut and empties them there, so a second one made meanwhile would lack them.
        with self._tagging:
            if self._tagger is None:
                from assistant.tagger import SharedTags

                self._tagger = SharedTags(self.tokenizer)
            return self._tagger

    def learn_corpus(
        self, words: Iterable[str], departments: Iterable[str] = (), by_sound: dict[tuple[str, ...], str] | None = None
    ) -> None:
        """Know the documents' own words (homophone typos of them are read as meant) and departments.

        `by_sound`: the speller's table, as computed from the same words before (the search index artifact).
        """
        level = self.vocab.question.pattern("department_level")
        for name in departments:
            core = level.sub("", normalize(name))
            if len(core) >= 3:
                self.departments.setdefault(core, []).append(name)
        self.tokenizer.initialize()
        self.speller = Speller(
            words,
            lambda text: self.tokenizer.lcut(text, HMM=False),
            lambda word: bool(self.tokenizer.FREQ.get(word)),
            self.vocab.spelling.function_chars,
            by_sound,
            particles=self.vocab.spelling.particles,
            frequency=lambda word: self.tokenizer.FREQ.get(word, 0),
        )

    def departments_in(self, text: str) -> list[str]:
        """The documents' departments a text names (某市民政局, 民政局 → 市民政局), longest names first."""
        norm = normalize(text)
        found = [core for core in sorted(self.departments, key=len, reverse=True) if core in norm]
        found = [c for c in found if not any(c != o and c in o for o in found)]
        names = [name for core in found for name in self.departments[core]]
        exact = [name for name in names if normalize(name) in norm]  # 省医保局 named in full: not 市医保局
        # 州财政局 named with its level, though no responsibility note of the documents names it so: as written
        level = self.vocab.question.pattern("department_level").pattern.lstrip("^")
        written = [m.group() for core in found for m in re.finditer(rf"{level}{re.escape(core)}", norm)]
        return exact or list(dict.fromkeys(written)) or names

    def read(self, text: str) -> str:
        """A question as the documents would write it: simplified characters, dialect question words (好多钱 → 多少钱)
        and homophone typos mended."""
        text = simplified(text)
        for pattern, replacement in self.vocab.spelling.dialect_rules:
            text = pattern.sub(replacement, text)
        return self.speller.correct(text) if self.speller is not None else text

    def _entry(self, line: str) -> tuple[str, int, str | None]:
        """A dictionary line (word [frequency [tag]]) as jieba's add_word takes it; the word is one of the project's."""
        parts = line.split()
        word = normalize(parts[0])
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1000
        tag = parts[2] if len(parts) > 2 else None
        self.words.add(word)
        return word, freq, tag

    def __call__(self, text: str) -> list[str]:
        """Search-mode words of a text, normalized, without stopwords or punctuation."""
        return self.words_of(text)

    def words_of(self, text: str) -> list[str]:
        """Search-mode words of a text, normalized, without stopwords or punctuation."""
        cached = self._cache.get(text)
        if cached is None:
            cached = self.known.get(text)
        if cached is None:
            norm = normalize(text)
            cached = tuple(w for w in self.tokenizer.cut_for_search(norm) if _keep(w) and w not in self.stopwords)
            if len(self._cache) < CACHE_SIZE and len(text) <= CACHE_TEXT:  # corpus texts, tokenized by several indexes
                self._cache[text] = cached
        return list(cached)

    def nouns_of(self, text: str) -> list[str]:
        """Nouns of two or more characters (jieba POS n, nz, vn): what a question is about."""
        norm = normalize(text)
        return [
            p.word for p in self.pos_tagger.cut(norm) if p.flag in NOUN_TAGS and len(p.word) >= 2 and p.word not in self.stopwords
        ]

    def head_noun(self, text: str, skip: Iterable[str] = ()) -> str | None:
        """The last noun or project term of a short phrase (3岁以下的托位 → 托位), if any, ignoring `skip`."""
        ignored = set(skip) | self.stopwords
        nouns = [
            p.word
            for p in self.pos_tagger.cut(normalize(text))
            if len(p.word) >= 2 and p.word not in ignored and (p.flag in NOUN_TAGS or p.word in self.words)
        ]
        return nouns[-1] if nouns else None

    def bigrams_of(self, text: str) -> list[str]:
        """Character bigrams inside runs of Chinese characters (numbers kept whole)."""
        out: list[str] = []
        for run in _CJK_RUN.findall(normalize(text)):
            if not "\u4e00" <= run[0] <= "\u9fff" or len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        return out

    def expansions(self, text: str) -> list[str]:
        """Official terms for the colloquial words a question uses (not already in it)."""
        norm = normalize(text)
        found: list[str] = []
        for terms, official in self._entries:
            if any(term in norm for term in terms):
                found += [t for t, folded in official if folded not in norm and t not in found]
        return found

    def official_words(self, word: str) -> list[str]:
        """The official terms a colloquial word stands for, as whole words (护工 → 养老护理员, 护理员 …).

        A term is kept whole, not cut into its parts: 养老 alone does not stand for 护工.
        """
        return self._official.get(normalize(word), [])

    def named_places(self, text: str) -> list[str]:
        """Gazetteer places a text names, as whole words (安宁疗护 is not 安宁), in text order."""
        out: list[str] = []
        # place names are dictionary words: the HMM for unknown words (costly on long text) finds none
        for token in self.tokenizer.lcut(normalize(text), HMM=False):
            if token not in self.place_words and not (
                len(token) > 2 and token[-1] in SUFFIXES and token[:-1] in self.place_words
            ):
                continue  # 上海市 → 上海, 大理州 → 大理
            place = self.gazetteer.resolve(token)
            if place is not None and place.name not in out:
                out.append(place.name)
            # 大理 is also 大理市, the prefecture's seat: where only the city has documents, it is meant too
            namesake = self.gazetteer.namesake(token)
            if namesake in self.covered and place is not None and place.name not in self.covered and namesake not in out:
                out.append(namesake)
        return out

    def names_written(self, text: str, places: Iterable[str]) -> list[str]:
        """How a text writes these places by name (禄丰市, 漾濞县, 云南): its words naming one, in text order.

        The words a province is spoken of by (全省, 省里) are no name: documents use them as words (全省每千人口…).
        """
        wanted = set(places)
        out: list[str] = []
        for token in self.tokenizer.lcut(normalize(text), HMM=False):
            place = self.gazetteer.resolve(token) if len(token) >= 2 else None
            if place is not None and place.name in wanted and token not in place.province_words and token not in out:
                out.append(token)
        return out

    def places(self, text: str) -> tuple[list[str], list[str]]:
        """(regions with documents that a text points to, other places it names)."""
        return self.regions_of(self.named_places(text))

    def regions_of(self, named: list[str]) -> tuple[list[str], list[str]]:
        """(regions with documents that named places point to, the other places).

        A place without documents of its own points to its nearest parent that has some, below
        the province (a county to its city); the province itself only when named (省里, 云南).
        Places left over, such as another prefecture or another province, are the others.
        """
        regions: list[str] = []
        others: list[str] = []
        for name in named:
            nearest = next((r for r in self.gazetteer.chain(name) if r in self.covered), None)
            if nearest is None or (nearest != name and self.gazetteer.level(nearest) == "province"):
                others.append(name)
            elif nearest not in regions:
                regions.append(nearest)
        regions.sort(key=lambda r: (self.gazetteer.level(r) == "province", self._order.get(r, 0)))
        others.sort(key=lambda r: self._order.get(r, 0))
        return regions, others

    def scope_of(self, place: str) -> list[str]:
        """Regions with documents that apply to a place: itself and its parents that have documents."""
        return [r for r in self.gazetteer.chain(place) if r in self.covered]

    def in_scope(self, place: str) -> bool:
        """True for a place some collected document applies to (a prefecture under a covered province)."""
        return bool(self.scope_of(place))

    def names_province(self, text: str) -> bool:
        """Does a text name the home province outright (省里, 全省, its full name)?"""
        home = self.gazetteer.home
        words = [home.name, *home.province_words] if home else []
        norm = normalize(text)
        return any(w in norm for w in words)

    def is_province(self, region: str) -> bool:
        """True for a province-level region."""
        return self.gazetteer.level(region) == "province"


def _keep(word: str) -> bool:
    return bool(word.strip()) and bool(_TOKEN_OK.search(word))


def mine_terms(clauses: Iterable[Clause]) -> list[str]:
    """Terms worth keeping whole, found in the corpus: 《titles》, “quoted terms”, departments."""
    terms: set[str] = set()
    for clause in clauses:
        for match in _QUOTED.finditer(clause.text):
            term = match.group(1).strip()
            if 2 <= len(term) <= 12 and not re.search(r"[，。、；：,]", term):
                terms.add(term)
        for dept in clause.departments:
            if _DEPT_WORD.match(dept):
                terms.add(dept)
        for value in clause.columns.values():
            for dept in re.split(r"[、，]", value):
                if _DEPT_WORD.match(dept.strip()):
                    terms.add(dept.strip())
    return sorted(terms)
