"""The alignment search is exact: on random processes and traces it costs what a plain
search without any bound costs, and its bound never overestimates.

The definitions come from the checker's generator (top-level states, a concurrent stage
of two or three regions, guards, shared triggers, round limits, withdrawals); a trace is
any sequence of their recorded states and of an activity of no state. The reference is
Dijkstra over (configuration, position) on ``Configurations`` itself, with no lower
bound and nothing numbered: what the A* search with ``Bound`` and ``Projection`` must
agree with, cost for cost. The bound is checked on every edge that reference explores:
it may drop by at most the edge's cost (consistent), and is 0 at an end.
"""

from __future__ import annotations

import heapq
from itertools import count

from hypothesis import given
from hypothesis import strategies as st

from policy_kit.conform.align import UNKNOWN, align, estimator
from policy_kit.conform.configurations import Configurations, Replayed
from policy_kit.conform.projection import INFINITE
from tests.test_check_properties import SETTINGS, Generated, definitions

Node = tuple[Replayed, int]


def _edges(confs: Configurations, node: Node, labels: tuple[str, ...],
           ) -> list[tuple[Node, int]]:
    """Every way on from ``node``, with its cost, straight from ``Configurations``."""
    replayed, position = node
    found: list[tuple[Node, int]] = []
    if position < len(labels):
        label = labels[position]
        if label != UNKNOWN:
            stepped = confs.observe(replayed, label)
            if stepped is not None:
                found.append(((stepped[1], position + 1), 0))
        found.append(((replayed, position + 1), 1))
    for state in confs.pending(replayed):
        stepped = confs.observe(replayed, state)
        assert stepped is not None
        found.append(((stepped[1], position), 1))
    found.extend(((after, position), 0) for _, after in confs.moves(replayed))
    return found


def _plain(confs: Configurations, labels: tuple[str, ...], finished: bool,
           ) -> tuple[int | None, dict[Node, int]]:
    """The cheapest alignment's cost by Dijkstra without a bound (None: no end reached),
    and the cost of every node it settled."""
    start: Node = (confs.initial()[1], 0)
    best = {start: 0}
    order = count()
    queue = [(0, next(order), start)]
    found: int | None = None
    while queue:
        cost, _, node = heapq.heappop(queue)
        if cost > best[node]:
            continue
        if node[1] == len(labels) and (not finished or confs.is_final(node[0])):
            found = cost if found is None else found
            continue
        for after, step in _edges(confs, node, labels):
            if best.get(after, cost + step + 1) > cost + step:
                best[after] = cost + step
                heapq.heappush(queue, (cost + step, next(order), after))
    return found, best


@SETTINGS
@given(generated=definitions(), picks=st.lists(st.integers(0, 99), max_size=7),
       finished=st.booleans())
def test_the_search_costs_what_a_plain_search_costs(generated: Generated, picks: list[int],
                                                    finished: bool) -> None:
    structure = generated.definition.structure
    observed = frozenset(name for name, place in structure.places.items()
                         if place.state.kind in ("task", "wait"))
    alphabet = [*sorted(observed), UNKNOWN]
    labels = tuple(alphabet[p % len(alphabet)] for p in picks)
    confs = Configurations.of(structure, observed)
    alignment = align(confs, labels, finished)
    cost, settled = _plain(confs, labels, finished)
    if cost is None:  # no end reachable: aligned as an open case
        assert finished and not alignment.finished
        cost, settled = _plain(confs, labels, False)
        finished = False
    assert alignment.cost == cost
    assert alignment.cost == sum(op.kind in ("log", "model") for op in alignment.ops)

    estimate = estimator(confs, labels, finished, None)
    number = confs.graph.number
    for node in settled:
        here = estimate(number(node[0]), node[1])
        end = node[1] == len(labels) and (not finished or confs.is_final(node[0]))
        if end:
            assert here == 0
        for after, step in _edges(confs, node, labels):
            later = estimate(number(after[0]), after[1])
            if here >= INFINITE:  # no end from here: none from anywhere it leads
                assert later >= INFINITE, (node, after)
            else:
                assert here <= step + later, (node, after)
