"""HTML pages: the article with its paragraphs and data tables, without the site around it.

The article is found with the selectolax rules below, not with trafilatura. Measured on the
three government pages of tests/test_sources.py (a provincial portal with a div layout, share
widget and related links; a city site in a GB2312 table layout; a department site with HTML5
sections and <h2>/<h3> headings). "Exact" counts a body line's characters only when the line
comes out as a line of its own, as the parser needs it; "lenient" when its characters appear
anywhere, whitespace and table pipes ignored; a leak is an output line of site furniture:

    extractor                                  exact    lenient   boilerplate lines leaked
    trafilatura 2.3.1 txt, favor_recall        57.7%    93.0%     13 (11 city, 2 department)
      + the furniture line filter below        57.7%    93.0%      9 (all city)
    selectolax rules below                    100.0%   100.0%      0

trafilatura expands no rowspan/colspan (merged cells come out empty, so those rows never match),
prints tables as Markdown pipes and, on the table-layout page, returns the whole page with the
navigation and the article flattened into one line.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from assistant.sources.base import Block, SourceError, SourceText, Table, cell_text, render
from assistant.sources.portal import portal_meta
from assistant.sources.text import decode_declared, decode_text

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_DROP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "svg", "object"}
_DROP_TAGS |= {"button", "input", "select", "textarea", "option", "map", "canvas", "audio", "video", "head", "title"}
_BOILERPLATE_ATTR = re.compile(r"nav|menu|footer|header|share|breadcrumb|crumb|related|links|toolbar", re.I)
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dd", "dt", "caption", "figcaption"}
_CONTAINER_TAGS = {"div", "td", "th", "section", "article", "main", "center", "body", "form", "dl", "ul", "ol", "fieldset"}
_FLOW_TAGS = {"div", "section", "article", "main", "center"}  # a paragraph when they hold no block
_BLOCK_TAGS = _PARAGRAPH_TAGS | _CONTAINER_TAGS | {"tr", "table", "tbody", "thead", "tfoot", "hr", "address", "figure"}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses ASCII whitespace only; keep 　 indents until strip
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_NUMBERED = re.compile(r"^\s*\d{1,3}\s*[.、．]")
_MAX_DATA_CELL = 1000  # a table cell with more text than this is page layout holding the article
# Lines of site furniture that survive inside an article container (widgets, counters, metadata).
_WIDGET_WORDS = re.compile(
    r"打印本页|打印|关闭窗口|关闭|返回顶部|加入收藏|收藏|分享到|分享至|新浪微博|微信|微博|QQ空间|QQ|扫一扫|字号|[大中小]"
)
_FURNITURE_LABEL = re.compile(
    r"^(?:分享到|分享至|当前位置|您现在的位置|您的位置|所在位置|浏览次数|阅读次数|访问次数|点击数|浏览量|阅读量|点击量|上一篇|下一篇"
    r"|相关链接|相关文章|相关信息|相关阅读|相关新闻|相关文件|信息来源|来源|发布时间|发布日期|发布机构|字号|责任编辑|编辑"
    r"|版权所有|主办单位|主办|承办单位|承办|网站标识码)\s*(?:[:：>»©\s]|$)"
)
_FURNITURE_ANYWHERE = re.compile(r"ICP备|公网安备|网站标识码")


def read_html(data: bytes, name: str) -> SourceText:
    """An HTML page: its article as text, with the page's title and canonical address."""
    html, encoding = _decode_html(data, name)
    tree = LexborHTMLParser(html)
    title, url = _html_meta(tree)
    try:
        blocks = _article_blocks(tree)
    except RecursionError as e:
        raise SourceError(f"文件 {name} 的网页结构嵌套过深，无法解析。") from e
    text = render(block for block in blocks if not _is_furniture(block))
    if not text:
        raise SourceError(f"文件 {name} 中没有找到网页正文。")
    portal = portal_meta(tree)
    return SourceText(
        text=text,
        format="html",
        encoding=encoding,
        title_hint=title or portal.title,
        source_url=url,
        issuer_hint=portal.issuer,
        date_hint=portal.issue_date,
        doc_number_hint=portal.doc_number,
    )


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Decode with the page's <meta charset> when it decodes cleanly, else detect the encoding."""
    declared = _META_CHARSET.search(data[:4096])
    decoded = decode_declared(data, declared.group(1).decode("ascii")) if declared else None
    return decoded or decode_text(data, name)


