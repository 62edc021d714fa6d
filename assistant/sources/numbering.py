"""Word's automatic list numbers, as a reader of the page sees them.

A Word list numbered by the program (一、 1. （1） ①, set by a paragraph's numPr or by its style, e.g.
"List Number") keeps the number out of the paragraph's text: python-docx's `paragraph.text` has none
of it, and a plan's ten measures would reach the structure parser as ten unnumbered paragraphs. This
module reads the numbering definitions (numbering.xml) and counts the paragraphs as Word does, so
that each paragraph's text starts with its number. python-docx has no API for rendered numbers, and
docx2python renders lists in its own style (1), a), I)) rather than the document's 一、 or （1）.
"""

from __future__ import annotations

from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CHINESE = ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting", "ideographDigital")


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (list numbers stay far below a hundred; larger ones are written in digits)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")


def _format(n: int, kind: str) -> str:
    if kind in _CHINESE:
        return chinese_numeral(n)
    if kind.startswith("decimalEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if kind in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if kind == "upperLetter" else letter
    if kind == "ideographTraditional":
        return _STEMS[(n - 1) % len(_STEMS)]
    if kind == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    return str(n)  # decimal, decimalZero and anything else: the digits


def _val(element: Any, tag: str) -> str | None:
    found = element.find(f"{_W}{tag}") if element is not None else None
    return found.get(f"{_W}val") if found is not None else None


class WordNumbering:
    """Counts a document's numbered paragraphs in order and gives each its number (一、), or ""."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNum → ilvl → (start, format, text)
        self.nums: dict[str, str] = {}  # numId → abstractNum
        self.counts: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: no automatic numbers
        for abstract in root.iter(f"{_W}abstractNum"):
            levels = self.levels.setdefault(abstract.get(f"{_W}abstractNumId"), {})
            for lvl in abstract.iter(f"{_W}lvl"):
                start = int(_val(lvl, "start") or 1)
                levels[int(lvl.get(f"{_W}ilvl", 0))] = (start, _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "")
        for num in root.iter(f"{_W}num"):
            abstract_id = _val(num, "abstractNumId")
            if abstract_id is not None:
                self.nums[num.get(f"{_W}numId")] = abstract_id

    def label(self, paragraph: Any) -> str:
        """The number Word shows before this paragraph, counting it; "" for an unnumbered one or a bullet."""
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract = self.nums.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if abstract is None or ilvl not in levels:
            return ""
        counts = self.counts.setdefault(abstract, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new item restarts the levels below it
        _, kind, text = levels[ilvl]
        if kind in ("bullet", "none") or not text:
            return ""
        for level in range(ilvl, -1, -1):
            if level in levels:
                value = counts.get(level, levels[level][0])
                text = text.replace(f"%{level + 1}", _format(value, levels[level][1]))
        return text

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        """numId and level from the paragraph's own properties, else from its style or the styles it is based on."""
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = paragraph.style if num_pr is None else None
        while num_pr is None and style is not None:
            style_ppr = style.element.pPr
            num_pr = style_ppr.numPr if style_ppr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None or num_pr.numId.val == 0:
            return None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(ilvl)
