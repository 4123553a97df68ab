"""Helpers for the report tests: the commands' --json output, where a figure sits in it, a
case log to forecast."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from policy_kit.cli import main


def command_json(*args: str) -> Any:
    """What ``policy-kit ARGS --json`` prints (stdout only)."""
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def json_value(data: Any, source: str, key: list[str | int]) -> Any:
    """The value a report's figure names: ``key`` walks the command's JSON; validate's
    ``["severity", S]`` is the number of findings of severity S not suppressed; a key
    ending at a list means its length (``path``'s ``steps``)."""
    if source == "validate":
        assert key[0] == "severity"
        return sum(1 for f in data if f["severity"] == key[1] and not f["suppressed"])
    value = data
    for part in key:
        value = value[part]
    return len(value) if isinstance(value, list) else value


def same(shown: str, expected: Any) -> bool:
    """A figure's ``value`` attribute against the JSON value it claims to be."""
    if expected is None:
        return shown == ""
    if isinstance(expected, bool | str):
        return shown == str(expected)
    return float(shown) == float(expected)


def simulated_log(process: Path, folder: Path) -> Path:
    """The scenario beside ``process`` simulated into a case log, with a deadline column (five
    days after each case's first event) as an office's log would have."""
    plain = folder / "plain.csv"
    made = CliRunner().invoke(main, ["simulate", str(process), "--event-log", str(plain)])
    assert made.exit_code == 0, made.output
    log = folder / "log.csv"
    with plain.open(encoding="utf-8") as source, log.open("w", encoding="utf-8",
                                                          newline="") as target:
        rows = list(csv.DictReader(source))
        first: dict[str, datetime] = {}
        for row in rows:
            begun = datetime.fromisoformat(row["start"] or row["end"])
            first[row["case_id"]] = min(first.get(row["case_id"], begun), begun)
        writer = csv.DictWriter(target, [*rows[0], "deadline"])
        writer.writeheader()
        for row in rows:
            due = first[row["case_id"]] + timedelta(days=5)
            writer.writerow({**row, "deadline": due.isoformat()})
    return log


def rounded(text: str, expected: float) -> bool:
    """The text a figure prints is its value rounded to the digits shown: a percentage is
    the value × 100, thousands may be separated by commas, and a difference may be printed
    without its sign (the verdict beside it says which way)."""
    plain = text.replace(",", "").strip()
    scale = 100.0 if plain.endswith("%") else 1.0
    number = plain.rstrip("%")
    decimals = len(number.split(".")[1]) if "." in number else 0
    tolerance = 0.5 * 10.0 ** -decimals + 1e-9
    return any(abs(float(number) - value * scale) <= tolerance
               for value in (expected, abs(expected)))