def _html_meta(tree: LexborHTMLParser) -> tuple[str | None, str | None]:
    """Title (ArticleTitle meta, else <title>) and address (canonical link, else og:url)."""
    title = _attr(tree, 'meta[name="ArticleTitle"]', "content")
    if title is None:
        node = tree.css_first("title")
        title = cell_text(node.text()) if node is not None else None
    url = _attr(tree, 'link[rel="canonical"]', "href") or _attr(tree, 'meta[property="og:url"]', "content")
    return title or None, url


def _attr(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    """An attribute of the first element matching the selector, stripped; None when absent or blank."""
    node = tree.css_first(selector)
    value = node.attributes.get(name) if node is not None else None
    return (value.strip() or None) if value else None


def _weight(text: str) -> float:
    """How much article text a string holds: Chinese characters, Latin letters and digits at half."""
    return len(_CJK.findall(text)) + 0.5 * len(_ALNUM.findall(text))


def _link_free_weight(node: LexborNode) -> float:
    """The node's text weight without the text of its links."""
    return _weight(node.text()) - sum(_weight(a.text()) for a in node.css("a"))


def _article_blocks(tree: LexborHTMLParser) -> list[Block]:
    """The article container's paragraphs and tables in DOM order."""
    body = tree.body
    if body is None:
        return []
    page = _link_free_weight(body)
    scorer = _Scorer(page)
    scorer.score(body)
    container = scorer.best() or body
    walker = _HtmlWalker(_link_free_weight(container))
    walker.walk(container)
    walker.flush()
    return walker.blocks


def _boilerplate_attr(node: LexborNode) -> bool:
    """Whether the element's class or id names site furniture (nav, footer, share, breadcrumb …)."""
    attrs = node.attributes
    return bool(_BOILERPLATE_ATTR.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"))


def _hidden(node: LexborNode) -> bool:
    """Whether the element is hidden from readers."""
    attrs = node.attributes
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "hidden" in attrs or "display:none" in style or "visibility:hidden" in style


def _skipped(node: LexborNode, total: float) -> bool:
    """Elements that are never article text.

    A furniture-named element is kept when it holds at least half of the text (`total`): it is
    then a wrapper around the article (e.g. `<div id="main-nav-content">`), not furniture.
    """
    if node.tag in _DROP_TAGS or _hidden(node):
        return True
    return _boilerplate_attr(node) and _link_free_weight(node) < 0.5 * total


def _is_text_div(node: LexborNode) -> bool:
    """A <div> (or section …) holding only inline content: a paragraph, as readability treats it."""
    return node.tag in _FLOW_TAGS and not any(child.tag in _BLOCK_TAGS for child in node.iter())


def _is_data_table(node: LexborNode) -> bool:
    """A table of data, not of page layout: no nested table, two rows of two or more columns, short cells.

    One row of cells is how old sites put a sidebar beside the article; a data table has at
    least a header row and one row of data.
    """
    if len(node.css("table")) > 1 or any(len(cell.text()) > _MAX_DATA_CELL for cell in node.css("td, th")):
        return False
    wide_rows = [row for row in node.css("tr") if sum(_span(cell, "colspan") for cell in row.css("td, th")) >= 2]
    return len(wide_rows) >= 2


def _span(cell: LexborNode | None, name: str) -> int:
    """A cell's colspan or rowspan, bounded to 1..100 (rowspan="0" and junk count as 1)."""
    if cell is None:
        return 1
    value = (cell.attributes.get(name) or "").strip()
    return min(max(int(value), 1), 100) if value.isdigit() else 1


class _Scorer:
    """Readability-style scoring: each paragraph's text is credited to its container and half to the next one up."""

    def __init__(self, page_weight: float) -> None:
        self.page_weight = page_weight
        self.scores: dict[int, float] = {}
        self.nodes: dict[int, LexborNode] = {}

    def credit(self, node: LexborNode | None, amount: float) -> None:
        """Add to a container's score."""
        if node is None or not amount:
            return
        self.nodes[node.mem_id] = node
        self.scores[node.mem_id] = self.scores.get(node.mem_id, 0.0) + amount

    def score(self, node: LexborNode) -> float:
        """Score the subtree; return the node's own inline text weight (link text counts for nothing)."""
        inline = 0.0
        for child in node.iter(include_text=True):
            if child.is_text_node:
                inline += _weight(child.text_content or "")
            elif not child.is_element_node or child.tag == "a" or _skipped(child, self.page_weight):
                continue
            elif child.tag == "table" and _is_data_table(child):
                self.credit(node, _weight(child.text()))
                self.credit(node.parent, _weight(child.text()) / 2)
            elif child.tag in _PARAGRAPH_TAGS or _is_text_div(child):
                own = self.score(child)
                self.credit(node, own)
                self.credit(node.parent, own / 2)
            elif child.tag in _BLOCK_TAGS:
                own = self.score(child)
                self.credit(child, own)
                self.credit(node, own / 2)
            else:
                inline += self.score(child)
        return inline

    def best(self) -> LexborNode | None:
        """The highest-scoring container, or None when no element holds text."""
        if not self.scores:
            return None
        return self.nodes[max(self.scores, key=lambda key: self.scores[key])]


class _HtmlWalker:
    """Collects the lines and tables of an HTML subtree in document order."""

    def __init__(self, total: float) -> None:
        self.total = total
        self.blocks: list[Block] = []
        self._line: list[str] = []
        self._pre = 0

    def flush(self) -> None:
        """End the current line."""
        line = "".join(self._line)
        if line.strip():
            self.blocks.append(line)
        self._line = []

    def walk(self, node: LexborNode) -> None:
        """Append the node's children: text to the current line, blocks on lines of their own."""
        for child in node.iter(include_text=True):
            if child.is_text_node:
                self._text(child.text_content or "")
            elif not child.is_element_node or _skipped(child, self.total):
                continue
            elif child.tag == "br":
                self.flush()
            elif child.tag == "table" and _is_data_table(child):
                self.flush()
                caption = child.css_first("caption")
                if caption is not None:
                    self.blocks.append(cell_text(caption.text()))
                self.blocks.append(_html_grid(child))
            elif child.tag in _BLOCK_TAGS or child.tag == "pre":
                self._block(child, node)
            else:
                self.walk(child)

    def _text(self, text: str) -> None:
        if self._pre:
            first, *rest = text.split("\n")
            self._line.append(first)
            for part in rest:
                self.flush()
                self._line.append(part)
        else:
            self._line.append(_HTML_SPACE.sub(" ", text))

    def _block(self, child: LexborNode, parent: LexborNode) -> None:
        self.flush()
        if child.tag == "li" and parent.tag == "ol" and not _NUMBERED.match(child.text()):
            # An <ol> numbers its items on screen; the parser needs the number in the text.
            self._line.append(f"{_list_position(child)}.")
        self._pre += child.tag == "pre"
        self.walk(child)
        self._pre -= child.tag == "pre"
        self.flush()


def _list_position(item: LexborNode) -> int:
    """The 1-based number an <ol> shows for this <li> (the start attribute respected)."""
    parent = item.parent
    start_attr = (parent.attributes.get("start") or "").strip() if parent is not None else ""
    start = int(start_attr) if start_attr.isdigit() else 1
    position = 0
    for sibling in parent.iter() if parent is not None else []:
        if sibling.tag == "li":
            if sibling.mem_id == item.mem_id:
                break
            position += 1
    return start + position


def _html_grid(table: LexborNode) -> Table:
    """The table's rows with rowspan and colspan expanded: a merged cell's text fills every slot it covers."""
    slots: dict[tuple[int, int], str] = {}
    rows = table.css("tr")
    for r, row in enumerate(rows):
        c = 0
        for cell in row.iter():
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in slots:
                c += 1
            text = _html_cell_text(cell)
            width, height = _span(cell, "colspan"), _span(cell, "rowspan")
            for dr in range(height):
                for dc in range(width):
                    slots[(r + dr, c + dc)] = text
            c += width
    width = max((c + 1 for (r, c) in slots if r < len(rows)), default=0)
    return [[slots.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _html_cell_text(cell: LexborNode) -> str:
    """A cell's text with its paragraphs and line breaks joined by spaces."""
    walker = _HtmlWalker(_link_free_weight(cell))
    walker.walk(cell)
    walker.flush()
    return cell_text(" ".join(block for block in walker.blocks if isinstance(block, str)))


def _is_furniture(block: Block) -> bool:
    """A short line of site furniture: share and print widgets, counters, page metadata, ICP 备案."""
    if not isinstance(block, str):
        return False
    line = block.strip()
    if len(line) > 80:
        return False
    if _FURNITURE_LABEL.match(line) or _FURNITURE_ANYWHERE.search(line):
        return True
    rest = _WIDGET_WORDS.sub("", line)
    return not any(ch.isalnum() for ch in rest)
