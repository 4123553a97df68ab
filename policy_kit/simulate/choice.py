"""Which way a case takes out of a state, when the scenario leaves it to chance.

Part of **simulate**: the rule the engine applies when an activity ends. Only ways that
are open, or that may still open, take part. A closed way whose guard reads
``done(x)`` may open later only while ``x`` can still be passed from where the case
stands: by another region of the same concurrent stage, moving inside its region (a
review that waits for another to finish). A way closed by the applicant's attributes,
by ``max_rounds``, or by a state nobody can pass any more (a region that already
rests in another final, a step it skipped) never opens; at a join every region rests,
so only open joins take part. If a way that may open is drawn, the case waits for it;
the ways left share the probability in proportion. Without probabilities the default
way is taken, else the first (``semantics.default_way``). (When every way is open, the
engine draws with ``draw`` straight away, on shares it worked out once.)

A *way* is a group of ``policy_kit.semantics`` (one event out of one state), not a
move: two transitions on one trigger are one way, and when it is taken the first of
them that is open fires, as ``docs/semantics.md`` says. Probabilities are by trigger,
so they are shares of ways.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TypeVar

from ..errors import ExpressionError
from ..expr import Value
from ..semantics import default_way
from .compiled import MAX_CONFIGURATIONS, CompiledMove, CompiledProcess
from .streams import Draws
from .verdicts import MAX_VERDICTS, read, verdict

__all__ = ["choose_way", "draw", "drawer", "may_open", "opened"]

T = TypeVar("T")

MAX_UNSETTLED = 10
"""Beyond this many undecided ``done(...)`` states in one guard, a way is assumed to be
able to open if it holds with all of them passed (2^10 evaluations is the bound)."""


class _Case(Protocol):
    process: CompiledProcess
    active: tuple[int, ...]
    values: Mapping[str, Value]
    visits: list[int]

    def done(self, state: str) -> bool: ...

    def passed(self, leaf: int) -> bool: ...


def may_open(case: _Case, move: CompiledMove, leaf: int) -> bool:
    """Whether ``move`` out of ``leaf``, closed now, can open while the case waits in
    ``leaf``: some states its guard waits for, passed later, make the guard hold."""
    guard = move.guard
    if guard is None or not move.waits:
        return False
    visits = case.visits
    for x, rounds in move.rounds:
        if visits[x] >= rounds:
            return False
    process = case.process
    reach = process.reach.get((leaf, case.active))
    if reach is None:
        reach = _reach(process, leaf, case.active)
    done = case.passed
    passed = open_later = 0
    for k, x in enumerate(move.waits):
        if done(x):
            passed |= 1 << k
        elif (reach >> x) & 1:
            open_later |= 1 << k
    if not open_later:
        return False  # nothing it reads can change: closed now, closed for good
    return _openable(process, move, case.values, passed, open_later)


def _openable(process: CompiledProcess, move: CompiledMove, values: Mapping[str, Value],
              passed: int, open_later: int) -> bool:
    """``_opens_later``, answered once per (move, passed, open later, what its guard
    reads of the attributes) and kept in ``CompiledProcess.openable``."""
    key = (move.number, passed, open_later, *read(move, values)) if move.reads else (
        move.number, passed, open_later)
    known = process.openable.get(key)
    if known is not None:
        return known
    known = _opens_later(process, move, values, passed, open_later)
    if len(process.openable) < MAX_VERDICTS:  # a drawn amount makes every applicant new
        process.openable[key] = known
    return known


def _reach(process: CompiledProcess, leaf: int, active: tuple[int, ...]) -> int:
    """What the regions of the active leaves other than ``leaf`` can still pass (kept in
    ``CompiledProcess.reach``)."""
    passable = process.passable
    reach = 0
    for other in active:
        if other != leaf:
            reach |= passable[other]
    if len(process.reach) < MAX_CONFIGURATIONS:
        process.reach[(leaf, active)] = reach
    return reach


def _opens_later(process: CompiledProcess, move: CompiledMove, values: Mapping[str, Value],
                 passed: int, open_later: int) -> bool:
    """``may_open`` worked out: whether the guard holds once some of the awaited states
    in ``open_later`` (bits by position in ``move.waits``) are passed too."""
    names = process.names
    every = passed | open_later
    if move.monotone:  # it holds with some of them passed only if it holds with all
        try:
            return verdict(process, move, values, every, lambda: _reader(move, names, every))
        except ExpressionError:  # one subset's answer may not need the failing part
            pass
    unsettled = [k for k in range(len(move.waits)) if (open_later >> k) & 1]
    if len(unsettled) > MAX_UNSETTLED:
        return verdict(process, move, values, every, lambda: _reader(move, names, every))
    for bits in range(1, 1 << len(unsettled)):  # 0, nothing more passed, is as it is
        later = passed | sum(1 << k for i, k in enumerate(unsettled) if (bits >> i) & 1)
        if verdict(process, move, values, later,
                   lambda: _reader(move, names, later)):  # noqa: B023 - called at once
            return True
    return False


def _reader(move: CompiledMove, names: Sequence[str], passed: int) -> Callable[[str], bool]:
    """``done(...)`` for a guard, when exactly the waited-for states in ``passed`` are
    passed (the answer ``verdict`` caches)."""
    done = {names[x] for k, x in enumerate(move.waits) if (passed >> k) & 1}
    return done.__contains__


def opened(way: CompiledMove, enabled: Sequence[CompiledMove]) -> CompiledMove | None:
    """The move that taking ``way``'s group fires now (its first open member), or None
    while the group is closed."""
    group = way.group
    for move in enabled:  # a loop, not next(generator): the engine asks this very often
        if move.group == group:
            return move
    return None


def choose_way(case: _Case, leaf: int, groups: Sequence[Sequence[CompiledMove]],
               enabled: Sequence[CompiledMove],
               weights: Mapping[str, float] | None, rng: Draws) -> CompiledMove | None:
    """The way out of ``leaf`` to take (perhaps one not open yet, to wait for); None if
    none can open. ``groups`` are the ways out; the move returned is the open member of
    its group, or the first member that may open."""
    possible: list[CompiledMove] = []
    for group in groups:
        way = opened(group[0], enabled)
        if way is None:
            for move in group:  # a loop, not next(generator): asked for most reviews
                if may_open(case, move, leaf):
                    possible.append(move)
                    break
        else:
            possible.append(way)
    if not possible:
        return None
    if len(possible) == 1:
        return possible[0]
    if weights is not None:
        shares = [weights.get(m.move.trigger, 0.0) for m in possible]
        total = sum(shares)
        if total > 0.0:
            return draw(possible, shares, total, rng)
    return default_way(possible, lambda m: m.move.default)


def draw(ways: Sequence[T], shares: Sequence[float], total: float, rng: Draws) -> T:
    """One of ``ways`` at random, in proportion to ``shares`` (which sum to ``total``)."""
    u = rng.random() * total
    for i, share in enumerate(shares):  # by index: a strict zip cost more than the loop
        u -= share
        if u < 0.0:
            return ways[i]
    return ways[-1]


def drawer(ways: Sequence[T], shares: Sequence[float], total: float) -> Callable[[Draws], T]:
    """``draw`` on fixed ``ways`` and ``shares``, as a function of the stream. Between two
    ways it is one comparison: ``u - s < 0`` exactly when ``u < s`` (a difference of two
    floats has the sign of the exact one), and the second way is also the last."""
    if len(ways) != 2:
        return lambda rng: draw(ways, shares, total, rng)
    first, second = ways
    cut = shares[0]

    def draw_two(rng: Draws) -> T:
        return first if rng.random() * total < cut else second

    return draw_two
