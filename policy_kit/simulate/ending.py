"""The engine's rarer paths: leaving several states, waiting for a way, ends of cases.

Part of **simulate**: the base of the event loop in ``policy_kit.simulate.engine``, which
keeps only the hot paths (entering a state, serving, moving on the common way). What is
here runs once per case, or in moves off that way: leaving several states at once (a
join, leaving a concurrent stage early and cutting the other regions' work short) or a
state with a limit, or with an event log kept; parking an activity until its way opens
(and drawing again when that way can no longer open); the end of a case, and abandoning
one that loops for ever.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from .build import DEADLINE, QUEUED, REGION_FINAL, TIMED, Model
from .cases import Activity, Case
from .choice import choose_way, may_open, opened
from .compiled import CompiledMove
from .tally import Tally
from .timeaxis import day_of, rule_of

if TYPE_CHECKING:
    from .cases import Desk

__all__ = ["Ending"]


class Ending:
    """State and methods of a replication that the hot loop calls rarely."""

    release: Callable[[Activity, float], None]
    ready: deque[Activity]
    depts: list[Desk]
    moves_from: tuple[tuple[CompiledMove, ...], ...]

    def __init__(self, model: Model, tally: Tally) -> None:
        self.model = model
        self.tally = tally
        self.w = 0.0
        """Office time (calendar hours) of the event being handled: every step of it is
        at the same moment, so it is computed once."""
        self.open: dict[int, Case] = {}
        """Cases in flight, by number of arrival."""
        self.final = model.process.final
        self.gov = model.government
        self.kind = model.kind
        self.limit = model.limit
        self.stage = model.stage
        self.stage_ids = model.stage_ids
        self.rules = [rule_of(limit) if limit is not None else None for limit in model.limit]
        """Each state's limit, as ``DayTable.last_day`` takes it."""
        self.last_day = model.days.last_day
        self.stage_limits = any(limit is not None for limit in model.stage_limit)
        self.visits, self.hours = tally.visits, tally.hours
        process = model.process
        self.watch = tuple(mask if kind != REGION_FINAL else -1
                           for mask, kind in zip(process.watched, model.kind, strict=True))
        """Per state, the states whose passing, entering or leaving can open or close a
        way out of it (what its guards wait for, the bounded states its ways enter); -1
        (all) for a region's end, which waits for every region."""
        self.members: dict[int, tuple[CompiledMove, ...]] = {
            group[0].group: group for groups in process.groups_from for group in groups}
        """Each way (group, by number): its moves, in the file's order."""
        bounded = 0
        for move in process.moves:
            for x, _ in move.rounds:
                bounded |= 1 << x
        self.touches = tuple(_touched(move, process.passable, process.final, bounded)
                             for move in process.moves)
        """Per move, the states whose passing, visits or reachability it changes (-1
        for a move that is not local to its region): only a waiting way that reads one
        of them can open, or find it can no longer open, after the move."""
        self.skips = tuple(_skipped(move, process.passable) for move in process.moves)
        """Per move, the states it puts out of reach unpassed (-1: not local, any)."""
        self.steady = _steady(self.members)
        """Ways (groups, by number) whose guards only open as states are passed
        (``semantics.monotone``), none bounded by ``max_rounds``, with the states they
        wait for: such a way, once it may open, keeps that chance until one of them is
        skipped (``skips``), so a move that only passes states need not ask again."""

    def deadline(self, leaf: int, t: float) -> int:
        """The last day of ``leaf``'s limit for a stay entered at ``t``."""
        rule = self.rules[leaf]
        assert rule is not None
        return self.last_day(day_of(t), *rule)

    # -- waiting for a way to open -------------------------------------------------------

    def park(self, case: Case, act: Activity, move: CompiledMove | None, t: float) -> None:
        """``act`` is done but its way (``move``, or none) is not open: it waits."""
        act.chosen = move
        case.parked.append(act)
        case.quiet = False
        if self.gov[act.leaf]:  # its work is done: waiting on others is not office time
            case.clock(-1, self.w)

    def unpark(self, case: Case, t: float, touched: int = -1, skipped: int = -1) -> None:
        """After a move, settle again the parked activities whose way has opened; one
        whose way can no longer open (the state it waited for was skipped) draws again.
        Only those whose ways read a state the move ``touched`` are looked at again: for
        the others nothing their ways read has changed since they were last looked at.
        A way that only opens (``steady``) and is still closed is not asked whether it
        can still open unless the move ``skipped`` a state it waits for."""
        state = case.state
        watch, members, steady = self.watch, self.members, self.steady
        for act in list(case.parked):
            leaf = act.leaf
            if not watch[leaf] & touched:
                continue
            chosen = act.chosen
            if self.kind[leaf] == REGION_FINAL:
                enabled = state.enabled_joins(leaf) if all(
                    self.final[x] for x in state.active) else []
                go = opened(chosen, enabled) is not None if chosen is not None else enabled
            elif chosen is None:
                go = bool(state.enabled_from(leaf))
            else:
                enabled = state.enabled_from(leaf)
                go = opened(chosen, enabled) is not None
                if not go:
                    waits = steady.get(chosen.group)
                    if waits is not None and not waits & skipped:
                        continue  # it could open before; nothing it waits for was skipped
                    for m in members[chosen.group]:
                        if may_open(state, m, leaf):
                            break
                    else:  # its way can no longer open: draw again
                        chosen = act.chosen = choose_way(
                            state, leaf, self.model.process.groups_from[leaf], enabled,
                            self.model.weights.get(leaf), case.rng)
                        go = (opened(chosen, enabled) is not None if chosen is not None
                              else bool(enabled))
            if go:
                case.parked.remove(act)
                case.quiet = not case.parked
                if self.gov[leaf]:
                    case.clock(1, self.w)
                self.ready.append(act)

    # -- leaving states, other than by the engine's shortest path --------------------

    def leave_all(self, case: Case, act: Activity, left: tuple[int, ...], t: float) -> None:
        """Leave the states ``left`` (``act`` completed; any other stay is cut short)."""
        acts = case.acts
        for leaf in left:
            gone = acts.pop(leaf, None)
            if gone is not None:
                self.leave(case, gone, leaf, t, gone is act)

    def leave(self, case: Case, act: Activity, leaf: int, t: float, completed: bool) -> None:
        """``act``, the stay in ``leaf``, is over (``completed``, or cut short)."""
        if completed and act.ended < 0.0:
            act.ended = t
        if case.parked and act in case.parked:
            case.parked.remove(act)
            case.quiet = not case.parked
        elif self.gov[leaf]:
            case.clock(-1, self.w)
        if act.alive and not completed:
            self.cancel(act, t)
        act.alive = False
        if case.measured and self.kind[leaf] != REGION_FINAL:
            self.visits[leaf] += 1
            self.hours[leaf] += self.w - act.entered_w
            if completed and self.limit[leaf] is not None:
                # measured to the end of its own work: waiting afterwards for another
                # region's state (a done() guard) is not this office's delay
                self.tally.limit_kept(leaf, self.deadline(leaf, act.entered), act.ended)
        if case.log is not None:
            self.log_stay(case, act, leaf, t)

    def cancel(self, act: Activity, t: float) -> None:
        """Work cut short (another region left the stage): free its officer or its place."""
        act.alive = False
        if act.holding:
            self.release(act, t)
        elif act.dept >= 0 and act.server < 0:  # still in the queue
            dept = self.depts[act.dept]
            dept.waited(act, dept.office_time(t))

    def log_stay(self, case: Case, act: Activity, leaf: int, t: float) -> None:
        """Keep a stay for the event log: timed work, and queued work that was started."""
        kind = self.kind[leaf]
        if kind in (TIMED, QUEUED, DEADLINE) and (
                kind != QUEUED or act.ended >= 0.0 or act.server >= 0):
            done = act.ended >= 0.0  # its work was done, though it may have waited after
            assert case.log is not None
            case.log.extend(act.stay(act.ended if done else t, done))

    def log_open(self, case: Case) -> None:
        """Keep for the event log the stays of a case the run left open: work done (it
        waits for its way) with its end, work still going without one."""
        assert case.log is not None
        for leaf, act in case.acts.items():
            kind = self.kind[leaf]
            if not act.alive or kind not in (TIMED, QUEUED, DEADLINE):
                continue
            if act.ended >= 0.0:
                case.log.extend(act.stay(act.ended, True))
            elif kind != QUEUED or act.holding:
                case.log.extend(act.stay(math.nan, False))

    # -- stages and the end of a case ----------------------------------------------------

    def enter_stage(self, case: Case, leaf: int, t: float) -> None:
        limits = self.model.stage_limit
        if case.stage >= 0 and case.measured and limits[case.stage] is not None:
            self.tally.stage_done(case, t)
        stage = case.stage = self.stage[leaf]
        if stage >= 0 and limits[stage] is not None:
            case.stage_entered = t
            case.stage_gov = case.government(self.w)

    def finish(self, case: Case, leaf: int, t: float) -> None:
        case.outcome = self.model.process.outcome[leaf]
        del self.open[case.number]
        if case.stage >= 0 and case.measured and self.model.stage_limit[case.stage]:
            self.tally.stage_done(case, t)
        if case.measured:
            self.tally.finished(case, t, self.w)
            self.tally.ended_case(case)
        self.tally.write(case)

    def abandon(self, case: Case, reason: str, t: float) -> None:
        """Stop a case that will never finish: cancel its work, count it unfinished."""
        for leaf, act in list(case.acts.items()):
            if act.alive:
                del case.acts[leaf]
                self.leave(case, act, leaf, t, False)
        del self.open[case.number]
        if case.measured:
            self.tally.unfinished[reason] += 1
            self.tally.ended_case(case)
        self.tally.write(case)


