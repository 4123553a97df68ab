"""The state the engine keeps while cases are in flight: cases, their activities, desks.

Part of **simulate**: plain objects with ``__slots__`` (the engine makes a few hundred
thousand a second), and the ``Stepper`` protocol, which the compiled table form
(``FastCase``) and the ``transitions`` machine (``MachineCase``) both satisfy.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from random import Random
from typing import Any, Protocol

from ..expr import Value
from .build import Model
from .compiled import CompiledMove

__all__ = ["Activity", "Case", "Desk", "StartCase", "Stepper"]


class _Now(Protocol):
    w: float


class Stepper(Protocol):
    """What the engine asks of a case's state: the compiled form or the machine."""

    active: tuple[int, ...]
    values: Mapping[str, Value]
    visits: list[int]

    def enabled_from(self, leaf: int) -> Sequence[CompiledMove]: ...

    def enabled_joins(self, leaf: int) -> Sequence[CompiledMove]: ...

    def fire(self, move: CompiledMove) -> tuple[int, ...]: ...


StartCase = Callable[[Mapping[str, Value]], Stepper]


class Activity:
    """A case's stay in one leaf state: queued, in service, timed, or waiting to move on."""

    __slots__ = ("alive", "case", "chosen", "dept", "ended", "entered", "entered_w", "holding",
                 "leaf", "queued_w", "server", "started")

    def __init__(self, case: Case, leaf: int, t: float, w: float) -> None:
        self.case = case
        self.leaf = leaf
        self.entered = t
        self.entered_w = w
        """Office time (on the calendar's hours) at entry."""
        self.started = t
        self.ended = -1.0
        """When its work was done (it may wait on after that for its way to open)."""
        self.queued_w = -1.0
        """Office time (on the department's hours) when it joined a queue, if it waited."""
        self.dept = -1
        self.server = -1
        self.holding = False
        """True while an officer works on it (``server`` names the officer)."""
        self.alive = True
        self.chosen: CompiledMove | None = None
        """The way drawn when it was not open yet: the case waits for it."""


class Case:
    """One application in flight."""

    __slots__ = ("acts", "arrived", "certificates", "gov_count", "gov_since", "gov_total",
                 "log", "measured", "name", "outcome", "parked", "reached", "rng",
                 "stage", "stage_entered", "stage_gov", "state", "steps")

    def __init__(self, name: str, measured: bool, rng: Random, state: Stepper,
                 t: float) -> None:
        self.name = name
        self.measured = measured
        self.rng = rng
        self.state = state
        self.arrived = t
        self.acts: dict[int, Activity] = {}
        self.parked: list[Activity] = []
        self.gov_count = 0
        self.gov_since = 0.0
        self.gov_total = 0.0
        self.stage = -1
        self.stage_entered = t
        self.stage_gov = 0.0
        self.reached = 0
        self.steps = 0
        self.certificates = 0
        self.outcome: str | None = None
        self.log: list[tuple[Any, ...]] | None = None

    def government(self, w: float) -> float:
        """Office hours the government clock has run, up to office time ``w``."""
        if self.gov_count:
            return self.gov_total + w - self.gov_since
        return self.gov_total


class Desk:
    """A department's officers and queue, and the office time they were busy and waited."""

    __slots__ = ("axis", "busy", "busy_area", "free", "last", "queue", "run", "wait_area",
                 "waiting")

    def __init__(self, model: Model, index: int, run: _Now | None = None) -> None:
        department = model.departments[index]
        self.axis = department.axis
        self.run = run if department.axis is model.axis else None
        """The run, when the department keeps the calendar's hours (its office time is then
        the run's, computed once per event)."""
        self.free = list(range(department.staff - 1, -1, -1))
        self.queue: deque[Activity] = deque()
        self.busy = 0
        self.waiting = 0
        self.busy_area = 0.0
        self.wait_area = 0.0
        self.last = 0.0

    def office_time(self, t: float) -> float:
        return self.run.w if self.run is not None else self.axis.to_w(t)

    def touch(self, t: float) -> None:
        """Integrate busy officers and waiting cases up to ``t``, before a level changes."""
        w = self.run.w if self.run is not None else self.axis.to_w(t)
        span = w - self.last
        if span > 0.0:
            self.busy_area += self.busy * span
            self.wait_area += self.waiting * span
            self.last = w


