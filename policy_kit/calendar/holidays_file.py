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
from policy_kit.formats import format_refusal
from policy_kit.source import SourceMap, read_yaml_text

__all__ = ["load_holidays"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_HINT = "write dates as YYYY-MM-DD, for example 2027-01-01"
_DATE_HINT_ZH = "日期写成 `YYYY-MM-DD`，例如 2027-01-01"
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
        raise DefinitionError((Problem(
            Location(str(file), line, 1), "not UTF-8 text", "save the file as UTF-8",
            message_zh="不是 UTF-8 文本", hint_zh="把文件存为 UTF-8 编码"),)) from None
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

    def problem(self, line: int, column: int, message: str, hint: str = "",
                message_zh: str = "", hint_zh: str = "") -> None:
        self.problems.append(Problem(Location(self.file, line, column), message, hint,
                                     message_zh=message_zh, hint_zh=hint_zh))

    def add(self, text: str, working: bool, line: int, column: int) -> None:
        text = text.strip()
        day = _parse_date(text)
        if day is None:
            self.problem(line, column, f"{text!r} is not a date", _DATE_HINT,
                         f"{text!r} 不是日期", _DATE_HINT_ZH)
            return
        if day in self.days and self.days[day] != working:
            self.problem(
                line,
                column,
                f"{day} is listed both as a holiday and as a workday",
                f"keep one of them (the other is at {self.seen_at[day]})",
                f"{day} 既列为节假日，又列为调休上班日",
                f"只留其一（另一处在 {self.seen_at[day]}）",
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
            found.problem(line, 1, "the header must be date,kind (date first)", "",
                          "表头必须是 `date,kind`（`date` 在前）")
            return found.result()
        if len(cells) != 2:
            found.problem(
                line,
                1,
                f"expected 2 columns (date,kind), found {len(cells)}",
                "write one day per line, like 2027-01-01,holiday",
                f"应有 2 列（`date,kind`），这里有 {len(cells)} 列",
                "每行写一天，例如 `2027-01-01,holiday`",
            )
            continue
        kind = _KINDS.get(cells[1].lower())
        if kind is None:
            found.problem(line, 1, f"kind {cells[1]!r} is neither 'holiday' nor 'workday'",
                          "", f"`kind` 列的 {cells[1]!r} 既不是 `holiday` 也不是 `workday`")
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
                    "the file must be a mapping with 'holidays' and 'workdays'", "",
                    "文件必须是含 `holidays` 和 `workdays` 的映射")
        return found.result()
    refusal = format_refusal("holidays", data.get("format"), source.locate(("format",)))
    if refusal is not None:  # a newer format may mean anything: say only that
        raise DefinitionError((refusal,))
    for name, value in data.items():
        if name == "format":
            continue
        if name == "source":
            if not isinstance(value, str):
                _problem_at(found, source.locate(("source",)), "'source' must be a line of text",
                            "", "`source` 必须是一行文字")
        elif name in _YAML_KEYS:
            _read_yaml_list(found, source, name, value)
        else:
            _problem_at(found, source.locate_key((name,)), f"unknown key {name!r}",
                        "the keys are format, holidays, workdays and source",
                        f"未知的键 `{name}`",
                        "可用的键是 `format`、`holidays`、`workdays` 和 `source`")
    return found.result()


def _read_yaml_list(found: _Collector, source: SourceMap, name: str, value: object) -> None:
    working = _YAML_KEYS[name]
    if value is None:
        return  # an empty list written as ``holidays:``
    if not isinstance(value, list):
        _problem_at(found, source.locate((name,)), "expected a list of dates",
                    "write [2027-01-01, 2027-01-02]", "这里应是日期列表",
                    "写成 [2027-01-01, 2027-01-02]")
        return
    for index, item in enumerate(value):
        where = source.locate((name, index))
        if isinstance(item, dict | list):
            _problem_at(found, where, "expected a date, found a list or mapping", _DATE_HINT,
                        "这里应是日期，却是列表或映射", _DATE_HINT_ZH)
        else:
            found.add(str(item), working, where.line, where.column)


def _problem_at(found: _Collector, where: Location, message: str, hint: str = "",
                message_zh: str = "", hint_zh: str = "") -> None:
    found.problem(where.line, where.column, message, hint, message_zh, hint_zh)