def _steady(members: dict[int, tuple[CompiledMove, ...]]) -> dict[int, int]:
    """``Ending.steady``: each way (group) whose moves' guards only open as states are
    passed and whose moves enter no state bounded by ``max_rounds``, with the states its
    guards wait for (a mask)."""
    return {number: sum({1 << x for m in group for x in m.waits})
            for number, group in members.items()
            if all(m.monotone and not m.rounds and not m.join for m in group)}


def _skipped(move: CompiledMove, passable: tuple[int, ...]) -> int:
    """``Ending.skips`` of ``move``: of the states its region could pass from the source
    (the source aside, which it passes), those it cannot pass from the entry; -1 for a
    move that is not local to its region."""
    if not move.local:
        return -1
    after = 0
    for x in move.entry:
        after |= passable[x]
    return passable[move.source] & ~after & ~(1 << move.source)


def _touched(move: CompiledMove, passable: tuple[int, ...], final: tuple[bool, ...],
             bounded: int) -> int:
    """``Ending.touches`` of ``move``. A local move passes its source; of the states it
    enters, a final one counts as passed while active (``done``) and a bounded one
    (``max_rounds``) has one visit more; entering any other changes nothing a guard
    reads. Of the states the region could pass from the source, those it cannot pass
    from the entry any more are out of reach now (a way waiting for them never opens);
    the others keep their answers. Jining's parallel reviews each take a dozen local
    moves, and a review parked on ``done(x)`` need be looked at only when ``x`` is
    passed or skipped, not at every move of ``x``'s region."""
    if not move.local:
        return -1
    mask = 1 << move.source
    after = 0
    for x in move.entry:
        after |= passable[x]
        if final[x] or (bounded >> x) & 1:
            mask |= 1 << x
    return mask | (passable[move.source] & ~after)
