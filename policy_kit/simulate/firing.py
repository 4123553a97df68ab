"""What taking a move does in the engine, built once per move as a small function.

Part of **simulate**: a case of the benchmark model takes a dozen moves, and each asks
the same questions of the move (how many of the states it enters keep the government
clock running, which functions enter them, does it issue a certificate); each move's
function has the answers bound in. It has the case's stepper take the move, counts it,
closes the stay it ends, starts or stops the government clock once for the whole move,
and enters the states the move enters. A move that leaves several states at once (a
join, or leaving a concurrent stage early), or that ends a stay with a limit, or in a
case that has an activity waiting, takes the general path (``Ending.leave_all``); the
common path notes the stay for the event log itself, when one is kept, and checks the
stay against the state's limit.
"""

from __future__ import annotations

from collections.abc import Callable
from math import floor
from typing import TYPE_CHECKING

from .build import DEADLINE, QUEUED, TIMED
from .cases import Activity
from .compiled import CompiledMove

if TYPE_CHECKING:
    from .engine import _Run

__all__ = ["Fire", "MAX_STEPS", "move_functions"]

Fire = Callable[[Activity, float], None]
"""Takes a move for the activity whose stay it ends (its case is ``act.case``), at a
moment."""

MAX_STEPS = 10_000
"""Moves one case may take before it is abandoned as unfinished (a loop without end)."""


def move_functions(run: _Run) -> list[Fire]:
    """The function taking each move, indexed by its number."""
    return [_fire(run, move) for move in run.model.process.moves]


def _fire(run: _Run, move: CompiledMove) -> Fire:  # noqa: C901 - the hot path, written out
    number, source, issues = move.number, move.source, move.issues
    gov = run.gov
    gov_in = sum(gov[leaf] for leaf in move.entry)  # entered states on the clock
    plain = not move.join and run.plain[source]
    limited = plain and run.limit[source] is not None
    """A state with a limit: its end is also checked against the limit."""
    gov_source = plain and gov[source]
    gov_change = gov_in - (gov[source] if plain and not limited else 0)
    entering = tuple(run.entering[leaf] for leaf in move.entry)
    move_counts, visits, hours = run.move_counts, run.visits, run.hours
    moved, leave_all = run.tally.moved, run.leave_all
    rule = run.rules[source] if limited else None
    last_day, limited_count, breached = run.last_day, run.tally.limited, run.tally.breached
    shift, skip = rule if rule is not None else (0, 0)
    working, preceding = run.model.days.working, run.model.days.before
    """``DayTable.last_day``'s look-ups, written out (its arrays grow in place)."""
    touched, skipped, watch = run.touches[number], run.skips[number], run.watch
    journal = run.journal if plain and run.kind[source] in (TIMED, QUEUED, DEADLINE) else None
    """Where the stay goes when it ends the common way, if the run keeps an event log and
    the log keeps such stays (``Ending.log_stay``): the run's journal (``Case.log``)."""
    alone = plain and (move.local or run.model.process.stage_of[source] < 0)
    """It leaves its source alone: a local move, or one from outside concurrent stages
    (where the source is the only active state); else the stepper's answer says."""

    enter_one = entering[0] if len(entering) == 1 else None
    """The one state a move enters, most moves' (called without a loop)."""

    def fire(act: Activity, t: float) -> None:  # noqa: C901 - written out
        case = act.case
        left = case.state.fire(move)
        steps = case.steps = case.steps + 1
        measured = case.measured
        if alone or (plain and len(left) == 1):
            # The commonest end: the finished work of a state, leaving alone (no heap
            # entry, queue or list refers to it any more). In a case with nothing
            # waiting, its government clock is stopped below with the entered states'
            # (often not at all: from one task on that clock to the next, it just runs
            # on); else as ``Ending.leave`` stops it, so the sums are the same to the bit.
            del case.acts[source]
            if not limited and case.quiet:
                change = gov_change
                ended = t
            else:  # ``Ending.leave``, inline
                change = gov_in
                if act.ended < 0.0:
                    act.ended = t
                ended = act.ended
                if gov_source:  # ``Case.clock(-1, run.w)``, inline
                    count = case.gov_count
                    case.gov_count = count - 1
                    if not count:
                        case.gov_since = run.w
                    elif count == 1:
                        case.gov_total += run.w - case.gov_since
            if measured:
                visits[source] += 1
                hours[source] += run.w - act.entered_w
                if rule is not None:  # ``Tally.limit_kept``, inline
                    limited_count[source] += 1
                    day = floor(act.entered / 24.0)  # ``timeaxis.day_of``, inline
                    try:
                        last = working[preceding[day + shift] + skip]
                    except IndexError:  # a day the table has not reached yet
                        last = last_day(day, shift, skip)
                    if ended >= 24.0 * (last + 1):  # ended after the last day
                        breached[source] += 1
            if journal is not None:
                server = act.server  # ``Activity.stay``, inline
                journal.extend((case.number, source, server,
                                act.started_w if server >= 0 else act.entered, ended))
        else:
            leave_all(case, act, left, t)
            change = gov_in
        if measured:
            move_counts[number] += 1
            if issues:
                moved(case, move)
        if steps >= MAX_STEPS:
            run.abandon(case, "step_limit", t)
            return
        if change:  # ``Case.clock``, inline
            before = case.gov_count
            after = case.gov_count = before + change
            if not before:
                case.gov_since = run.w
            elif not after:
                case.gov_total += run.w - case.gov_since
        if enter_one is not None:
            enter_one(case, t)
        else:
            for enter in entering:
                enter(case, t)
        for waiting in case.parked:  # any activity waiting for what this move touched?
            if watch[waiting.leaf] & touched:
                run.unpark(case, t, touched, skipped)
                break

    return fire
