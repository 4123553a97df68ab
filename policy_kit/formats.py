"""The ``format`` number every file kind carries, and the one rule for reading it.

Part of load (YAML → **format** → schema → resolve). Each kind of file policy-kit reads or
writes says which version of its format it is written in, so the formats can grow
(docs/format.md, "Formats that grow"):

- no ``format`` key: format 1, the first (files written before the key existed load);
- a format this policy-kit knows: read as that format;
- a newer one: refused with one message at the key's file:line:col, saying which formats
  this policy-kit reads and what to do (upgrade, or write the older format), exit 1 —
  never a guess at what a newer file means.

Within a format, keys are only ever added beside the existing ones (and JSON outputs keep
every key's name and meaning), so a reader of format N still reads what it knows in a
file of format N written later.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["FORMATS", "format_problem", "versioned"]

FORMATS: dict[str, int] = {
    # files a user writes (YAML)
    "process": 1,
    "scenario": 1,
    "policy": 1,
    "mapping": 1,
    "activities": 1,
    "holidays": 1,
    # what the commands print with --json (a ``format`` key first)
    "path": 1,
    "simulate": 1,
    "compare": 1,
    "conform": 1,
    "calibrate": 1,
    "forecast": 1,
    "sweep": 1,
    # read back by ``render --heat``: simulate or conform --json (raise it when the
    # reader learns a newer format of either); ``render --path`` reads "path"
    "heat": 1,
}
"""The newest format of each kind of file this policy-kit reads or writes."""

NAMES = {"process": "process definition", "scenario": "scenario", "policy": "policy file",
         "mapping": "mapping file", "activities": "activity mapping", "holidays":
         "holidays file", "path": "walk file (path --json)",
         "heat": "result file (simulate or conform --json)"}


def versioned(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its kind's ``format`` as the first key (what ``--json`` prints)."""
    return {"format": FORMATS[kind], **data}


def format_problem(kind: str, value: Any) -> tuple[str, str] | None:
    """What is wrong with ``value`` as the ``format`` of a ``kind`` file, and how to fix
    it; None when it is fine. ``value`` None (no key) is format 1."""
    newest = FORMATS[kind]
    if value is None:
        return None
    number = _whole(value)
    if number is None or number < 1:
        known = "1" if newest == 1 else f"a whole number from 1 to {newest}"
        return (f"`format` is {_shown(value)}: it must be {known}",
                f"the version of the {NAMES[kind]} format; leave it out for 1")
    if number > newest:
        known = "1" if newest == 1 else f"1 to {newest}"
        return (f"this {NAMES[kind]} is written in format {number}, newer than this "
                f"policy-kit reads (format {known})",
                f"upgrade policy-kit (pip install -U policy-kit), or write the file in "
                f"format {newest}")
    return None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float) and value == int(value):
        return int(value)
    return None


def _shown(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)
