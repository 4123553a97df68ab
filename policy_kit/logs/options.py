"""What a caller tells a log reader: the columns by name, the encoding, the sheet, the zone.

Part of **load**. Every field may be None: the reader then recognises the XES names
(``case:concept:name``, ``concept:name``, ``time:timestamp``, ``lifecycle:transition``,
``org:resource``), the project's own event-log columns (``case_id``, ``activity``,
``start``, ``end``, ``resource``) and the usual Chinese headers (办件编号, 环节名称, …).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

__all__ = ["DEFAULTS", "ReadOptions"]

DEFAULTS: dict[str, tuple[str, ...]] = {
    "case": ("case:concept:name", "case_id", "case", "caseid", "case id", "办件编号",
             "业务编号", "申请编号", "案件编号"),
    "activity": ("concept:name", "activity", "环节名称", "环节", "活动", "步骤"),
    "end": ("time:timestamp", "end", "end_timestamp", "complete", "timestamp",
            "结束时间", "办结时间", "完成时间"),
    "start": ("start", "start_timestamp", "start_time", "开始时间", "受理时间"),
    "resource": ("org:resource", "resource", "办理人", "经办人"),
    "lifecycle": ("lifecycle:transition", "lifecycle"),
    "outcome": ("outcome", "case:outcome", "办理结果"),
}


@dataclass(frozen=True)
class ReadOptions:
    """Column names as the user gave them (None: recognise the defaults)."""

    zone: tzinfo
    case: str | None = None
    activity: str | None = None
    end: str | None = None
    start: str | None = None
    resource: str | None = None
    outcome: str | None = None
    deadline: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    attributes: tuple[str, ...] = ()
    """Columns read as the case's attributes besides ``case:…`` ones (the process's
    attribute names: a guard can read them when the log carries them)."""
