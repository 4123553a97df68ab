"""Why a loop has no way out (PK205): the guard that keeps its way out shut, the way on the
same trigger that fires instead, the ``max_rounds`` used up, or, where the loop has no way
out at all, the transition that closes it.

Part of load → **check**. A loop with no way out shows at whichever of its states a walk
meets first; its cause is what keeps a case inside. The loop is replayed with the one
semantics (``policy_kit.semantics``) from where a case first enters it, and every move out
of its states is asked, in every configuration of the loop, whether it can fire and, if
not, why not. A way out that opens somewhere but leads on to no outcome either is no
cause here (the places it leads to are reported themselves); the loop then stands, like
one without any way out, at the transition that closes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import ExpressionError, Location
from ..expr import Value
from ..semantics import Configuration, Semantics
from ..structure import Move, Structure
from .causes import Blocked, Cycle, blocked_guards, loop_cause
from .collect import Collector
from .explored import Explored
from .findings import Counterexample, Words
from .where import Where

__all__ = ["Shut", "Trap", "trap", "trapped"]


@dataclass(frozen=True)
class Shut:
    """A way out of a loop that never fires while a case circles it, and why (one of)."""

    move: Move
    guard: Blocked | None = None
    """Its guard is false in the loop (and what in it is false)."""
    shadow: Move | None = None
    """It opens, but an earlier way out of its state on the same trigger fires instead."""
    spent: str | None = None
    """The state it enters has used up its ``max_rounds``."""


@dataclass(frozen=True)
class Trap:
    """A loop with no way out, turned to begin where a case first enters it."""

    cycle: Cycle
    """The loop's moves from its entry; the last one closes it."""
    example: Counterexample
    """The shortest way to the entry, then once round the loop."""
    shut: tuple[Shut, ...]
    """The ways out of its states, each shut throughout the loop, in declared order."""
    escapes: bool
    """Some way out does fire, into places that cannot finish either."""

    @property
    def closing(self) -> Move:
        return self.cycle[-1][0]

    @property
    def cause(self) -> Shut | None:
        """The way out whose shutting keeps the case in: a guard first (the usual
        defect), then a shadowing way on the same trigger, then used-up rounds; none
        where the case can leave (the loop is not what dooms it)."""
        if self.escapes:
            return None
        for kind in ("guard", "shadow", "spent"):
            for shut in self.shut:
                if getattr(shut, kind) is not None:
                    return shut
        return None


def trap(explored: Explored, structure: Structure, cycle: Cycle) -> Trap:
    """The loop ``cycle`` (inside the configurations that cannot finish) and its ways out."""
    turned = loop_cause(explored, structure, cycle).cycle
    entry_block, entry_position = turned[-1][1], turned[-1][2]
    found = explored.shortest({entry_block: 1 << entry_position})
    assert found is not None
    example = explored.counterexample(found[0], tuple(explored.step(m, b, p)
                                                      for m, b, p in turned))
    semantics = Semantics(structure)
    configurations = _replay(semantics, example, explored.applicant)
    if configurations is None:  # pragma: no cover - the checker and the semantics agree
        return Trap(turned, example, (), False)
    loop = configurations[-len(turned) - 1:-1]
    return Trap(turned, example, *_shut_ways(semantics, [m for m, _, _ in turned], loop,
                                                  explored.applicant))


def _replay(semantics: Semantics, example: Counterexample,
            applicant: Mapping[str, Value]) -> list[Configuration] | None:
    """The configurations a counterexample passes through, its start included (None if
    the semantics does not take one of its steps)."""
    here = semantics.initial()
    passed = [here]
    for step in example:
        move = next((m for m in semantics.enabled(here, applicant)
                     if m.event == step.event and m.source == step.source), None)
        if move is None:  # pragma: no cover
            return None
        here = semantics.fire(here, move)
        passed.append(here)
    return passed


def _shut_ways(semantics: Semantics, moves: Sequence[Move], loop: Sequence[Configuration],
               applicant: Mapping[str, Value]) -> tuple[tuple[Shut, ...], bool]:
    """Every move from the loop's states that would lead out of it and fires nowhere in
    it, with why it does not fire where a case first meets it; and whether some way out
    fires."""
    circling = {state for move in moves for state in (move.source, *move.entry)}
    fired: set[tuple[int, str]] = set()
    shut: dict[tuple[int, str], Shut] = {}
    for here in loop:
        for source in semantics.candidate_sources(here.active):
            if source in here.active and source not in circling:
                continue  # another region's state: its moves do not leave this loop
            for group in semantics.groups.get(source, ()):
                first: Move | None = None
                for move in group:
                    opens = _opens(semantics, here, move, applicant)
                    leaves = not set(move.entry) <= circling
                    if opens and first is None:
                        first = move
                        if leaves:
                            fired.add(move.key)
                        continue
                    if leaves and move.key not in shut:
                        shut[move.key] = _why(semantics, here, move, applicant,
                                              first if opens else None)
    ways = [s for key, s in shut.items() if key not in fired]
    return tuple(sorted(ways, key=lambda s: s.move.key)), bool(fired)


