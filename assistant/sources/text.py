"""Plain text and Markdown files, and the encoding detection every text format shares.

A .txt file comes back verbatim apart from decoding: the BOM removed and "\\r\\n" and "\\r"
turned into "\\n". Lines are not stripped, blank lines are not dropped and TABs are kept, so
the parser's clause spans are character offsets into the decoded file and a table pasted
from Word or Excel (cells separated by TABs) reaches the parser as it was written.

A .md file is stripped of its markup and rendered like the other structured formats
(assistant/sources/base.py).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from assistant.sources.base import Block, SourceError, SourceText, render

_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_GBK_FAMILY = {"gb2312", "gbk", "gb18030"}  # Python codec names; cp936 and euc_cn are aliases of these
_MAX_CHAOS = 0.15  # charset-normalizer's own cut-off is 0.2; policy text in the right encoding scores 0
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def read_text(data: bytes, name: str) -> SourceText:
    """A .txt file exactly as decoded: BOM removed, newlines as \\n, nothing else changed."""
    text, encoding = _decode_non_blank(data, name)
    return SourceText(text=text, format="text", encoding=encoding)


def read_markdown(data: bytes, name: str) -> SourceText:
    """A .md file decoded and stripped of its markup; pipe tables become TAB rows."""
    text, encoding = _decode_non_blank(data, name)
    return SourceText(text=render(_markdown_blocks(text)), format="markdown", encoding=encoding)


def _decode_non_blank(data: bytes, name: str) -> tuple[str, str]:
    """decode_text, refusing a file that holds only whitespace (ideographic spaces included)."""
    text, encoding = decode_text(data, name)
    if not text.strip():
        raise SourceError(f"文件 {name} 是空的。")
    return text, encoding


# ---------------------------------------------------------------------------------------------
# Encodings


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode text bytes: UTF-8 first, else charset-normalizer; return (text with \\n newlines, encoding).

    GBK-family results are decoded as GB18030, a superset of GB2312 and GBK. Anything that does
    not decode cleanly raises SourceError instead of being guessed.
    """
    if b"\x00" in data and not data.startswith(_BOMS):
        raise SourceError(f"文件 {name} 含有二进制内容（NUL 字节），不是文本文件。")
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data, "utf-8-sig"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(data, name)
    if text is None or _looks_garbled(text):
        raise SourceError(f"文件 {name} 无法识别文件编码，请另存为 UTF-8 编码后重试。")
    return _newlines(text.removeprefix("\ufeff")), encoding


def decode_declared(data: bytes, charset: str) -> tuple[str, str] | None:
    """Decode with the charset a file declares (an HTML <meta charset>); return (text, encoding).

    None when a byte order mark overrides the declaration, the data holds NUL bytes or does not
    decode cleanly: the caller then falls back to decode_text.
    """
    if data.startswith((codecs.BOM_UTF8, *_BOMS)) or b"\x00" in data:
        return None
    codec = _codec_name(charset.lower())
    codec = "gb18030" if codec in _GBK_FAMILY else codec
    text = _strict(data, codec)
    return (_newlines(text), _encoding_label(codec)) if text is not None else None


def _newlines(text: str) -> str:
    """Windows and old Mac line ends as \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict(data: bytes, encoding: str) -> str | None:
    """The bytes decoded without replacement, or None."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes, name: str) -> tuple[str | None, str]:
    """Decode with the encoding charset-normalizer finds best.

    Among equally good matches GB18030 is preferred: on short Chinese text charset-normalizer
    cannot tell GBK from cp949 (both score a chaos of 0) and a Chinese document is the likelier.
    """
    matches = list(from_bytes(data))
    if not matches or matches[0].chaos > _MAX_CHAOS:
        raise SourceError(f"文件 {name} 无法识别文件编码，请另存为 UTF-8 编码后重试。")
    best = matches[0]
    tied = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence]
    chinese = next((m for m in tied if _codec_name(m.encoding) in _GBK_FAMILY), None)
    if chinese is not None or _codec_name(best.encoding) in _GBK_FAMILY:
        return _strict(data, "gb18030"), "gb18030"
    return str(best), _encoding_label(best.encoding)


def _codec_name(encoding: str) -> str:
    """Python's canonical codec name (cp936 → gbk), or the name itself when unknown."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _encoding_label(encoding: str) -> str:
    """utf-8, utf-8-sig or gb18030 for those families, else the detector's name."""
    codec = _codec_name(encoding)
    if codec == "utf-8":
        return "utf-8"
    if codec == "utf-8-sig":
        return "utf-8-sig"
    return "gb18030" if codec in _GBK_FAMILY else encoding


def _looks_garbled(text: str) -> bool:
    """More than 2% replacement or control characters: a wrong decoding, not a document."""
    return len(_CONTROL.findall(text)) > 0.02 * max(len(text), 1)


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:[-*_]\s*){3,}|=+)\s*$")  # --- *** ___ and setext underlines
_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?:\[[ xX]\]\s+)?")  # "1." and "一、" are numbering and stay
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_MD_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_MD_INLINE = [
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image → its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link → its text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"\*(?!\s)([^*\n]+?)(?<!\s)\*"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
]


def _markdown_blocks(text: str) -> list[Block]:
    """Markdown as paragraphs and tables; one source line stays one line (headings included)."""
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and "|" in lines[i] and "|" in lines[i + 1] and _MD_TABLE_SEP.match(lines[i + 1]):
            rows = [_md_cells(lines[i])]
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(_md_cells(lines[i]))
                i += 1
            blocks.append(rows)
            continue
        line = _md_line(lines[i])
        if line:
            blocks.append(line)
        i += 1
    return blocks


def _md_line(line: str) -> str:
    """One Markdown line without heading marks, quote marks, bullets or emphasis."""
    if _MD_RULE.match(line) or _MD_FENCE.match(line):
        return ""
    heading = _MD_HEADING.match(line)
    if heading:
        line = heading.group(1)
    line = _MD_BULLET.sub("", _MD_QUOTE.sub("", line))
    return _md_inline(line)


def _md_inline(text: str) -> str:
    """Inline Markdown markup removed, keeping the words."""
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return text.replace("\\|", "|").strip()


def _md_cells(line: str) -> list[str]:
    """The cells of one pipe-table row."""
    inner = line.strip().removeprefix("|")
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [_md_inline(cell) for cell in _MD_CELL_SPLIT.split(inner)]
