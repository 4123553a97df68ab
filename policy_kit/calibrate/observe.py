"""What a replayed log shows about a process: step times, decisions, arrivals, officers.

Part of log → replay → **calibrate**. Only cases that fit the process (fitness 1) are
read: a deviating case's times and ways are not the process's, so it is counted and left
out. Every figure comes from ``policy_kit.conform``'s alignment of the case, so a step's
state, its department and when it was ready are the replay's, not re-derived here; where
the case stood at a decision is recomputed by stepping ``policy_kit.semantics`` along
the moves of the alignment (``CaseResult.moves``), the one home of the step rules.

Steps the log shows only in part are kept, censored (``censored_steps``): a step of an
open case started and not ended at the log's end ran at least so long; a step whose
recorded end waited for a ``done(...)`` guard was worked at most so long. Dropping them
would bias every step towards its short observations.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..conform import CaseResult, Conformance
from ..conform.worktime import WorkClock
from ..loader import Definition
from ..semantics import Configuration, Semantics
from ..structure import Move
from .censored_steps import held_steps, last_moment, running_steps

__all__ = ["QUEUED_HOURS", "Decision", "Observations", "Officer", "observe"]

QUEUED_HOURS = 0.1
"""Office hours from ready to start above which a step counts as having queued."""


@dataclass(frozen=True)
class Decision:
    """One visit of a state with a choice of ways: which ways could be taken there and
    which one was.

    ``certain`` are the triggers whose way was open whatever the applicant (no guard
    stood in the way); ``guarded`` are the moves whose way depends on a guard over the
    applicant's attributes, which a log does not carry.
    """

    source: str
    taken: str
    certain: frozenset[str]
    guarded: tuple[Move, ...]
    config: Configuration
    case: int = 0
    """Which fitting case it belongs to: one applicant answers every guard of a case."""


@dataclass(frozen=True)
class Officer:
    """One recorded step's officer: who, in which department, from when to when."""

    department: str
    resource: str
    start: datetime
    end: datetime


@dataclass
class Observations:
    """Everything calibration estimates from, gathered in one pass over the fitting cases."""

    cases: int = 0
    left_out: int = 0
    open_cases: int = 0
    arrivals: list[datetime] = field(default_factory=list)
    work: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    """Per state: working days from the step's start to its end (in a complete-only log,
    from when the step was ready)."""
    running: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    """Per state: working days a step still in progress at the log's end has run so far
    (right-censored: it runs at least so long)."""
    open_waits: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    """Per state, in a log of completions only: working days an open case has waited in
    the step since it was ready, up to the log's end (at least so long: the evidence a
    long tail is fitted with, ``tail``; the body is fitted without it, ``fit``)."""
    held: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    """Per state: working days of a step whose recorded end waited for a ``done(...)``
    guard (censored from above: its work took at most so long)."""
    per_case: list[tuple[int, str, float]] = field(default_factory=list)
    """Every complete duration with its fitting case's number and its state (the test
    of whether a case's steps take their time together)."""
    waiting: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    """Per state: working days from ready to start, where the log records starts."""
    decisions: list[Decision] = field(default_factory=list)
    forced: Counter[str] = field(default_factory=Counter)
    """Per state: visits where a single way was open (``max_rounds`` spent, say)."""
    rounds: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    """Per state with ``max_rounds``: how many times each finished case entered it."""
    officers: list[Officer] = field(default_factory=list)
    queued: list[Officer] = field(default_factory=list)
    """Where the log records starts: steps that waited for an officer, from when they
    were ready to when they started (``resource`` is the officer who then took it)."""
    moments: list[datetime] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    cycle_days: list[float] = field(default_factory=list)
    ends: list[datetime] = field(default_factory=list)
    starts_recorded: bool = False


