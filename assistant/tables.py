"""Rebuild tables that arrive flattened one cell per line into rows keyed by header names.

The flattened form loses the grid, so the rules below restore it from what is left:
a serial number (1, 2, 3 …) starts a row; cells split across lines are joined (`2022—`
+ `2025`, a short trailing fragment such as `项目`); a row with fewer cells than the table
inherits its leading cells from the row above (a merged 分类 cell); header fragments are
joined (`2025年` + `目标值`, the second `指标` + `属性`); subtotal rows (合计 / 小计) carry
their numbers in the table's numeric columns; group rows such as `（一）` + a title tag the
rows below them.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from assistant.text import normalize

_SERIAL = re.compile(r"^\d{1,3}$")
_TOTAL = re.compile(r"(合计|小计|总计)")
_GROUP = re.compile(r"^\([一二三四五六七八九十]+\)$")
_NUMERIC = re.compile(r"^-?\d+(?:\.\d+)?%?$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_OPEN_RANGE = re.compile(r"\S[—\-~～至]$")
_YEAR_HEADER = re.compile(r"^\d{4}年$")


@dataclass
class Cell:
    """One line of the flattened table with its character span in the source file."""

    text: str
    start: int
    end: int


@dataclass
class Row:
    """A rebuilt row: cell values by column name, the serial number or subtotal label."""

    kind: str  # "row" or "total"
    serial: str
    values: dict[str, str]
    group: str | None
    start: int
    end: int


@dataclass
class Table:
    """A rebuilt table."""

    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    name_column: str | None = None
    caption: list[str] = field(default_factory=list)


UNIT_IN_HEADER = re.compile(r"[（(]([^）)]+)[）)]")


def column_name(column: str) -> tuple[str, str]:
    """A column header's name and unit: 总投资（万元） → (总投资, 万元)."""
    unit = UNIT_IN_HEADER.search(column)
    return UNIT_IN_HEADER.sub("", column).strip(), unit.group(1) if unit else ""


def with_units(columns: dict[str, str]) -> str:
    """A row's numeric cells with the unit their header or 单位 column gives: 新标准(元/人·月)：100 → 新标准：100元/人·月."""
    row_unit = columns.get("单位", "")
    parts = []
    for column, value in columns.items():
        name, unit = column_name(column)
        if is_numeric(value) and (unit or row_unit):
            parts.append(f"{name}：{value}{unit or row_unit}")
    return "；".join(parts)


@functools.lru_cache(maxsize=1 << 16)  # a row's fit asks again about every earlier cell of its columns (~40% of parsing)
def is_numeric(value: str) -> bool:
    """True for a plain number or percentage cell."""
    return bool(_NUMERIC.match(normalize(value)))


def parse_table(title: str, cells: list[Cell]) -> Table:
    """Rebuild one table from its cells (header first, starting at or before `序号`)."""
    cells = [c for c in cells if c.text.strip()]
    head_end = next(i for i, c in enumerate(cells) if normalize(c.text) == "序号")
    caption = [c.text.strip() for c in cells[:head_end]]
    first_row = next(
        (i for i in range(head_end + 1, len(cells)) if _starts_body(cells[i].text)),
        len(cells),
    )
    header = [c.text.strip() for c in cells[head_end:first_row]]
    raw_rows = _split_rows(cells[first_row:])
    data_rows = [r for r in raw_rows if r["kind"] == "row"]
    width = 1 + len(_join_fragments(data_rows[0]["cells"])) if data_rows else len(header)
    columns = _merge_header(header, width)
    if len(columns) > width:  # tokens that are not columns (e.g. a category note)
        caption += columns[width:]
        columns = columns[:width]
    while len(columns) < width:
        columns.append(f"列{len(columns) + 1}")
    table = Table(title=title, columns=columns, caption=caption)
    _fill_rows(table, raw_rows)
    table.name_column = _name_column(table)
    return table


