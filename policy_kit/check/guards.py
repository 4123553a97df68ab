"""Guard coverage at each state: applicants with no way on (a gap) or with two (an overlap).

Part of load → **check** (PK301, PK302). Over the applicant classes (see ``applicants``),
a state whose ways out are all guarded has a **gap** for an applicant when none of its
guards can ever hold for that applicant, whatever ``done(...)`` says: such an applicant
is stuck there. A decision state, two ways with the same trigger, or two ways out of a
task whose different guards read the same attributes (a rule splitting the applicants)
have an **overlap** when two guards hold at once. On one trigger the first declared way is taken
(docs/semantics.md), so the finding says which; at a decision with two triggers the
choice is left to whoever walks or simulates the case, and the finding says so. Each
finding names a witness applicant and the shortest way for it to the state, so it can be
replayed on the machine.
"""

from __future__ import annotations

from itertools import combinations

from ..expr.printer import value_text
from ..structure import Move
from .applicants import done_order
from .collect import Collector
from .enabling import entry_mask
from .explored import Explored, leaf_mask
from .layout import Layout, Oracle
from .sets import ConfigSet
from .space import Block
from .where import Where

__all__ = ["coverage"]


def coverage(where: Where, explored: Explored, out: Collector) -> None:
    structure = where.definition.structure
    for place in structure.places.values():
        if place.state.kind == "final":
            continue
        moves = [m for m in structure.moves_from.get(place.id, ()) if not m.join]
        if moves and all(m.guard is not None for m in moves):
            _gap(where, explored, place.id, moves, out)
        for first, second in combinations(moves, 2):
            if (place.state.kind == "decision" or first.event == second.event
                    or _meant_as_rule(first, second)):
                _overlap(where, explored, place.id, first, second, out)


def _meant_as_rule(first: Move, second: Move) -> bool:
    """Two ways whose *different* guards read the same attributes: a rule that splits the
    applicants (``amount >= 100`` one way, ``amount <= 100`` the other), so an applicant
    for whom both hold is a defect. The same guard on both, or none on one, is a choice
    left to the people handling the case."""
    if first.guard is None or second.guard is None:
        return False
    return first.guard.tree != second.guard.tree and bool(first.guard.names
                                                         & second.guard.names)


def _can_open(oracle: Oracle, move: Move) -> bool:
    """Whether some ``done(...)`` situation lets the guard hold for this applicant."""
    assert move.guard is not None
    width = len(done_order(move.guard))
    return any(oracle.holds_bits(move, a) for a in range(1 << width))


def _gap(where: Where, explored: Explored, state: str, moves: list[Move],
         out: Collector) -> None:
    key = ("PK301", state)
    if any(_can_open(explored.space.oracle, m) for m in moves):
        return
    found = explored.shortest(explored.active(state))
    if found is None:
        return  # this applicant never gets there
    shown = _applicant(explored, moves)
    guards = "; ".join(f"`{m.transition.when}`" for m in moves)
    out.add(key, where.finding(
        "PK301", where.of(state, "id"), (state,),
        f"申请人 {shown} 到达 `{state}` 后没有任何可走的路:条件 {guards} 对它都不成立",
        f"an applicant with {shown} reaching `{state}` has no way on: none of {guards} "
        "holds for it",
        hint=where.words("补上这类申请人的去向(例如一条 `when` 覆盖其余情况的转移)",
                         "say where such applicants go (for example a way whose `when` "
                         "covers the remaining cases)"),
        counterexample=explored.counterexample(found[0])))


def _overlap(where: Where, explored: Explored, state: str, first: Move, second: Move,
             out: Collector) -> None:
    key = ("PK302", state, first.index, second.index)
    both = _both_open(explored, state, first, second)
    found = explored.shortest(both) if both else None
    if found is None:
        return
    shown = _applicant(explored, [first, second])
    ways = f"`{first.trigger}` → `{first.target}`, `{second.trigger}` → `{second.target}`"
    if first.event == second.event:
        zh_taken = (f";两条都由 `{first.trigger}` 触发,先声明的一条生效:案件走向 "
                    f"`{first.target}`,第 {second.index + 1} 条转移对它永远不会走")
        en_taken = (f"; both are on `{first.trigger}`, and the first declared wins: the case "
                    f"goes to `{first.target}`, and transition {second.index + 1} is never "
                    "taken for it")
    else:
        zh_taken = ",走哪条由办理人选择;未指定时走标为 default 的一条,否则先声明的一条"
        en_taken = ("; which one is taken is left to whoever handles the case (when nobody "
                    "chooses: the `default` way, else the first declared)")
    out.add(key, where.finding(
        "PK302", where.transition(second.index, "when" if second.guard else None),
        (state, first.target, second.target),
        f"申请人 {shown} 在 `{state}` 同时满足两条路的条件({ways}){zh_taken}",
        f"for an applicant with {shown}, two ways out of `{state}` hold at once ({ways})"
        f"{en_taken}",
        hint=where.words("让条件互斥,或合并这两条转移",
                         "make the guards exclusive, or merge the two transitions"),
        counterexample=explored.counterexample(found[0])))


def _applicant(explored: Explored, moves: list[Move]) -> str:
    names = sorted({n for m in moves if m.guard for n in m.guard.names})
    values = explored.applicant
    return ", ".join(f"{n}={value_text(values[n])}" for n in names) or "-"


def _both_open(explored: Explored, state: str, first: Move, second: Move) -> ConfigSet:
    """Reachable configurations with ``state`` active in which both moves are enabled."""
    found: ConfigSet = {}
    layout = explored.space.layout
    oracle = explored.space.oracle
    for number, block in enumerate(explored.space.blocks):
        mask = leaf_mask(block, state) & block.reach
        if not mask:
            continue
        if block.product is None:
            if _open_here(layout, oracle, block, first) and _open_here(layout, oracle, block,
                                                                         second):
                found[number] = mask
            continue
        product = block.product
        j = product.owner[state]
        both = 0
        for local, leaf in enumerate(product.regions[j].leaves):
            if leaf != state:
                continue
            here = product.digit(j, local) & mask
            for move in (first, second):
                if here:
                    here &= product.guard_mask(move, product.fixed(j, local)) & entry_mask(
                        product, move)
            both |= here
        if both:
            found[number] = both
    return found


def _open_here(layout: Layout, oracle: Oracle, block: Block, move: Move) -> bool:
    leaf, bits, visits = block.key
    if layout.enter(visits, move.entry) is None:
        return False
    final = leaf in layout.finals
    return oracle.holds(move, lambda s: bool(bits & layout.bit(s)) or (final and s == leaf))

