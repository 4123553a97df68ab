"""Where a behavioural defect is, not where it shows: the step that closes an unbounded loop
or the state that can bound it, and the guard that keeps a stuck case from moving on.

Part of load → **check**. A loop shows wherever a walk happens to meet it; its cause is
the way back into it, at the state where a case first enters it, or the state that should
carry ``max_rounds`` (a wait for corrections: the applicant's turn, where rounds are
counted). A deadlock shows at the states a case is stuck in; its cause is the guard that
stays false there, and what in it is false: a ``done(...)`` of a state the case never
left, or the applicant's values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import ExpressionError
from ..expr import Call, Expr, Name, Value
from ..expr.nodes import walk
from ..expr.printer import value_text
from ..structure import Move, Structure
from .explored import Explored
from .findings import Counterexample

__all__ = ["Blocked", "LoopCause", "blocked_guards", "left_states", "loop_cause", "stuck_at",
           "ways_on"]

Cycle = list[tuple[Move, int, int]]


@dataclass(frozen=True)
class LoopCause:
    """A loop turned to start where a case first enters it."""

    cycle: Cycle
    """The loop's moves, from the entry back to it; the last one closes it."""
    bound: str | None
    """The state where ``max_rounds`` belongs (a wait in the loop), if there is one."""

    @property
    def closing(self) -> Move:
        return self.cycle[-1][0]


def loop_cause(explored: Explored, structure: Structure, cycle: Cycle) -> LoopCause:
    """``cycle`` turned to begin at its configuration nearest the start."""
    depths = [_depth(explored, block, position) for _, block, position in cycle]
    entry = depths.index(min(depths))
    turned = cycle[entry + 1:] + cycle[:entry + 1]
    waits = [m.source for m, _, _ in turned
             if m.source in structure.places and structure.places[m.source].state.kind == "wait"]
    return LoopCause(turned, waits[0] if waits else None)


def _depth(explored: Explored, block: int, position: int) -> int:
    for depth, frontier in enumerate(explored.frontiers):
        if frontier.get(block, 0) >> position & 1:
            return depth
    return len(explored.frontiers)


@dataclass(frozen=True)
class Blocked:
    """A way on that is closed in a stuck situation, and why."""

    move: Move
    done: tuple[tuple[str, bool], ...]
    """What each ``done(...)`` the guard asks answers in the stuck situation."""
    values: tuple[tuple[str, Value], ...]
    """The applicant's values the guard reads."""

    def because(self) -> str:
        """What the guard reads, as ``done(x)=false, amount=20``."""
        parts = [f"done({s})={'true' if held else 'false'}" for s, held in self.done]
        parts += [f"{n}={value_text(v)}" for n, v in self.values]
        return ", ".join(parts)


def ways_on(structure: Structure, leaves: Sequence[str]) -> list[Move]:
    """The moves a case stuck at ``leaves`` waits for: the ways on of its states that are
    not final, or, once every region has finished, its stage's joins."""
    waiting = [s for s in leaves if structure.places[s].state.kind != "final"]
    if waiting:
        return [m for s in waiting for m in structure.moves_from.get(s, ()) if not m.join]
    stage = structure.places[leaves[0]].stage
    return list(structure.moves_from.get(stage.id, ())) if stage is not None else []


def stuck_at(structure: Structure, example: Counterexample) -> list[Blocked]:
    """The guards that keep the case of a deadlock's counterexample where it ends."""
    leaves = example.steps[-1].states if example.steps else example.start
    return blocked_guards(ways_on(structure, leaves), example.applicant,
                          left_states(example))


def left_states(example: Counterexample) -> frozenset[str]:
    """The states a counterexample's case has left (what ``done(...)`` answers)."""
    before = set(example.start)
    left: set[str] = set()
    for step in example:
        after = set(step.states)
        left |= (before - after) | ({step.source} & before)  # a way back to itself leaves it
        before = after
    return frozenset(left)


def blocked_guards(moves: Sequence[Move], applicant: Mapping[str, Value],
                   left: frozenset[str]) -> list[Blocked]:
    """The guarded ``moves`` whose guard is false for ``applicant`` once ``left`` have
    been left, with the ``done(...)`` atoms that are false."""
    found = []
    for move in moves:
        guard = move.guard
        if guard is None:
            continue
        try:
            if guard.holds(applicant, left.__contains__):
                continue
        except ExpressionError:
            pass
        asked = sorted({a.id for node in walk(guard.tree) for a in _done_args(node)})
        found.append(Blocked(move, tuple((s, s in left) for s in asked),
                             tuple((n, applicant[n]) for n in sorted(guard.names)
                                   if n in applicant)))
    return found


def _done_args(node: Expr) -> list[Name]:
    if isinstance(node, Call) and node.func == "done":
        return [a for a in node.args if isinstance(a, Name)]
    return []
