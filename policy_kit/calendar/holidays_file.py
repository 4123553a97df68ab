"""``load_holidays``: read a local holidays file (``--holidays FILE``) for policy-kit's calendars.

The file adjusts or extends the statutory calendar that dated paths and the simulator use:
a year the published data lacks, or a local extra day off. Two forms are read::

    # YAML                                   # CSV (UTF-8, with or without BOM)
    format: 1                                date,kind
    source: 国办发明电〔2026〕N号
    holidays: [2027-01-01, 2027-02-06]       2027-01-01,holiday
    workdays: [2027-02-14]                   2027-02-14,workday

Every mistake found is reported at once, each at its file:line:col, so that a user fixes the
whole file in one pass.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from policy_kit.errors import DefinitionError, Location, PolicyKitError, Problem
from policy_kit.formats import format_problem
from policy_kit.source import SourceMap, read_yaml_text

__all__ = ["load_holidays"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_HINT = "write dates as YYYY-MM-DD, for example 2027-01-01"
_KINDS = {"holiday": False, "workday": True}
_YAML_KEYS = {"holidays": False, "workdays": True}


def load_holidays(path: str | Path) -> dict[date, bool]:
    """Read ``path`` into {day: is working day}; ``.csv`` is CSV, anything else YAML.

    Raises ``PolicyKitError`` when the file cannot be read and ``DefinitionError`` (with
    every problem found) when its content is wrong.
    """
    file = Path(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise PolicyKitError(f"holidays file not found: {file}",
                             zh=f"找不到节假日文件：{file}") from None
    except OSError as error:
        raise PolicyKitError(f"cannot read holidays file {file}: {error.strerror}",
                             zh=f"无法读取节假日文件 {file}：{error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DefinitionError.single(
            Location(str(file), line, 1), "not UTF-8 text", "save the file as UTF-8"
        ) from None
    if file.suffix.lower() == ".csv":
        return _read_csv(str(file), text)
    return _read_yaml(str(file), text)


class _Collector:
    """Gathers dates and problems, so that every problem is reported, not just the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.days: dict[date, bool] = {}
        self.seen_at: dict[date, Location] = {}
        self.problems: list[Problem] = []

    def problem(self, line: int, column: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(Location(self.file, line, column), message, hint))

    def add(self, text: str, working: bool, line: int, column: int) -> None:
        text = text.strip()
        day = _parse_date(text)
        if day is None:
            self.problem(line, column, f"{text!r} is not a date", _DATE_HINT)
            return
        if day in self.days and self.days[day] != working:
            self.problem(
                line,
                column,
                f"{day} is listed both as a holiday and as a workday",
                f"keep one of them (the other is at {self.seen_at[day]})",
            )
            return
        self.days[day] = working
        self.seen_at.setdefault(day, Location(self.file, line, column))

    def result(self) -> dict[date, bool]:
        if self.problems:
            raise DefinitionError(sorted(self.problems, key=lambda p: p.location))
        return self.days


def _parse_date(text: str) -> date | None:
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _read_csv(file: str, text: str) -> dict[date, bool]:
    found = _Collector(file)
    reader = csv.reader(text.splitlines())
    for row in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line == 1 and [c.lower() for c in cells] == ["date", "kind"]:
            continue
        if line == 1 and {c.lower() for c in cells} == {"date", "kind"}:
            found.problem(line, 1, "the header must be date,kind (date first)")
            return found.result()
        if len(cells) != 2:
            found.problem(
                line,
                1,
                f"expected 2 columns (date,kind), found {len(cells)}",
                "write one day per line, like 2027-01-01,holiday",
            )
            continue
        kind = _KINDS.get(cells[1].lower())
        if kind is None:
            found.problem(line, 1, f"kind {cells[1]!r} is neither 'holiday' nor 'workday'")
            continue
        found.add(cells[0], kind, line, 1)
    return found.result()


def _read_yaml(file: str, text: str) -> dict[date, bool]:
    """Through policy-kit's safe YAML reader: duplicate keys, tags and alias bombs refused,
    and every value located."""
    if not text.strip():
        return {}
    data, source = read_yaml_text(text, file)
    found = _Collector(file)
    if data is None:
        return {}
    if not isinstance(data, dict):
        _problem_at(found, source.locate(()),
                    "the file must be a mapping with 'holidays' and 'workdays'")
        return found.result()
    problem = format_problem("holidays", data.get("format"))
    if problem is not None:  # a newer format may mean anything: say only that
        raise DefinitionError((Problem(source.locate(("format",)), *problem),))
    for name, value in data.items():
        if name == "format":
            continue
        if name == "source":
            if not isinstance(value, str):
                _problem_at(found, source.locate(("source",)), "'source' must be a line of text")
        elif name in _YAML_KEYS:
            _read_yaml_list(found, source, name, value)
        else:
            _problem_at(found, source.locate_key((name,)), f"unknown key {name!r}",
                        "the keys are format, holidays, workdays and source")
    return found.result()


def _read_yaml_list(found: _Collector, source: SourceMap, name: str, value: object) -> None:
    working = _YAML_KEYS[name]
    if value is None:
        return  # an empty list written as ``holidays:``
    if not isinstance(value, list):
        _problem_at(found, source.locate((name,)), "expected a list of dates",
                    "write [2027-01-01, 2027-01-02]")
        return
    for index, item in enumerate(value):
        where = source.locate((name, index))
        if isinstance(item, dict | list):
            _problem_at(found, where, "expected a date, found a list or mapping", _DATE_HINT)
        else:
            found.add(str(item), working, where.line, where.column)


def _problem_at(found: _Collector, where: Location, message: str, hint: str = "") -> None:
    found.problem(where.line, where.column, message, hint)
