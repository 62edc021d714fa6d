"""Shingle signatures of document files, kept on disk: what `kb add`'s duplicate check compares.

A signature is the sorted distinct 64-bit hashes of a text's 5-character shingles (`text.shingles`:
the same windows over the same fingerprint). The hash is computed with numpy over the whole text,
the same in every process (Python's `hash` of a string is not), so a signature can be stored. It is
kept per file content (`<sha1 of the bytes>-<number of shingles>.npy`), written by whoever reads the
file's text anyway: the parse of a new or changed document, and `kb add` itself for the file it
adds. The duplicate check then reads no document it has a signature for, and compares only
documents of a similar number of shingles: a Jaccard similarity of at least t needs the smaller
set to hold at least t of the larger, so the sizes in the file names settle most documents without
reading their signatures. Two distinct shingles share a hash with a chance of about 2^-64 a pair.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import numpy as np

from assistant.text import fingerprint

log = logging.getLogger(__name__)

SIZE = 5  # characters a shingle, as text.shingles
SIGNATURES = "signatures"  # the folder under the data directory
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: each character's code is spread over all 64 bits


def signature(text: str, size: int = SIZE) -> np.ndarray:
    """The text's shingles as sorted distinct 64-bit hashes (empty for a text without characters)."""
    fp = fingerprint(text)
    codes = np.frombuffer(fp.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if not len(codes):
        return np.zeros(0, dtype=np.uint64)
    if len(codes) <= size:  # text.shingles: the whole fingerprint is the one shingle
        codes = np.concatenate([codes, np.zeros(size + 1 - len(codes), dtype=np.uint64)])
        windows = 1
    else:
        windows = len(codes) - size + 1
    value = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2^64 is the point
        for offset in range(size):
            value = _mix(value * _MULTIPLIER + codes[offset : offset + windows] + np.uint64(offset + 1))
    return np.unique(value)


def _mix(value: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: every input bit moves about half the output bits."""
    value = (value ^ (value >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    value = (value ^ (value >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return value ^ (value >> np.uint64(31))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two signatures (0 when either is empty), as `text.jaccard` of their shingle sets."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def may_reach(a: int, b: int, threshold: float) -> bool:
    """Whether two sets of a and b elements can have a Jaccard similarity of at least `threshold`."""
    return a > 0 and b > 0 and min(a, b) >= threshold * max(a, b)


def content_key(data: bytes) -> str:
    """The key of a file's signature: a hash of its bytes."""
    return hashlib.sha1(data).hexdigest()[:20]


class SignatureStore:
    """Signatures on disk, one `.npy` per file content; a missing or damaged one is computed again by the caller."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def sizes(self) -> dict[str, int]:
        """key → number of shingles, of every stored signature (one listing of the folder)."""
        if not self.folder.is_dir():
            return {}
        out = {}
        for path in self.folder.glob("*.npy"):
            key, _, count = path.stem.partition("-")
            if count.isdigit():
                out[key] = int(count)
        return out

    def get(self, key: str, size: int) -> np.ndarray | None:
        """A stored signature, or None."""
        try:
            stored = np.load(self.folder / f"{key}-{size}.npy", allow_pickle=False)
        except (OSError, ValueError) as e:
            log.info("signature %s not read (%s)", key, e)
            return None
        return stored if stored.dtype == np.uint64 and len(stored) == size else None

    def put(self, key: str, value: np.ndarray) -> None:
        """Store a signature (atomically); a read-only data directory only costs a later check a read."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.tmp.npy"
            np.save(tmp, value, allow_pickle=False)
            os.replace(tmp, self.folder / f"{key}-{len(value)}.npy")
        except OSError as e:
            log.info("signature %s not stored (%s)", key, e)

    def prune(self, keep: set[str]) -> None:
        """Remove the signatures of contents no longer in the knowledge base."""
        for key, size in self.sizes().items():
            if key not in keep:
                (self.folder / f"{key}-{size}.npy").unlink(missing_ok=True)
