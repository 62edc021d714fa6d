"""Turn a document file (.txt, .md, .html, .docx, .pdf) into plain text for the structure parser.

One module per format family: text.py (.txt, .md and the encoding detection they share with
HTML), html.py, docx.py and pdf.py; base.py holds the result model and how the structured
formats are rendered as lines (one paragraph per line, table rows as TAB-separated cells).

A .txt file comes back exactly as decoded (BOM removed, newlines as \\n), so the parser's clause
spans are character offsets into the decoded file and TAB-separated table rows survive.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from assistant.sources.base import SourceError, SourceText
from assistant.sources.docx import read_docx
from assistant.sources.html import read_html
from assistant.sources.pdf import read_pdf
from assistant.sources.text import decode_text, read_markdown, read_text

__all__ = ["SUPPORTED_SUFFIXES", "SourceError", "SourceText", "decode_text", "read_source"]

_READERS: dict[str, Callable[[bytes, str], SourceText]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)
_RECENT_FILES = 8  # the texts of the last files read, by content: a file and its copy are read once
_RECENT: OrderedDict[tuple[str, str], SourceText] = OrderedDict()


def read_source(path: Path, max_bytes: int = 20_000_000) -> SourceText:
    """Read a supported document file as plain text; raise SourceError with a Chinese reason."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise SourceError(f"文件 {name} 的格式不受支持，支持的格式：{'、'.join(SUPPORTED_SUFFIXES)}。")
    data = _read_bytes(path, max_bytes)
    if not data.strip():
        raise SourceError(f"文件 {name} 是空的。")
    key = (suffix, hashlib.sha1(data).hexdigest())
    if key in _RECENT:  # kb add reads a file, then its copy in the knowledge folder: a PDF's tables once
        _RECENT.move_to_end(key)
        return _RECENT[key].model_copy(deep=True)
    source = _READERS[suffix](data, name)
    if not source.text:
        raise SourceError(f"文件 {name} 中没有可提取的文字。")
    _RECENT[key] = source.model_copy(deep=True)
    if len(_RECENT) > _RECENT_FILES:
        _RECENT.popitem(last=False)
    return source


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes after checking that it exists and is not over the size limit."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SourceError(f"文件 {path.name} 不存在（该路径不是文件）。")
        if size > max_bytes:
            raise SourceError(f"文件 {path.name} 超过大小上限 {max_bytes / 1_000_000:g} MB（实际 {size / 1_000_000:.3g} MB）。")
        return path.read_bytes()
    except FileNotFoundError as e:
        raise SourceError(f"文件 {path.name} 不存在。") from e
    except OSError as e:
        raise SourceError(f"文件 {path.name} 无法读取：{e.strerror or e}") from e