def tab_table(title: str, lines: list[Cell]) -> Table:
    """A table whose rows arrive as TAB-separated lines (from .docx / .html): the first is the header.

    Merged cells arrive repeated, so every row has the header's width; a table without a 序号
    column is numbered by row.
    """
    header = [normalize(c).replace(" ", "") or f"列{i + 1}" for i, c in enumerate(lines[0].text.split("\t"))]
    serial_column = header[0] if header[0] in ("序号", "编号") else None
    columns = header if serial_column else ["序号", *header]
    table = Table(title=title, columns=columns)
    for number, line in enumerate(lines[1:], 1):
        cells = [c.strip() for c in line.text.split("\t")]
        values = dict(zip(header, cells))
        if not any(values.values()):
            continue
        first = next((v for v in values.values() if v), "")
        if _TOTAL.search(first) and not is_numeric(first):
            table.rows.append(Row("total", first, values, None, line.start, line.end))
            continue
        serial = values.get(serial_column or "", "") or str(number)
        values.setdefault("序号", serial)
        table.rows.append(Row("row", serial, values, None, line.start, line.end))
    table.name_column = _name_column(table)
    return table


def apply_unit(table: Table, unit: str) -> None:
    """A unit stated for the whole table (单位：万元 above it) written into its numeric columns' headers.

    2024年 becomes 2024年（万元）, as a table that names its units in the header reads, so a
    row's amounts carry their unit and the columns still add up.
    """
    numeric = [
        column
        for column in table.columns[1:]
        if "(" not in normalize(column)
        and sum(bool(_PLAIN_NUMBER.match(normalize(row.values.get(column, "")))) for row in table.rows) * 2 >= len(table.rows)
    ]
    renamed = {column: f"{column}（{unit}）" for column in numeric}
    table.columns = [renamed.get(column, column) for column in table.columns]
    for row in table.rows:
        row.values = {renamed.get(column, column): value for column, value in row.values.items()}


def _starts_body(text: str) -> bool:
    norm = normalize(text)
    return bool(_SERIAL.match(norm) or _GROUP.match(norm) or _TOTAL.search(text))


def _split_rows(cells: list[Cell]) -> list[dict]:
    rows: list[dict] = []
    expected = 1
    group: str | None = None
    group_number = ""
    pending_group = False
    for cell in cells:
        text = cell.text.strip()
        norm = normalize(text)
        current = rows[-1] if rows else None
        if pending_group:
            group = f"{group_number}{text}"
            pending_group = False
            continue
        if _GROUP.match(norm):
            group_number, pending_group = text, True
            continue
        if _SERIAL.match(norm) and int(norm) == expected and (current is None or _row_complete(current, rows)):
            rows.append({"kind": "row", "serial": norm, "cells": [], "group": group, "start": cell.start, "end": cell.end})
            expected += 1
            continue
        if _TOTAL.search(text) and not is_numeric(text):
            rows.append({"kind": "total", "serial": text, "cells": [], "group": None, "start": cell.start, "end": cell.end})
            continue
        if current is not None:
            current["cells"].append(text)
            current["end"] = cell.end
    return rows


