"""The tokenizer's dictionary: jieba's default words plus the project's, finished once and kept between processes.

A fresh `jieba.Tokenizer()` reads jieba's own cache of its 350,000 default words (~0.6 s: jieba
reads it with `marshal.load` straight from the file, a few bytes at a time), and the project then
adds its ~3,000 words (curated, mined, synonyms, the gazetteer's places) one `add_word` at a time.
The finished state — every word's frequency with its prefixes, the total, the tags of the added
words — is the same for the same added words and the same jieba, so it is pickled once into
`<cache>/<key>.pickle` (key: a hash of the added words and jieba's version) and a later process
reads it in ~0.2 s. A file that cannot be read is ignored and written again. The folder is trusted
like the rest of the data directory (pickle); only the newest KEEP files are kept.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import uuid
from collections.abc import Sequence
from importlib.metadata import version as package_version
from pathlib import Path

import jieba

log = logging.getLogger(__name__)

KEEP = 2  # dictionaries kept in the cache folder (the current one and the one before)

Entry = tuple[str, int, str | None]  # a word, its frequency, its part-of-speech tag


def dictionary_key(added: Sequence[Entry]) -> str:
    """What the finished dictionary depends on: the words added, in order, and jieba (its code and default words)."""
    digest = hashlib.sha1(f"jieba={package_version('jieba')}\x00".encode())
    for word, freq, tag in added:
        digest.update(f"{word}\x00{freq}\x00{tag or ''}\x01".encode())
    return digest.hexdigest()[:16]


def load_dictionary(tokenizer: jieba.Tokenizer, added: Sequence[Entry], cache: Path | None = None) -> None:
    """Initialize `tokenizer` with jieba's default words plus `added` (in order), from `cache` when stored there."""
    path = cache / f"{dictionary_key(added)}.pickle" if cache is not None else None
    if path is not None and _restore(tokenizer, path):
        return
    tokenizer.initialize()
    for word, freq, tag in added:
        tokenizer.add_word(word, freq, tag)
    if path is not None:
        _store(tokenizer, path)


def _restore(tokenizer: jieba.Tokenizer, path: Path) -> bool:
    try:
        with path.open("rb") as f:
            freq, total, tags = pickle.load(f)
    except FileNotFoundError:
        return False
    except (OSError, ValueError, TypeError, EOFError, AttributeError, pickle.UnpicklingError) as e:
        log.info("tokenizer dictionary %s unreadable (%s); building it", path.name, e)
        return False
    if not isinstance(freq, dict) or not isinstance(total, int) or not isinstance(tags, dict):
        log.info("tokenizer dictionary %s unreadable; building it", path.name)
        return False
    tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab = freq, total, tags
    tokenizer.initialized = True
    return True


def _store(tokenizer: jieba.Tokenizer, path: Path) -> None:
    """Write the finished dictionary beside the others, atomically; a failure costs only the next start's time."""
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            pickle.dump((tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        stored = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stored[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as e:  # a read-only data directory
        log.info("tokenizer dictionary not stored (%s)", e)
        tmp.unlink(missing_ok=True)
