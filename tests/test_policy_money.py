"""Money as JSON writes it: ``money_json`` takes a quicker way for an amount already in fen,
and must give the two-decimal text of every amount all the same."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from policy_kit.policy.money import from_fen, money_json, to_fen


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None)
       | st.integers(-10**16, 10**16).map(from_fen)
       | st.decimals(-10**14, 10**14, allow_nan=False, allow_infinity=False)
       .map(lambda amount: to_fen(amount, "half_up")))
def test_money_json_is_the_amount_to_two_decimals(amount: Decimal) -> None:
    assert money_json(amount) == f"{amount:.2f}"


def test_money_json_of_zeros_and_exponents() -> None:
    for text in ("0", "0.00", "-0.00", "12.5", "1.005", "1E+15", "5E-7", "1.00E+3", "7"):
        assert money_json(Decimal(text)) == f"{Decimal(text):.2f}", text