def observe(definition: Definition, result: Conformance, clock: WorkClock,
            has_starts: bool, log_end: datetime | None = None) -> Observations:
    """Gather the observations of ``result``'s fitting cases, timed on ``clock`` (the
    replay's calendar); ``has_starts``: the log records when steps started, so waiting
    and work can be told apart; ``log_end``: the moment the log was taken (a forecast's
    cut), up to which open cases' steps ran; None: the log's last event."""
    semantics = Semantics(definition.structure)
    by_key = {move.key: move for move in definition.structure.moves}
    seen = Observations(starts_recorded=has_starts)
    end = log_end if log_end is not None else last_moment(result)
    timed = frozenset(p.id for p in definition.structure.places.values()
                      if p.state.kind in ("task", "wait"))
    for case in result.cases:
        if case.fitness < 1.0 or case.deviations:
            seen.left_out += 1
            continue
        seen.cases += 1
        moves = [by_key[k] for k in case.moves]
        _times(case, seen, has_starts, clock, held_steps(semantics, case, moves, clock),
               seen.cases)
        _decisions(semantics, moves, seen, seen.cases)
        if end is not None and has_starts:
            for state, days in running_steps(case, clock, end, timed):
                seen.running[state].append(days)
        elif end is not None and not case.finished:
            for state, days in _waited(definition, case, clock, end):
                seen.open_waits[state].append(days)
        if case.finished:
            seen.outcomes[case.outcome or ""] += 1
            if case.working_days is not None:
                seen.cycle_days.append(case.working_days)
            if case.end is not None:
                seen.ends.append(case.end)
        else:
            seen.open_cases += 1
    return seen


def _waited(definition: Definition, case: CaseResult, clock: WorkClock, end: datetime
            ) -> list[tuple[str, float]]:
    """In a log of completions only: each step an open case waits in at ``end`` (where
    ``forecast`` places it: under way since it was ready), with the working days since."""
    from ..forecast.position import positions

    placed = positions(definition, (case,), {}, has_starts=False)
    return [(state, clock.days(since, end)) for p in placed
            for state, since in p.in_progress if since is not None and since < end]


def _times(case: CaseResult, seen: Observations, has_starts: bool, clock: WorkClock,
           held: frozenset[int] = frozenset(), number: int = 0) -> None:
    if case.start is not None:
        seen.arrivals.append(case.start)
    for step in case.steps:
        if step.end is not None:
            seen.moments.append(step.end)
        if step.start is not None and has_starts:
            seen.moments.append(step.start)
        if step.working_hours is not None:
            into = seen.held if step.position in held else seen.work
            into[step.state].append(step.working_hours / clock.day)
            if step.position not in held:
                seen.per_case.append((number, step.state, step.working_hours))
        if has_starts and step.ready is not None and step.start is not None:
            seen.waiting[step.state].append(clock.days(step.ready, step.start))
            if step.department and clock.hours(step.ready, step.start) > QUEUED_HOURS:
                seen.queued.append(Officer(step.department, step.resource or "",
                                           step.ready, step.start))
        if step.resource and step.department and step.start and step.end:
            seen.officers.append(Officer(step.department, step.resource, step.start,
                                         step.end))


def _decisions(semantics: Semantics, moves: Sequence[Move], seen: Observations,
               number: int) -> None:
    config = semantics.initial()
    entries: Counter[str] = Counter(config.active)
    for move in moves:
        ways = semantics.groups.get(move.source, ())
        if len(ways) > 1:
            _decision(semantics, config, move, seen, number)
        config = semantics.fire(config, move)
        entries.update(move.entry)
    for state in semantics.bounded:
        seen.rounds[state].append(entries.get(state, 0))


def _decision(semantics: Semantics, config: Configuration, move: Move,
              seen: Observations, number: int) -> None:
    """Record the visit: the ways that could be taken from ``move``'s source, and which was."""
    possible = [m for m in semantics.possible(config) if m.source == move.source]
    by_way: dict[str, list[Move]] = defaultdict(list)
    for candidate in possible:
        by_way[candidate.trigger].append(candidate)
    certain = frozenset(t for t, members in by_way.items()
                        if any(m.guard is None for m in members))
    guarded = tuple(members[0] for t, members in by_way.items() if t not in certain)
    if len(by_way) < 2:
        seen.forced[move.source] += 1
        return
    seen.decisions.append(Decision(move.source, move.trigger, certain, guarded, config,
                                   number))

