"""Which steps of a case the log shows only in part, and how long they had run.

Part of **calibrate** → ``observe``; the statistics are in ``censored`` and ``fit``.

- *Running* (right-censored): a step of an open case that the log shows started and not
  ended when the log was taken (its last event, or a forecast's cut) has run at least
  that long. A log of completions shows no step in progress: an open case's next step
  may not have begun, or the case may have been dropped (WABO's 105 open cases, some
  idle for a year), so nothing is censored there — taking "ready since its last event"
  as running put a year-long tail on steps of minutes.
- *Held* (censored from above): a step whose leaving move has a guard that opened only
  after the step had begun, and which ended when the move that opened it did (Jining's
  supervision ends with the builder's own acceptance; a log's lag of up to an office
  hour, and at most a hundredth of the step's span, is allowed), waited for that guard:
  its recorded span bounds its work from above, no more. The guard is read on the
  case's ``done(...)`` history alone; one that needs the applicant's attributes cannot
  be timed and the step is taken as recorded.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from ..conform import AlignedStep, CaseResult, Conformance
from ..conform.worktime import WorkClock
from ..errors import ExpressionError
from ..semantics import Configuration, Semantics
from ..structure import Move

__all__ = ["HELD_TOLERANCE_HOURS", "held_steps", "last_moment", "running_steps"]

HELD_TOLERANCE_HOURS = 1.0
"""Office hours after the guard opened within which a step's end may count as waiting for
it (a log may record the wait's end a little after the guard opened) ..."""

HELD_TOLERANCE_SHARE = 0.01
"""... and no more than this share of the step's recorded span. An end after the guard
opened may as well be the step's own: every such end read as an upper bound takes the
steps that ended just after the guard out of the exact ones, and a step of hours beside
a guard of hours came out 19 % short (a 1-hour window on an 8-hour step); a hundredth
of the span keeps that bias small and still catches a lagged end of a long wait."""


def last_moment(result: Conformance) -> datetime | None:
    """The latest start or end of any step in the replay (deviating cases included)."""
    moments = [m for case in result.cases for step in case.steps
               for m in (step.start, step.end) if m is not None]
    return max(moments) if moments else None


def _timed_moves(case: CaseResult, moves: Sequence[Move]
                 ) -> list[tuple[Move, AlignedStep | None]]:
    """Each move with the recorded step it leaves (the k-th move out of a state leaves
    the k-th recorded stay of that state; None where the state records no step)."""
    stays: dict[str, list[AlignedStep]] = defaultdict(list)
    for step in sorted(case.steps, key=lambda s: s.position):
        stays[step.state].append(step)
    left: Counter[str] = Counter()
    result = []
    for move in moves:
        k = left[move.source]
        left[move.source] += 1
        recorded = stays.get(move.source, [])
        result.append((move, recorded[k] if k < len(recorded) else None))
    return result


def _guard_holds(semantics: Semantics, move: Move, config: Configuration) -> bool | None:
    assert move.guard is not None
    try:
        return move.guard.holds({}, semantics.done(config))
    except ExpressionError:
        return None  # it asks about the applicant, whom the log does not show
    except (KeyError, TypeError):
        return None


def held_steps(semantics: Semantics, case: CaseResult, moves: Sequence[Move],
               clock: WorkClock) -> frozenset[int]:
    """Positions (``AlignedStep.position``) of the steps whose end waited for a guard."""
    if not any(m.guard is not None for m in moves):
        return frozenset()
    timed = _timed_moves(case, moves)
    configs = [semantics.initial()]
    for move, _ in timed:
        configs.append(semantics.fire(configs[-1], move))
    held = set()
    for i, (move, step) in enumerate(timed):
        if move.guard is None or step is None or step.start is None or step.end is None:
            continue
        opened = _opened_by(semantics, move, configs, i)
        if opened is None:
            continue  # open since the state was entered, or not to be told
        opener = timed[opened][1]
        moment = opener.end if opener is not None else None
        if moment is None or moment <= step.start:
            continue
        if step.end <= moment or clock.hours(moment, step.end) <= min(
                HELD_TOLERANCE_HOURS, HELD_TOLERANCE_SHARE * clock.hours(step.start, step.end)):
            held.add(step.position)
    return frozenset(held)


def _opened_by(semantics: Semantics, move: Move, configs: Sequence[Configuration],
               fired: int) -> int | None:
    """The index of the move that opened ``move``'s guard, which fired as move ``fired``
    (``configs[j]`` is where move j fired from); None when the guard was open since its
    state was entered, or cannot be read without the applicant.

    A replay does not order moves by their guards (it cannot read all of them), so two
    steps that end at one moment may come in either order: a guard still shut where its
    move fired is opened by a later move of the same moment."""
    holds = _guard_holds(semantics, move, configs[fired])
    if holds is None:
        return None
    if not holds:
        for later in range(fired + 1, len(configs)):
            found = _guard_holds(semantics, move, configs[later])
            if found is None:
                return None
            if found:
                return later - 1
        return None
    j = fired
    while j > 0 and move.source in configs[j - 1].active:
        found = _guard_holds(semantics, move, configs[j - 1])
        if found is None:
            return None
        if not found:
            return j - 1
        j -= 1
    return None


def running_steps(case: CaseResult, clock: WorkClock, end: datetime,
                  timed: frozenset[str]) -> list[tuple[str, float]]:
    """Per step of an open case started and not ended at ``end``: its state and the
    working days it has run at least."""
    if case.finished:
        return []
    return [(s.state, clock.days(s.start, end)) for s in case.steps
            if s.end is None and s.start is not None and s.state in timed and s.start < end]
