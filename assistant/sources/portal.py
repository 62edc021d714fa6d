"""The 信息公开 metadata a government portal prints around a document: 发布机构, 成文日期, 文号 ….

Portals show them as label/value cells of a `<table>` (索引号 | … | 发布机构 | 某市民政局), as
`<dt>`/`<dd>` pairs, or as short 「发布时间：2025-04-18 来源：某市卫生健康局」 lines; the article
extractor drops them all as site furniture. They are read here into hints for metadata inference,
which uses them only where the document's own text is silent (a 政策解读 page has no 落款).
"""

from __future__ import annotations

import re
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from assistant.sources.base import cell_text

# Labels in order of preference: the body that issued the document before the one that posted
# the page; the date it was written before the date it was posted.
ISSUER_LABELS = ("发文机关", "发文单位", "成文单位", "发布机构", "发布单位", "来源", "信息来源")
DATE_LABELS = ("成文日期", "发文日期", "生成日期", "印发日期", "发布日期", "发布时间")
NUMBER_LABELS = ("文号", "发文字号")
TITLE_LABELS = ("名称", "标题", "文件名称")
_LABELS = (*ISSUER_LABELS, *DATE_LABELS, *NUMBER_LABELS, *TITLE_LABELS)
_INLINE = re.compile(rf"(?:^|\s)({'|'.join(_LABELS)})\s*[:：]\s*(\S+(?: \d{{1,2}}:\d{{2}}(?::\d{{2}})?)?)")
_INLINE_MAX = 80  # a longer element is a paragraph of the article, not a metadata line
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


class PortalMeta:
    """The labelled values found on a page, the first of each label kept."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def add(self, label: str, value: str) -> None:
        """Keep a label's first non-empty value."""
        value = cell_text(value)
        if value and label not in self.values:
            self.values[label] = value

    def first(self, labels: tuple[str, ...]) -> str | None:
        """The value of the most preferred label present."""
        return next((self.values[label] for label in labels if label in self.values), None)

    @property
    def issuer(self) -> str | None:
        """发文机关 / 发布机构 / 来源, whichever is most specific."""
        return self.first(ISSUER_LABELS)

    @property
    def issue_date(self) -> date | None:
        """成文日期, else 发文日期, else … 发布日期."""
        for label in DATE_LABELS:
            if label in self.values and (found := parse_date(self.values[label])):
                return found
        return None

    @property
    def doc_number(self) -> str | None:
        """文号 / 发文字号."""
        return self.first(NUMBER_LABELS)

    @property
    def title(self) -> str | None:
        """名称 / 标题."""
        return self.first(TITLE_LABELS)


def portal_meta(tree: LexborHTMLParser) -> PortalMeta:
    """Every labelled value of the page: table cells, <dt>/<dd> pairs, then short 「label：value」 elements."""
    meta = PortalMeta()
    for row in tree.css("tr"):
        _pairs(meta, [cell for cell in row.iter() if cell.tag in ("td", "th")])
    for group in tree.css("dl"):
        _pairs(meta, [item for item in group.iter() if item.tag in ("dt", "dd")])
    for node in tree.css("li, span, p, td, dd, div"):
        text = node.text()
        if len(text) <= _INLINE_MAX and not any(child.tag in ("div", "p", "li", "table") for child in node.iter()):
            for label, value in _INLINE.findall(" ".join(text.split())):
                meta.add(label, value)
    return meta


def _pairs(meta: PortalMeta, cells: list[LexborNode]) -> None:
    """Label cells followed by their value cells (索引号 | 11532… | 发布机构 | 某市民政局)."""
    for cell, following in zip(cells, [*cells[1:], None]):
        label = _label(cell.text())
        if label in _LABELS and following is not None and _label(following.text()) not in _LABELS:
            meta.add(label, following.text())


def _label(text: str) -> str:
    """A label cell's text without its spacing (文　　号, 索&nbsp;引&nbsp;号) and colon."""
    return "".join(text.split()).rstrip(":：")


def parse_date(text: str) -> date | None:
    """2024-09-12, 2024/9/12, 2024.09.12 or 2024年09月12日 as a date."""
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
