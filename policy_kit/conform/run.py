"""Conformance of a whole log with a process: read, map, replay, sum up.

Part of **conform**; the one function the CLI calls (``conform``), and the one that
issue-17-style callers (calibration, forecasting) start from: it returns every case's
alignment with its timed steps in ``Conformance.cases[i].steps``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..calendar import calendar_for, zone_of
from ..calendar.table import TableCalendar
from ..loader import Definition
from ..logs import Log
from .activities import ActivityMap, match_names
from .replay import Replayer
from .result import Conformance, LogInfo
from .summary import activity_rows, department_rows, move_rows, state_rows, summarise
from .tally import Tally
from .worktime import WorkClock

__all__ = ["Settings", "conform", "replayer_for"]


@dataclass(frozen=True)
class Settings:
    """What the caller decides beyond the log: the calendar and how to name people."""

    calendar: str | None = None
    """cn, weekly or weekly:CC; None: the process's own."""
    finished_column: str | None = None
    rename: Callable[[str], str] = str


def replayer_for(definition: Definition, activities: ActivityMap | None, log: Log,
                 settings: Settings, keep_steps: bool = True) -> Replayer:
    """A replayer for ``log``: the mapping given, or names matched to the process's states."""
    if activities is None:
        names = {s.activity for t in log.traces for s in t.steps}
        activities = match_names(names, definition)
    kind = settings.calendar or definition.process.calendar
    calendar = calendar_for(kind)
    assert isinstance(calendar, TableCalendar)
    clock = WorkClock(calendar, zone_of(kind))
    finished = settings.finished_column or activities.columns.finished
    recorded = log.columns.outcome is not None and (
        log.format != "xes" or any(t.outcome is not None for t in log.traces))
    return Replayer(definition, activities, clock, finished, settings.rename, recorded,
                    keep_steps)


def conform(definition: Definition, log: Log, activities: ActivityMap | None = None,
            settings: Settings | None = None, *, steps: bool = True) -> Conformance:
    """Replay every case of ``log`` against ``definition`` and sum up what was found.

    ``steps``: keep each case's timed steps (``CaseResult.steps``, which calibration
    reads); without them a large log's result is much smaller, and every table and
    figure is the same.
    """
    settings = settings or Settings()
    replayer = replayer_for(definition, activities, log, settings, steps)
    tally = Tally()
    results = []
    for trace in log.traces:
        tally.events.update(step.activity for step in trace.steps)
        results.append(replayer.case(trace, tally))
    mapping = replayer.activities
    unknown = sorted(a for a in tally.events
                     if a not in mapping.ignore and mapping.state(a) is None)
    summary = summarise(results, log, len(replayer.memo), tally.total, unknown)
    columns = log.columns
    kind = settings.calendar or definition.process.calendar
    info = LogInfo(path=log.path, format=log.format, events=log.events, columns={
        "case": columns.case, "activity": columns.activity, "time": columns.end,
        "start": columns.start, "resource": columns.resource,
        "lifecycle": columns.lifecycle, "outcome": columns.outcome,
        "deadline": columns.deadline, "finished": replayer.finished_column},
        calendar=kind, zone=str(replayer.clock.zone))
    cases = len(results)
    return Conformance(
        process=definition.id, log=info, summary=summary, cases=tuple(results),
        activities=activity_rows(tally, mapping),
        departments=department_rows(tally),
        states=state_rows(tally, cases, definition, replayer.clock.day),
        transitions=move_rows(tally, cases, definition))
