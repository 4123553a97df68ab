"""Optimal alignments of one case's events with the process: the fewest deviations.

Part of **conform**. A shortest-path search over (configuration, position in the trace),
as the checker explores configurations: the log shows the next event where the process
allows it (cost 0), the process moves without an event where nothing is recorded (a
decision, a join: cost 0), an event the process cannot take here is *unexpected*
(cost 1) and a recorded step the process needed but the log lacks is *missing* (cost 1).
The search is A* with a consistent lower bound on the deviations still to come (the
larger of ``Bound``'s count and ``Projection``'s sum over the process's parts), so the
first end popped is optimal; a trace that fits is found along cost-0 edges before any
deviation is tried, and a configuration from which no end can be reached is not entered.

Fitness is pm4py's alignment fitness: ``1 - cost / (events + shortest model run)``, the
shortest model run being the fewest recorded steps the process needs from start to end
(for an open case, whose end is not known yet, nothing beyond its events).
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ..structure import Move
from .bound import Bound
from .configurations import Configurations, Replayed
from .graph import Op as Step
from .projection import INFINITE

__all__ = ["UNKNOWN", "Alignment", "Op", "align", "estimator", "shortest_run"]

UNKNOWN = ""
"""The label of an event whose activity maps to no state (no state id is empty)."""

MAX_NODES = 2_000_000


@dataclass(frozen=True, slots=True)
class Op:
    """One step of an alignment.

    ``kind``: ``sync`` (the event is the step of ``state``), ``log`` (an event the process
    does not take: ``deviation`` says which kind), ``model`` (``state``'s step, missing
    from the log), ``tau`` (a move of the process that the log does not record).
    ``position`` is the index of the event it is at (for ``model``, the event before
    which the step was due). ``moves`` are the process's moves taken with it, in order
    (after the step for ``sync`` and ``model``).
    """

    kind: str
    position: int
    state: str = UNKNOWN
    moves: tuple[Move, ...] = ()
    deviation: str = ""


@dataclass(frozen=True)
class Alignment:
    ops: tuple[Op, ...]
    cost: int
    end: Replayed
    finished: bool
    outcome: str | None



def align(confs: Configurations, labels: tuple[str, ...], finished: bool | None,
          outcome: str | None = None) -> Alignment:
    """Align ``labels`` (the state id each event is the step of, or ``UNKNOWN``).

    ``finished``: True when the log says the case ended (it must then end in a final
    state, with ``outcome`` when that names one); False when it says the case is open;
    None when it does not say: the case is then replayed as far as the log goes, and
    counted as finished when from there it can only end, with no further step.
    """
    if finished:
        found = _search(confs, labels, True, outcome)
        if found is not None:
            return found
    alignment = _search(confs, labels, False, None)
    assert alignment is not None  # an open case always aligns: skip every event
    if finished is None:
        ending = _only_ending(confs, alignment.end)
        if ending is not None:
            moves, end = ending
            ops = [*alignment.ops, Op("tau", len(labels), moves=moves)]
            _mark_after_end(ops)
            return Alignment(tuple(ops), alignment.cost, end, True, confs.outcome(end))
        if alignment.cost:
            # A deviating case whose log may end at its end: as cheap an explanation
            # that ends it (accept, fire, issue: the planning review missing) beats
            # one that throws its last step away to keep it open.
            ended = _search(confs, labels, True, None)
            if (ended is not None and ended.cost <= alignment.cost
                    and _ends_on_its_last_step(ended, len(labels))):
                return ended
    return alignment


def _ends_on_its_last_step(alignment: Alignment, size: int) -> bool:
    """The log's last event is a step of the process and only silent moves follow it:
    the case's own last step ended it (not an ending slipped in after a deviation)."""
    last = max((i for i, op in enumerate(alignment.ops)
                if op.kind != "tau" and op.position == size - 1), default=None)
    return (last is not None and alignment.ops[last].kind == "sync"
            and all(op.kind == "tau" for op in alignment.ops[last + 1:]))


Back = tuple[int, Step]
"""How the search reached a node: the node it came from (numbered as in ``_search``) and
the step it took there, without its position (the node it came from has it)."""


