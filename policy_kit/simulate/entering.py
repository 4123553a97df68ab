"""What the engine does when a case enters a state, and when its work there is done.

Part of **simulate**: the event loop (``policy_kit.simulate.engine``) enters a state
about fifteen times per case, so instead of one method that looks up the state's kind,
department, sampler and axis every time, each state gets its own function with those
bound in: a task of a staffed department queues for an officer (or starts at once), a
timed state schedules its end, a decision or a region's end settles at once, a period
to a deadline ends at the deadline's close, the case's end finishes the case. The
government clock is started before, in the loop (``Case.clock``); in a process with
stage limits each function first notes when a case enters another stage. Likewise, when
a timed stay or a task ends, a function made for its state frees the officer (who takes
the next in the queue) and moves the case on its one way, or lets the engine choose.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from heapq import heappush
from typing import TYPE_CHECKING

from .build import CASE_FINAL, DEADLINE, INSTANT, QUEUED, REGION_FINAL, TIMED
from .cases import Activity, Case
from .choice import draw, drawer
from .compiled import MAX_CONFIGURATIONS, CompiledMove

if TYPE_CHECKING:
    from .engine import _Run

__all__ = ["End", "Enter", "Event", "end_functions", "entry_functions"]

Enter = Callable[[Case, float], None]
End = Callable[[Activity, float], None]
Event = tuple[float, int, Activity, float]
"""A heap entry: when, a sequence number (ties keep their order), the activity that
ends, and the calendar's office time then (-1 when it must be worked out)."""


def entry_functions(run: _Run) -> list[Enter]:
    """The function entering each state, indexed by state number."""
    model = run.model
    builders = {QUEUED: _queued, TIMED: _timed, INSTANT: _settles_at_once,
                REGION_FINAL: _region_final, CASE_FINAL: _case_final, DEADLINE: _deadline}
    functions = [builders[kind](run, leaf) for leaf, kind in enumerate(model.kind)]
    if not run.stage_limits:
        return functions
    return [_staged(run, leaf, enter) for leaf, enter in enumerate(functions)]


def _staged(run: _Run, leaf: int, enter: Enter) -> Enter:
    """``enter``, after noting the case's change of stage (for stage limits)."""
    stage = run.model.stage[leaf]

    def staged(case: Case, t: float) -> None:
        if case.stage != stage:
            run.enter_stage(case, leaf, t)
        enter(case, t)

    return staged


def _queued(run: _Run, leaf: int) -> Enter:
    d = run.model.department[leaf]
    desk = run.depts[d]
    shared = desk.run is not None
    to_w, finish = desk.axis.to_w, desk.axis.finish
    free, queue = desk.free, desk.queue
    sample = run.model.sample[leaf]
    assert sample is not None
    heap, seq, waits = run.heap, run.seq, run.waits

    def enter(case: Case, t: float) -> None:
        w = run.w
        act = case.acts[leaf] = Activity(case, leaf, t, w, d)
        if not shared:
            w = to_w(t)
        if not free:
            act.queued_w = w
            queue.append(act)
            return
        # A free officer takes it at once (``_Run.work``, for one that did not queue).
        act.server = free.pop()
        act.holding = True
        act.started_w = w
        if case.measured:
            waits[leaf] += 1
        hours = sample(case.rng)
        if hours > 0.0:
            w += hours
            heappush(heap, (finish(w), seq(), act, w if shared else -1.0))
        else:
            heappush(heap, (t, seq(), act, run.w))

    return enter


def _timed(run: _Run, leaf: int) -> Enter:
    sample = run.model.sample[leaf]
    axis = run.model.axis_of[leaf]
    assert sample is not None and axis is not None
    heap, seq = run.heap, run.seq
    if axis is run.cal:  # the calendar's own hours: the end's office time is known
        finish = run.cal.finish

        def enter_on_calendar(case: Case, t: float) -> None:
            act = case.acts[leaf] = Activity(case, leaf, t, run.w, -1)
            hours = sample(case.rng)
            if hours > 0.0:
                w = run.w + hours
                heappush(heap, (finish(w), seq(), act, w))
            else:
                heappush(heap, (t, seq(), act, run.w))

        return enter_on_calendar
    add = axis.add

    def enter(case: Case, t: float) -> None:
        act = case.acts[leaf] = Activity(case, leaf, t, run.w, -1)
        heappush(heap, (add(t, sample(case.rng)), seq(), act, -1.0))

    return enter


def _settles_at_once(run: _Run, leaf: int) -> Enter:
    ready: deque[Activity] = run.ready

    def enter(case: Case, t: float) -> None:
        act = case.acts[leaf] = Activity(case, leaf, t, run.w, -1)
        ready.append(act)

    return enter


