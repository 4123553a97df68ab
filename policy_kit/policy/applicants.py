"""Reading a year's applicants from a spreadsheet (CSV or XLSX) into typed attribute values.

The load stage of load → check → compile → simulate → render for applicant data. The first
column is ``name``; an optional ``note`` column carries free text, and an optional
``illustrative`` column (true/false, 是/否) marks rows whose figures are not published but
chosen by the modeller, which every report then says in the row itself. Every other column
must be an attribute the process declares, and the columns the policy reads must all be
there. Every bad cell is reported with its row number as a spreadsheet shows it (the
header is row 1), and nothing is returned unless every row is good: a result is never
computed from part of a file.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import operator
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import cast

from ..errors import DefinitionError, Location, Problem, UsageError
from ..expr import Value
from ..heap import collection_paused
from ..model import (
    IntegerAttribute,
    NumberAttribute,
    Process,
)
from ..values import describe_domain
from .cells import bounded_numbers, cell_text, enum_hint, fast_parser, typed
from .sheets import Cell, Formula, csv_rows, xlsx_rows

__all__ = ["MAX_BYTES", "Applicant", "Applicants", "read_applicants"]

MAX_BYTES = 256 * 1024 * 1024
MAX_PROBLEMS = 50
BAD_APPLICANTS = "PK311"
NAME, NOTE, ILLUSTRATIVE = "name", "note", "illustrative"
_FLAGS = {"true": True, "yes": True, "是": True, "1": True,
          "false": False, "no": False, "否": False, "0": False, "": False}
_SEEN = 4096
_CHUNK = 2048
"""Rows read a column at a time (``_Reader._quick``)."""
_Bounds = tuple[Decimal | int | None, Decimal | int | None, bool]
"""A number column's lowest and highest value, and whether it is whole."""



@dataclass(frozen=True, slots=True)
class Applicant:
    """One row: the firm's name, its attribute values, and the row it came from."""

    name: str
    values: Mapping[str, Value]
    row: int = 0
    note: str = ""
    file: str = ""
    illustrative: bool = False
    """Its figures are the modeller's, not published (the ``illustrative`` column)."""


@dataclass(frozen=True)
class Applicants:
    """A checked applicant file: its rows, where it came from, and a digest of its bytes."""

    source: str
    rows: tuple[Applicant, ...]
    digest: str


def read_applicants(path: Path, process: Process, needed: Collection[str]) -> Applicants:
    """Read ``path`` (``.csv`` or ``.xlsx``); ``needed`` are the columns that must exist."""
    name = str(path)
    if not path.exists():
        raise UsageError(f"{name}: no such applicant file",
                         zh=f"{name}：没有这个申请名单文件")
    if not path.is_file():
        raise UsageError(f"{name}: is not a file (an applicant file is a .csv or .xlsx)",
                         zh=f"{name}：不是文件（申请名单是 .csv 或 .xlsx 文件）")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DefinitionError.single(Location(name), f"file is {len(raw):,} bytes; applicant "
                                     f"files are limited to {MAX_BYTES:,}",
                                     zh=(f"文件有 {len(raw):,} 字节；申请名单文件最多 "
                                         f"{MAX_BYTES:,} 字节", ""))
    table_is_text = path.suffix.lower() == ".csv"
    if path.suffix.lower() == ".xlsx":
        table = xlsx_rows(raw, name)
    elif path.suffix.lower() == ".csv":
        table = csv_rows(raw, name)
    else:
        raise UsageError(f"{name}: applicant files are .csv or .xlsx, not "
                         f"`{path.suffix or 'no suffix'}`",
                         zh=f"{name}：申请名单是 .csv 或 .xlsx 文件，不是 "
                            f"`{path.suffix or '无后缀'}`")
    with collection_paused():  # every row stays alive: full collections would only rescan
        rows = _Reader(name, process, needed, texts_only=table_is_text).read(table)
    return Applicants(name, rows, hashlib.sha256(raw).hexdigest())


