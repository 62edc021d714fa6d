"""Infer a new document's manifest entry from its text: title, issuer, date, 文号, region, validity.

Official documents state all of this in fixed places: the 文号 and title head the text, the
issuing body and the date close it (落款), and the last articles say when it takes effect
(自2024年7月1日起施行) and for how long (有效期5年). The region is the place the issuer
names, looked up in the gazetteer. Whatever cannot be inferred is left empty for the
maintainer to give (`kb add --region …`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.errors import KnowledgeError
from assistant.gazetteer import DOCUMENT_LEVEL, Gazetteer
from assistant.models import Strict
from assistant.text import chinese_numeral_value, normalize

HEAD_LINES = 15  # the 文号 and title stand within the first lines
MAX_TITLE_LINE = 100  # a title line of two issuers and a long wrapped title still fits
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[（(【]\s*(\d{4})\s*[〕\]）)】]\s*(\d{1,4})\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_ISO_DATE = re.compile(r"(?:发布|成文|印发)(?:时间|日期)[:：]\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_WRAPPER = re.compile(r"关于印发(.+?)的通知$")
_VALID_YEARS = re.compile(r"有效期(?:为|至)?([\d一二三四五六七八九十两]{1,3})年")
_VALID_UNTIL = re.compile(r"有效期至(\d{4}年\d{1,2}月\d{1,2}日)")
_SENTENCE = re.compile(r"[。；;！!？?，,]")
_SLUG = re.compile(r"[^a-z0-9]+")


class DocumentWords(Strict):
    """knowledge/lexicon/documents.toml: kinds of document, endings of issuers' names, validity cues."""

    kinds: list[str]
    issuer_endings: list[str]
    closing_issuer_labels: list[str]
    effective_cues: list[str]


class Inferred(BaseModel):
    """What the text says about itself; any field may be missing."""

    title: str | None = None
    short_title: str | None = None
    issuer: str | None = None
    issue_date: date | None = None
    doc_number: str | None = None
    region: str | None = None
    level: str | None = None
    kind: str | None = None
    effective_date: date | None = None
    expires: date | None = None
    from_page: list[str] = []  # the fields taken from the web page's 信息公开 table, not from the text


def load_words(path: Path) -> DocumentWords:
    """Read and validate the document vocabulary."""
    try:
        return DocumentWords.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as e:
        raise KnowledgeError(f"词表文件 {path} 无法读取或格式有误：{e}") from e


