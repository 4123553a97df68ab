"""Case logs as tables: CSV (UTF-8 with or without BOM, or GB18030/GBK; comma, semicolon
or tab, the dialect sniffed), and the row reader that XLSX sheets (``xlsx``) and Parquet
files (``parquet``) go through too.

Part of **load**. One row is one event. A row with a start and an end column is a whole
step (an empty end: still in progress); with a lifecycle column, starts and completions
are paired; with one timestamp column, the log is complete-only. Case-level columns
(``case:…``, the outcome, the deadline) are read from a case's first row. The file is
read row by row: a million-row log never sits in memory as text.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, tzinfo
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..errors import LogError, UsageError
from ..model.common import Text
from .collect import Collector, counted, lifecycle_role, were
from .columns import CaseColumns, read_columns
from .model import Columns, Log, Trace
from .options import DEFAULTS, ReadOptions
from .times import parse_timestamp, whole_day

__all__ = ["Formula", "read_csv", "read_rows"]

Cell = Any
Formula = Callable[[int, int], "str | None"]
"""The formula in a cell (1-based row, 0-based column), or None: asked only on failure."""
Quick = tuple[tuple[Trace, ...], int, list[Text]]
"""A log read by ``columns``: its cases, events and warnings."""


def read_csv(path: Path, options: ReadOptions, *, quick: bool = True) -> Log:
    """``quick``: try the column-at-a-time reader first (``columns``); False reads
    row by row, as a table it declines is read (the tests compare the two)."""
    encoding = options.encoding or _detect_encoding(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"--encoding {encoding}: no such encoding",
                         zh=f"--encoding {encoding}：没有这种编码") from None
    try:
        return _read_csv(path, encoding, options, quick)
    except UnicodeDecodeError as error:
        if options.encoding is None and encoding == "utf-8":
            return _read_csv(path, "gb18030", options, quick)
        raise LogError(f"{path}: not {encoding} text (byte {error.start:,}); name the "
                       "encoding with --encoding",
                       zh=f"{path}：不是 {encoding} 编码的文本（第 {error.start:,} 字节）；"
                          "请用 --encoding 指明编码") from None


def _read_csv(path: Path, encoding: str, options: ReadOptions, columns: bool) -> Log:
    def quick(reader: _Reader) -> Quick | None:
        with path.open(encoding=encoding, newline="") as stream:
            rows = csv.reader(stream, _dialect(stream.read(65536)))
            stream.seek(0)
            next(rows, None)
            return read_columns(rows, reader, reader.case_levels if reader.has_case_level
                                else None)

    return read_rows(path, "csv", _csv_rows(path, encoding), options,
                     quick=quick if columns else None)


def _no_formula(line: int, column: int) -> str | None:
    return None  # a CSV cell is text


def _detect_encoding(path: Path) -> str:
    with path.open("rb") as stream:
        head = stream.read(1 << 20)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"  # a superset of GBK and GB2312, as Chinese systems export
    return "utf-8"


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[Cell]]]:
    with path.open(encoding=encoding, newline="") as stream:
        sample = stream.read(65536)
        stream.seek(0)
        reader = csv.reader(stream, _dialect(sample))
        for row in reader:
            yield reader.line_num, list(row)


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    first = sample.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        if first.count(dialect.delimiter) > 0:
            return dialect
    except csv.Error:
        pass
    counts = {d: first.count(d) for d in ",;\t"}
    delimiter = max(counts, key=lambda d: counts[d])

    class _Plain(csv.excel):
        pass

    _Plain.delimiter = delimiter
    return _Plain


class _Reader:
    """Turns the rows of one table into events, knowing which column is which."""

    def __init__(self, path: Path, headers: list[str], options: ReadOptions,
                 formula: Formula) -> None:
        self.path = path
        self.formula = formula
        self.headers = headers
        self.options = options
        index = {name: i for i, name in reversed(list(enumerate(headers)))}
        lowered = {name.strip().lower(): i for name, i in index.items()}
        self.index = index

        def pick(role: str, given: str | None, flag: str | None) -> int | None:
            if given is not None:
                if given not in index:
                    raise LogError(f"{path}: no column `{given}` ({flag}); the file has "
                                   f"the columns {_listing(headers)}",
                                   zh=f"{path}：没有列 `{given}`（{flag}）；文件中的列是 "
                                      f"{_listing(headers, 'zh')}")
                return index[given]
            for name in DEFAULTS.get(role, ()):
                if name.lower() in lowered:
                    return lowered[name.lower()]
            return None

        self.case = pick("case", options.case, "--case-column")
        self.activity = pick("activity", options.activity, "--activity-column")
        self.end = pick("end", options.end, "--time-column")
        self.start = pick("start", options.start, "--start-column")
        self.resource = pick("resource", options.resource, "--resource-column")
        self.outcome = pick("outcome", options.outcome, "--outcome-column")
        self.deadline = pick("deadline", options.deadline, "--deadline-column")
        if options.start is None and self.start is not None and self.start == self.end:
            self.start = None  # the column named as the time is not its start too
        self.start_only = self.end is None and self.start is not None and options.start is None
        if self.start_only:  # 开始时间 alone: each event's one time, not steps never ended
            self.end, self.start = self.start, None
        self.lifecycle = None if self.start is not None else pick("lifecycle", None, None)
        missing = [(role, flag) for role, flag, found in (
            (("case id", "案件编号"), "--case-column", self.case),
            (("activity", "环节"), "--activity-column", self.activity)) if found is None]
        if self.end is None and self.start is None:
            missing.append((("timestamp", "时间"), "--time-column"))
        if missing:
            what = " and ".join(f"the {role[0]} ({flag})" for role, flag in missing)
            what_zh = "、".join(f"{role[1]}（{flag}）" for role, flag in missing)
            raise LogError(f"{path}: no column for {what}; the file has the columns "
                           f"{_listing(headers)}",
                           zh=f"{path}：找不到{what_zh}的列；文件中的列是 "
                              f"{_listing(headers, 'zh')}")
        named = frozenset(options.attributes)
        self.case_columns = [(i, name) for i, name in enumerate(headers)
                             if (name.startswith("case:") or name in named) and i != self.case]
        self.naive = False

    @property
    def zone(self) -> tzinfo:
        return self.options.zone

    @property
    def has_case_level(self) -> bool:
        return bool(self.outcome is not None or self.deadline is not None
                    or self.case_columns)

    def case_level(self, row: Sequence[Cell], line: int,
                   ) -> tuple[str | None, datetime | None, dict[str, str]]:
        """What a case's first row says of the whole case: outcome, deadline, the
        ``case:…`` and named attribute columns."""
        return (_text(row, self.outcome),
                self.time(row, self.deadline, line, required=False, deadline=True),
                {name: text for i, name in self.case_columns
                 if (text := _text(row, i)) is not None})

    def case_levels(self, rows: list[list[str]], lines: list[int]) -> CaseColumns:
        """``case_level`` of many cases' first rows (CSV text), a column at a time: each
        distinct value is stripped once."""
        def texts(column: int) -> list[str | None]:
            cells = list(map(itemgetter(column), rows))
            clean = {cell: cell.strip() or None for cell in set(cells)}
            return list(map(clean.__getitem__, cells))

        outcomes: Sequence[str | None] = texts(self.outcome) if self.outcome is not None \
            else [None] * len(rows)
        deadlines: Sequence[datetime | None] = [
            self.time(row, self.deadline, line, required=False, deadline=True)
            for row, line in zip(rows, lines, strict=True)] if self.deadline is not None \
            else [None] * len(rows)
        names = [name for _, name in self.case_columns]
        values = zip(*(texts(i) for i, _ in self.case_columns), strict=True)
        attributes = [{name: text for name, text in zip(names, row, strict=True)
                       if text is not None} for row in values] if names else \
            [{} for _ in rows]
        return outcomes, deadlines, attributes

    def columns(self) -> Columns:
        def name(i: int | None) -> str | None:
            return self.headers[i] if i is not None else None
        assert self.case is not None and self.activity is not None
        return Columns(self.headers[self.case], self.headers[self.activity], name(self.end),
                       name(self.start), name(self.resource), name(self.lifecycle),
                       name(self.outcome), name(self.deadline))

    def time(self, row: Sequence[Cell], column: int | None, line: int,
             required: bool, deadline: bool = False) -> datetime | None:
        if column is None or column >= len(row):
            if required:
                self.fail(line, column, "no value: the row is shorter than the header",
                          "没有值：这一行比表头短")
            return None
        cell = row[column]
        if isinstance(cell, datetime):
            if cell.tzinfo is None:
                self.naive = True
                return cell.replace(tzinfo=self.options.zone)
            return cell
        text = "" if cell is None else str(cell)
        if not text.strip():
            if required:
                self.fail(line, column, "no timestamp", "没有时间", empty=True)
            return None
        moment, naive = parse_timestamp(text, self.options.zone)
        if moment is None:
            self.fail(line, column, f"`{text}` is not a timestamp (write it as ISO 8601, "
                                    "e.g. 2023-10-08 09:30:00+08:00)",
                      f"`{text}` 不是时间（请按 ISO 8601 书写，例如 2023-10-08 09:30:00+08:00）")
        self.naive |= naive
        return whole_day(text, moment) if deadline and moment is not None else moment

    def fail(self, line: int, column: int | None, message: str, message_zh: str,
             empty: bool = False) -> None:
        """Stop at the cell; for an empty one, say when it holds a formula whose value the
        file does not store (a sheet written by a program that does not calculate)."""
        name = self.headers[column] if column is not None else "?"
        formula = self.formula(line, column) if empty and column is not None else None
        if formula is not None:
            message = (f"the cell holds the formula `{formula}` but no value: the file was "
                       "saved by a program that does not calculate formulas; open and save "
                       "it in Excel or WPS, or export it as CSV")
            message_zh = (f"单元格里是公式 `{formula}`，却没有值：保存文件的程序不计算公式；"
                          "请在 Excel 或 WPS 中打开并保存，或导出为 CSV")
        where = f"{self.path}:{line}:{(column or 0) + 1}"
        raise LogError(f"{where}: column `{name}`: {message}",
                       zh=f"{where}：列 `{name}`：{message_zh}")


def _text(row: Sequence[Cell], column: int | None) -> str | None:
    if column is None or column >= len(row):
        return None
    cell = row[column]
    if cell is None:
        return None
    text = str(cell).strip()
    return text or None


def read_rows(path: Path, kind: str, rows: Iterator[tuple[int, list[Cell]]],
              options: ReadOptions, formula: Formula | None = None,
              quick: Callable[[_Reader], Quick | None] | None = None) -> Log:
    """The log in ``rows`` (line number, cells), the first being the header. ``quick``,
    given the columns found, may read the whole table its own way (``columns``); when
    it declines, the rows are read one by one."""
    header = next(rows, None)
    if header is None or not any(_text(header[1], i) for i in range(len(header[1]))):
        raise LogError(f"{path}: the log is empty (no header row, no events)",
                       zh=f"{path}：日志是空的（没有表头，也没有事件）")
    headers = [str(h).strip() if h is not None else "" for h in header[1]]
    if headers and headers[0].startswith("\ufeff"):
        headers[0] = headers[0][1:]
    reader = _Reader(path, headers, options, formula or _no_formula)
    found = quick(reader) if quick is not None else None
    if found is not None:
        traces, events, warnings = found
        return _log(path, kind, reader, traces, events, warnings, 0)
    reader.naive = False  # said again by the rows themselves
    collector = Collector()
    blank_case = 0
    for line, row in rows:
        case = _text(row, reader.case)
        if case is None:  # a wholly blank row is no event; else its case id is missing
            if any(c is not None and str(c).strip() for c in row):
                blank_case += 1
            continue
        activity = _text(row, reader.activity)
        if activity is None:
            reader.fail(line, reader.activity, "no activity", "没有环节", empty=True)
            continue
        _add(reader, collector, case, activity, row, line)
    traces, warnings = collector.traces()
    if not collector.events:
        raise LogError(f"{path}: the log has a header but no events",
                       zh=f"{path}：日志只有表头，没有事件")
    return _log(path, kind, reader, traces, collector.events, warnings, blank_case)


def _log(path: Path, kind: str, reader: _Reader, traces: tuple[Trace, ...], events: int,
         warnings: list[Text], blank_case: int) -> Log:
    headers, options = reader.headers, reader.options
    if blank_case:
        warnings.insert(0, Text(
            zh=f"{blank_case:,} 行没有案件编号(`{headers[reader.case or 0]}` 列),未计入",
            en=f"{counted(blank_case, 'row')} {'has' if blank_case == 1 else 'have'} no case "
               f"id (column `{headers[reader.case or 0]}`) and {were(blank_case)} left out"))
    if events == 1:
        warnings.append(Text(zh="日志只有一个事件:以下数字都只依据它",
                             en="the log has one event: every figure below rests on it"))
    if reader.start_only and reader.end is not None:
        name = headers[reader.end]
        warnings.append(Text(
            zh=f"日志每个事件只有一个时间(`{name}`),没有结束时间列:按环节在该时刻完成理解,"
               "环节用时从前一环节算起",
            en=f"the log has one time per event (`{name}`) and no end column: each step is "
               "taken as done at that time, its working time counted from the step before"))
    if reader.naive:
        warnings.append(Text(zh=f"没有时区的时间按 {options.zone} 理解",
                             en=f"timestamps without an offset were taken in {options.zone}"))
    return Log(str(path), kind, traces, reader.columns(), events, tuple(warnings),
               tuple(headers))


def _add(reader: _Reader, collector: Collector, case: str, activity: str,
         row: list[Cell], line: int) -> None:
    record = collector.cases.get(case)
    if record is None:
        record = collector.case(case)
        record.outcome, record.deadline, attributes = reader.case_level(row, line)
        record.attributes = dict(attributes)
    resource = _text(row, reader.resource)
    if reader.start is not None:
        start = reader.time(row, reader.start, line, required=reader.end is None)
        end = reader.time(row, reader.end, line, required=False)
        if start is None and end is None:
            reader.fail(line, reader.start, "neither a start nor an end time",
                        "既没有开始时间，也没有结束时间", empty=True)
        if start is not None and end is not None and end < start:
            reader.fail(line, reader.end, "the step ends before it starts",
                        "这一步在开始之前就结束了")
        collector.step(case, activity, start, end, resource, line)
        return
    moment = reader.time(row, reader.end, line, required=True)
    assert moment is not None
    role = lifecycle_role(_text(row, reader.lifecycle)) if reader.lifecycle is not None \
        else "end"
    collector.event(case, activity, role, moment, resource, line)


def _listing(headers: Sequence[str], lang: str = "en") -> str:
    shown = [f"`{h}`" for h in headers[:30]]
    if len(headers) <= 30:
        return ", ".join(shown)
    more = f"等另外 {len(headers) - 30} 列" if lang == "zh" else \
        f" and {len(headers) - 30} more"
    return ", ".join(shown) + more
