"""Pickling parsed documents compactly: repeated strings and pydantic's sets of given fields stored once.

A parsed clause took ~3.1 KB in memory at ×100, 40% of it repeated: pydantic keeps a set of the
fields given per instance (~730 bytes, the same names for every clause), and each clause holds its
own copies of its headings, departments, column names and document id. Pickle writes an object
referenced twice once, and reads it back as one object: so here every string of a model (and of
its lists and dicts of strings) is replaced by the first equal one, and every model shares the one
set of given fields equal to its own. Loaded documents are read, never changed in place (a change
is a `model_copy`), so sharing them is safe.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from pydantic import BaseModel


def dump(path: Path, value: Any) -> None:
    """Pickle `value` to `path`, its pydantic models with shared strings and shared sets of given fields."""
    with path.open("wb") as f:
        _Pickler(f).dump(value)


def dumps(value: Any) -> bytes:
    """`dump` into bytes."""
    buffer = io.BytesIO()
    _Pickler(buffer).dump(value)
    return buffer.getvalue()


def _restore(cls: type[BaseModel], values: dict[str, Any], given: set[str], private: dict[str, Any] | None) -> BaseModel:
    """A model from its pickled parts, as pydantic's own `__setstate__` makes it (no validation)."""
    model = cls.__new__(cls)
    model.__setstate__(
        {"__dict__": values, "__pydantic_fields_set__": given, "__pydantic_extra__": None, "__pydantic_private__": private}
    )
    return model


class _Pickler(pickle.Pickler):
    def __init__(self, file: Any) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.strings: dict[str, str] = {}
        self.given: dict[frozenset[str], set[str]] = {}

    def reducer_override(self, obj: Any) -> Any:
        if not isinstance(obj, BaseModel) or obj.__pydantic_extra__:
            return NotImplemented
        values = {name: self._shared(value) for name, value in obj.__dict__.items()}
        given = self.given.setdefault(frozenset(obj.__pydantic_fields_set__), set(obj.__pydantic_fields_set__))
        return _restore, (type(obj), values, given, obj.__pydantic_private__)

    def _shared(self, value: Any) -> Any:
        """The first equal string for a string, or for each string of a list or a dict; anything else as it is."""
        if isinstance(value, str):
            return self.strings.setdefault(value, value)
        if type(value) is list and all(isinstance(v, str) for v in value):
            return [self.strings.setdefault(v, v) for v in value]
        if type(value) is dict and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return {self.strings.setdefault(k, k): self.strings.setdefault(v, v) for k, v in value.items()}
        return value
