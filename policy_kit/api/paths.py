"""One application walked, and dated, from Python: ``path(...)``, whose result is ``path --json``.

Part of the API layer over compile → walk → **date**. The walk takes each ``choose`` when
it is enabled, else the default way on (the first declared, docs/semantics.md); with
``start`` each step is placed on the process's calendar (docs/dated-paths.md); with
``explain`` each step lists every way out of its state and why it held or failed; a case
that ends ``paid`` under a process with a policy file carries the award it is paid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import JsonValue

from ..calendar import Calendar
from ..loader import Definition, load
from ..machine import compile
from ..schedule import DatedPath, GuardCheck, date_walk, explain_walk
from ..walker import Walk, walk
from .base import Result

__all__ = ["PathResult", "Walked", "path", "walked"]

Unit = Literal["working_days", "natural_days"]
Scope = Literal["task", "stage", "process"]


class LimitUse(Result):
    """How much of a limit a step (or the whole path) used; ``remaining`` < 0 is over."""

    id: str
    unit: Unit
    limit: int
    used: int
    remaining: int
    over: bool
    scope: Scope | None = None
    """Given in the path's own ``limits`` list, where the kind of limit is not its key."""


class StepLimits(Result):
    task: LimitUse | None
    stage: LimitUse | None
    process: LimitUse | None


class StepDuration(Result):
    days: int
    unit: Unit


class StepLimit(Result):
    """The step's own limit, in the unit the definition gives it."""

    working_days: int | None = None
    natural_days: int | None = None
    counts_first_day: bool


class GuardPart(Result):
    """One sub-expression of a guard and its value (``error`` if it could not be read)."""

    text: str
    value: JsonValue
    error: str | None
    logic: str | None
    parts: tuple[GuardPart, ...]


class GuardRecord(Result):
    """One way out of a step's state: its guard, whether it held, what it read."""

    trigger: str
    event: str
    to: str
    guard: str | None
    holds: bool
    enabled: bool
    taken: bool
    reason: str
    read: dict[str, JsonValue]
    done: dict[str, bool]
    parts: GuardPart | None


class PathStep(Result):
    """One step; the dating keys are there with ``start``, ``guards`` with ``explain``."""

    number: int
    state: str
    stage: str | None
    region: str | None
    department: str | None
    trigger: str | None
    event: str
    to: str
    entered: tuple[str, ...]
    transition: int
    """Index of the transition taken in the definition's ``transitions`` list (-1: a join)."""
    certificates: tuple[str, ...]
    kind: str | None = None
    clock: str | None = None
    start: date | None = None
    end: date | None = None
    duration: StepDuration | None = None
    limit: StepLimit | None = None
    no_limit: bool | None = None
    limits: StepLimits | None = None
    waited_for: str | None = None
    """The state in another region whose end this step had to wait for, if any."""
    guards: tuple[GuardRecord, ...] | None = None


class AwardedReward(Result):
    id: str
    amount: Decimal


class PathAward(Result):
    """What the case is paid under the process's policy; ``amount`` None with a ``note``
    when the year implied by the start date is one the policy does not cover."""

    year: int
    amount: Decimal | None
    rewards: tuple[AwardedReward, ...]
    note: str | None = None


class PathResult(Result):
    """A whole walk (``stuck_at`` lists the active states when the case did not end)."""

    format: int
    """The version of this JSON's format (docs/format.md)."""
    process: str
    attributes: dict[str, JsonValue]
    outcome: str | None
    stuck_at: tuple[str, ...] | None
    steps: tuple[PathStep, ...]
    certificates: tuple[str, ...]
    start: date | None = None
    finish: date | None = None
    basis: Literal["promised", "expected"] | None = None
    scenario: str | None = None
    calendar: str | None = None
    estimated_years: tuple[int, ...] | None = None
    limits: tuple[LimitUse, ...] | None = None
    no_limit: tuple[str, ...] | None = None
    award: PathAward | None = None

    @property
    def stuck(self) -> bool:
        return self.stuck_at is not None


@dataclass(frozen=True)
class Walked:
    """What ``path`` computed, for front ends that print more than the result (the CLI's
    table and Gantt chart read the dated path and the calendar)."""

    definition: Definition
    walk: Walk
    result: PathResult
    dated: DatedPath | None = None
    calendar: Calendar | None = None
    explanations: tuple[tuple[GuardCheck, ...], ...] | None = None