def _region_final(run: _Run, leaf: int) -> Enter:
    ready: deque[Activity] = run.ready
    final = run.final
    resting = run.resting

    def enter(case: Case, t: float) -> None:
        active = case.state.active
        rests = resting.get(active)
        if rests is None:
            rests = all(final[x] for x in active)
            if len(resting) < MAX_CONFIGURATIONS:
                resting[active] = rests
        if not rests:
            return  # the last region to finish settles the join
        act = case.acts[leaf] = Activity(case, leaf, t, run.w, -1)
        ready.append(act)

    return enter


def _case_final(run: _Run, leaf: int) -> Enter:
    finish = run.finish

    def enter(case: Case, t: float) -> None:
        finish(case, leaf, t)

    return enter


def _deadline(run: _Run, leaf: int) -> Enter:
    deadline = run.deadline
    close_of = run.cal.close_of
    heap, seq = run.heap, run.seq

    def enter(case: Case, t: float) -> None:
        act = case.acts[leaf] = Activity(case, leaf, t, run.w, -1)
        end = max(t, close_of(deadline(leaf, t)))
        heappush(heap, (end, seq(), act, -1.0))

    return enter



# -- when the work ends ---------------------------------------------------------------


def end_functions(run: _Run) -> list[End]:
    """The function ending each state's work (when its heap entry comes due), by number:
    a task's officer turns to the next in the queue, then the case moves on."""
    return [_end_of_task(run, leaf) if kind == QUEUED else _moving_on(run, leaf)
            for leaf, kind in enumerate(run.model.kind)]


def _end_of_task(run: _Run, leaf: int) -> End:
    desk = run.depts[run.model.department[leaf]]
    shared = desk.run is not None
    to_w = desk.axis.to_w
    free, queue = desk.free, desk.queue
    work = run.work
    move_on = _moving_on(run, leaf)

    def end(act: Activity, t: float) -> None:
        w = run.w if shared else to_w(t)
        since = desk.since
        if w > since:  # the officer's busy time (``_Run.release``, inline)
            start = act.started_w
            desk.busy_area += w - (start if start > since else since)
        act.holding = False
        while queue:
            nxt = queue.popleft()
            if nxt.alive:
                work(desk, nxt, act.server, t, w)
                break
        else:
            free.append(act.server)
        move_on(act, t)

    return end


def _moving_on(run: _Run, leaf: int) -> End:
    """The case moves on from ``leaf``, its work done: ``_free`` where its ways out are
    always open, else ``_asking``."""
    always = run.model.process.always[leaf] if run.plain[leaf] else None
    branching = run.branching.get(leaf)
    if always is not None and (run.single[leaf] or branching is not None):
        return _free(run, always, branching)
    return _asking(run, leaf)


def _asking(run: _Run, leaf: int) -> End:
    """The case moves on from ``leaf``, its work done, asking its stepper which ways are
    open (``_Run.settle``, inline for the two common ends: one way out, or every way
    open and the scenario's shares to draw by); else the engine chooses (``_Run.choose``,
    told what is open)."""
    firing, choose = run.firing, run.choose
    single = run.single[leaf]
    groups = run.groups_from[leaf]
    ways = len(groups)
    branching = run.branching.get(leaf)
    pick = None
    if branching is not None and all(len(group) == 1 for group in groups):
        # every way one move: when all are open, ``enabled`` is the groups' moves
        pick = drawer([firing[group[0].number] for group in groups], *branching)

    def move_on(act: Activity, t: float) -> None:
        case = act.case
        enabled = case.state.enabled_from(leaf)
        if single:
            if enabled:
                firing[enabled[0].number](act, t)
                return
        elif branching is not None and len(enabled) == ways:
            if pick is not None:
                pick(case.rng)(act, t)
            else:
                firing[draw(enabled, *branching, case.rng).number](act, t)
            return
        choose(act, t, enabled)

    return move_on


def _free(run: _Run, ways: tuple[CompiledMove, ...],
          branching: tuple[tuple[float, ...], float] | None) -> End:
    """``_moving_on`` for a state whose every way out is always open (no guard, no
    bound on visits: ``CompiledProcess.always``, each group's first move): what the
    stepper would list as enabled is known, so it is not asked (most of Jining's moves)."""
    firing = run.firing
    if branching is None:  # one way out, one move on it (``_Run.single``)
        return firing[ways[0].number]  # the move's own function: nothing to ask
    pick = drawer([firing[way.number] for way in ways], *branching)

    def move_on_drawn(act: Activity, t: float) -> None:
        pick(act.case.rng)(act, t)

    return move_on_drawn
