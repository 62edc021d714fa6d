"""PDF files: the text layer with page headers, footers and numbers removed, wrapped lines re-joined and ruled tables read as rows.

pypdf reads the text. On the four two-page reportlab STSong-Light (CID font) PDFs of
tests/test_sources.py pypdf and pdfplumber both give all 60 paragraphs exactly after re-joining;
pypdf takes 0.06 s against 0.33 s. A ruled table comes out of pypdf one cell per line (a cell
wrapped in its box as two lines), so the pages that draw ruling lines are also read with
pdfplumber (assistant/sources/pdftables.py), and each table it finds replaces the text pypdf
placed inside the table's box; the rest of the page stays as pypdf read it, in its order.

pypdf is imported only when a PDF is read.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from collections import Counter
from typing import Any

from assistant.sources.base import Block, SourceError, SourceText, Table, clean_line, glue, render
from assistant.sources.pdftables import RuledTable, has_rules, matches, ruled_tables

Line = str | Table  # a line of a page's text, or a ruled table where it stands on the page
_SCANNED = "该 PDF 没有文字层（可能是扫描件），暂不支持 OCR 识别，请提供文字版 PDF、Word 或网页"
_MIN_CHARS_PER_PAGE = 10  # fewer visible characters per page on average: a scan with no text layer
_FULL_LINE = 0.85  # a line this wide (relative to the page's widest) was wrapped by the page edge
_EDGE_LINES = 5  # headers and footers are searched among the first and last lines of a page
_SENTENCE_END = "。；！？：;!?:"
_CLOSING_QUOTES = "”’\"'」』"
_CONTINUATION_START = "，。；：、！？）》】」』”’,.;:!?)"  # a line cannot start a paragraph with these
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}(?:[.．](?!\d)|、)|[（(]\d{1,2}[）)]|[①-⑳]"
    r"|第[一二三四五六七八九十百零〇\d]+[章节条]|附件)"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－─]+\s*\d{1,4}\s*[-—–－─]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)


def read_pdf(data: bytes, name: str) -> SourceText:
    """A PDF's text: page headers, footers and numbers removed, lines wrapped by the page re-joined, ruled tables as rows."""
    pages = _pdf_pages(data, name)
    visible = sum(len("".join(_line_text(line).split())) for page in pages for line in page)
    if visible < _MIN_CHARS_PER_PAGE * max(len(pages), 1):
        raise SourceError(f"文件 {name}：{_SCANNED}。")
    return SourceText(text=render(_join_wrapped(_strip_page_furniture(pages))), format="pdf")


def _line_text(line: Line) -> str:
    return line if isinstance(line, str) else "".join("".join(row) for row in line)


def _pdf_pages(data: bytes, name: str) -> list[list[Line]]:
    """The lines of every page (pypdf), with the ruled tables pdfplumber finds in place of their cells' lines."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise SourceError(f"文件 {name} 不是有效的 PDF 文件。")
    encrypted = f"文件 {name} 是加密的 PDF，请提供未加密的文件。"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens many "protected" PDFs
            raise SourceError(encrypted)
        pieces = [_pieces(page) for page in reader.pages]
        ruled = [index for index, page in enumerate(reader.pages) if has_rules(_content(page))]
    except (DependencyError, FileNotDecryptedError) as e:  # AES needs the optional cryptography package
        raise SourceError(encrypted) from e
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as e:
        raise SourceError(f"文件 {name} 不是有效的 PDF 文件：{e}") from e
    tables = ruled_tables(data, ruled)
    return [_page_lines(*page, tables.get(index, [])) for index, page in enumerate(pieces)]


Piece = tuple[str, float, float]  # a run of text as pypdf emits it, with where it starts on the page


def _pieces(page: Any) -> tuple[str, list[Piece]]:
    """The page's text as pypdf extracts it, and the same in runs with their starting point (PDF user space)."""
    pieces: list[Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        x, y = tm[4], tm[5]
        pieces.append((text, x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]))

    return page.extract_text(visitor_text=visit) or "", pieces


def _content(page: Any) -> bytes:
    """A page's decoded content stream (empty when it has none)."""
    contents = page.get_contents()
    return contents.get_data() if contents is not None else b""


def _page_lines(text: str, pieces: list[Piece], tables: list[RuledTable]) -> list[Line]:
    """A page's non-empty lines; each table stands where its first cell was, its cells' text removed.

    When the text inside a table's box is not the table's own (a table pdfplumber misread), the
    page keeps pypdf's lines.
    """
    plain = _split(text)
    if not tables:
        return list(plain)
    lines: list[Line] = []
    inside: dict[int, list[str]] = {}
    run: list[str] = []
    for text, x, y in pieces:
        number = next((n for n, table in enumerate(tables) if table.holds(x, y)), None) if text.strip() else None
        if number is None:  # pypdf also reports empty runs, at points of no meaning
            run.append(text)
            continue
        if number not in inside:
            lines.extend(_split("".join(run)))
            lines.append(tables[number].rows)
            inside[number], run = [], []
        inside[number].append(text)
    lines.extend(_split("".join(run)))
    if len(inside) < len(tables) or not all(matches(tables[n], "".join(texts)) for n, texts in inside.items()):
        return list(plain)
    return lines


