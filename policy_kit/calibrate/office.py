"""When cases arrive, how many officers work them, and when offices are open, as a log shows.

Part of **calibrate**. Each estimate says how it was made, since each rests on a choice:

- arrivals: cases over the working days from the first arrival to the last (both
  counted), on the process calendar; by calendar month as well when the log spans a
  year, so a seasonal office can be seen — each month of the log (``by_month``), and each
  month of the year over every year the log covers (``by_calendar_month``: the cases of
  all its Januaries over their working days, …), which the scenario's
  ``arrivals.by_month`` takes so that the simulation is seasonal too;
- staff: where the log records when steps started, the most officers of a department
  seen at work at one moment. That is a lower bound (an idle officer is never seen, and a
  log cut short shows a part of the office's work), so it limits the department only
  where the log shows it binding: a step of the department waited for an officer while
  that many were at work. Otherwise the department is reported as *not limited* — the
  log shows no queue, so the simulation should not invent one; where it records only
  completions, the officers of a
  department who completed a step on one working day, at the 90th percentile of days
  (a day's completions say who worked that day, not who worked at once);
- office hours: the 5th to 95th percentile of the hour of day of recorded events on
  working days, widened to the half hour; none when the timestamps carry no time of day.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from ..calendar.table import TableCalendar
from ..model import Frozen
from .observe import Officer

__all__ = ["ArrivalRate", "OfficeHoursSeen", "StaffSeen", "arrival_rate", "office_hours",
           "staff_seen"]


class ArrivalRate(Frozen):
    cases: int
    first: date
    last: date
    working_days: int
    per_working_day: float
    by_month: dict[str, float] = {}
    """``YYYY-MM`` → arrivals per working day in that month (when the log spans a year)."""
    by_calendar_month: dict[int, float] = {}
    """Month of the year (1–12) → arrivals per working day in it, over every year the log
    covers (when the log spans a year)."""


class StaffSeen(Frozen):
    department: str
    count: int
    officers: int
    method: str
    limiting: bool = True
    """Whether the log shows ``count`` binding (a step waited while that many officers
    were at work); False: reported, but the department is left unlimited."""


class OfficeHoursSeen(Frozen):
    start: str
    end: str
    events: int


def arrival_rate(arrivals: Sequence[datetime], calendar: TableCalendar,
                 zone: tzinfo) -> ArrivalRate | None:
    """Cases per working day; None with fewer than two arrivals (no span to divide by)."""
    if len(arrivals) < 2:
        return None
    days = sorted(moment.astimezone(zone).date() for moment in arrivals)
    first, last = days[0], days[-1]
    working = max(1, calendar.working_days_between(first, last))
    by_month: dict[str, float] = {}
    pooled: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # month → [cases, days]
    if (last - first).days >= 365:
        counts: dict[str, int] = defaultdict(int)
        for day in days:
            counts[f"{day:%Y-%m}"] += 1
        year, number = first.year, first.month
        while date(year, number, 1) <= last:
            begin = max(first, date(year, number, 1))
            end = min(last, date(year, number, monthrange(year, number)[1]))
            span = calendar.working_days_between(begin, end)
            count = counts.get(f"{year:04d}-{number:02d}", 0)
            if span > 0:
                if count:
                    by_month[f"{year:04d}-{number:02d}"] = round(count / span, 4)
                pooled[number][0] += count
                pooled[number][1] += span
            year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    by_calendar_month = {m: round(c / d, 4) for m, (c, d) in sorted(pooled.items()) if d}
    return ArrivalRate(cases=len(days), first=first, last=last, working_days=working,
                       per_working_day=len(days) / working, by_month=by_month,
                       by_calendar_month=by_calendar_month)


def staff_seen(officers: Sequence[Officer], has_starts: bool, zone: tzinfo,
               calendar: TableCalendar, queued: Sequence[Officer] = ()) -> list[StaffSeen]:
    """Officers per department, by the method the module docstring states; ``queued``:
    the steps that waited for an officer (ready → start), where the log records starts."""
    by_department: dict[str, list[Officer]] = defaultdict(list)
    for officer in officers:
        by_department[officer.department].append(officer)
    waits: dict[str, list[Officer]] = defaultdict(list)
    for wait in queued:
        waits[wait.department].append(wait)
    result = []
    for department, steps in sorted(by_department.items()):
        everyone = len({s.resource for s in steps})
        limiting = True
        if has_starts:
            times, busy = _busy(steps)
            count = max(busy, default=0)
            limiting = _bound(times, busy, count, waits.get(department, ()))
            method = ("most officers at work at one moment, " +
                      ("a step waited while all were busy" if limiting else
                       "no step waited while all were busy: not limited"))
        else:
            count = _per_day(steps, zone, calendar)
            method = "officers completing steps on one working day, 90th percentile of days"
        result.append(StaffSeen(department=department, count=max(1, count),
                                officers=everyone, method=method, limiting=limiting))
    return result


def _busy(steps: Sequence[Officer]) -> tuple[list[datetime], list[int]]:
    """The number of distinct officers with a step open, after each change (a sweep)."""
    events = sorted([(s.start, 1, s.resource) for s in steps if s.end > s.start]
                    + [(s.end, -1, s.resource) for s in steps if s.end > s.start],
                    key=lambda e: (e[0], e[1]))
    open_steps: dict[str, int] = defaultdict(int)
    times, busy = [], []
    for moment, change, resource in events:
        open_steps[resource] += change
        if open_steps[resource] == 0:
            del open_steps[resource]
        times.append(moment)
        busy.append(len(open_steps))
    return times, busy


def _bound(times: Sequence[datetime], busy: Sequence[int], count: int,
           waits: Sequence[Officer]) -> bool:
    """Whether some step waited (``start`` = ready, ``end`` = started) while ``count``
    officers were at work."""
    from bisect import bisect_left, bisect_right

    for wait in waits:
        low = max(0, bisect_right(times, wait.start) - 1)
        high = bisect_left(times, wait.end)
        if any(b >= count for b in busy[low:max(high, low + 1)]):
            return True
    return False


def _per_day(steps: Sequence[Officer], zone: tzinfo, calendar: TableCalendar) -> int:
    import numpy as np

    days: dict[date, set[str]] = defaultdict(set)
    for step in steps:
        day = step.end.astimezone(zone).date()
        if calendar.is_working_day(day):
            days[day].add(step.resource)
    if not days:
        return 1
    return int(np.ceil(np.quantile([len(names) for names in days.values()], 0.9)))


def office_hours(moments: Sequence[datetime], zone: tzinfo,
                 calendar: TableCalendar) -> OfficeHoursSeen | None:
    """The hours the office works, as events show them; None when they cannot say."""
    import numpy as np

    hours = []
    for moment in moments:
        local = moment.astimezone(zone)
        if calendar.is_working_day(local.date()):
            hours.append(local.hour + local.minute / 60 + local.second / 3600)
    if len(hours) < 20 or sum(1 for h in hours if h == 0.0) > len(hours) / 2:
        return None
    low, high = np.quantile(hours, [0.05, 0.95])
    start = max(0.0, np.floor(low * 2) / 2)
    end = min(24.0, np.ceil(high * 2) / 2)
    if end <= start:
        return None
    return OfficeHoursSeen(start=_clock(start), end=_clock(end), events=len(hours))


def _clock(hours: float) -> str:
    return f"{int(hours):02d}:{int(round((hours - int(hours)) * 60)):02d}"
