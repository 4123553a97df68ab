"""A log as it stood at the start of one day: what a forecast may know.

Part of **forecast**. ``--as-of DATE`` is 00:00 of that day in the process calendar's
zone: a step that started later is not known yet; a step that started before and ended
later is in progress (its end is not known yet). In a log of completions only, a step is
known once it ended. How a case ended — its recorded outcome, and the column that says it
has ended (``--finished-column``, an activity map's ``finished:``) — is known only once
its last step is; before that the case is open, whatever the later log says.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo

from ..errors import UsageError
from ..logs import Log, Step

__all__ = ["as_of_moment", "cut"]


def as_of_moment(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def cut(log: Log, moment: datetime, finished_column: str | None = None) -> Log:
    """``log`` as known at ``moment``; a usage error when ``moment`` is outside the log.
    ``finished_column``: the case attribute that says a case has ended (cleared where
    the case's end is not known yet)."""
    moments = [s.moment for t in log.traces for s in t.steps]
    ends = [s.end or s.moment for t in log.traces for s in t.steps]
    if not moments:
        raise UsageError("the log has no events to forecast from",
                         zh="日志中没有可供预测的事件")
    first, last = min(moments), max(ends)
    if moment <= first:
        raise UsageError(f"--as-of {moment.date()} is before the log's first event "
                         f"({first.date()}): nothing is open yet",
                         zh=(f"--as-of {moment.date()} 早于日志的第一个事件（{first.date()}）：此"
                             "时还没有在办案件"))
    # A log exported at the end of its last day is complete up to the next day's start:
    # that start is the natural --as-of (the day's own start would hide the day's work).
    if moment.date() > last.astimezone(moment.tzinfo).date() + timedelta(days=1):
        raise UsageError(f"--as-of {moment.date()} is after the log's last event "
                         f"({last.date()}): the log says nothing about that day",
                         zh=(f"--as-of {moment.date()} 晚于日志的最后一个事件（{last.date()}）：日"
                             "志对那一天一无所知"))
    traces = []
    for trace in log.traces:
        steps = tuple(_known(s, moment) for s in trace.steps if s.moment < moment)
        if steps:
            # the outcome a log records is known only once the case's last step was done
            whole = len(steps) == len(trace.steps) and all(s.end is not None for s in steps)
            if whole:
                traces.append(replace(trace, steps=steps))
                continue
            attributes = {k: v for k, v in trace.attributes.items() if k != finished_column}
            traces.append(replace(trace, steps=steps, outcome=None, attributes=attributes))
    return replace(log, traces=tuple(traces), events=sum(len(t.steps) for t in traces))


def _known(step: Step, moment: datetime) -> Step:
    if step.end is not None and step.end >= moment:
        return step._replace(end=None)  # in progress at the start of the day
    return step

