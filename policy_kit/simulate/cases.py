"""The state the engine keeps while cases are in flight: cases, their activities, desks.

Part of **simulate**: plain objects with ``__slots__`` (the engine makes a few hundred
thousand a second), and the ``Stepper`` protocol, which the compiled table form
(``FastCase``) and the ``transitions`` machine (``MachineCase``) both satisfy.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from ..expr import Value
from .build import Model
from .compiled import CompiledMove, CompiledProcess
from .streams import Stream

__all__ = ["Activity", "Case", "Desk", "StartCase", "Stepper"]


class _Now(Protocol):
    w: float


class Stepper(Protocol):
    """What the engine asks of a case's state: the compiled form or the machine."""

    process: CompiledProcess
    active: tuple[int, ...]
    values: Mapping[str, Value]
    visits: list[int]

    def done(self, state: str) -> bool: ...

    def passed(self, leaf: int) -> bool: ...

    def enabled_from(self, leaf: int) -> Sequence[CompiledMove]: ...

    def enabled_joins(self, leaf: int) -> Sequence[CompiledMove]: ...

    def fire(self, move: CompiledMove) -> tuple[int, ...]: ...


StartCase = Callable[[Mapping[str, Value]], Stepper]


Stay = tuple[int, int, int, float, float]
"""A stay in the event log: its case's number; its state, or ``~state`` (negative) when
its work was cut short, not completed; its officer (-1: none); when it started (the office
time the officer took it up, else the moment it was entered); the moment its work ended
(NaN: still going). The engine adds it to the run's journal (``Case.log``) as five numbers
in a row: each number more cost a tenth of the log's hand-off and reading."""


class Activity:
    """A case's stay in one leaf state: queued, in service, timed, or waiting to move on."""

    __slots__ = ("alive", "case", "chosen", "dept", "ended", "entered", "entered_w", "holding",
                 "leaf", "queued_w", "server", "started_w")

    started_w: float
    """Office time (on the department's hours) when an officer took it: set then, and
    read only while ``holding``."""

    def __init__(self, case: Case, leaf: int, t: float, w: float, dept: int) -> None:
        self.case = case
        self.leaf = leaf
        self.entered = t
        self.entered_w = w
        """Office time (on the calendar's hours) at entry."""
        self.ended = -1.0
        """When its work was done (it may wait on after that for its way to open)."""
        self.queued_w = -1.0
        """Office time (on the department's hours) when it joined a queue, if it waited."""
        self.dept = dept
        """The department whose officers it queues for (-1: none)."""
        self.server = -1
        self.holding = False
        """True while an officer works on it (``server`` names the officer)."""
        self.alive = True
        self.chosen: CompiledMove | None = None
        """The way drawn when it was not open yet: the case waits for it."""

    def stay(self, end: float, completed: bool) -> Stay:
        """What the event log keeps of this stay: plain numbers, not the activity (which
        refers to its case: kept in the case's log, it would make a cycle for the
        garbage collector to find, at a cost of half the run)."""
        return (self.case.number, self.leaf if completed else ~self.leaf, self.server,
                self.started_w if self.server >= 0 else self.entered, end)


class Case:
    """One application in flight."""

    __slots__ = ("acts", "arrived", "arrived_w", "certificates", "gov_count", "gov_since",
                 "gov_total", "log", "measured", "number", "outcome", "parked", "quiet", "rng",
                 "stage", "stage_entered", "stage_gov", "state", "steps", "warmup")

    def __init__(self, number: int, warmup: int, rng: Stream, state: Stepper,
                 t: float, w: float) -> None:
        self.number = number
        """Its place in the order of arrival, from 0, warm-up cases included."""
        self.warmup = warmup
        self.measured = number >= warmup
        self.rng = rng
        self.state = state
        self.arrived = t
        self.arrived_w = w
        """Office time (on the calendar's hours) at arrival."""
        self.acts: dict[int, Activity] = {}
        self.parked: list[Activity] = []
        self.quiet = True
        """Nothing parked: its moves can take the engine's shortest path."""
        self.gov_count = 0
        self.gov_since = 0.0
        self.gov_total = 0.0
        self.stage = -1
        self.stage_entered = t
        self.stage_gov = 0.0
        self.steps = 0
        self.certificates = 0
        self.outcome: str | None = None
        self.log: list[float] | None = None
        """The run's event-log journal, one for all its cases (None: no log is kept):
        each ended stay as the five numbers of a ``Stay``. Flat, not a tuple a stay: kept
        until its case ends and is written, tuples cost the garbage collector and then a
        second pass to turn into columns."""

    @property
    def name(self) -> str:
        """``case-N`` for the N-th measured case, ``warmup-N`` for the warm-up ones."""
        if self.measured:
            return f"case-{self.number - self.warmup + 1}"
        return f"warmup-{self.number + 1}"

    def clock(self, change: int, w: float) -> None:
        """``change`` stays on the government clock begin (or, below 0, end) at office
        time ``w``: the clock starts with the first and stops with the last."""
        before = self.gov_count
        after = self.gov_count = before + change
        if not before:
            self.gov_since = w
        elif not after:
            self.gov_total += w - self.gov_since

    def government(self, w: float) -> float:
        """Office hours the government clock has run, up to office time ``w``."""
        if self.gov_count:
            return self.gov_total + w - self.gov_since
        return self.gov_total


class Desk:
    """A department's officers and queue, and the office time they were busy and waited.

    Busy and waiting time are added up per stay as it ends (a service when its officer is
    free again, a wait when an officer takes it or it is cancelled), counted from
    ``since``, the start of the measured window; ``close`` adds the stays still going
    when the run ends. That is the integral of busy officers and waiting cases over the
    window, without touching the desk at every change of level.
    """

    __slots__ = ("axis", "busy_area", "free", "queue", "run", "since", "wait_area")

    def __init__(self, model: Model, index: int, run: _Now | None = None) -> None:
        department = model.departments[index]
        self.axis = department.axis
        self.run = run if department.axis is model.axis else None
        """The run, when the department keeps the calendar's hours (its office time is then
        the run's, computed once per event)."""
        self.free = list(range(department.staff - 1, -1, -1))
        self.queue: deque[Activity] = deque()
        self.busy_area = 0.0
        self.wait_area = 0.0
        self.since = math.inf
        """Office time when the measured window opened (never, so far)."""

    def office_time(self, t: float) -> float:
        return self.run.w if self.run is not None else self.axis.to_w(t)

    def open(self, t: float) -> float:
        """Start measuring at ``t``; return its office time on this desk's hours."""
        self.since = self.axis.to_w(t)
        return self.since

    def waited(self, act: Activity, w: float) -> None:
        """``act`` stops waiting in the queue at office time ``w``."""
        if w > self.since:
            self.wait_area += w - max(act.queued_w, self.since)

    def close(self, t: float, acts: Iterable[Activity]) -> float:
        """End measuring at ``t``, adding the services and waits still going among
        ``acts`` (this desk's); return the office time of ``t``."""
        w = self.axis.to_w(t)
        for act in acts:
            if not act.alive:
                continue
            if act.holding:
                if w > self.since:
                    self.busy_area += w - max(act.started_w, self.since)
            elif act.server < 0 and act.queued_w >= 0.0:
                self.waited(act, w)
        return w
