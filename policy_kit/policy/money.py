"""Exact money for the award computation (the compile → simulate side of the pipeline):
Decimal amounts in yuan, rounded to the fen by the rule the policy declares, and integer
fen for the budget arithmetic, where sums must come out exact.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from ..errors import MoneyError
from .model import Rounding

__all__ = ["FEN", "MoneyError", "exact_yuan", "from_fen", "money", "money_json", "to_fen",
           "whole_fen"]

FEN = Decimal("0.01")
_CONTEXT = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow,
                                            decimal.DivisionByZero])
_MODES: dict[Rounding, str] = {"down": decimal.ROUND_DOWN, "half_up": decimal.ROUND_HALF_UP,
                               "half_even": decimal.ROUND_HALF_EVEN}
MAX_YUAN = Decimal(10) ** 15
"""A bound far above any budget: an amount past it is a mistake in the data or a rule."""


def to_fen(amount: Decimal, rounding: Rounding) -> Decimal:
    """``amount`` rounded to the fen by ``rounding`` (``down`` never pays more than the
    rule gives)."""
    if not amount.is_finite() or abs(amount) >= MAX_YUAN:
        raise MoneyError(f"{amount} yuan is not a plausible amount of money",
                         zh=f"{amount} 元不是合理的金额")
    return amount.quantize(FEN, rounding=_MODES[rounding], context=_CONTEXT)


def whole_fen(amount: Decimal) -> int:
    """A fen-exact amount as an integer number of fen."""
    fen = amount.scaleb(2, context=_CONTEXT)
    if fen != fen.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of fen")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    """Integer fen back to yuan, with two decimals."""
    return Decimal(fen).scaleb(-2, context=_CONTEXT)


_EXACT = decimal.Context(prec=28)


def exact_yuan(numerator: int, denominator: int) -> Decimal:
    """``numerator / denominator`` fen in yuan, to 28 significant digits (for traces)."""
    return _EXACT.divide(Decimal(numerator), Decimal(denominator)).scaleb(-2, context=_EXACT)


def money(amount: Decimal) -> str:
    """For people: ``1,100,000.00``."""
    return f"{amount:,.2f}"


def money_json(amount: Decimal) -> str:
    """For JSON: a decimal string with two decimals, ``1100000.00``. An amount already in
    fen (most are) is its own text, which is quicker to make than a formatted one."""
    text = str(amount)
    if text[-3:-2] == "." and "E" not in text:
        return text
    return f"{amount:.2f}"
