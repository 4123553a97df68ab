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
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from heapq import heappop, heappush
from random import Random

from .build import CASE_FINAL, DEADLINE, INSTANT, QUEUED, REGION_FINAL, TIMED, Model
from .cases import Activity, Case, Desk, StartCase
from .choice import choose_way
from .compiled import CompiledMove
from .tally import Tally

__all__ = ["MAX_STEPS", "run_replication"]

MAX_STEPS = 10_000
"""Moves one case may take before it is abandoned as unfinished (a loop without end)."""


class _Run:
    """The state of one replication; ``run_replication`` is its public face."""

    def __init__(self, model: Model, start: StartCase, tally: Tally, seed: int,
                 replication: int, warmup: int, cases: int, log: bool) -> None:
        self.model = model
        self.start_case = start
        self.tally = tally
        self.heap: list[tuple[float, int, Activity]] = []
        self.seq = 0
        self.ready: deque[Activity] = deque()
        self.depts = [Desk(model, i, self) for i in range(len(model.departments))]
        self.w = 0.0
        """Office time (calendar hours) of the event being handled: every step of it is
        at the same moment, so it is computed once."""
        self.seed_base = (seed << 64) | (replication << 40)
        self.warmup = warmup
        self.total = warmup + cases
        self.log = log
        self.open: dict[str, Case] = {}
        self.arrived = 0
        p = model.process
        self.weights = model.weights
        self.kind, self.sample, self.axis_of = model.kind, model.sample, model.axis_of
        self.dept_of, self.gov, self.final = model.department, model.government, p.final
        self.cal = model.axis
        self.limit = model.limit
        self.visits, self.hours, self.reached = tally.visits, tally.hours, tally.reached
        self.waits, self.wait_hours = tally.waits, tally.wait_hours
        self.stage = model.stage
        self.stage_limits = any(limit is not None for limit in model.stage_limit)
        self.moves_from, self.joins_of = p.moves_from, p.joins_of

    # -- the loop ----------------------------------------------------------------------

    def run(self, horizon: float, progress: Callable[[int], None] | None) -> float:
        arrivals = self.model.arrivals(Random(self.seed_base), self.total)
        next_arrival = next(arrivals, None)
        heap, ready = self.heap, self.ready
        arrive, release, settle = self.arrive, self.release, self.settle
        to_w = self.cal.to_w
        now = 0.0
        while True:
            if next_arrival is not None and (not heap or next_arrival <= heap[0][0]):
                if next_arrival > horizon:
                    now = horizon
                    break
                now = next_arrival
                self.w = to_w(now)
                arrive(now)
                next_arrival = next(arrivals, None)
                if progress is not None and self.arrived % 1000 == 0:
                    progress(self.arrived)
            elif heap:
                t, _, act = heappop(heap)
                if t > horizon:
                    now = horizon
                    break
                now = t
                if act.alive:
                    self.w = to_w(t)
                    if act.holding:
                        release(act, t)
                    settle(act, t)
            else:
                break
            while ready:
                act = ready.popleft()
                if act.alive:
                    settle(act, now)
        return now

    def arrive(self, t: float) -> None:
        number = self.arrived
        self.arrived += 1
        measured = number >= self.warmup
        name = f"case-{number - self.warmup + 1}" if measured else f"warmup-{number + 1}"
        if number == self.warmup:
            self.tally.open_window(self, t)
        rng = Random(self.seed_base | (number + 1))
        state = self.start_case(self.model.applicant(rng))
        case = Case(name, measured, rng, state, t)
        if self.log:
            case.log = []
        self.open[name] = case
        if measured:
            self.tally.arrived(case)
        self.enter_stage(case, state.active[0], t)
        for leaf in state.active:
            self.enter(case, leaf, t)

    # -- entering and leaving states -----------------------------------------------------

    def enter(self, case: Case, leaf: int, t: float) -> None:
        kind = self.kind[leaf]
        if case.measured and not (case.reached >> leaf) & 1:
            case.reached |= 1 << leaf
            self.reached[leaf] += 1
        if self.gov[leaf]:
            if not case.gov_count:
                case.gov_since = self.w
            case.gov_count += 1
        if kind == CASE_FINAL:
            self.finish(case, leaf, t)
            return
        if kind == REGION_FINAL and not all(map(self.final.__getitem__, case.state.active)):
            return  # the last region to finish settles the join
        act = Activity(case, leaf, t, self.w)
        case.acts[leaf] = act
        if kind == QUEUED:
            d = self.dept_of[leaf]
            act.dept = d
            dept = self.depts[d]
            if dept.free:
                self.serve(dept, act, t)
            else:
                dept.touch(t)
                act.queued_w = dept.office_time(t)
                dept.waiting += 1
                dept.queue.append(act)
        elif kind in (INSTANT, REGION_FINAL):
            self.ready.append(act)
        elif kind == TIMED:
            sample = self.sample[leaf]
            assert sample is not None
            self.schedule(act, self.axis_of[leaf].add(t, sample(case.rng)))  # type: ignore[union-attr]
        elif kind == DEADLINE:
            limit = self.model.limit[leaf]
            assert limit is not None
            deadline = self.model.days.deadline(int(t // 24.0), limit)
            self.schedule(act, max(t, self.cal.close_of(deadline)))

    def schedule(self, act: Activity, t: float) -> None:
        self.seq += 1
        heappush(self.heap, (t, self.seq, act))

    def serve(self, dept: Desk, act: Activity, t: float) -> None:
        """A free officer of ``dept`` takes ``act`` now."""
        dept.touch(t)
        dept.busy += 1
        self.work(dept, act, dept.free.pop(), t)

    def work(self, dept: Desk, act: Activity, server: int, t: float) -> None:
        act.server = server
        act.holding = True
        act.started = t
        if act.case.measured:
            self.waits[act.leaf] += 1
            if act.queued_w >= 0.0:
                self.wait_hours[act.leaf] += dept.office_time(t) - act.queued_w
        sample = self.sample[act.leaf]
        assert sample is not None
        hours = sample(act.case.rng)
        self.seq += 1
        heappush(self.heap, (dept.axis.finish(dept.office_time(t) + hours) if hours > 0.0
                             else t, self.seq, act))

    def release(self, act: Activity, t: float) -> None:
        """``act``'s officer is free: the next in the queue, if any, gets them at once."""
        dept = self.depts[act.dept]
        dept.touch(t)
        act.holding = False
        queue = dept.queue
        while queue:
            nxt = queue.popleft()
            if nxt.alive:
                dept.waiting -= 1
                self.work(dept, nxt, act.server, t)
                return
        dept.busy -= 1
        dept.free.append(act.server)

    def settle(self, act: Activity, t: float) -> None:
        """The activity is over: move the case on, or park it until its way opens."""
        case = act.case
        state = case.state
        leaf = act.leaf
        if act.ended < 0.0:
            act.ended = t
        if self.kind[leaf] == REGION_FINAL:
            candidates = self.joins_of[leaf]
            enabled = state.enabled_joins(leaf)
        else:
            candidates = self.moves_from[leaf]
            enabled = state.enabled_from(leaf)
        move = act.chosen
        if move is None:
            if len(candidates) == 1 and enabled:
                move = enabled[0]
            else:
                key = leaf if self.kind[leaf] != REGION_FINAL else \
                    self.model.stage_ids[self.model.stage[leaf]]
                move = choose_way(state, candidates, enabled, self.weights.get(key), case.rng)
        if move is not None and move in enabled:
            self.fire(case, act, move, t)
        else:
            act.chosen = move
            case.parked.append(act)
            if self.gov[leaf]:  # its work is done: waiting on others is not office time
                self.gov_stop(case, t)

    def fire(self, case: Case, act: Activity, move: CompiledMove, t: float) -> None:
        state = case.state
        left = state.fire(move)
        case.steps += 1
        if case.measured:
            self.tally.moves[move.number] += 1
            if move.issues:
                self.tally.moved(case, move)
        done = act.leaf
        for leaf in left:
            self.leave(case, leaf, t, leaf == done)
        entry = move.entry
        stage = self.stage[entry[0]]
        if stage != case.stage:
            if self.stage_limits:
                self.enter_stage(case, entry[0], t)
            else:
                case.stage = stage
        if case.steps >= MAX_STEPS:
            self.abandon(case, "step_limit", t)
            return
        for leaf in entry:
            self.enter(case, leaf, t)
        if case.parked:
            self.unpark(case, t)

    def gov_stop(self, case: Case, t: float) -> None:
        case.gov_count -= 1
        if not case.gov_count:
            case.gov_total += self.w - case.gov_since

    def gov_start(self, case: Case, t: float) -> None:
        if not case.gov_count:
            case.gov_since = self.w
        case.gov_count += 1

    def leave(self, case: Case, leaf: int, t: float, completed: bool) -> None:
        act = case.acts.pop(leaf, None)
        if act is None:
            return
        if case.parked and act in case.parked:
            case.parked.remove(act)
        elif self.gov[leaf]:
            case.gov_count -= 1
            if not case.gov_count:
                case.gov_total += self.w - case.gov_since
        if act.alive and not completed:
            act.alive = False
            if act.holding:
                self.release(act, t)
            elif act.dept >= 0 and act.server < 0:  # still in the queue
                dept = self.depts[act.dept]
                dept.touch(t)
                dept.waiting -= 1
        act.alive = False
        if case.measured and self.kind[leaf] != REGION_FINAL:
            self.visits[leaf] += 1
            self.hours[leaf] += self.w - act.entered_w
            if completed and self.limit[leaf] is not None:
                self.tally.limit_kept(act, t)
        if case.log is not None and self.kind[leaf] in (TIMED, QUEUED, DEADLINE) and (
                act.ended >= 0.0 or act.server >= 0 or self.kind[leaf] != QUEUED):
            done = act.ended >= 0.0  # its work was done, though it may have waited after
            case.log.append((act, act.ended if done else t, done))

    def enter_stage(self, case: Case, leaf: int, t: float) -> None:
        limits = self.model.stage_limit
        if case.stage >= 0 and case.measured and limits[case.stage] is not None:
            self.tally.stage_done(case, t)
        stage = case.stage = self.stage[leaf]
        if stage >= 0 and limits[stage] is not None:
            case.stage_entered = t
            case.stage_gov = case.government(self.w)

    def unpark(self, case: Case, t: float) -> None:
        """After a move, settle again the parked activities whose way has opened."""
        state = case.state
        for act in list(case.parked):
            if self.kind[act.leaf] == REGION_FINAL:
                enabled = state.enabled_joins(act.leaf) if all(
                    self.final[x] for x in state.active) else []
            else:
                enabled = state.enabled_from(act.leaf)
            if act.chosen in enabled if act.chosen is not None else enabled:
                case.parked.remove(act)
                if self.gov[act.leaf]:
                    self.gov_start(case, t)
                self.ready.append(act)

    def finish(self, case: Case, leaf: int, t: float) -> None:
        case.outcome = self.model.process.outcome[leaf]
        del self.open[case.name]
        if case.stage >= 0 and case.measured and self.model.stage_limit[case.stage]:
            self.tally.stage_done(case, t)
        if case.measured:
            self.tally.finished(case, t)
        self.tally.write(case)

    def abandon(self, case: Case, reason: str, t: float) -> None:
        """Stop a case that will never finish: cancel its work, count it unfinished."""
        for leaf in list(case.acts):
            act = case.acts[leaf]
            if act.alive:
                self.leave(case, leaf, t, completed=False)
        del self.open[case.name]
        if case.measured:
            self.tally.unfinished[reason] += 1
        self.tally.write(case)


def run_replication(model: Model, start: StartCase, tally: Tally, *, seed: int,
                    replication: int, cases: int, warmup: int = 0, log: bool = False,
                    horizon: float = float("inf"),
                    progress: Callable[[int], None] | None = None) -> None:
    """Run one replication into ``tally``: ``warmup`` cases, then ``cases`` measured ones."""
    run = _Run(model, start, tally, seed, replication, warmup, cases, log)
    end = run.run(horizon, progress)
    run.w = model.axis.to_w(end)
    tally.close_window(run, end)
    for case in list(run.open.values()):
        busy = any(a.alive and a not in case.parked for a in case.acts.values())
        if case.measured:
            tally.unfinished["horizon" if busy else "stuck"] += 1
        tally.write(case)
