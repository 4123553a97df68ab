"""The discrete-event engine: one replication of many cases through department queues.

Part of **simulate**. Time is hours since midnight of the scenario's start; a heap orders
the ends of timed activities, and arrivals come from their own stream. Each active leaf
state of a case holds an ``Activity``: a decision is settled at once, a timed state ends
after its drawn duration, a task of a staffed department waits first come, first served
for an officer. When an activity ends, ``choose_way`` picks the way out and the case's
stepper (the compiled table form, or for comparison the ``transitions`` machine) takes
it. Leaving a concurrent stage early cancels the other regions' work (an officer on it is
freed); a way that waits for ``done(...)`` of another state parks the activity until it
opens; a case that can never go on stays ``unfinished``, never completed.

The government clock of a case runs while at least one of its active states is on that
clock and still at work: queued, in service, or timed; a state whose own work is done
and that only waits for another does not keep it running. Statistics go to a ``Tally``;
the engine only reports.

The loop handles a few million events a minute, so its hot paths are written out rather
than split into small helpers: each state's entry is a function built once
(``policy_kit.simulate.entering``), the commonest end of a stay (a plain state's work
done, one way out, nothing parked) skips the general book-keeping, and the government
clock is started and stopped once per move, not once per state. The rarer paths
(parking, limits, abandoning a case) are in ``policy_kit.simulate.ending``.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from heapq import heappop, heappush
from itertools import count
from typing import cast

from .build import REGION_FINAL, Model
from .cases import Activity, Case, Desk, StartCase
from .choice import choose_way, draw, opened
from .compiled import CompiledMove
from .ending import Ending
from .entering import Event, end_functions, entry_functions
from .firing import MAX_STEPS, move_functions
from .streams import Streams, replication_seed
from .tally import Tally

__all__ = ["MAX_STEPS", "run_replication"]

_NEVER = math.inf
_END: Event = (_NEVER, 0, cast(Activity, None), -1.0)
"""Stays at the bottom of the heap (never taken): the loop need not ask if it is empty."""


class _Run(Ending):
    """The state of one replication; ``run_replication`` is its public face."""

    def __init__(self, model: Model, start: StartCase, tally: Tally, seed: int,
                 replication: int, warmup: int, cases: int, log: bool) -> None:
        super().__init__(model, tally)
        self.start_case = start
        self.heap: list[Event] = []
        self.seq = count(1).__next__
        """Numbers for heap entries, so that events at the same moment keep their order."""
        self.ready: deque[Activity] = deque()
        self.resting: dict[tuple[int, ...], bool] = {}
        """Whether every one of these active leaves is final (a concurrent stage's regions
        all rest), by the leaves: asked each time a region ends, of a few sets."""
        self.depts = [Desk(model, i, self) for i in range(len(model.departments))]
        self.streams = Streams(replication_seed(seed, replication))
        self.warmup = warmup
        self.total = warmup + cases
        self.journal: list[float] | None = [] if log else None
        """The event log's stays, every case's in one list (``Case.log``)."""
        self.arrived = 0
        self.weights = model.weights
        self.cal = model.axis
        self.moves_from = model.process.moves_from
        self.waits, self.wait_hours = tally.waits, tally.wait_hours
        self.move_counts = tally.moves
        self.sample = model.sample
        self.single = tuple(kind != REGION_FINAL and len(moves) == 1
                            for kind, moves in zip(model.kind, self.moves_from, strict=True))
        """States with one way out, not a join: nothing to choose."""
        self.plain = tuple(kind != REGION_FINAL for kind in model.kind)
        """States whose end counts a visit, its time and its limit (not a region's end)."""
        self.entering = entry_functions(self)
        self.firing = move_functions(self)
        self.initial = model.process.initial
        self.gov_first = sum(self.gov[leaf] for leaf in self.initial)
        self.applicant = model.applicant
        self.groups_from = model.process.groups_from
        self.branching: dict[int, tuple[tuple[float, ...], float]] = {}
        """Per state with probabilities: the shares of its ways (groups) and their sum."""
        for leaf, groups in enumerate(self.groups_from):
            weights = model.weights.get(leaf)
            if weights and len(groups) > 1:
                shares = tuple(weights.get(g[0].move.trigger, 0.0) for g in groups)
                if sum(shares) > 0.0:
                    self.branching[leaf] = (shares, sum(shares))
        self.ending = end_functions(self)

    # -- the loop ----------------------------------------------------------------------

    def run(self, horizon: float, progress: Callable[[int], None] | None) -> float:
        arrivals = self.model.arrivals(self.streams.arrivals(), self.total)
        heap, ready = self.heap, self.ready
        heap.append(_END)
        next_arrival = next(arrivals, _NEVER)
        settle, ending = self.settle, self.ending
        to_w = self.cal.to_w
        now = 0.0
        while True:
            if next_arrival <= heap[0][0]:
                if next_arrival == _NEVER:
                    break  # nothing more arrives, nothing more happens
                if next_arrival > horizon:
                    now = horizon
                    break
                now = next_arrival
                next_arrival = self.arrive(now, arrivals, progress)
            else:
                t, _, act, w = heappop(heap)
                if t > horizon:
                    now = horizon
                    break
                now = t
                if act.alive:
                    self.w = w if w >= 0.0 else to_w(t)
                    ending[act.leaf](act, t)
            while ready:
                act = ready.popleft()
                if act.alive:
                    settle(act, now)
        return now

    def arrive(self, t: float, arrivals: Iterator[float],
               progress: Callable[[int], None] | None) -> float:
        """A case arrives at ``t``; return when the next one will (``_NEVER``: none)."""
        self.w = self.cal.to_w(t)
        number = self.arrived
        self.arrived += 1
        if number == self.warmup:
            self.tally.open_window(self, t)
        rng = self.streams.case(number)
        state = self.start_case(self.applicant(rng))
        case = Case(number, self.warmup, rng, state, t, self.w)
        case.log = self.journal
        self.open[number] = case
        if case.measured:
            self.tally.cases += 1
        active = state.active
        # A case placed where it stands (a forecast's open case) starts its government
        # clock from the states it is in, not from the process's initial ones.
        gov = (self.gov_first if active is self.initial
               else sum(self.gov[leaf] for leaf in active))
        if gov:
            case.clock(gov, self.w)
        for leaf in state.active:
            self.entering[leaf](case, t)
        if progress is not None and self.arrived % 1000 == 0:
            progress(self.arrived)
        return next(arrivals, _NEVER)

    # -- officers ------------------------------------------------------------------------

    def work(self, dept: Desk, act: Activity, server: int, t: float, w: float) -> None:
        """An officer of ``dept`` takes ``act`` at ``t`` (office time ``w`` on its hours)."""
        act.server = server
        act.holding = True
        act.started_w = w
        leaf = act.leaf
        case = act.case
        if act.queued_w >= 0.0:
            since = dept.since
            if w > since:
                start = act.queued_w
                dept.wait_area += w - (start if start > since else since)
            if case.measured:
                self.waits[leaf] += 1
                self.wait_hours[leaf] += w - act.queued_w
        elif case.measured:
            self.waits[leaf] += 1
        hours = self.sample[leaf](case.rng)  # type: ignore[misc]
        if hours > 0.0:
            w += hours
            heappush(self.heap, (dept.axis.finish(w), self.seq(), act,
                                 w if dept.run is not None else -1.0))
        else:
            heappush(self.heap, (t, self.seq(), act, self.w))

    def release(self, act: Activity, t: float) -> None:
        """``act``'s officer is free: the next in the queue, if any, gets them at once."""
        dept = self.depts[act.dept]
        w = self.w if dept.run is not None else dept.axis.to_w(t)
        since = dept.since
        if w > since:
            start = act.started_w
            dept.busy_area += w - (start if start > since else since)
        act.holding = False
        queue = dept.queue
        while queue:
            nxt = queue.popleft()
            if nxt.alive:
                self.work(dept, nxt, act.server, t, w)
                return
        dept.free.append(act.server)

    # -- moving on -----------------------------------------------------------------------

    def settle(self, act: Activity, t: float) -> None:
        """The activity is over: move the case on, or park it until its way opens."""
        leaf = act.leaf
        if act.chosen is None and self.single[leaf]:
            case = act.case
            enabled = case.state.enabled_from(leaf)
            if enabled:
                self.firing[enabled[0].number](act, t)
                return
            self.choose(act, t, enabled)
            return
        self.choose(act, t)

    def choose(self, act: Activity, t: float,
               enabled: Sequence[CompiledMove] | None = None) -> None:
        """``settle`` when there is a way to choose, a join, or a way to wait for
        (``enabled``: the moves out of the state open now, when the caller has asked)."""
        if act.ended < 0.0:  # when its work was done (it may wait on for its way)
            act.ended = t
        case = act.case
        state = case.state
        leaf = act.leaf
        move: CompiledMove | None = act.chosen
        if self.kind[leaf] == REGION_FINAL:
            # Every region rests in a final: nothing a join's guard reads can change, so
            # only the open joins take part, each a way of its own.
            enabled = state.enabled_joins(leaf)
            if move is None and len(enabled) <= 1:
                if enabled:
                    self.firing[enabled[0].number](act, t)
                else:
                    self.park(case, act, None, t)
                return
            groups: Sequence[Sequence[CompiledMove]] = tuple((m,) for m in enabled)
            key: int | str = self.stage_ids[self.stage[leaf]]
        else:
            groups = self.groups_from[leaf]
            if enabled is None:
                enabled = state.enabled_from(leaf)
            key = leaf
        if move is None:
            if len(groups) == 1 and enabled:
                self.firing[enabled[0].number](act, t)
                return
            if len(enabled) == len(groups) and leaf in self.branching:
                # every way is open, and ``enabled`` lists them in the groups' order
                drawn = draw(enabled, *self.branching[leaf], case.rng)
                self.firing[drawn.number](act, t)
                return
            move = choose_way(state, leaf, groups, enabled, self.weights.get(key), case.rng)
        way = opened(move, enabled) if move is not None else None
        if way is not None:
            self.firing[way.number](act, t)
        else:
            self.park(case, act, move, t)


def run_replication(model: Model, start: StartCase, tally: Tally, *, seed: int,
                    replication: int, cases: int, warmup: int = 0, log: bool = False,
                    horizon: float = float("inf"),
                    progress: Callable[[int], None] | None = None) -> None:
    """Run one replication into ``tally``: ``warmup`` cases, then ``cases`` measured ones."""
    run = _Run(model, start, tally, seed, replication, warmup, cases, log)
    end = run.run(horizon, progress)
    run.w = model.axis.to_w(end)
    tally.close_window(run, end)
    tally.estimated_years = model.calendar.estimated_years
    for case in list(run.open.values()):
        busy = any(a.alive and a not in case.parked for a in case.acts.values())
        if case.measured:
            tally.unfinished["horizon" if busy else "stuck"] += 1
            tally.ended_case(case)
        if case.log is not None:
            run.log_open(case)
        tally.write(case)
