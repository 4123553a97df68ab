"""Figures over all cases: fitness, the frequent deviations, times per activity, state and
department.

Part of **conform**: pure functions from the per-case results to the rows of the report.
Working times are office hours on the process calendar; medians and 90th percentiles are
nearest-rank over the steps that have both a start (or a ready time) and an end.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..loader import Definition
from ..logs import Log
from .activities import ActivityMap
from .result import (
    ActivityRow,
    CaseResult,
    DepartmentRow,
    DeviationKind,
    FrequentDeviation,
    MoveRow,
    StateRow,
    Summary,
)

__all__ = ["activity_rows", "department_rows", "move_rows", "quantile", "state_rows",
           "summarise"]


def quantile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank quantile of ``values`` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return round(ordered[rank - 1], 3)


def summarise(results: Sequence[CaseResult], log: Log, variants: int,
              total_runs: int, unknown: Sequence[str], top: int = 10) -> Summary:
    cases = len(results)
    fitting = sum(1 for r in results if r.cost == 0)
    cost = sum(r.cost for r in results)
    counts: Counter[str] = Counter()
    frequent: Counter[tuple[DeviationKind, str]] = Counter()
    example: dict[tuple[DeviationKind, str], str] = {}
    for result in results:
        seen = set()
        for deviation in result.deviations:
            counts[deviation.kind] += 1
            key = (deviation.kind, deviation.activity)
            if key not in seen:
                seen.add(key)
                frequent[key] += 1
                example.setdefault(key, result.case)
    with_deadline = [r for r in results if r.deadline_breached is not None]
    return Summary(
        cases=cases, events=log.events, fitting=fitting,
        fitting_share=round(fitting / cases, 4) if cases else 0.0,
        fitness=round(1 - cost / total_runs, 4) if total_runs else 1.0,
        average_fitness=round(sum(r.fitness for r in results) / cases, 4) if cases else 1.0,
        open=sum(1 for r in results if not r.finished),
        finished=sum(1 for r in results if r.finished),
        deadline_breaches=sum(1 for r in with_deadline if r.deadline_breached),
        cases_with_deadline=len(with_deadline),
        limits_broken=sum(len(r.limits_broken) for r in results),
        deviations=dict(counts.most_common()),
        frequent=tuple(FrequentDeviation(kind=kind, activity=activity, cases=n,
                                         example=example[(kind, activity)])
                       for (kind, activity), n in frequent.most_common(top)),
        unknown_activities=tuple(unknown),
        reordered_events=sum(r.reordered for r in results),
        variants=variants, warnings=log.warnings)


def activity_rows(results: Sequence[CaseResult], log: Log,
                  activities: ActivityMap) -> tuple[ActivityRow, ...]:
    events: Counter[str] = Counter(s.activity for t in log.traces for s in t.steps)
    hours: dict[str, list[float]] = defaultdict(list)
    for result in results:
        for step in result.steps:
            if step.working_hours is not None:
                hours[step.activity].append(step.working_hours)
    rows = [ActivityRow(activity=a, state=activities.state(a), ignored=a in activities.ignore,
                        events=n, median_working_hours=quantile(hours[a], 0.5),
                        p90_working_hours=quantile(hours[a], 0.9))
            for a, n in events.most_common()]
    return tuple(rows)


def state_rows(results: Sequence[CaseResult], definition: Definition,
               hours_per_day: float) -> dict[str, StateRow]:
    """Per state with a step or a deviation: how many cases reached it, its mean working
    days per step (what ``render --heat`` colours), and its deviations."""
    hours: dict[str, list[float]] = defaultdict(list)
    steps: Counter[str] = Counter()
    cases: Counter[str] = Counter()
    deviations: Counter[str] = Counter()
    for result in results:
        cases.update({step.state for step in result.steps})
        for step in result.steps:
            steps[step.state] += 1
            if step.working_hours is not None:
                hours[step.state].append(step.working_hours)
        for deviation in result.deviations:
            if deviation.state is not None:
                deviations[deviation.state] += 1
    rows = {}
    total = len(results) or 1
    for state in definition.structure.places:
        values = hours[state]
        if not steps[state] and not deviations[state]:
            continue
        mean = sum(values) / len(values) if values else None
        rows[state] = StateRow(
            reached=round(cases[state] / total, 4),
            mean_time=round(mean / hours_per_day, 3) if mean is not None else None,
            steps=steps[state], mean_working_hours=round(mean, 3) if mean is not None else None,
            median_working_hours=quantile(values, 0.5), deviations=deviations[state])
    return rows


def move_rows(results: Sequence[CaseResult], definition: Definition) -> tuple[MoveRow, ...]:
    """How often the aligned cases took each move (by transition and source)."""
    counts: Counter[tuple[int, str]] = Counter()
    for result in results:
        counts.update(result.moves)
    moves = {move.key: move for move in definition.structure.moves}
    total = len(results) or 1
    return tuple(MoveRow(index=key[0], from_=moves[key].source, to=moves[key].target,
                         on=moves[key].trigger, count=count,
                         per_case=round(count / total, 4))
                 for key, count in sorted(counts.items()) if key in moves)


def department_rows(results: Sequence[CaseResult], hours_per_day: float,
                    limited_states: frozenset[str]) -> tuple[DepartmentRow, ...]:
    """Per department (of the state each step is at): cases, steps, working days, and the
    share of its limited steps that broke their limit."""
    days: dict[str, list[float]] = defaultdict(list)
    cases: dict[str, set[str]] = defaultdict(set)
    steps: Counter[str] = Counter()
    over: Counter[str] = Counter()
    limited: Counter[str] = Counter()
    for result in results:
        broken = {(b.scope, b.id) for b in result.limits_broken}
        for step in result.steps:
            department = step.department or "-"
            steps[department] += 1
            cases[department].add(result.case)
            if step.working_hours is not None:
                days[department].append(step.working_hours / hours_per_day)
            if ("step", step.state) in broken:
                over[department] += 1
        limited.update(step.department or "-" for step in result.steps
                       if step.working_hours is not None and step.state in limited_states)
    return tuple(DepartmentRow(
        department=d, cases=len(cases[d]), steps=steps[d],
        median_working_days=quantile(days[d], 0.5), p90_working_days=quantile(days[d], 0.9),
        steps_with_limit=limited[d], over_limit=over[d],
        over_limit_share=round(over[d] / limited[d], 4) if limited[d] else None)
        for d in sorted(steps))
