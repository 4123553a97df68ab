"""Conformance of a whole log with a process: read, map, replay, sum up.

Part of **conform**; the one function the CLI calls (``conform``), and the one that
issue-17-style callers (calibration, forecasting) start from: it returns every case's
alignment with its timed steps in ``Conformance.cases[i].steps``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from ..calendar import calendar_for, zone_of
from ..calendar.table import TableCalendar
from ..loader import Definition
from ..logs import Log
from ..logs.collect import counted
from ..model.common import Text
from .activities import ActivityMap, match_names
from .replay import Replayer
from .result import CaseResult, Conformance, LogInfo
from .summary import activity_rows, department_rows, move_rows, state_rows, summarise
from .tally import Tally
from .worktime import WorkClock

__all__ = ["Conformer", "Settings", "conform", "replayer_for"]


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
        names = set(map(itemgetter(0), chain.from_iterable(t.steps for t in log.traces)))
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


class Conformer:
    """One log being replayed against one process: the cases one at a time (``cases``),
    then the tables over all of them (``result``).

    ``conform`` keeps every case; a caller that writes each case out as it comes (the
    CLI on a million-event log) keeps none, and the tables are the same.
    """

    def __init__(self, definition: Definition, log: Log,
                 activities: ActivityMap | None = None, settings: Settings | None = None,
                 *, steps: bool = True) -> None:
        self.definition = definition
        self.log = log
        self.settings = settings or Settings()
        self.replayer = replayer_for(definition, activities, log, self.settings, steps)
        self.tally = Tally()

    def cases(self) -> Iterator[CaseResult]:
        """Each case's result, in the log's order (once: the totals count them)."""
        tally, replayer = self.tally, self.replayer
        for trace in self.log.traces:
            tally.events.update(step.activity for step in trace.steps)
            yield replayer.case(trace, tally)

    def result(self, cases: tuple[CaseResult, ...] = ()) -> Conformance:
        """The whole answer, with ``cases`` as its case list (the figures count every
        case replayed, whether kept or not)."""
        log, definition, tally = self.log, self.definition, self.tally
        mapping = self.replayer.activities
        unknown = sorted(a for a in tally.events
                         if a not in mapping.ignore and mapping.state(a) is None)
        unreadable = self.replayer.unreadable
        warnings = [Text(zh=f"{n:,} 件的 `{name}` 值不在属性的取值范围内,按未知处理",
                         en=f"{counted(n, 'case')} {'has' if n == 1 else 'have'} a `{name}` "
                            "value outside the attribute's domain; it was taken as unknown")
                    for name, n in sorted(unreadable.items())]
        foreign = self.replayer.foreign
        if foreign:
            seen = [o for o, _ in foreign.most_common(5)]
            outcomes = ", ".join(sorted(self.replayer.outcomes)) or "-"
            count = sum(foreign.values())
            warnings.append(Text(
                zh=f"{count:,} 件记录的办理结果({'、'.join(seen)})不是流程的结果之一"
                   f"({outcomes}):按已办结、结果不限处理",
                en=f"{counted(count, 'case')} {'records' if count == 1 else 'record'} an outcome "
                   f"({', '.join(seen)}) that is none of the process's ({outcomes}): "
                   f"{'it counts' if count == 1 else 'they count'} as ended, with any outcome"))
        summary = summarise(tally, log, len(self.replayer.memo), unknown, warnings)
        columns = log.columns
        kind = self.settings.calendar or definition.process.calendar
        clock = self.replayer.clock
        info = LogInfo(path=log.path, format=log.format, events=log.events, columns={
            "case": columns.case, "activity": columns.activity, "time": columns.end,
            "start": columns.start, "resource": columns.resource,
            "lifecycle": columns.lifecycle, "outcome": columns.outcome,
            "deadline": columns.deadline, "finished": self.replayer.finished_column},
            calendar=kind, zone=str(clock.zone))
        return Conformance(
            process=definition.id, log=info, summary=summary, cases=cases,
            activities=activity_rows(tally, mapping),
            departments=department_rows(tally),
            states=state_rows(tally, tally.cases, definition, clock.day),
            transitions=move_rows(tally, tally.cases, definition))


def conform(definition: Definition, log: Log, activities: ActivityMap | None = None,
            settings: Settings | None = None, *, steps: bool = True) -> Conformance:
    """Replay every case of ``log`` against ``definition`` and sum up what was found.

    ``steps``: keep each case's timed steps (``CaseResult.steps``, which calibration
    reads); without them a large log's result is much smaller, and every table and
    figure is the same.
    """
    conformer = Conformer(definition, log, activities, settings, steps=steps)
    return conformer.result(tuple(conformer.cases()))
