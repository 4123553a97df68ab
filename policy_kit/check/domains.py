"""Representative values of one attribute: one per interval the guards can tell apart.

Part of load → **check** (the abstraction of guards, see ``applicants``). Numbers,
integers and dates are split at the constants the guards compare them with and at the
domain's bounds; one value stands for each point and each open interval between points.
For guards the split cannot decide exactly, deterministic samples are added.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from decimal import ROUND_FLOOR, Decimal

from ..expr import Value
from ..model import Attribute, EnumAttribute, StringAttribute

__all__ = ["example_value", "representatives"]

SAMPLES = 12
_STRING_CANDIDATES = ("", "x", "other", "其他")


def example_value(attribute: Attribute) -> Value:
    example = attribute.example
    if isinstance(example, int) and not isinstance(example, bool):
        return Decimal(example)
    return example


def representatives(attribute: Attribute, constants: Iterable[Value], sample: bool,
                    ) -> list[Value]:
    """Values of ``attribute`` that together decide every comparison with ``constants``."""
    if attribute.type == "bool":
        return [False, True]
    if isinstance(attribute, EnumAttribute):
        return list(attribute.values)
    if isinstance(attribute, StringAttribute):
        literals = sorted({c for c in constants if isinstance(c, str)})
        return [*literals, _fresh(literals, attribute.max_length)]
    if attribute.type == "date":
        found: list[Value] = list(_dates(attribute, constants, sample))
    else:
        found = list(_numbers(attribute, constants, sample))
    admitted = [v for v in found if attribute.admits(v)]
    return admitted or [example_value(attribute)]


def _fresh(literals: Sequence[str], max_length: int | None) -> str:
    """A string equal to none of the literals the guards compare with."""
    for candidate in _STRING_CANDIDATES:
        if candidate not in literals and (max_length is None or len(candidate) <= max_length):
            return candidate
    return "y" * (max_length or 1)


def _bound(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    return Decimal(value) if isinstance(value, int | Decimal) else None


def _numbers(attribute: Attribute, constants: Iterable[Value], sample: bool) -> list[Decimal]:
    integer = attribute.type == "integer"
    low, high = _bound(getattr(attribute, "min", None)), _bound(getattr(attribute, "max", None))
    points = sorted({c for c in constants if isinstance(c, Decimal) and not isinstance(c, bool)
                     and (low is None or low <= c) and (high is None or c <= high)}
                    | {b for b in (low, high) if b is not None})
    if not points:
        example = example_value(attribute)
        points = [example] if isinstance(example, Decimal) else [Decimal(0)]
    found: list[Decimal] = []
    if low is None:
        found.append(_floor(points[0]) - 1 if integer else points[0] - 1)
    for here, there in zip(points, [*points[1:], None], strict=True):
        if not integer or here == here.to_integral_value():
            found.append(here)
        if there is not None:
            middle = _floor(here) + 1 if integer else (here + there) / 2
            if middle < there:
                found.append(middle)
    if high is None:
        found.append(_floor(points[-1]) + 1 if integer else points[-1] + 1)
    if sample:
        found.extend(_number_samples(integer, low, high, points))
    return sorted(set(found))


def _floor(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_FLOOR)


def _number_samples(integer: bool, low: Decimal | None, high: Decimal | None,
                    points: Sequence[Decimal]) -> list[Decimal]:
    rng = random.Random(7)
    spread = max(points[-1] - points[0], Decimal(10))
    lo = low if low is not None else points[0] - spread
    hi = high if high is not None else points[-1] + spread
    found = []
    for _ in range(SAMPLES):
        value = Decimal(str(rng.uniform(float(lo), float(hi))))
        found.append(value.to_integral_value() if integer else value.quantize(Decimal("0.01")))
    return found


def _dates(attribute: Attribute, constants: Iterable[Value], sample: bool) -> list[dt.date]:
    low = getattr(attribute, "min", None)
    high = getattr(attribute, "max", None)
    points = sorted({c for c in constants if isinstance(c, dt.date)
                     and (low is None or low <= c) and (high is None or c <= high)}
                    | {b for b in (low, high) if isinstance(b, dt.date)})
    if not points:
        example = attribute.example
        points = [example] if isinstance(example, dt.date) else [dt.date(2024, 1, 1)]
    found: list[dt.date] = []
    if low is None:
        found.append(_shift(points[0], -1))
    for here, there in zip(points, [*points[1:], None], strict=True):
        found.append(here)
        if there is not None and _shift(here, 1) < there:
            found.append(_shift(here, 1))
    if high is None:
        found.append(_shift(points[-1], 1))
    if sample:
        rng = random.Random(7)
        first = (low or _shift(points[0], -400)).toordinal()
        last = (high or _shift(points[-1], 400)).toordinal()
        found.extend(dt.date.fromordinal(rng.randint(first, max(first, last)))
                     for _ in range(SAMPLES))
    return sorted(set(found))


def _shift(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return day