def path(spec: str | Path | Definition, *, attributes: Mapping[str, object] | None = None,
         choose: Sequence[str] = (), start: date | None = None,
         calendar_mode: Literal["strict", "lenient"] = "lenient",
         holidays: str | Path | None = None, expected: bool = False, explain: bool = False,
         year: int | None = None) -> PathResult:
    """Walk one application (``attributes`` over each attribute's example) to its end.

    ``choose``: triggers (``REGION.TRIGGER`` in a concurrent stage) to take, in order,
    when enabled; a choice never enabled is a ``UsageError``. ``start``: the day the case
    is received; each step is dated on the process's calendar (``calendar_mode`` strict
    refuses years beyond the statutory data, ``holidays`` adds a file of extra days), each
    taking its promised limit, or with ``expected`` the median of the process's scenario.
    ``year``: the policy year of the award of a paid case (default: the year the round of
    ``start``, or of today, pays). A stuck case is a result (``stuck_at``), not an error.
    """
    return walked(spec, attributes=attributes, choose=choose, start=start,
                  calendar_mode=calendar_mode, holidays=holidays, expected=expected,
                  explain=explain, year=year).result


def walked(spec: str | Path | Definition, *, attributes: Mapping[str, object] | None = None,
           choose: Sequence[str] = (), start: date | None = None,
           calendar_mode: Literal["strict", "lenient"] = "lenient",
           holidays: str | Path | None = None, expected: bool = False,
           explain: bool = False, year: int | None = None) -> Walked:
    """``path`` with the walk, the dated path and the calendar it was computed from."""
    from ..calendar import calendar_for
    from ..schedule.report import dated_fields, guard_fields, step_fields
    from ..walk_file import WalkFile

    definition = spec if isinstance(spec, Definition) else load(spec)
    machine = compile(definition)
    result = walk(machine, attributes or {}, choose)
    explanations = explain_walk(machine, result) if explain else None
    dated = calendar = None
    data = WalkFile.of(definition.structure, result).data()
    if start is not None:
        calendar = calendar_for(definition.process.calendar, calendar_mode, holidays)
        dated = _date(definition, result, calendar, start, expected)
        data.update(dated_fields(dated))
        for step, dated_step in zip(data["steps"], dated.steps, strict=True):
            step.update(step_fields(dated_step))
    if explanations is not None:
        for step, checks in zip(data["steps"], explanations, strict=True):
            step["guards"] = guard_fields(checks)
    award = _award(definition, result, year, start or date.today())
    if award is not None:
        data["award"] = award
    return Walked(definition, result, PathResult.of(data), dated, calendar,
                  tuple(explanations) if explanations is not None else None)


def _date(definition: Definition, result: Walk, calendar: Calendar, start: date,
          expected: bool) -> DatedPath:
    """The walk on the calendar: promised dates, or a scenario's medians (``expected``)."""
    if not expected:
        return date_walk(definition.structure, result, calendar, start)
    from ..schedule.expected import expected_lengths  # imports the simulator: only if asked

    rule = expected_lengths(definition)
    dated = date_walk(definition.structure, result, calendar, start, rule, "expected")
    return replace(dated, scenario=str(rule.scenario))


def _award(definition: Definition, result: Walk, asked: int | None,
           started: date) -> dict[str, Any] | None:
    """What a paid case is awarded under the process's policy file, if it has one.

    The year is ``asked``, else the policy year of the round the case starts in (the
    policy's `round`: the seed's February 2024 round pays 2023). A year asked for that
    the policy does not cover is an error; a year merely implied becomes a note, so the
    path is still given.
    """
    if result.outcome != "paid":
        return None
    from ..policy import PolicyYearError, award_for, policy_path, policy_year  # when it applies

    if policy_path(definition) is None:
        return None
    year = asked or policy_year(definition, started)
    try:
        award = award_for(definition, result.attributes, year)
    except PolicyYearError as error:
        if asked is not None:
            raise
        return {"year": year, "amount": None, "rewards": [], "note": str(error)}
    if award is None:
        return None
    return {"year": year, "amount": str(award.amount),
            "rewards": [{"id": line.reward.spec.id, "amount": str(line.amount)}
                        for line in award.entitlement.lines]}