class _Reader:
    def __init__(self, file: str, process: Process, needed: Collection[str],
                 texts_only: bool = False) -> None:
        self.file = file
        self.texts_only = texts_only
        """Every cell is text (a CSV file's): ``_quick`` need not look at cell types."""
        self.attributes = process.attributes
        self.needed = needed
        self.problems: list[Problem] = []
        self.columns: list[str] = []
        self.fast = {name: fast_parser(attribute) for name, attribute in
                     process.attributes.items()}
        self.plan: list[tuple[int, str, dict[str, Value], Callable[[str], Value | None]]] = []
        """Per attribute column: its index, name, the values already read for a text (up
        to ``_SEEN`` of them) and its quick parser. Most cells repeat (0, true, a sector):
        a shared value is read once and stored once, which at 200,000 applicants halves
        the memory the rows take."""
        self.unshared: set[str] = set()
        """Number columns read without ``plan``'s values already read (``_column``)."""
        self.note = self.illustrative = 0
        """The index of the ``note`` and ``illustrative`` columns (0: absent)."""
        self.free_text = {0}
        """The columns that are not attributes: name, note, illustrative."""

    def report(self, row: int, column: int, message: str, hint: str = "",
               zh: tuple[str, str] = ("", "")) -> None:
        """A bad cell at ``row``, ``column``; ``zh``: the message and hint in Chinese."""
        self.problems.append(Problem(Location(self.file, row, column), message, hint,
                                     BAD_APPLICANTS, message_zh=zh[0], hint_zh=zh[1]))

    def read(self, table: Iterator[Sequence[Cell]]) -> tuple[Applicant, ...]:
        header = next(table, None)
        if header is None or not any(cell_text(c) for c in header):
            raise DefinitionError.single(Location(self.file, 1, 1), "the file is empty",
                                         "the first row names the columns: name, then "
                                         "attributes",
                                         zh=("文件是空的", "第一行是列名：先是 name，然后是各属性"))
        if not self._header([cell_text(c) for c in header]):
            raise DefinitionError(self.problems)
        rows: list[Applicant] = []
        names: dict[str, int] = {}
        number = 2
        while chunk := list(itertools.islice(table, _CHUNK)):
            if len(self.problems) > MAX_PROBLEMS:
                break
            quick = self._quick(number, chunk)
            fresh = None if quick is None else {a.name for a in quick}
            if quick is not None and fresh is not None and len(fresh) == len(quick) \
                    and names.keys().isdisjoint(fresh):
                names.update((a.name, a.row) for a in quick)
                rows.extend(quick)
            else:
                self._rows(number, chunk, rows, names)
            number += len(chunk)
        if self.problems:
            raise DefinitionError(self._capped())
        return tuple(rows)

    def _rows(self, first: int, chunk: list[Sequence[Cell]], rows: list[Applicant],
              names: dict[str, int]) -> None:
        """Read ``chunk`` (whose first row is row ``first``) row by row, saying what is
        wrong with each bad cell."""
        for number, cells in enumerate(chunk, start=first):
            if len(self.problems) > MAX_PROBLEMS:
                break
            if not any(cell_text(c) for c in cells):
                continue
            applicant = self._row(number, cells)
            if applicant is None:
                continue
            if applicant.name in names:
                self.report(number, 1, f"row {number}: `{applicant.name}` is already on row "
                            f"{names[applicant.name]}", "each applicant appears once",
                            (f"第 {number} 行：`{applicant.name}` 已在第 "
                             f"{names[applicant.name]} 行出现", "每个申请单位只出现一次"))
            names.setdefault(applicant.name, number)
            rows.append(applicant)

    def _quick(self, first: int, chunk: list[Sequence[Cell]]) -> list[Applicant] | None:
        """``chunk`` read a column at a time, or None if any cell needs a closer look (not
        text, empty, badly formed; a short or long row): ``_rows`` then reads it and says
        why. Most cells repeat, and a column of numbers converts in one ``map``; 200,000
        rows read in a third of the time row by row took."""
        width = len(self.columns)
        if any(len(cells) != width for cells in chunk):
            return None
        columns = list(zip(*chunk, strict=True))
        texts: list[Sequence[str]]
        if self.texts_only:  # attribute cells as they are: a number reads the same, and a
            # padded enum or flag misses and goes to ``_rows`` (4 million strips saved)
            texts = [list(map(str.strip, column)) if index in self.free_text
                     else cast(tuple[str, ...], column) for index, column in enumerate(columns)]
        else:
            try:
                texts = [list(map(str.strip, column)) for column in columns]
            except TypeError:  # a number, date or formula cell of a workbook
                return None
        if "" in texts[0]:
            return None
        read = [self._column(texts[index], column, seen, parse)
                for index, column, seen, parse in self.plan]
        if any(values is None for values in read):
            return None
        flags = list(map(_FLAGS.get, map(str.lower, texts[self.illustrative]))
                     ) if self.illustrative else [False] * len(chunk)
        if None in flags:
            return None
        keys = [column for _, column, _, _ in self.plan]
        values = [dict(zip(keys, row, strict=True)) for row in zip(*read, strict=True)
                  ] if read else [{} for _ in chunk]
        notes = texts[self.note] if self.note else itertools.repeat("")
        return list(map(Applicant, texts[0], values, range(first, first + len(chunk)), notes,
                        itertools.repeat(self.file), flags))

    def _column(self, texts: Sequence[str], column: str, seen: dict[str, Value],
                parse: Callable[[str], Value | None]) -> list[Value] | None:
        """A column's values (shared where they repeat), or None if one is not well formed.
        A column of numbers that mostly do not repeat (amounts of money) is read directly
        once a chunk shows it: looking each up first would only cost time."""
        bounds = self.numbers.get(column)
        if bounds is not None and column in self.unshared:
            return cast(list[Value] | None, bounded_numbers(list(texts), *bounds))
        values: list[Value | None] = list(map(seen.get, texts))
        if not any(map(operator.is_, values, itertools.repeat(None))):  # `in` asks Decimal
            return cast(list[Value], values)
        missing = [index for index, value in enumerate(values) if value is None]
        if bounds is not None and 2 * len(missing) > len(texts) and len(seen) >= _SEEN:
            self.unshared.add(column)
        found: list[Value] = []
        if bounds is None:
            for index in missing:
                value = parse(texts[index])
                if value is None:
                    return None
                found.append(value)
        else:
            numbers = bounded_numbers([texts[index] for index in missing], *bounds)
            if numbers is None:
                return None
            found.extend(numbers)
        for index, value in zip(missing, found, strict=True):
            values[index] = value
        if len(seen) < _SEEN:
            seen.update(zip([texts[index] for index in missing[:_SEEN]], found[:_SEEN],
                            strict=True))
        return cast(list[Value], values)

    def _capped(self) -> list[Problem]:
        if len(self.problems) <= MAX_PROBLEMS:
            return self.problems
        shown = self.problems[:MAX_PROBLEMS]
        shown.append(Problem(Location(self.file), "more problems not shown; fix these first",
                             message_zh="还有更多问题未列出；请先改正以上问题"))
        return shown

    def _header(self, header: list[str]) -> bool:
        self.columns = header
        self.note = header.index(NOTE) if NOTE in header[1:] else 0
        self.illustrative = header.index(ILLUSTRATIVE) if ILLUSTRATIVE in header[1:] else 0
        self.free_text = {0, self.note, self.illustrative}
        self.plan = [(index, column, {}, self.fast[column])
                     for index, column in enumerate(header) if index and column in self.fast]
        self.numbers = {name: (a.min, a.max, isinstance(a, IntegerAttribute))
                        for name, a in self.attributes.items()
                        if isinstance(a, NumberAttribute | IntegerAttribute)}
        if header[0] != NAME:
            self.report(1, 1, f"the first column is `{header[0]}`; it must be `{NAME}`",
                        "put the applicant's name in the first column, headed `name`",
                        (f"第一列是 `{header[0]}`；它必须是 `{NAME}`",
                         "把申请单位名称放在第一列，列名为 `name`"))
        known = [NAME, NOTE, ILLUSTRATIVE, *self.attributes]
        for index, column in enumerate(header[1:], start=2):
            if column not in known:
                close = difflib.get_close_matches(column, known, n=1)
                hint = f"did you mean `{close[0]}`?" if close else (
                    "columns are the process's attributes: " + ", ".join(self.attributes))
                hint_zh = f"是不是 `{close[0]}`？" if close else (
                    "列名是流程的属性：" + "、".join(f"`{a}`" for a in self.attributes))
                self.report(1, index, f"unknown column `{column}`", hint,
                            (f"未知的列 `{column}`", hint_zh))
            elif header.index(column) != index - 1:
                self.report(1, index, f"column `{column}` appears twice", "",
                            (f"列 `{column}` 出现了两次", ""))
        for missing in sorted(set(self.needed) - set(header)):
            domain = self.attributes[missing]
            self.report(1, len(header) + 1, f"missing column `{missing}`",
                        f"the policy reads it: {describe_domain(domain)}",
                        (f"缺少列 `{missing}`",
                         f"政策要用到它：{describe_domain(domain, 'zh')}"))
        return not self.problems

    def _row(self, number: int, cells: Sequence[Cell]) -> Applicant | None:
        width = len(self.columns)
        if len(cells) > width and any(cell_text(c) for c in cells[width:]):
            self.report(number, width + 1, f"row {number} has more cells than "
                        f"the header ({width} columns)", "",
                        (f"第 {number} 行的单元格比表头（{width} 列）多", ""))
            return None
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        self._text_formulas(number, cells)
        name = "" if isinstance(cells[0], Formula) else cell_text(cells[0])
        if not name and not isinstance(cells[0], Formula):
            self.report(number, 1, f"row {number}: the name is empty", "",
                        (f"第 {number} 行：名称为空", ""))
        values: dict[str, Value] = {}
        for index, column, seen, parse in self.plan:  # the hot loop: 4 million cells
            cell = cells[index]
            value = None
            if type(cell) is str:
                text = cell.strip()
                value = seen.get(text)
                if value is None:
                    value = parse(text)
                    if value is not None and len(seen) < _SEEN:
                        seen[text] = value
            if value is None:
                value = self._value(number, index + 1, column, cell)
            if value is not None:
                values[column] = value
        if not name:
            return None
        note = cell_text(cells[self.note]) if self.note else ""
        return Applicant(name, values, number, note, self.file,
                         self._illustrative(number, cells))

    def _illustrative(self, number: int, cells: Sequence[Cell]) -> bool:
        if not self.illustrative:
            return False
        if isinstance(cells[self.illustrative], Formula):
            return False  # reported with the row's other cells
        text = cell_text(cells[self.illustrative])
        flag = _FLAGS.get(text.lower())
        if flag is None:
            self.report(number, self.illustrative + 1, f"row {number}, `{ILLUSTRATIVE}`: "
                        f"`{text}` is not true or false",
                        "write true (the figures are illustrative) or false",
                        (f"第 {number} 行，`{ILLUSTRATIVE}`：`{text}` 不是 true 或 false",
                         "写 true（数据为示意）或 false"))
        return bool(flag)

    def _text_formulas(self, number: int, cells: Sequence[Cell]) -> None:
        """Formulas without a value in the name, note and illustrative columns."""
        for index in sorted({0, self.note, self.illustrative}):
            cell = cells[index]
            if isinstance(cell, Formula):
                self._formula(number, index, self.columns[index], cell)

    def _formula(self, number: int, index: int, name: str, cell: Formula) -> None:
        self.report(number, index + 1, f"row {number}, `{name}`: the cell {cell.where} holds "
                    f"the formula `{cell.formula}` but no value computed from it",
                    "open the file in Excel, WPS or LibreOffice and save it again (they "
                    "compute formulas on saving), or paste the values over the formulas",
                    (f"第 {number} 行，`{name}`：单元格 `{cell.where}` 是公式 "
                     f"`{cell.formula}`，但没有保存算出的值",
                     "用 Excel、WPS 或 LibreOffice 打开并重新保存（保存时会计算公式），"
                     "或把数值粘贴到公式上"))

    def _value(self, number: int, column: int, name: str, cell: Cell) -> Value | None:
        if isinstance(cell, Formula):
            self._formula(number, column - 1, name, cell)
            return None
        attribute = self.attributes[name]
        where = f"row {number}, `{name}`"
        where_zh = f"第 {number} 行，`{name}`"
        text = cell_text(cell)
        if text == "":
            self.report(number, column, f"{where}: the cell is empty",
                        f"give {describe_domain(attribute)}",
                        (f"{where_zh}：单元格为空", f"请填写{describe_domain(attribute, 'zh')}"))
            return None
        try:
            value = typed(name, attribute, cell)
        except UsageError:
            self.report(number, column, f"{where}: {text!r} is not "
                        f"{describe_domain(attribute)}", enum_hint(attribute, text),
                        (f"{where_zh}：{text!r} 不是{describe_domain(attribute, 'zh')}",
                         enum_hint(attribute, text, "zh")))
            return None
        if not attribute.admits(value):
            self.report(number, column, f"{where}: {text} is outside "
                        f"{describe_domain(attribute)}", enum_hint(attribute, text),
                        (f"{where_zh}：{text} 超出取值范围：{describe_domain(attribute, 'zh')}",
                         enum_hint(attribute, text, "zh")))
            return None
        return value
