"""Facts in policy text (amounts, ranges, percentages, deadlines, counts, ages, durations) and the number check.

The check is what keeps every answer honest: each number an answer states must occur in
a clause it cites (after folding full-width digits and Chinese numerals), or in that
citation's own label, title or issue date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.text import arabize, chinese_numeral_value, normalize, numbers_in

if TYPE_CHECKING:
    from assistant.models import Computed

_NUM = r"\d+(?:\.\d+)?"
_RANGE = rf"{_NUM}(?:\s*(?:至|到|-|—|～|~)\s*{_NUM})?"
AMOUNT = re.compile(rf"(?:每人每月|每人每年|每月|每年|每人|每个婴幼儿每月)?{_RANGE}\s*(?:万元|亿元|元)")
PERCENT = re.compile(rf"(?:不低于|不少于|不高于|低于|高于|达到|达|超过|以上|大于)?{_NUM}\s*%(?:以上)?")
DEADLINE = re.compile(
    r"(?:到|至|截至)20\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末)?(?:前|之前|以前)?"
    r"|20\d{2}年(?:\d{1,2}月)?(?:底|末)?(?:前|之前|以前)|20\d{2}年(?:底|末)"
    r"|(?:于|在|自|从)?(?:20\d{2}年|每年)?\d{1,2}月\d{1,2}日(?:至|到|—|-)(?:\d{1,2}月)?\d{1,2}日"  # 每年1月1日至1月31日申报
    r"|(?:自|于|从)?(?:20\d{2}年|每年)?\d{1,2}月\d{1,2}日(?:前|之前|以前|起)"  # 每年3月31日前, 自2024年7月1日起
    r"|20\d{2}年(?:春季|秋季)(?:学期)?(?:起|前|开始)"  # 2025年秋季学期起
    r"|每(?:月|季度)(?:首月|末月)?\d{1,2}日(?:前|之前|以前)"  # 每月15日前发放到位, 每季度首月10日前
    r"|(?:于|在)?每年\d{1,2}月(?:(?:和|、|及|或)\d{1,2}月)*(?![\d份])"  # 分别于每年6月和12月申报
    r"|“?十[一二三四五六七八九]五”?期间"  # 争取“十四五”期间被列为试点城市: a plan period (“十三五”末 is a past state)
)
COUNT = re.compile(
    rf"{_RANGE}\s*(?:个(?!月|工作日|小时)|家|所|张|名|户|人|万人|床|平方米|万户|处|天|件|批|套|次)"
    rf"|(?:(?<=人口)|(?<=人数))(?:约|达|为)?{_NUM}万(?![元户])"
)  # 6个月 is no count; 老年人口39.15万 is one
AGE = re.compile(rf"{_RANGE}\s*周?岁(?:以上|以下|及以上)?")
DURATION = re.compile(
    r"(?<!\d)\d{1,2}(?:\.\d)?\s*(?:年|个月|天|个工作日|工作日|小时|个小时|分钟)(?:内|以内)?"
)  # 5年内, not 2025年

# Money given or charged: an amount next to one of these words is a subsidy, grant or fee.
SUBSIDY = re.compile(r"补贴|补助|津贴|资助|奖补|奖励|扣除|资金|经费|投资|优惠|减免|免征|免费|费用|价格|收费|政府购买")
_SEGMENT = re.compile(r"[^，、,；;。]+")

RATIO = re.compile(r"(?<![\d:：])\d{1,2}\s*[:：]\s*\d{1,2}(?![\d:：])")  # 按4:6比例分担 (not a time of day 08:30:00)
PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|12345)(?!\d)")  # 0874-3128851, 12345
_FACT_PATTERNS = {
    "amount": AMOUNT,
    "target": PERCENT,
    "deadline": DEADLINE,
    "count": COUNT,
    "age": AGE,
    "duration": DURATION,
    "phone": PHONE,
    "ratio": RATIO,
}
FACT_KINDS = tuple(_FACT_PATTERNS)  # every kind `fact_kinds` may name, in a fixed order


def fact_kinds(text: str) -> frozenset[str]:
    """The kinds of fact a text states (amount, deadline, duration…)."""
    folded = arabize(normalize(text))
    return frozenset(kind for kind, pattern in _FACT_PATTERNS.items() if pattern.search(folded))


# Facts an answer states on the documents' authority; an age may also repeat the question.
STATED = ("amount", "target", "deadline", "count")


def facts(text: str, kinds: Iterable[str] | None = None) -> list[str]:
    """Fact phrases of the given kinds, in text order, without repeats."""
    folded = arabize(normalize(text))
    found: list[tuple[int, str]] = []
    for kind in kinds or _FACT_PATTERNS:
        pattern = _FACT_PATTERNS.get(kind)
        if pattern is None:
            continue
        found += [(m.start(), m.group().strip()) for m in pattern.finditer(folded)]
    out: list[str] = []
    for _, phrase in sorted(found):
        if phrase not in out and not any(phrase in other for other in out):
            out.append(phrase)
    return out


def support_amounts(text: str, words: re.Pattern[str] = SUBSIDY) -> list[str]:
    """Amounts stated in the same segment as a subsidy, grant or fund (or other `words`, such as fees)."""
    return [f for segment in _SEGMENT.findall(text) if words.search(segment) for f in facts(segment, ["amount"])]


_PER_UNIT = r"(?:每[\u4e00-\u9fff]{1,2}?(?:每[月年])?)?"  # 每人每月, 每年, 每张, 每个
# 由每张2000元提高到3000元: the figure before a change (old, with its unit: a raise) and the one after (to, with its unit)
RAISED_TO = r"(?:提高|调整|增加|上调|提升)(?:至|到|为)"  # 由30元提高到50元: the words of a change to a new figure
_CHANGE = re.compile(
    rf"由原?(?P<old>{_PER_UNIT}(?P<from>{_RANGE})\s*(?P<from_unit>万元|元)?){RAISED_TO}"
    rf"(?:{_PER_UNIT}(?P<to>{_NUM})\s*(?P<unit>万元|元))?"
)
_ONE_NUMBER = re.compile(_NUM)


def changes(text: str) -> list[tuple[str, str, str]]:
    """The changes a text states, as (old, new, unit): 由每月30元提高到每月50元 → (30, 50, 元)."""
    found = _CHANGE.finditer(arabize(normalize(text)))
    return [(m["from"], m["to"], m["unit"]) for m in found if m["to"] and _ONE_NUMBER.fullmatch(m["from"])]


def raised_from(text: str) -> set[str]:
    """The old figures of the changes a text states (由50元提高至80元: 50元)."""
    return {m["old"] for m in _CHANGE.finditer(arabize(normalize(text))) if m["from_unit"]}


def current_first(found: list[str], text: str, before: bool = False) -> list[str]:
    """Facts with the old figure of a change (由50元提高至80元: 50元) put after the new ones, or first when
    the figure before the change is asked (`before`: 调整之前是多少)."""
    old = {n for figure in raised_from(text) for n in numbers_in(figure)}  # 2000元 is 每张2000元's figure

    def is_old(fact: str) -> bool:
        numbers = set(numbers_in(fact))
        return bool(numbers) and numbers <= old

    return sorted(found, key=lambda f: is_old(f) != before)


def stated_numbers(answer: str) -> list[str]:
    """Numbers inside the amounts, percentages, dates and counts an answer states."""
    out: list[str] = []
    for phrase in facts(answer, STATED):
        out += [n for n in numbers_in(phrase) if n not in out]
    return out


def unsupported_numbers(answer: str, sources: Iterable[str], computed: Iterable[Computed] = ()) -> list[str]:
    """Numbers in the answer's facts that none of the sources contain (phone numbers, labels excepted).

    A figure the answer computes counts as supported only when its parts are cited figures that add up to it.
    """
    allowed: set[str] = set()
    for source in sources:
        allowed.update(numbers_in(source))
    allowed |= {c.figure for c in computed if c.holds(allowed)}
    return [n for n in stated_numbers(answer) if n not in allowed]


_BAND = re.compile(
    r"(\d{1,3})\s*(?:周?岁)?\s*(?:至|到|-|—|～|~)\s*(\d{1,3})\s*周?岁|(\d{1,3})\s*周?岁\s*(及以上|以上|以下|及以下)"
    r"|年满(\d{1,3})周?岁(?:、|，)?(?:不满|未满)(\d{1,3})周?岁"  # 年满85周岁不满90周岁: 85 to 89
)
_OWN_AGE = re.compile(
    r"(?:今年|已经|都|满|快)(\d{2,3}|[一二三四五六七八九十百]{2,4})(?:周?岁)?(?:了|啦)|(?<![\d\-—～~至到])(\d{2,3})周?岁(?![以及至到\-—～~\d])"
    r"|(?<![一二三四五六七八九十\d])一?(百)岁"  # 百岁老人: a hundred
    r"|(?<![\d\-—～~至到])(\d{2}|[一二三四五六七八九]十)(?:多|几)岁"  # 90多岁, 九十几岁: in that decade
)


def age_bands(text: str) -> list[tuple[int, int]]:
    """The age ranges a text states: 80至89周岁 → (80, 89), 100周岁及以上 → (100, 200), 3岁以下 → (0, 3),
    年满85周岁不满90周岁 → (85, 89)."""
    bands = []
    for low, high, single, side, since, until in _BAND.findall(text):
        if since:
            bands.append((int(since), int(until) - 1))
        elif low:
            bands.append((int(low), int(high)))
        elif side.endswith("以上"):
            bands.append((int(single), 200))
        else:
            bands.append((0, int(single)))
    return bands


def holds_age(age: int, bands: list[tuple[int, int]]) -> bool:
    """Does one of the bands hold the age (91 in 90至99周岁)?"""
    return any(low <= age <= high for low, high in bands)


def own_age(text: str) -> int | None:
    """The age a question gives as the asker's (我今年91了, 68岁), not a band it names (80岁以上)."""
    ages = {_age_of(found) for found in _OWN_AGE.finditer(text)}
    bands = age_bands(arabize(text))
    if not ages and len(bands) == 1 and bands[0][0] and bands[0][1] < 150:
        return bands[0][0]  # 90岁到99岁的: the band asked about holds its first year
    # 百岁…80-99岁档, 我爸82岁我妈80岁: a band and an age, or several ages: no one age the answer turns on
    return ages.pop() if len(ages) == 1 and not bands else None


def _age_of(found: re.Match[str]) -> int | None:
    number = found.group(1) or found.group(2) or found.group(3) or found.group(4)
    return int(number) if number.isdigit() else 100 if number == "百" else chinese_numeral_value(number)
