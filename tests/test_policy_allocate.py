"""Sharing a budget in integer fen: the documented rules, and the properties that must hold
for any entitlements and budget."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_kit.policy import allocate

fens = st.lists(st.integers(min_value=0, max_value=10**12), max_size=40)
budgets = st.integers(min_value=0, max_value=10**13)


@pytest.mark.parametrize(("entitlements", "budget", "expected"), [
    ([100, 200, 300], 600, [100, 200, 300]),
    ([100, 200, 300], 1000, [100, 200, 300]),
    ([100, 200, 300], 300, [50, 100, 150]),
    ([1, 1, 1], 2, [1, 1, 0]),              # equal remainders: the earlier applicant first
    ([1, 2], 2, [1, 1]),                    # 2/3 and 4/3: remainders 2 and 1 (of 3)
    ([5, 5, 10], 7, [2, 2, 3]),             # 1.75, 1.75, 3.5: both spare fen to the 0.75s
    ([100], 0, [0]),
    ([], 100, []),
], ids=["exact", "under", "half", "three-equal", "remainders", "spare-fen", "no-budget",
        "nobody"])
def test_pro_rata(entitlements: list[int], budget: int, expected: list[int]) -> None:
    assert [s.fen for s in allocate(entitlements, budget)] == expected


def test_rank_pays_in_order_and_ties_share() -> None:
    shares = allocate([400, 400, 200, 800], 700, keys=[90, 80, 80, 70], descending=True)
    assert [s.fen for s in shares] == [400, 200, 100, 0]
    assert [s.scaled for s in shares] == [False, True, True, True]


def test_first_come_is_ascending() -> None:
    shares = allocate([300, 300, 300], 500, keys=["2023-03", "2023-01", "2023-02"])
    assert [s.fen for s in shares] == [0, 300, 200]


@pytest.mark.parametrize(("entitlements", "budget", "keys"), [
    ([-1], 10, None), ([1], -1, None), ([1, 2], 10, [1]),
], ids=["negative-entitlement", "negative-budget", "keys-mismatch"])
def test_bad_arguments(entitlements: list[int], budget: int, keys: list[int] | None) -> None:
    with pytest.raises(ValueError, match="negative|one key"):
        allocate(entitlements, budget, keys)


@given(fens, budgets)
def test_pro_rata_properties(entitlements: list[int], budget: int) -> None:
    shares = allocate(entitlements, budget)
    paid = [s.fen for s in shares]
    assert sum(paid) == min(budget, sum(entitlements))          # fen add up, never over
    assert all(0 <= p <= e for p, e in zip(paid, entitlements, strict=True))
    order = sorted(range(len(paid)), key=lambda i: (entitlements[i], paid[i]))
    assert all(paid[i] <= paid[j] for i, j in zip(order, order[1:], strict=False)), \
        "pro rata keeps the order of the unscaled awards"
    equal: dict[int, list[int]] = {}
    for e, p in zip(entitlements, paid, strict=True):
        equal.setdefault(e, []).append(p)
    assert all(max(group) - min(group) <= 1 for group in equal.values()), \
        "equal entitlements differ by the remainder fen at most"
    for share in shares:
        floor = share.numerator // share.denominator
        assert share.fen in (floor, floor + 1), "rounding moves a share by at most one fen"
        assert share.extra_fen == (share.fen == floor + 1)


@given(fens, budgets, st.data())
def test_ordered_properties(entitlements: list[int], budget: int, data: st.DataObject) -> None:
    keys = data.draw(st.lists(st.integers(0, 5), min_size=len(entitlements),
                              max_size=len(entitlements)))
    shares = allocate(entitlements, budget, keys=keys, descending=True)
    paid = [s.fen for s in shares]
    assert sum(paid) == min(budget, sum(entitlements))
    assert all(0 <= p <= e for p, e in zip(paid, entitlements, strict=True))
    short = [keys[i] for i in range(len(paid)) if paid[i] < entitlements[i]]
    if short:
        cut = max(short)   # the first group (from the top) that was not paid in full
        assert all(paid[i] == entitlements[i] for i in range(len(paid)) if keys[i] > cut)
        assert all(paid[i] == 0 for i in range(len(paid)) if keys[i] < cut)
