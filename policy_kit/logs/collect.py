"""Gathering read events into cases: pairing starts with completions, ordering, counting.

Part of **load**, shared by every log reader so that a CSV, an XLSX sheet and an XES file
with the same events give the same cases. Oddities that do not stop the reading (exact
duplicate events, steps out of time order, a completion without its start) are counted
and said once each, never fatal.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from ..model.common import Text
from .model import Step, Trace

__all__ = ["Collector", "counted", "lifecycle_role", "oddities", "order", "out_of_order",
           "unique", "were"]

_STARTS = frozenset({"start", "begin", "started"})
_ENDS = frozenset({"complete", "completed", "end", "ate_abort", "pi_abort", "done"})


def lifecycle_role(value: str | None) -> str | None:
    """``start``, ``end``, or None for a lifecycle that is neither (schedule, assign, …)."""
    if value is None or not value.strip():
        return "end"
    text = value.strip().lower()
    if text in _STARTS:
        return "start"
    if text in _ENDS:
        return "end"
    return None


@dataclass
class _Case:
    steps: list[Step] = field(default_factory=list)
    open: dict[str, deque[tuple[datetime, str | None, int]]] = field(default_factory=dict)
    outcome: str | None = None
    deadline: datetime | None = None
    attributes: dict[str, str] = field(default_factory=dict)


class Collector:
    """Cases in the order they first appear, filled one event at a time."""

    def __init__(self) -> None:
        self.cases: dict[str, _Case] = {}
        self.events = 0
        self.unpaired_ends = 0
        self.other_lifecycle = 0
        self._names: dict[str, str] = {}

    def name(self, text: str | None) -> str | None:
        """One string object per distinct activity or resource name: a million-row log
        names a few dozen activities, and each row's cell would otherwise stay a copy."""
        if text is None:
            return None
        return self._names.setdefault(text, text)

    def case(self, name: str) -> _Case:
        found = self.cases.get(name)
        if found is None:
            found = self.cases[name] = _Case()
        return found

    def step(self, case: str, activity: str, start: datetime | None, end: datetime | None,
             resource: str | None, row: int) -> None:
        """A step whose start and end are both known (or known to be absent)."""
        self.events += 1
        self.case(case).steps.append(Step(self._names.setdefault(activity, activity), start,
                                          end, self.name(resource), row))

    def event(self, case: str, activity: str, role: str | None, moment: datetime,
              resource: str | None, row: int) -> None:
        """One lifecycle event: a start waits for its completion; a completion closes the
        oldest open start of the same activity, or stands alone (complete-only logs)."""
        self.events += 1
        if role is None:
            self.other_lifecycle += 1
            return
        record = self.case(case)
        activity = self._names.setdefault(activity, activity)
        resource = self.name(resource)
        if role == "start":
            record.open.setdefault(activity, deque()).append((moment, resource, row))
            return
        waiting = record.open.get(activity)
        if waiting:
            start, start_resource, start_row = waiting.popleft()
            record.steps.append(Step(activity, start, moment, resource or start_resource,
                                     start_row))
        else:
            record.steps.append(Step(activity, None, moment, resource, row))

    def traces(self) -> tuple[tuple[Trace, ...], list[Text]]:
        """The cases, each sorted into time order, and the warnings worth saying."""
        result: list[Trace] = []
        duplicates = reordered = 0
        for name, record in self.cases.items():
            for activity, waiting in record.open.items():
                record.steps.extend(Step(activity, start, None, resource, row)
                                    for start, resource, row in waiting)
            steps, dropped = unique(record.steps)
            duplicates += dropped
            late = out_of_order(steps)
            reordered += late
            steps.sort(key=order)  # also when in order: paired steps sit at their ends
            result.append(Trace(name, tuple(steps), record.outcome, record.deadline,
                                record.attributes, late))
        cases = sum(1 for t in result if t.reordered)
        return tuple(result), oddities(duplicates, reordered, cases, self.other_lifecycle)



def oddities(duplicates: int, reordered: int, cases: int, other_lifecycle: int) -> list[Text]:
    """The warnings about what reading put right: duplicates, steps out of order (in
    ``cases`` cases), lifecycles that are neither start nor complete."""
    warnings: list[Text] = []
    if duplicates:
        warnings.append(_text(
            f"{duplicates:,} 个重复事件(同一案件、环节、时间和办理人)只计一次",
            f"{counted(duplicates, 'duplicate event')} (same case, activity, times and "
            f"resource) {were(duplicates)} counted once"))
    if reordered:
        warnings.append(_text(
            f"{cases:,} 件中有 {reordered:,} 个事件在文件中未按时间排列,已排序",
            f"{counted(reordered, 'event')} in {counted(cases, 'case')} stood out of time "
            f"order in the file; {'it was' if reordered == 1 else 'they were'} sorted"))
    if other_lifecycle:
        warnings.append(_text(
            f"{other_lifecycle:,} 个事件的生命周期不是开始或完成,未计入",
            f"{counted(other_lifecycle, 'event')} with a lifecycle other than start "
            f"or complete (schedule, assign, …) {were(other_lifecycle)} left out"))
    return warnings


def _text(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


def counted(n: int, noun: str) -> str:
    """``1 event``, ``2 events``: English warnings read as sentences."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def were(n: int) -> str:
    return "was" if n == 1 else "were"


def order(step: Step) -> tuple[datetime, datetime, int]:
    end = step.end if step.end is not None else step.moment
    return step.moment, end, step.row


def unique(steps: list[Step]) -> tuple[list[Step], int]:
    seen: set[tuple[str, datetime | None, datetime | None, str | None]] = set()
    kept: list[Step] = []
    for step in steps:
        key = (step.activity, step.start, step.end, step.resource)
        if key in seen:
            continue
        seen.add(key)
        kept.append(step)
    return kept, len(steps) - len(kept)


def out_of_order(steps: list[Step]) -> int:
    """Steps whose time comes before the step written above them in the file."""
    late = 0
    latest: datetime | None = None
    for step in sorted(steps, key=lambda s: s.row):
        moment = step.moment
        if latest is not None and moment < latest:
            late += 1
        elif latest is None or moment > latest:
            latest = moment
    return late