def infer(
    text: str,
    gazetteer: Gazetteer,
    words: DocumentWords,
    title_hint: str | None = None,
    *,
    issuer_hint: str | None = None,
    date_hint: date | None = None,
    doc_number_hint: str | None = None,
) -> Inferred:
    """Infer the metadata of a document from its text; the hints (a web page's 信息公开 table) only where the text is silent."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = _title(lines, words) or _clean_hint(title_hint, words)
    own_issuer = _issuer(lines, words) or _closing_issuer(lines, words) or _issuer_from_title(title, words)
    own_date, own_number = _signature_date(lines), _doc_number(lines)
    page_issuer, page_number = _issuers(issuer_hint or "", words), _doc_number([doc_number_hint or ""])
    from_page = [
        key
        for key, own, page in (
            ("issuer", own_issuer, page_issuer),
            ("issue_date", own_date, date_hint),
            ("doc_number", own_number, page_number),
        )
        if own is None and page is not None
    ]
    issuer = own_issuer or page_issuer
    issued = own_date or date_hint or _header_date(text)
    region, level = _region(issuer, title, gazetteer)
    effective = _effective(text, issued, words)
    return Inferred(
        title=title,
        short_title=short_title(title, region, issued, gazetteer),
        issuer=issuer,
        issue_date=issued,
        doc_number=own_number or page_number,
        from_page=from_page,
        region=region,
        level=level,
        kind=_kind(title, words),
        effective_date=effective,
        expires=_expires(text, effective or issued),
    )


def short_title(title: str | None, region: str | None, issued: date | None, gazetteer: Gazetteer) -> str | None:
    """A title without its wrapper and issuer, with the year: 关于印发X的通知 → X（2025）; 某县人民政府办公室关于Y → 某县Y（2025）."""
    if not title:
        return None
    match = _WRAPPER.search(title)
    if match:
        short = match.group(1).strip("《》")
    elif title.startswith("《") and "》" in title:  # 《X》政策解读 → X政策解读: it is quoted inside 《》 itself
        short = title.replace("《", "").replace("》", "")
    elif "关于" in title:
        place = gazetteer.display(region) if region and region in gazetteer.places else ""
        short = place + title.split("关于", 1)[1]
    else:
        return None
    if issued and not re.search(r"20\d{2}", short):
        short += f"（{issued.year}）"
    return short if short != title else None


def make_id(meta: Inferred, text: str, gazetteer: Gazetteer, taken: set[str]) -> str:
    """A readable, unused document id: <place in pinyin>-<year>, e.g. shidian-2024 (then -<kind>, -2 …)."""
    from pypinyin import lazy_pinyin

    place = gazetteer.places.get(meta.region or "")
    name = (place.short[0] if place and place.short else meta.region) or ""
    year = str(meta.issue_date.year) if meta.issue_date else ""
    slug = _SLUG.sub("", "".join(lazy_pinyin(name)).lower())
    kind = _SLUG.sub("", "".join(lazy_pinyin(meta.kind or "")).lower())
    base = "-".join(p for p in (slug, year) if p) or "doc-" + hashlib.sha1(text.encode()).hexdigest()[:6]
    for candidate in (base, f"{base}-{kind}" if kind else base):
        if candidate not in taken:
            return candidate
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def parse_cn_date(text: str) -> date | None:
    """2024年3月18日 or 二〇二四年三月十八日 as a date."""
    norm = normalize(text)
    if match := _DATE.search(norm):
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _CN_DATE.search(norm):
        year, month, day = (chinese_numeral_value(g) for g in match.groups())
        return _safe_date(year or 0, month or 0, day or 0)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# -- the parts --------------------------------------------------------------------------------
def _doc_number(lines: list[str]) -> str | None:
    """The 文号 line near the head (or the foot): the number alone, not one cited in a sentence."""
    for line in map(normalize, lines[:HEAD_LINES] + lines[-HEAD_LINES:]):
        match = _DOC_NUMBER.search(line)
        if match and len(line) - len(match.group()) <= 10 and not _SENTENCE.search(line):
            return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"
    return None


def _title(lines: list[str], words: DocumentWords) -> str | None:
    """The heading lines: consecutive lines without sentence punctuation, ending in a kind of document."""
    head: list[str] = []
    for line in lines[:HEAD_LINES]:
        norm = normalize(line)
        if norm.endswith(":") or _SENTENCE.search(norm):
            break  # the addressee or the first paragraph: the title is above
        if not re.search(r"[\u4e00-\u9fff]", norm):
            continue  # a rule line (────) between the 版头 and the title
        if _DOC_NUMBER.search(norm) or _DATE.search(norm) or norm.endswith("文件") or len(norm) > MAX_TITLE_LINE:
            head = []
            continue
        head.append(line)
        joined = "".join(head)
        if _kind(joined, words):
            return _inner_title(joined, lines)
    return None


_TRAILER = re.compile(r"[(（][^()（）]{1,16}[)）]$")  # （2024—2026年）, （试行）


def _kind(title: str | None, words: DocumentWords) -> str | None:
    """The kind of document a title ends with, before a trailing （2024—2026年） or （试行）."""
    bare = _TRAILER.sub("", title or "")
    return next((k for k in words.kinds if bare.endswith(k)), None)


def _inner_title(title: str, lines: list[str]) -> str:
    """关于印发《X》的通知 → X when X heads its own text further down (the document itself)."""
    match = _WRAPPER.search(title)
    if not match:
        return title
    inner = match.group(1).strip("《》")
    return inner if inner in lines else title


def _clean_hint(hint: str | None, words: DocumentWords) -> str | None:
    """A page or file title without the site name: 关于…的通知_某市人民政府 → 关于…的通知."""
    if not hint:
        return None
    parts = [p.strip() for p in re.split(r"\s+[-—|｜]\s+|\s*[_|｜]\s*", hint) if p.strip()]  # not the — of （2025—2027年）
    titled = [p for p in parts if _kind(p, words)]
    return (titled or parts or [None])[0]


def _is_issuer(line: str, words: DocumentWords) -> bool:
    if "\t" in line or line.lstrip()[:1].isdigit():  # a table row ending in its 责任单位 (…\t市民政局) signs nothing
        return False
    line = normalize(line)
    return len(line) <= 40 and not _SENTENCE.search(line) and any(line.endswith(e) for e in words.issuer_endings)


def _issuer(lines: list[str], words: DocumentWords) -> str | None:
    """The 落款: the body (or bodies, for a joint document) signing above the last date line."""
    for i in range(len(lines) - 1, 0, -1):
        if parse_cn_date(lines[i]) and len(lines[i]) <= 16:
            names: list[str] = []
            j = i - 1
            while j >= 0 and _is_issuer(lines[j], words):
                names.insert(0, lines[j])
                j -= 1
            if names:  # bodies side by side on one line (红河州民政局　红河州卫生健康委员会) are separate too
                return "、".join(part for name in names for part in name.split())
    return None


def _closing_issuer(lines: list[str], words: DocumentWords) -> str | None:
    """（解读机关：某市民政局　某市卫生健康局） closing a page that has no 落款."""
    labels = "|".join(map(re.escape, words.closing_issuer_labels))
    for line in lines[-3:]:
        if match := re.match(rf"^[(]({labels})[:]\s*(.+)[)]$", normalize(line)):
            return _issuers(match.group(2), words)
    return None


def _issuers(names: str, words: DocumentWords) -> str | None:
    """Bodies named side by side (某市民政局　某市卫生健康局, A、B) when every one is an issuing body."""
    parts = [part for part in re.split(r"[\s、,，]+", names) if part]
    return "、".join(parts) if parts and all(_is_issuer(part, words) for part in parts) else None


def _issuer_from_title(title: str | None, words: DocumentWords) -> str | None:
    if title and "关于" in title:
        head = title.split("关于", 1)[0]
        return head if _is_issuer(head, words) else None
    return None


def _signature_date(lines: list[str]) -> date | None:
    dated = [parse_cn_date(line) for line in lines if len(line) <= 16 and parse_cn_date(line)]
    return dated[0] if dated else None


def _header_date(text: str) -> date | None:
    if match := _ISO_DATE.search(text):
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None


def _region(issuer: str | None, title: str | None, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """The most specific place the issuer names (or else the title): 施甸县人民政府办公室 → 施甸县."""
    for text in (issuer, title):
        places = gazetteer.find(text or "")
        if places:
            deepest = max(places, key=lambda p: len(gazetteer.chain(p)))
            level = gazetteer.level(deepest)
            return deepest, DOCUMENT_LEVEL.get(level or "")
    return None, None


def _effective(text: str, issued: date | None, words: DocumentWords) -> date | None:
    norm = normalize(text)
    for cue in words.effective_cues:
        for match in re.finditer(re.escape(cue), norm):
            before = norm[max(0, match.start() - 20) : match.start()]
            if "印发之日" in before or "发布之日" in before:
                return issued
            found = parse_cn_date(before)
            if found:
                return found
    return None


def _expires(text: str, start: date | None) -> date | None:
    norm = normalize(text)
    if match := _VALID_UNTIL.search(norm):
        return parse_cn_date(match.group(1))
    if (match := _VALID_YEARS.search(norm)) and start is not None:
        raw = match.group(1)
        years = int(raw) if raw.isdigit() else chinese_numeral_value(raw.replace("两", "二")) or 0
        try:
            return start.replace(year=start.year + years) - timedelta(days=1)
        except ValueError:  # 29 February
            return start.replace(year=start.year + years, day=28) - timedelta(days=1)
    return None