def _opens(semantics: Semantics, here: Configuration, move: Move,
           applicant: Mapping[str, Value]) -> bool:
    try:
        return semantics.condition(move, here.active, here.visits_of, applicant,
                                   semantics.done(here))
    except ExpressionError:
        return False  # a guard that cannot be evaluated keeps its way closed (PK207)


def _why(semantics: Semantics, here: Configuration, move: Move,
         applicant: Mapping[str, Value], shadow: Move | None) -> Shut:
    if shadow is not None:
        return Shut(move, shadow=shadow)
    if move.join and not all(state in semantics.finals for state in here.active):
        return Shut(move)  # its regions do not all finish inside the loop
    for state in move.entry:
        rounds = semantics.bounded.get(state)
        if rounds is not None and here.visits_of(state) >= rounds:
            return Shut(move, spent=state)
    if move.guard is None:
        return Shut(move)  # pragma: no cover - an unguarded way out opens unless spent
    done = semantics.done(here)
    left = frozenset(s for s in move.guard.states if done(s))
    blocked = blocked_guards([move], applicant, left)
    return Shut(move, guard=blocked[0] if blocked else None)


def trapped(where: Where, explored: Explored, cycle: Cycle, out: Collector) -> None:
    """PK205 for the loop ``cycle``, at what keeps a case in it."""
    found = trap(explored, where.definition.structure, cycle)
    ids = tuple(dict.fromkeys(m.source for m, _, _ in found.cycle))
    zh, en = (where.show([*ids, ids[0]], lang, " → ") for lang in ("zh", "en"))
    message = (f"案件可能在 {zh} 之间永远循环,没有任何办结的可能",
               f"a case can circle {en} forever, with no way to any outcome")
    cause = found.cause
    if cause is None:
        location = where.transition(found.closing.index)
        extra, hint = _closed(where, found)
    else:
        location, extra, hint = _shut(where, cause)
    out.add(("PK205", frozenset(ids)), where.finding(
        "PK205", location, ids, message[0] + extra.zh, message[1] + extra.en, hint=hint,
        counterexample=found.example))


def _way(move: Move) -> str:
    return f"`{move.source}` --{move.trigger}--> `{move.target}`"


def _closed(where: Where, found: Trap) -> tuple[Words, Words]:
    """A loop with no way out that could fire: it stands where it closes."""
    back = _way(found.closing)
    extra = Words(f"(经 {back} 回到循环起点)", f" (back into it by {back})")
    if found.escapes:
        return extra, where.words(
            "循环的出路只通向同样无法办结的地方:先修正那里(见那里的问题),或让 "
            f"{back} 改去能办结的状态",
            "its ways out lead only to places that cannot finish either: mend those (see "
            f"the findings there), or let {back} lead to a state that can finish")
    last = found.closing.source
    return extra, where.words(
        f"给循环中的某个状态(例如 `{last}`)一条通向结果的出路,或让 {back} 离开循环",
        f"give a state of the loop (`{last}`, say) a way to an outcome, or let {back} lead "
        "out of the loop")


def _shut(where: Where, cause: Shut) -> tuple[Location, Words, Words]:
    """The location, the message's addition and the hint for a way out that stays shut."""
    way = _way(cause.move)
    if cause.shadow is not None:
        first = _way(cause.shadow)
        return (where.transition(cause.shadow.index),
                Words(f";出路 {way} 永远不会发生:同一触发的 {first} 声明在前,总是它先发生",
                      f"; its way out {way} never fires: {first}, on the same trigger, is "
                      "declared first and fires instead"),
                where.words(f"给出路一个自己的触发,或用互斥的条件区分两者,或把出路声明在 "
                            f"{first} 之前",
                            "give the way out a trigger of its own, or guards that exclude "
                            f"each other, or declare it before {first}"))
    if cause.spent is not None:
        state = cause.spent
        return (where.of(state, "max_rounds"),
                Words(f";出路 {way} 进入的 `{state}` 到这时已用完 `max_rounds`",
                      f"; its way out {way} enters `{state}`, whose `max_rounds` are used up "
                      "by then"),
                where.words(f"提高 `{state}` 的 `max_rounds`,或另设一条不经过它的出路",
                            f"raise `max_rounds` on `{state}`, or add a way out that does "
                            "not enter it"))
    blocked = cause.guard
    assert blocked is not None
    when = cause.move.transition.when
    never = [s for s, held in blocked.done if not held]
    extra = Words(f";出路 {way} 被条件挡住:`when: {when}`({blocked.because()})",
                  f"; its way out {way} is shut by `when: {when}` ({blocked.because()})")
    if never:
        waits = ", ".join(f"`{s}`" for s in never)
        hint = where.words(
            f"`when: {when}` 等待的 {waits} 在这个循环里从未办过:只等待循环中一定会经过的"
            "状态,或为没有经过它的情况另设一条出路",
            f"`when: {when}` waits for {waits}, which a case circling here never passes: "
            "wait only for states the loop passes, or add a way out for cases that skip it")
    else:
        hint = where.words(
            f"在这个循环里 `when: {when}` 不会成立:为这种情况另设一条出路(例如退回或"
            "不予受理),或修改条件",
            f"`when: {when}` cannot come true while the case circles here: add a way out "
            "for such cases (a refusal, say), or change the guard")
    return where.transition(cause.move.index, "when"), extra, hint