def _row_complete(current: dict, rows: list[dict]) -> bool:
    """A serial number only starts a new row once the current row has most of its cells."""
    if current["kind"] == "total":
        return True
    firsts = [r for r in rows if r["kind"] == "row"]
    if len(firsts) <= 1:
        return len(current["cells"]) >= 2
    width = len(_join_fragments(firsts[0]["cells"]))
    return len(current["cells"]) >= max(1, width // 2)


def _join_fragments(cells: list[str]) -> list[str]:
    """Join a cell ending in an open range (`2022—`) with the number that follows."""
    out: list[str] = []
    for text in cells:
        if out and _OPEN_RANGE.search(out[-1]) and text[:1].isdigit():
            out[-1] += text
        else:
            out.append(text)
    return out


def _merge_header(tokens: list[str], width: int) -> list[str]:
    """Join header fragments until the header has `width` columns.

    Candidates, strongest first: the second occurrence of a repeated token (two columns
    cannot share a name, so it is a prefix: 指标 + 属性), the first occurrence of a repeated
    token (建设 + 期限（年）), a bare year followed by a non-year (2025年 + 目标值).
    """
    tokens = list(tokens)
    repeated = {t for t in tokens if tokens.count(t) > 1}
    while len(tokens) > width:
        best = _best_header_join(tokens, repeated)
        if best is None:
            break
        tokens[best : best + 2] = [tokens[best] + tokens[best + 1]]
    return tokens


def _best_header_join(tokens: list[str], repeated: set[str]) -> int | None:
    scored: list[tuple[int, int]] = []
    for i, token in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if token in repeated:
            scored.append((3 if token in tokens[:i] else 2, i))
        elif _YEAR_HEADER.match(normalize(token)) and not _YEAR_HEADER.match(normalize(nxt)):
            scored.append((1, i))
    if not scored:
        return None
    return max(scored, key=lambda s: (s[0], -s[1]))[1]


def _fill_rows(table: Table, raw_rows: list[dict]) -> None:
    value_columns = table.columns[1:]
    width = len(value_columns)
    previous: list[str] = []
    seen: list[list[str]] = [[] for _ in value_columns]
    totals: list[dict] = []
    for raw in raw_rows:
        if raw["kind"] == "total":
            totals.append(raw)
            continue
        cells = _fit(_join_fragments(raw["cells"]), width, previous, seen)
        previous = cells
        for column_values, value in zip(seen, cells):
            column_values.append(value)
        values = {table.columns[0]: raw["serial"], **dict(zip(value_columns, cells))}
        table.rows.append(Row("row", raw["serial"], values, raw["group"], raw["start"], raw["end"]))
    numeric = _numeric_columns(table)
    for raw in totals:
        numbers = [c for c in raw["cells"] if is_numeric(c)]
        targets = numeric[-len(numbers) :] if numbers else []
        values = dict(zip(targets, numbers))
        row = Row("total", raw["serial"], values, None, raw["start"], raw["end"])
        index = next((i for i, r in enumerate(table.rows) if r.start > raw["start"]), len(table.rows))
        table.rows.insert(index, row)


def _fit(cells: list[str], width: int, previous: list[str], seen: list[list[str]]) -> list[str]:
    """Make a row exactly `width` cells wide, choosing the layout that best fits the columns.

    A layout inherits the first m cells from the row above (merged cells) and joins short
    text fragments to the cell before them (a name split across lines); its cost is the
    number of joins plus how unlike each column's earlier values the resulting cells are.
    """
    cells = [c for c in cells if c.strip()]
    best: tuple[float, list[str]] | None = None
    for inherit in range(0, width):
        joins = len(cells) + inherit - width
        if joins < 0 or inherit > len(previous):
            continue
        joined = _join_shortest(cells, joins)
        if joined is None:
            continue
        candidate = previous[:inherit] + joined
        cost = joins + 0.5 * inherit * (not seen[0]) + _shape_cost(candidate, seen)
        if best is None or cost < best[0]:
            best = (cost, candidate)
    if best is None:  # more cells than columns and nothing joinable: keep the first ones
        return (cells + [""] * width)[:width]
    return best[1]


def _join_shortest(cells: list[str], joins: int) -> list[str] | None:
    cells = list(cells)
    for _ in range(joins):
        candidates = [i for i in range(1, len(cells)) if not is_numeric(cells[i])]
        if not candidates:
            return None
        i = min(candidates, key=lambda k: len(cells[k]))
        cells[i - 1 : i + 1] = [cells[i - 1] + cells[i]]
    return cells


def _shape_cost(cells: list[str], seen: list[list[str]]) -> float:
    cost = 0.0
    for value, history in zip(cells, seen):
        if not history:
            continue
        numeric_share = sum(is_numeric(v) for v in history) / len(history)
        cost += abs(numeric_share - is_numeric(value))
        lengths = sorted(len(v) for v in history)
        median = lengths[len(lengths) // 2]
        cost += abs(math.log((len(value) + 1) / (median + 1))) / 2
    return cost


def _numeric_columns(table: Table) -> list[str]:
    data = [r for r in table.rows if r.kind == "row"]
    out = []
    for column in table.columns[1:]:
        values = [r.values.get(column, "") for r in data]
        if values and sum(is_numeric(v) for v in values) >= 0.8 * len(values):
            out.append(column)
    return out


def _name_column(table: Table) -> str | None:
    """The first column whose values are mostly distinct text: what a row is about."""
    data = [r for r in table.rows if r.kind == "row"]
    for column in table.columns[1:]:
        values = [r.values.get(column, "") for r in data]
        if not values or sum(is_numeric(v) for v in values) > len(values) / 2:
            continue
        if len(set(values)) >= 0.8 * len(values):
            return column
    return None


def row_text(table: Table, row: Row) -> str:
    """A row as one readable line: 序号9｜分类：托育｜指标：…｜2025年：4.5."""
    parts = [f"{table.columns[0]}{row.serial}" if row.kind == "row" else row.serial]
    if row.group:
        parts.append(f"分组：{row.group}")
    for column in table.columns[1:]:
        value = row.values.get(column)
        if value:
            parts.append(f"{column}：{value}")
    return "｜".join(parts)
