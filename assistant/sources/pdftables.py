"""Ruled tables on PDF pages, read as rows of whole cells with pdfplumber.

pypdf gives a ruled table one cell per line, and a cell wrapped inside its box (序 / 号) as two
lines, so the table cannot be told from its cells afterwards. pdfplumber finds the table from its
ruling lines and gives every cell whole. It is slower: pypdf reads a page of text in ~10 ms,
pdfplumber spends 50–150 ms on each page it reads (pdfminer lays out the whole page; finding and
reading the tables is then ~20 ms) after a 0.2–0.3 s import. So it reads only the pages whose
content stream draws enough line segments to hold a table, and pdfplumber is imported only then.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from assistant.sources.base import Table, glue

log = logging.getLogger(__name__)

# A table of two rows and two columns needs at least three rules each way; one framed box (a
# single `re`, four sides) and a rule under the page header (one `l`) stay below this.
_MIN_SEGMENTS = 6
_PATH_OPERATOR = re.compile(rb"\s(re|l)\s")
_MATCHING_CHARS = 0.9  # share of a table's characters the page's text must place inside it


@dataclass(frozen=True)
class RuledTable:
    """A table found on a page: its box in PDF user space (y upwards) and its rows of cells."""

    x0: float
    y0: float
    x1: float
    y1: float
    rows: Table

    def holds(self, x: float, y: float) -> bool:
        """Whether a point of the page (PDF user space) lies inside the table's box."""
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


def has_rules(content: bytes) -> bool:
    """Whether a page's (decoded) content stream draws enough line segments to hold a ruled table."""
    segments = 0
    for match in _PATH_OPERATOR.finditer(content):
        segments += 4 if match.group(1) == b"re" else 1
        if segments >= _MIN_SEGMENTS:
            return True
    return False


def ruled_tables(data: bytes, pages: list[int]) -> dict[int, list[RuledTable]]:
    """The ruled tables of the given pages (0-based), by page; a page pdfplumber cannot read has none."""
    if not pages:
        return {}
    import pdfplumber  # pdfminer.six underneath: load it only for a PDF with ruled pages

    found: dict[int, list[RuledTable]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[index + 1 for index in pages]) as pdf:
            for index, page in zip(pages, pdf.pages, strict=True):
                found[index] = _page_tables(page) if page.rotation % 360 == 0 else []
    except Exception as e:  # pdfminer raises many kinds; the page then stays as pypdf read it
        log.warning("PDF 表格读取失败，按文字读取：%s", e)
    return found


def matches(table: RuledTable, inside: str) -> bool:
    """Whether the text the page places inside the table's box is the table's own text (the same characters)."""
    mine = Counter("".join("".join(row) for row in table.rows).replace(" ", ""))
    theirs = Counter("".join(inside.split()))
    total = max(sum(mine.values()), sum(theirs.values()), 1)
    return sum((mine & theirs).values()) >= _MATCHING_CHARS * total


def _page_tables(page: Any) -> list[RuledTable]:
    """The page's tables of at least two rows and two columns, top to bottom."""
    x_origin, y_origin = page.mediabox[0], page.mediabox[1]
    tables = []
    for table in page.find_tables():
        rows = _grid(table)
        if len(rows) < 2 or max(len(row) for row in rows) < 2:
            continue
        x0, top, x1, bottom = table.bbox
        y0, y1 = page.height - bottom + y_origin, page.height - top + y_origin
        tables.append(RuledTable(x0 + x_origin, y0, x1 + x_origin, y1, rows))
    return sorted(tables, key=lambda t: -t.y1)


def _grid(table: Any) -> Table:
    """Rows of cell texts; a merged cell's text fills every slot it covers, as Word tables are read."""
    texts = table.extract()
    boxes = {box: text for row, row_texts in zip(table.rows, texts) for box, text in zip(row.cells, row_texts) if box}
    columns = [column.bbox for column in table.columns]
    grid = []
    for row in table.rows:
        cells = []
        for c, box in enumerate(row.cells):
            if box is None and c < len(columns):  # covered by a merged cell: the one holding the slot's centre
                x, y = (columns[c][0] + columns[c][2]) / 2, (row.bbox[1] + row.bbox[3]) / 2
                box = next((b for b in boxes if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
            cells.append(_cell_text(boxes.get(box) or "") if box else "")
        grid.append(cells)
    return grid


def _cell_text(text: str) -> str:
    """A cell's lines joined as wrapped lines (序 / 号 → 序号)."""
    return functools.reduce(glue, (line.strip() for line in text.split("\n") if line.strip()), "")
