"""Helpers for the report tests: the commands' --json output and where a figure sits in it."""

from __future__ import annotations

import json
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
