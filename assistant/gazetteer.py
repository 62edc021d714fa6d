"""Places as data: knowledge/gazetteer.toml lists every place with its level, parent and short names.

A document's region is any place of the gazetteer; which places have documents comes from the
manifest. A question about a place is answered from that place's documents first, then from
its parents (county → prefecture → province): `chain` gives that order.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import ValidationError, model_validator

from assistant.errors import KnowledgeError
from assistant.models import Strict
from assistant.text import normalize

PlaceLevel = Literal["province", "city", "county", "area"]
# What a level is called in answers ("市级文件"), and the unit a rule applies to ("适用于本市").
LEVEL_NAMES: dict[str, str] = {"province": "省级", "city": "市级", "county": "县级", "area": "县级"}
LEVEL_UNITS: dict[str, str] = {"province": "省", "city": "市", "county": "县", "area": "地"}
SUFFIXES = "省市州县区盟旗"
# The manifest level of a document issued for a place of each level (an area's documents are county-level).
DOCUMENT_LEVEL: dict[str, str] = {
    "province": "province",
    "city": "city",
    "county": "county",
    "area": "county",
}  # administrative suffixes: 大理州 is 大理


class Place(Strict):
    """One entry of the gazetteer."""

    name: str
    level: PlaceLevel
    parent: str | None = None
    short: list[str] = []
    province_words: list[str] = []  # 省里, 全省: words that mean "this province" in a question
    common_word: bool = False  # the short name is also an everyday word (安宁, 富民): weaker in tokenizing

    @model_validator(mode="after")
    def _parent_for_non_provinces(self) -> Place:
        if self.level != "province" and not self.parent:
            raise ValueError(f"{self.name} 不是省级地区，必须写明 parent")
        return self


class GazetteerFile(Strict):
    """knowledge/gazetteer.toml."""

    places: list[Place]


class Gazetteer:
    """Lookups over the places: by any name, up the parent chain, the home province."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: dict[str, Place] = {}
        self.names: dict[str, str] = {}  # every normalized name or short name → place name
        for place in places:
            if place.name in self.places:
                raise KnowledgeError(f"地名表中地名重复：{place.name}")
            if place.parent and place.parent not in self.places:
                raise KnowledgeError(f"地名表中 {place.name} 的上级 {place.parent} 不存在或排在它后面")
            self.places[place.name] = place
            for name in [place.name, *place.short, *place.province_words]:
                self.names.setdefault(normalize(name), place.name)
        homes = [p for p in self.places.values() if p.province_words]
        self.home: Place | None = homes[0] if homes else None

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """Read and validate the gazetteer file."""
        try:
            data = GazetteerFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, ValidationError) as e:
            raise KnowledgeError(f"地名表 {path} 无法读取或格式有误：{e}") from e
        return cls(data.places)

    def resolve(self, name: str) -> Place | None:
        """The place a name or short name stands for (大理州, 大理, 大理白族自治州 → the same place)."""
        norm = normalize(name)
        found = self.names.get(norm)
        if found is None and len(norm) > 2 and norm[-1] in SUFFIXES:
            found = self.names.get(norm[:-1])  # 上海市 → 上海, a district written without its short form
        return self.places[found] if found else None

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        names = sorted((n for n in self.names if len(n) >= 2), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, names)))

    def find(self, text: str) -> list[str]:
        """Places a name-like text contains, longest names first (丽江市永胜县民政局 → 丽江市, 永胜县)."""
        found = [self.names[m.group()] for m in self._pattern.finditer(normalize(text))]
        return list(dict.fromkeys(found))

    def namesake(self, name: str) -> str | None:
        """The child named by a place's bare short name plus a suffix (大理 → 大理市 under 大理州), else None."""
        place = self.resolve(name)
        norm = normalize(name)
        if place is None or normalize(place.name) == norm or norm[-1:] in SUFFIXES:
            return None
        return next((p.name for s in SUFFIXES if (p := self.places.get(norm + s)) and p.parent == place.name), None)

    def chain(self, name: str) -> list[str]:
        """The place and its parents, nearest first: a district → [the district, its city, its province]."""
        out: list[str] = []
        place = self.places.get(name)
        while place is not None and place.name not in out:
            out.append(place.name)
            place = self.places.get(place.parent or "")
        return out

    def ancestors(self, name: str) -> list[str]:
        """The parents of a place, nearest first."""
        return self.chain(name)[1:]

    def level(self, name: str) -> PlaceLevel | None:
        """The level of a place, or None for a name the gazetteer does not know."""
        place = self.places.get(name)
        return place.level if place else None

    def province_of(self, name: str) -> str | None:
        """The province a place lies in (itself for a province)."""
        chain = self.chain(name)
        return chain[-1] if chain else None

    def province_words(self) -> list[str]:
        """Words that name the home province in a question (省里, 全省), and its names."""
        if self.home is None:
            return []
        return [self.home.name, *self.home.short, *self.home.province_words]

    def names_of(self, name: str) -> list[str]:
        """A place's full name and short names."""
        place = self.places.get(name)
        return [place.name, *place.short] if place else [name]

    def display(self, name: str) -> str:
        """How a place is written in an answer: the shortest form that keeps its suffix (大理州, 曲靖市)."""
        place = self.places.get(name)
        if place is None:
            return name
        suffixed = [s for s in place.short if len(s) >= 3 and s[-1] in SUFFIXES]
        return min(suffixed, key=len) if suffixed else place.name

    def order_key(self, name: str) -> tuple[int, str]:
        """Sort key: provinces, then cities, then counties; unknown places last."""
        levels = ["province", "city", "county", "area"]
        level = self.level(name)
        return (levels.index(level) if level else len(levels), name)
