"""Word (.docx) files: body paragraphs and tables in document order, with the core-properties title.

python-docx (and with it lxml) is imported only when a Word file is read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from assistant.sources.base import Block, SourceError, SourceText, Table, render
from assistant.sources.numbering import WordNumbering


def read_docx(data: bytes, name: str) -> SourceText:
    """A Word document's body paragraphs and tables in order, with its core-properties title."""
    import docx  # python-docx imports lxml; load it only for Word files

    if not data.startswith(b"PK\x03\x04"):
        hint = "（可能是旧版 .doc 文件，请在 Word 中另存为 .docx）" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise SourceError(f"文件 {name} 不是有效的 Word（.docx）文件{hint}。")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document, document.element.body, WordNumbering(document)))
    except Exception as e:  # python-docx raises KeyError, ValueError, BadZipFile, lxml errors …
        raise SourceError(f"文件 {name} 不是有效的 Word（.docx）文件：{e}") from e
    title = (document.core_properties.title or "").strip() or None
    return SourceText(text=render(blocks), format="docx", title_hint=title)


def _docx_blocks(document: Any, parent: Any, numbering: WordNumbering) -> Iterator[Block]:
    """Paragraphs (each with the number Word shows before it) and tables of a body or content control, in order."""
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    for element in parent.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            text = paragraph.text
            yield numbering.label(paragraph) + text if text.strip() else text
        elif tag == "tbl":
            yield _docx_grid(DocxTable(element, document))
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _docx_blocks(document, element, numbering)


def _docx_grid(table: Any) -> Table:
    """A Word table's rows; python-docx repeats a merged (gridSpan / vMerge) cell in every slot it covers."""
    return [[cell.text for cell in row.cells] for row in table.rows]