def _search(confs: Configurations, labels: tuple[str, ...], finished: bool,
            outcome: str | None) -> Alignment | None:
    """A* over (configuration, position), a node numbered ``configuration * stride +
    position`` with the configurations numbered by ``confs.graph``: plain integers
    to hash, and the ways on from a configuration listed once for every variant."""
    graph = confs.graph
    taken, first = confs.initial()
    opening = Op("tau", 0, moves=taken)
    size = len(labels)
    stride = size + 1
    begin = graph.number(first) * stride
    outcomes, final = graph.outcomes, graph.final
    ways = graph.ways
    projected, counted = _bounds(confs, labels, finished, outcome)
    best: dict[int, int] = {begin: 0}
    parent: dict[int, Back | None] = {begin: None}
    queue = [(projected(begin // stride, 0), 0, 0, 0, begin)]
    following = (*labels, None)
    push, pop = heapq.heappush, heapq.heappop
    count = 0
    while queue:
        least, cost, rank, order, key = pop(queue)
        if cost > best[key]:
            continue
        node, position = divmod(key, stride)
        more = cost + counted(node, position)
        if more > least:  # the count says more than the parts: back in line
            push(queue, (more, cost, rank, order, key))
            continue
        if position == size and (not finished or (
                final[node] and (outcome is None or outcomes[node] == outcome))):
            return _result(parent, key, stride, cost, finished, confs, opening,
                           graph.nodes[node])
        if len(best) > MAX_NODES:
            return None
        for after, advance, step, op in ways(node, following[position], UNKNOWN):
            at = position + advance
            target = after * stride + at
            total = cost + step
            known = best.get(target)
            if known is not None and known <= total:
                continue
            remaining = projected(after, at)
            if remaining >= INFINITE:
                continue  # no way on from there reaches an end
            best[target] = total
            parent[target] = (key, op)
            count += 1
            push(queue, (total + remaining, total, -at, count, target))
    return None


def estimator(confs: Configurations, labels: tuple[str, ...], finished: bool,
              outcome: str | None) -> Callable[[int, int], int]:
    """The search's lower bound on the cost still to come from a configuration (as
    numbered by ``confs.graph``) and a position in ``labels``: the larger of the two
    bounds (``_bounds``), each consistent, and so is their maximum."""
    projected, counted = _bounds(confs, labels, finished, outcome)

    def estimate(node: int, position: int) -> int:
        return max(projected(node, position), counted(node, position))

    return estimate


def _bounds(confs: Configurations, labels: tuple[str, ...], finished: bool,
            outcome: str | None) -> tuple[Callable[[int, int], int], Callable[[int, int], int]]:
    """``Projection``'s sum over the parts, and ``Bound``'s count. The search ranks a
    node by the first when it is reached, and asks the second (three times dearer, and
    larger in one case of ten) only when the node comes up: a node whose count is
    larger goes back in line with it, so the node expanded always has the larger of the
    two (lazy evaluation of the maximum: the first end expanded is still optimal)."""
    graph = confs.graph
    active, pending, located = graph.active, graph.pending, graph.located
    bound = Bound(confs.shape, labels, UNKNOWN, finished)
    layers = confs.projection.layers(labels, finished, outcome)

    def projected(node: int, position: int) -> int:
        unknown, tables = layers[position]
        total = unknown
        for table, at in zip(tables, located[node], strict=True):
            total += table[at]
        return total

    def counted(node: int, position: int) -> int:
        return bound(active[node], pending[node], position)

    return projected, counted


def _result(parent: dict[int, Back | None], key: int, stride: int, cost: int,
            finished: bool, confs: Configurations, opening: Op, end: Replayed) -> Alignment:
    ops: list[Op] = []
    cursor = parent[key]
    while cursor is not None:
        previous, (kind, state, moves, deviation) = cursor
        ops.append(Op(kind, previous % stride, state, moves, deviation))
        cursor = parent[previous]
    ops.append(opening)
    ops.reverse()
    if finished:
        _mark_after_end(ops)
    return Alignment(tuple(ops), cost, end, finished,
                     confs.outcome(end) if finished else None)


def _mark_after_end(ops: list[Op]) -> None:
    """Events after the last step the process took are *after the end*, wherever the
    search happened to place the silent moves that close the case."""
    last = max((i for i, op in enumerate(ops) if op.kind in ("sync", "model")), default=-1)
    for i in range(last + 1, len(ops)):
        op = ops[i]
        if op.kind == "log" and op.deviation == "unexpected":
            ops[i] = Op("log", op.position, op.state, deviation="after_end")


def _only_ending(confs: Configurations, start: Replayed,
                 ) -> tuple[tuple[Move, ...], Replayed] | None:
    """The moves to a final state when ``start`` can lead nowhere else without another
    recorded step; None when a further step is possible (the case is open)."""
    if start[1]:
        return None
    parent: dict[Replayed, tuple[Replayed, tuple[Move, ...]] | None] = {start: None}
    queue = deque([start])
    final: Replayed | None = None
    while queue:
        configuration = queue.popleft()
        if confs.outcome(configuration) is not None:
            final = final or configuration
            continue
        moved = False
        for taken, after in confs.moves(configuration):
            moved = True
            if after[1]:
                return None  # a recorded step could still come
            if after not in parent:
                parent[after] = (configuration, taken)
                queue.append(after)
        if not moved:
            return None  # stuck short of an end: not finished
    if final is None:
        return None
    chain: list[tuple[Move, ...]] = []
    cursor = parent[final]
    while cursor is not None:
        previous, taken = cursor
        chain.append(taken)
        cursor = parent[previous]
    chain.reverse()
    return tuple(m for taken in chain for m in taken), final


def shortest_run(confs: Configurations, outcome: str | None) -> int:
    """The fewest recorded steps from the start to a final state (with ``outcome``)."""
    known = confs.runs.get(outcome)
    if known is not None:
        return known
    start = confs.initial()[1]
    best = {start: 0}
    queue: deque[tuple[int, Replayed]] = deque([(0, start)])
    result = 0
    while queue:
        cost, configuration = queue.popleft()
        if cost > best[configuration]:
            continue
        if confs.is_final(configuration) and (outcome is None
                                              or confs.outcome(configuration) == outcome):
            result = cost
            break
        steps = [(observed[1], 1) for state in confs.pending(configuration)
                 if (observed := confs.observe(configuration, state)) is not None]
        steps += [(after, 0) for _, after in confs.moves(configuration)]
        for after, step in steps:
            total = cost + step
            if best.get(after, total + 1) <= total:
                continue
            best[after] = total
            if step:
                queue.append((total, after))
            else:
                queue.appendleft((total, after))
    confs.runs[outcome] = result
    return result
