"""Text normalization and number handling shared by parsing, retrieval and answer checking."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_SPACE = re.compile(r"\s+")
# Punctuation dropped for duplicate detection (after NFKC folding).
_PUNCT = re.compile(r"[\s,.;:!?()\[\]{}<>'\"“”‘’、，。；：！？（）《》〈〉【】〔〕—…·\-]+")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def normalize(text: str) -> str:
    """Fold full-width forms to half-width (NFKC), collapse whitespace, lowercase Latin letters."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def fingerprint(text: str) -> str:
    """Normalized text without punctuation or spaces, for near-duplicate detection."""
    return _PUNCT.sub("", normalize(text))


def shingles(text: str, size: int = 5) -> set[str]:
    """Character n-grams of the fingerprint."""
    fp = fingerprint(text)
    if len(fp) <= size:
        return {fp} if fp else set()
    return {fp[i : i + size] for i in range(len(fp) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two sets (0 for two empty sets)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def chinese_numeral_value(numeral: str) -> int | None:
    """Value of a Chinese numeral such as 一百五十, 二十二, 三千, 两万; None if it is not one."""
    if not numeral or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in numeral):
        return None
    if len(numeral) > 1 and not any(ch in CN_UNITS for ch in numeral):  # 二〇二五 is read digit by digit
        return int("".join(str(CN_DIGITS[ch]) for ch in numeral))
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
            continue
        unit = CN_UNITS[ch]
        if unit >= 10_000:
            section = (section + (digit or 0)) * unit
            total += section
            section = 0
        else:
            section += (1 if digit is None else digit) * unit
        digit = None
    return total + section + (digit or 0)


_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿]{2,}|[一二两三四五六七八九十]")
_CN_KEEP_BEFORE = re.compile(r"[第（(哪]$")  # （一）, 第二 are labels and 哪一年 a question, not quantities


def arabize(text: str) -> str:
    """Replace Chinese numerals that denote quantities (一百五十元) with Arabic digits.

    Ordinal markers such as （一） or 第二 are kept, and so are words where a numeral is
    part of the vocabulary (一老一小, 统一): only numerals followed by a unit, a digit-like
    context or a measure are converted.
    """

    def repl(match: re.Match[str]) -> str:
        start, end = match.span()
        token = match.group()
        before = text[max(0, start - 1) : start]
        after = text[end : end + 1]
        if _CN_KEEP_BEFORE.search(before):
            return token
        if not after or after not in "元个家张名人户所岁年月日天项%万亿倍成至到~～-—":
            return token
        value = chinese_numeral_value(token)
        return token if value is None else str(value)

    return _CN_NUMBER.sub(repl, text)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> list[str]:
    """All numbers in a text after folding full-width digits and Chinese quantity numerals."""
    folded = arabize(normalize(text))
    return [_canonical_number(n) for n in _NUMBER.findall(folded)]


_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*(\D?)")


def quantities_in(text: str) -> set[tuple[str, str]]:
    """Each number with the character right after it (5元 → ("5", "元"), 5万元 → ("5", "万")): 5元 is not 5万元."""
    folded = arabize(normalize(text)).replace("周岁", "岁")  # 80周岁 and 80岁 are one age
    return {(_canonical_number(n), unit) for n, unit in _QUANTITY.findall(folded)}


def _canonical_number(number: str) -> str:
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number.lstrip("0") or "0"


def cn_date(day: date) -> str:
    """A date as written in Chinese documents: 2022年11月29日."""
    return f"{day.year}年{day.month}月{day.day}日"