def _split(text: str) -> list[str]:
    return [clean_line(line) for line in text.split("\n") if line.strip()]


def _strip_page_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Peel page-number lines and header/footer lines repeated across pages off each page's top and bottom.

    Peeled one line at a time from each edge, so a header that the PDF draws last (pypdf then
    emits it under the page's last lines of text, above a footer and a page number) goes too,
    while the same text inside the page (the 文号 under the 版头 on page 1) stays.
    """
    offset = _page_number_offset(pages)
    repeated = _repeated_edges(pages)
    out = []
    for index, lines in enumerate(pages):
        start, end = 0, len(lines)
        while start < min(end, _EDGE_LINES) and _page_furniture(lines[start], index, offset, repeated):
            start += 1
        while end > max(start, len(lines) - _EDGE_LINES) and _page_furniture(lines[end - 1], index, offset, repeated):
            end -= 1
        out.append(lines[start:end])
    return out


def _page_furniture(line: Line, index: int, offset: int | None, repeated: set[str]) -> bool:
    """Whether an edge line of page `index` is its page number or a repeated header/footer."""
    if not isinstance(line, str):
        return False
    return bool(_PAGE_NUMBER.match(line)) or _bare_page_number(line, index, offset) or _edge_key(line) in repeated


def _edge_lines(lines: list[Line]) -> list[str]:
    """A page's first and last few text lines."""
    edges = set(range(min(_EDGE_LINES, len(lines)))) | set(range(max(len(lines) - _EDGE_LINES, 0), len(lines)))
    return [line for i, line in enumerate(lines) if i in edges and isinstance(line, str)]


def _edge_key(line: str) -> str:
    """A header/footer line with its numbers masked and spaces removed, so '第3页' matches '第 4 页'."""
    return re.sub(r"\d+", "#", "".join(line.split()))


def _repeated_edges(pages: list[list[Line]]) -> set[str]:
    """Short edge lines found on every page (on 80% of them from five pages up: a cover has none)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_edge_key(line) for line in _edge_lines(lines) if len(line) <= 40})
    needed = len(pages) if len(pages) < 5 else 0.8 * len(pages)
    return {key for key, count in counts.items() if count >= needed}


def _page_number_offset(pages: list[list[Line]]) -> int | None:
    """The difference between bare page numbers at the page edges and page positions, if half the pages agree.

    A bare number is only a page number when it counts up with the pages; otherwise it may be a
    table's serial number that happens to sit at the bottom of a page.
    """
    counts: Counter[int] = Counter()
    for index, lines in enumerate(pages):
        counts.update({int(line) - index for line in _edge_lines(lines) if line.isdigit() and len(line) <= 4})
    if not counts:
        return None
    offset, count = counts.most_common(1)[0]
    return offset if 2 * count >= len(pages) else None


def _bare_page_number(line: str, index: int, offset: int | None) -> bool:
    """Whether a bare number is this page's number."""
    return offset is not None and line.isdigit() and len(line) <= 4 and int(line) - index == offset


def _width(line: str) -> int:
    """Display width: wide (Chinese) characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


_DATE_LINE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日"
)


def _join_wrapped(pages: list[list[Line]]) -> list[Block]:
    """Paragraphs from page lines: a full line without final punctuation continues on the next line, across pages too.

    A table is a block of its own: the lines before and after it are not joined across it. A line
    is full against the page's widest line, or the usual widest line of a page when that is wider.
    """
    paragraphs: list[Block] = []
    full = False
    widths = [max((_width(line) for line in lines if isinstance(line, str)), default=0) for lines in pages]
    typical = statistics.median(w for w in widths if w) if any(widths) else 0
    for lines, page_widest in zip(pages, widths, strict=True):
        widest = max(page_widest, typical)  # a page of a title and a short line has no full line
        for line in lines:
            last = paragraphs[-1] if paragraphs else None
            if not isinstance(line, str):
                paragraphs.append(line)
            elif isinstance(last, str) and _continues(last, full, line):
                paragraphs[-1] = glue(last, line)
            else:
                paragraphs.append(line)
            full = isinstance(line, str) and _width(line) >= _FULL_LINE * widest
    return paragraphs


def _continues(paragraph: str, full: bool, line: str) -> bool:
    """Whether `line` continues `paragraph`, whose last line was `full` width or not."""
    if line[0] in _CONTINUATION_START:
        return True
    if _HEADING_START.match(line) or _DATE_LINE.fullmatch(line.strip()):
        return False  # 2025年6月10日 under a signature wide enough to look full is the date line, not its end
    if _open_bracket(paragraph):  # （责任单位： at a page's foot goes on with the departments on the next page
        return True
    if paragraph.rstrip(_CLOSING_QUOTES)[-1:] in _SENTENCE_END:
        return False
    return full


def _open_bracket(paragraph: str) -> bool:
    """Whether the paragraph's last sentence opened a bracket it has not closed yet."""
    tail = paragraph.rsplit("。", 1)[-1]
    return tail.count("（") + tail.count("(") > tail.count("）") + tail.count(")")
