"""Figures over all cases: fitness, the frequent deviations, times per activity, state and
department.

Part of **conform**: pure functions from the replay's running totals (``Tally``) to the
rows of the report. Working times are office hours on the process calendar; medians and
90th percentiles are nearest-rank over the steps that have both a start (or a ready
time) and an end.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ..loader import Definition
from ..logs import Log
from ..model.common import Text
from .activities import ActivityMap
from .result import (
    ActivityRow,
    DepartmentRow,
    FrequentDeviation,
    MoveRow,
    StateRow,
    Summary,
)
from .tally import Tally

__all__ = ["activity_rows", "department_rows", "move_rows", "quantile", "state_rows",
           "summarise"]


def quantile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank quantile of ``values`` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return round(ordered[rank - 1], 3)


def summarise(tally: Tally, log: Log, variants: int, unknown: Sequence[str],
              warnings: Sequence[Text] = (), top: int = 10) -> Summary:
    cases = tally.cases
    return Summary(
        cases=cases, events=log.events, fitting=tally.fitting,
        fitting_share=round(tally.fitting / cases, 4) if cases else 0.0,
        fitness=round(1 - tally.cost / tally.total, 4) if tally.total else 1.0,
        average_fitness=round(tally.fitness / cases, 4) if cases else 1.0,
        open=cases - tally.finished, finished=tally.finished,
        deadline_breaches=tally.breaches, cases_with_deadline=tally.with_deadline,
        limits_broken=tally.limits_broken,
        deviations=dict(tally.kinds.most_common()),
        frequent=tuple(FrequentDeviation(kind=kind, activity=activity, cases=n,
                                         example=tally.example[(kind, activity)])
                       for (kind, activity), n in tally.frequent.most_common(top)),
        unknown_activities=tuple(unknown),
        reordered_events=tally.reordered,
        variants=variants, warnings=(*log.warnings, *warnings))


def activity_rows(tally: Tally, activities: ActivityMap) -> tuple[ActivityRow, ...]:
    hours = tally.activity_hours
    return tuple(ActivityRow(activity=a, state=activities.state(a),
                             ignored=a in activities.ignore, events=n,
                             median_working_hours=quantile(hours.get(a, ()), 0.5),
                             p90_working_hours=quantile(hours.get(a, ()), 0.9))
                 for a, n in tally.events.most_common())


def state_rows(tally: Tally, cases: int, definition: Definition,
               hours_per_day: float) -> dict[str, StateRow]:
    """Per state with a step or a deviation: how many cases reached it, its mean working
    days per step (what ``render --heat`` colours), and its deviations."""
    rows = {}
    total = cases or 1
    for state in definition.structure.places:
        steps = tally.state_steps[state]
        deviations = tally.state_deviations[state]
        if not steps and not deviations:
            continue
        values = tally.state_hours.get(state, ())
        mean = sum(values) / len(values) if values else None
        rows[state] = StateRow(
            reached=round(tally.state_cases[state] / total, 4),
            mean_time=round(mean / hours_per_day, 3) if mean is not None else None,
            steps=steps, mean_working_hours=round(mean, 3) if mean is not None else None,
            median_working_hours=quantile(values, 0.5), deviations=deviations)
    return rows


def move_rows(tally: Tally, cases: int, definition: Definition) -> tuple[MoveRow, ...]:
    """How often the aligned cases took each move (by transition and source)."""
    counts: Counter[tuple[int, str]] = Counter()
    for moves, n in tally.variants.items():
        for key in moves:
            counts[key] += n
    known = {move.key: move for move in definition.structure.moves}
    total = cases or 1
    return tuple(MoveRow(index=key[0], from_=known[key].source, to=known[key].target,
                         on=known[key].trigger, count=count,
                         per_case=round(count / total, 4))
                 for key, count in sorted(counts.items()) if key in known)


def department_rows(tally: Tally) -> tuple[DepartmentRow, ...]:
    """Per department (of the state each step is at): cases, steps, working days, and the
    share of its limited steps that broke their limit."""
    rows = []
    for d in sorted(tally.department_steps):
        days = tally.department_days.get(d, ())
        over, limited = tally.department_over[d], tally.department_limited[d]
        rows.append(DepartmentRow(
            department=d, cases=tally.department_cases[d],
            steps=tally.department_steps[d], median_working_days=quantile(days, 0.5),
            p90_working_days=quantile(days, 0.9), steps_with_limit=limited,
            over_limit=over, over_limit_share=round(over / limited, 4) if limited else None))
    return tuple(rows)
