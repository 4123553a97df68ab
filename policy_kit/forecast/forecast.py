"""When each open case will finish, and the chance it runs late: the forecast as a whole.

Part of **forecast**: cut the log at the ``--as-of`` day, replay it, place every open
case where it stands, simulate them together many times (``run``), and read off each
case's 10th, 50th and 90th percentile finish dates on the process calendar, the
probability it breaks the process's limit (and its recorded deadline), and, over all
cases, how many are expected to finish each week and where the open work sits.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from pydantic import Field

from ..conform import Conformance
from ..conform.worktime import WorkClock
from ..loader import Definition
from ..model import Frozen
from ..simulate.scenario import Scenario
from .position import Position, positions
from .run import simulate_open

__all__ = ["CaseForecast", "Forecast", "ForecastSummary", "forecast_open"]


class CaseForecast(Frozen):
    case: str
    states: tuple[str, ...]
    in_progress: tuple[str, ...] = ()
    started: datetime | None = None
    p10: date | None
    p50: date | None
    p90: date | None
    finish_probability: float = Field(description="Replications in which it finished.")
    due: date | None = Field(description=(
        "The last day the process's limit allows, moved on by the working days the case "
        "had spent off the government clock (applicant's and statutory time) by the "
        "forecast's moment; later pauses move it on again in each simulation, as conform "
        "counts a finished case."))
    breach_probability: float | None
    deadline: datetime | None = None
    deadline_breach_probability: float | None = None
    outcomes: dict[str, float] = {}


class ForecastSummary(Frozen):
    open: int
    expected_breaches: float
    expected_deadline_breaches: float | None
    replications: int
    by_week: dict[str, float] = Field(description="Monday of each week → cases expected "
                                                  "to finish that week.")
    departments: dict[str, int] = Field(description="Open steps per department.")


class Forecast(Frozen):
    process: str
    as_of: date
    summary: ForecastSummary
    cases: tuple[CaseForecast, ...]
    scenario: str


def forecast_open(definition: Definition, replay: Conformance, clock: WorkClock,
                  scenario: Scenario, scenario_name: str, as_of: date, replications: int,
                  seed: int, deadlines: dict[str, datetime | None],
                  has_starts: bool = True) -> Forecast:
    moment = datetime.combine(as_of, time(0), clock.zone)
    open_cases = positions(definition, replay.cases, deadlines, clock.days, moment,
                           has_starts, clock)

    def elapsed(begun: datetime | None, natural: bool, end: datetime | None = None
                ) -> float:
        until = moment if end is None else end
        if begun is None or begun >= until:
            return 0.0
        if natural:
            return (until - begun).total_seconds() / 3600
        return clock.hours(begun, until)

    runs = (simulate_open(definition, scenario, open_cases, as_of, replications, seed,
                          elapsed) if open_cases else [])
    cases = tuple(_case(definition, clock, p, [run[i] for run in runs])
                  for i, p in enumerate(open_cases))
    limited = [c.breach_probability for c in cases if c.breach_probability is not None]
    deadlined = [c.deadline_breach_probability for c in cases
                 if c.deadline_breach_probability is not None]
    weeks: Counter[str] = Counter()
    for run in runs:
        for finish, _, _ in run:
            if finish is not None:
                weeks[_monday(finish.date()).isoformat()] += 1
    departments: Counter[str] = Counter()
    for position in open_cases:
        for state in position.config.active:
            department = definition.structure.places[state].department
            if department and definition.structure.places[state].state.kind in ("task",
                                                                                 "wait"):
                departments[department] += 1
    summary = ForecastSummary(
        open=len(open_cases), expected_breaches=round(sum(limited), 3),
        expected_deadline_breaches=round(sum(deadlined), 3) if deadlined else None,
        replications=replications,
        by_week={w: round(n / replications, 3) for w, n in sorted(weeks.items())},
        departments=dict(departments.most_common()))
    return Forecast(process=definition.id, as_of=as_of, summary=summary, cases=cases,
                    scenario=scenario_name)


def _case(definition: Definition, clock: WorkClock, position: Position,
          runs: Sequence[tuple[datetime | None, str | None, float]]) -> CaseForecast:
    finishes = sorted(f for f, _, _ in runs if f is not None)
    total = len(runs)

    def percentile(q: float) -> date | None:
        rank = max(0, math.ceil(q * total) - 1)  # nearest rank
        return finishes[rank].date() if rank < len(finishes) else None

    limit, first = definition.process.limit, position.first
    due = breach = None
    if limit is not None and first is not None:
        # The process limit runs on the government clock: the days spent off it (before
        # the cut, and in each simulated future) move the due day on, the rule conform
        # applies to a finished case.
        due = clock.due(first, limit, round(position.stopped))
        if total:
            breach = sum(1 for f, _, stood in runs
                         if f is None or f.date() > clock.due(
                             first, limit, round(position.stopped + stood))) / total
    deadline = position.deadline
    late = None
    if deadline is not None and total:
        naive = deadline.astimezone(clock.zone).replace(tzinfo=None)
        late = sum(1 for f, _, _ in runs if f is None or f > naive) / total
    outcomes = Counter(o for _, o, _ in runs if o is not None)
    return CaseForecast(
        case=position.case, states=position.config.active,
        in_progress=tuple(s for s, _ in position.in_progress),
        started=min((t for _, t in position.in_progress if t is not None), default=None),
        p10=percentile(0.1), p50=percentile(0.5), p90=percentile(0.9),
        finish_probability=round(len(finishes) / total, 4) if total else 0.0,
        due=due, breach_probability=None if breach is None else round(breach, 4),
        deadline=deadline,
        deadline_breach_probability=None if late is None else round(late, 4),
        outcomes={k: round(v / total, 4) for k, v in outcomes.items()})


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())
