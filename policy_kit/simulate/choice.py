"""Which way a case takes out of a state, when the scenario leaves it to chance.

Part of **simulate**: the rule the engine applies when an activity ends. Only ways that
are open, or that may still open, take part: a way whose guard reads ``done(...)`` and
would hold once those states are done may open later (a review that waits for another
to finish), so if it is drawn the case waits for it; a way closed by the applicant's
attributes or by ``max_rounds`` never opens, and the others share its probability in
proportion. Without probabilities the default way is taken, else the first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random
from typing import Protocol

from ..expr import Value
from .compiled import CompiledMove

__all__ = ["choose_way"]


class _Case(Protocol):
    values: Mapping[str, Value]
    visits: list[int]


def _all_done(state: str) -> bool:
    return True


def may_open(case: _Case, move: CompiledMove) -> bool:
    """Whether a closed ``move`` can open later, once the states its guard waits for are done."""
    guard = move.guard
    if guard is None or not guard.states:
        return False
    visits = case.visits
    if any(visits[leaf] >= rounds for leaf, rounds in move.rounds):
        return False
    return guard.holds(case.values, _all_done)


def choose_way(case: _Case, candidates: Sequence[CompiledMove],
               enabled: Sequence[CompiledMove],
               weights: Mapping[str, float] | None, rng: Random) -> CompiledMove | None:
    """The way to take (perhaps one not open yet, to wait for); None if none can open."""
    if len(candidates) == 1:
        only = candidates[0]
        return only if enabled or may_open(case, only) else None
    possible = [m for m in candidates if m in enabled or may_open(case, m)]
    if not possible:
        return None
    if weights is not None and len(possible) > 1:
        shares = [weights.get(m.move.trigger, 0.0) for m in possible]
        total = sum(shares)
        if total > 0.0:
            u = rng.random() * total
            for move, share in zip(possible, shares, strict=True):
                u -= share
                if u < 0.0:
                    return move
            return possible[-1]
    return next((m for m in possible if m.move.default), possible[0])
