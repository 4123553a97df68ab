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

from .errors import Location, Problem

__all__ = ["FORMATS", "format_problem", "format_refusal", "not_a_mapping", "versioned"]

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

NAMES: dict[str, tuple[str, str]] = {
    "process": ("process definition", "流程定义"),
    "scenario": ("scenario", "情景"),
    "policy": ("policy file", "政策文件"),
    "mapping": ("mapping file", "改革对照表"),
    "activities": ("activity mapping", "活动对照文件"),
    "holidays": ("holidays file", "节假日文件"),
    "path": ("walk file (path --json)", "走查文件（`path --json` 的输出）"),
    "heat": ("result file (simulate or conform --json)",
             "结果文件（`simulate` 或 `conform --json` 的输出）"),
}
"""Each kind of file a user hands policy-kit, as a message names it: English, Chinese."""

SHAPES: dict[str, tuple[str, str]] = {
    "process": ("a definition is a mapping of keys (format, id, title, …)",
                "流程定义是由键组成的映射（`format`、`id`、`title` 等）"),
    "scenario": ("a scenario is a mapping of keys (format, process, start, arrivals, …)",
                 "情景是由键组成的映射（`format`、`process`、`start`、`arrivals` 等）"),
    "policy": ("a policy file is a mapping of keys (format, id, process, version, …)",
               "政策文件是由键组成的映射（`format`、`id`、`process`、`version` 等）"),
    "mapping": ("a mapping file is a mapping of keys (format, before, after, items)",
                "改革对照表是由键组成的映射（`format`、`before`、`after`、`items`）"),
    "activities": ("an activities file is a mapping with `activities:` (log activity → "
                   "state id)",
                   "活动对照文件是含 `activities:` 的映射（日志中的活动 → 状态的 `id`）"),
}
"""What a file of each kind is, said when its top level is a list or a single value."""


def versioned(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its kind's ``format`` as the first key (what ``--json`` prints)."""
    return {"format": FORMATS[kind], **data}


def not_a_mapping(kind: str) -> tuple[str, str]:
    """What a ``kind`` file's top level must be, in English and Chinese."""
    return SHAPES[kind]


def format_problem(kind: str, value: Any) -> tuple[str, str] | None:
    """What is wrong with ``value`` as the ``format`` of a ``kind`` file, and how to fix
    it, in English; None when it is fine. ``value`` None (no key) is format 1."""
    said = _refusal(kind, value)
    return None if said is None else (said[0], said[1])


def format_refusal(kind: str, value: Any, where: Location, code: str = "") -> Problem | None:
    """``format_problem`` as a ``Problem`` at ``where``, in both languages."""
    said = _refusal(kind, value)
    if said is None:
        return None
    message, hint, message_zh, hint_zh = said
    return Problem(where, message, hint, code, message_zh=message_zh, hint_zh=hint_zh)


def _refusal(kind: str, value: Any) -> tuple[str, str, str, str] | None:
    newest = FORMATS[kind]
    if value is None:
        return None
    name, name_zh = NAMES[kind]
    number = _whole(value)
    if number is None or number < 1:
        known = "1" if newest == 1 else f"a whole number from 1 to {newest}"
        known_zh = "1" if newest == 1 else f"1 到 {newest} 的整数"
        return (f"`format` is {_shown(value)}: it must be {known}",
                f"the version of the {name} format; leave it out for 1",
                f"`format` 是 {_shown(value)}：应为 {known_zh}",
                f"{name_zh}格式的版本号；是 1 时可以不写")
    if number > newest:
        known = "1" if newest == 1 else f"1 to {newest}"
        known_zh = "1" if newest == 1 else f"1 到 {newest}"
        return (f"this {name} is written in format {number}, newer than this "
                f"policy-kit reads (format {known})",
                f"upgrade policy-kit (pip install -U policy-kit), or write the file in "
                f"format {newest}",
                f"这个{name_zh}按格式 {number} 书写，比这个 policy-kit 能读的格式（{known_zh}）新",
                f"升级 policy-kit（`pip install -U policy-kit`），或按格式 {newest} 书写这个文件")
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
