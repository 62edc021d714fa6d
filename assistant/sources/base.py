"""What every reader returns, and how the structured formats are rendered as lines.

Markdown, HTML, Word and PDF are rendered with one paragraph per line; headings (一、 （一） 1.)
stay on their own line and every table row is one line of TAB-separated cells, merged cells
repeated so all rows of a table have the same width. No other line contains a TAB. Plain .txt
files are not rendered: they come back as decoded (see assistant/sources/text.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel

from assistant.errors import KnowledgeError

SourceFormat = Literal["text", "markdown", "html", "docx", "pdf"]
Table = list[list[str]]
Block = str | Table  # a paragraph (may hold several lines) or a table as rows of cells


class SourceError(KnowledgeError):
    """A document file cannot be turned into text; the message names the file and the reason."""


class SourceText(BaseModel):
    """The plain text of one document file, with what the file says about itself."""

    text: str
    format: SourceFormat
    encoding: str | None = None
    title_hint: str | None = None
    source_url: str | None = None
    # What a web page's 信息公开 table says of the document (发布机构, 成文日期, 文号): for inference
    # where the text itself is silent.
    issuer_hint: str | None = None
    date_hint: date | None = None
    doc_number_hint: str | None = None


def render(blocks: Iterable[Block]) -> str:
    """Blocks as text: paragraph lines stripped and TAB-free, tables as TAB rows of equal width."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.extend(clean_line(line) for line in block.split("\n"))
        else:
            lines.extend(_table_lines(block))
    return "\n".join(line for line in lines if line)


def clean_line(line: str) -> str:
    """A paragraph line without tabs, non-breaking spaces or surrounding whitespace."""
    return line.replace("\t", " ").replace("\xa0", " ").strip()


def glue(text: str, line: str) -> str:
    """Join a line wrapped by the page or a cell's box: no space between Chinese characters, one between Latin words."""
    if text and line and text[-1].isascii() and text[-1].isalnum() and line[0].isascii() and line[0].isalnum():
        return f"{text} {line}"
    return text + line


def cell_text(text: str) -> str:
    """A table cell on one line: every run of whitespace (newlines included) becomes one space."""
    return " ".join(text.split())


def _table_lines(rows: Table) -> list[str]:
    """TAB rows padded to the widest row; a one-column 'table' (a framed box) becomes paragraphs."""
    cleaned = [[cell_text(cell) for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    width = max((len(row) for row in cleaned), default=0)
    if width < 2:
        return [row[0] for row in cleaned if row]
    return ["\t".join(row + [""] * (width - len(row))) for row in cleaned]
