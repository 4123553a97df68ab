"""Sharing a yearly budget among entitlements, in integer fen (the compute side of
load → check → compile → simulate → render for policies).

Everything here is integer arithmetic on fen, so the shares add up exactly and the result
never depends on a decimal context. The rules, which ``docs/policy.md`` states for users:

- Entitlements that fit in the budget are paid in full.
- ``pro_rata``: when the demand D exceeds the budget B, entitlement e gets ⌊e·B/D⌋ fen;
  the fen left over (fewer than the number of applicants) go one each to the largest
  remainders e·B mod D, ties to the larger entitlement, then to the earlier applicant.
  The shares then add up to B exactly, and a larger entitlement never gets less.
- ``rank`` / ``first_come``: groups of equal key are paid in full in order (highest key
  first, or earliest); the first group that does not fit shares what is left pro rata by
  the same rule, and later groups get nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

__all__ = ["Share", "allocate"]


@dataclass(frozen=True, slots=True)
class Share:
    """One entitlement's share: ``fen`` paid; the exact share before rounding is
    ``numerator / denominator`` fen; ``group`` is the position of its key group in the
    paying order (0 for pro rata); a scaled share divides ``pot`` fen among its group in
    proportion (``denominator`` is then the group's demand); ``extra_fen`` is true when it
    received a fen of the rounding remainder."""

    fen: int
    numerator: int
    denominator: int
    group: int
    scaled: bool
    extra_fen: bool
    pot: int = 0


def allocate(entitlements: Sequence[int], budget: int,
             keys: Sequence[Hashable] | None = None, descending: bool = False
             ) -> tuple[Share, ...]:
    """Shares of ``budget`` fen for ``entitlements`` (fen, each ≥ 0), in input order.

    ``keys`` None shares pro rata; otherwise groups of equal key are paid in order of the
    key (``descending`` for ranks, ascending for dates of arrival).
    """
    if budget < 0 or any(e < 0 for e in entitlements):
        raise ValueError("budget and entitlements must not be negative")
    count = len(entitlements)
    if keys is None:
        order = [list(range(count))]
    else:
        if len(keys) != count:
            raise ValueError("one key per entitlement")
        order = _groups(keys, descending)
    shares: list[Share | None] = [None] * count
    left = budget
    for position, members in enumerate(order):
        demand = sum(entitlements[i] for i in members)
        if demand <= left:
            for i in members:
                shares[i] = Share(entitlements[i], entitlements[i], 1, position, False, False)
            left -= demand
            continue
        for i, share in _pro_rata(members, entitlements, left, demand, position):
            shares[i] = share
        left = 0
    return tuple(s for s in shares if s is not None)


def _groups(keys: Sequence[Hashable], descending: bool) -> list[list[int]]:
    members: dict[Hashable, list[int]] = {}
    for index, key in enumerate(keys):
        members.setdefault(key, []).append(index)
    ordered = sorted(members, reverse=descending)  # type: ignore[type-var]
    return [members[key] for key in ordered]


def _pro_rata(members: list[int], entitlements: Sequence[int], pot: int, demand: int,
              position: int) -> list[tuple[int, Share]]:
    """Shares of ``pot`` for ``members`` whose entitlements sum to ``demand`` > ``pot``."""
    floors = {i: entitlements[i] * pot // demand for i in members}
    rests = {i: entitlements[i] * pot % demand for i in members}
    spare = pot - sum(floors.values())
    ranked = sorted(members, key=lambda i: (-rests[i], -entitlements[i], i))
    extra = set(ranked[:spare])
    return [(i, Share(floors[i] + (i in extra), entitlements[i] * pot, demand, position,
                      True, i in extra, pot)) for i in members]
