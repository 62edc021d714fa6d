"""Chinese tokenization and vocabulary: a private jieba tokenizer, synonyms, places, stopwords.

jieba's global state is never touched: the project's words go into a dedicated
`jieba.Tokenizer()`, which is passed around as a callable.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

import jieba
import jieba.posseg
from pydantic import ValidationError

from assistant.errors import KnowledgeError
from assistant.models import Clause, Strict
from assistant.text import normalize

jieba.setLogLevel(logging.WARNING)

_TOKEN_OK = re.compile(r"[\u4e00-\u9fff0-9a-z%.]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+|[0-9]+(?:\.[0-9]+)?%?|[a-z]+")
_QUOTED = re.compile(r"[《“\"]([^《》“”\"]{2,24})[》”\"]")
NOUN_TAGS = {"n", "nz", "vn"}
CACHE_SIZE = 20_000
CACHE_TEXT = 4_000  # longer texts are not kept
_DEPT_WORD = re.compile(r"^[市省][\u4e00-\u9fff]{2,12}(局|委|厅|办|会|所|支队|中心)$")


class SynonymEntry(Strict):
    """Official terms and the colloquial ways of saying them."""

    official: list[str]
    colloquial: list[str] = []


class Synonyms(Strict):
    """knowledge/lexicon/synonyms.toml."""

    entries: list[SynonymEntry]


class RegionNames(Strict):
    """Names that point to one region."""

    names: list[str]


class Regions(Strict):
    """knowledge/lexicon/regions.toml."""

    covered: dict[str, RegionNames]
    yunnan_other: RegionNames
    other: RegionNames


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
    """Tokenizer plus vocabulary tables, loaded once from knowledge/lexicon/."""

    def __init__(self, lexicon_dir: Path) -> None:
        self.dir = lexicon_dir
        self.synonyms: Synonyms = _load_toml(lexicon_dir / "synonyms.toml", Synonyms)  # type: ignore[assignment]
        self.regions: Regions = _load_toml(lexicon_dir / "regions.toml", Regions)  # type: ignore[assignment]
        self.stopwords = set(_word_lines(lexicon_dir / "stopwords.txt"))
        self.tokenizer = jieba.Tokenizer()
        self.pos_tagger = jieba.posseg.POSTokenizer(self.tokenizer)
        self.words: set[str] = set()
        self._cache: dict[str, tuple[str, ...]] = {}
        for line in _word_lines(lexicon_dir / "curated.txt") + _word_lines(lexicon_dir / "mined.txt"):
            self._add(line)
        for entry in self.synonyms.entries:
            for term in entry.official + entry.colloquial:
                self._add(term)
        official = {normalize(t) for e in self.synonyms.entries for t in e.official}
        # everyday words the synonym table maps to official terms (托儿所 → 托育)
        self.colloquial_words = {normalize(t) for e in self.synonyms.entries for t in e.colloquial} - official
        # every term of an entry → the entry's official terms (each is a dictionary word, kept whole)
        self._official: dict[str, list[str]] = {}
        for entry in self.synonyms.entries:
            for term in entry.colloquial + entry.official:
                terms = self._official.setdefault(normalize(term), [])
                terms += [t for t in map(normalize, entry.official) if t not in terms]
        self.place_words: set[str] = set()
        for names in [*self.regions.covered.values(), self.regions.yunnan_other, self.regions.other]:
            for name in names.names:
                self._add(f"{name} 1500 ns")
                self.place_words.add(normalize(name))

    def _add(self, line: str) -> None:
        parts = line.split()
        word = normalize(parts[0])
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1000
        tag = parts[2] if len(parts) > 2 else None
        self.tokenizer.add_word(word, freq, tag)
        self.words.add(word)

    def __call__(self, text: str) -> list[str]:
        """Search-mode words of a text, normalized, without stopwords or punctuation."""
        return self.words_of(text)

    def words_of(self, text: str) -> list[str]:
        """Search-mode words of a text, normalized, without stopwords or punctuation."""
        cached = self._cache.get(text)
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
        for entry in self.synonyms.entries:
            if any(normalize(term) in norm for term in entry.colloquial + entry.official):
                found += [t for t in entry.official if normalize(t) not in norm and t not in found]
        return found

    def official_words(self, word: str) -> list[str]:
        """The official terms a colloquial word stands for, as whole words (护工 → 养老护理员, 护理员 …).

        A term is kept whole, not cut into its parts: 养老 alone does not stand for 护工.
        """
        return self._official.get(normalize(word), [])

    def places(self, text: str) -> tuple[list[str], list[str]]:
        """(covered regions named, other places named) in a text; county names map to cities."""
        tokens = set(self.tokenizer.lcut(normalize(text)))  # whole words: 安宁疗护 is not 安宁
        tokens |= {t[:-1] for t in tokens if len(t) > 2 and t[-1] in "市州省县区"}  # 上海市 → 上海, 大理州 → 大理
        covered = [region for region, names in self.regions.covered.items() if tokens & set(names.names)]
        others = [n for n in self.regions.yunnan_other.names + self.regions.other.names if n in tokens]
        return covered, others

    def in_yunnan(self, place: str) -> bool:
        """True for a Yunnan prefecture without its own collected document (provincial rules apply)."""
        return place in self.regions.yunnan_other.names


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
