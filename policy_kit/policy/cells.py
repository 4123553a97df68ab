"""One cell of an applicant sheet as a value of its attribute's type.

Part of reading applicants (``applicants.py``): ``fast_parser`` and ``numbers`` read
well-formed text cells quickly, a column at a time; ``typed`` reads any cell, and raises
``UsageError`` when it is not a value of the type, so the reader says what is wrong in one
place.
"""

from __future__ import annotations

import datetime as dt
import difflib
import operator
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from ..errors import UsageError
from ..expr import Value
from ..model import Attribute, BoolAttribute, EnumAttribute, IntegerAttribute, NumberAttribute
from ..values import parse_value
from .sheets import Cell, Formula

__all__ = ["bounded_numbers", "cell_text", "enum_hint", "fast_parser", "typed"]

_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_BOOLS: dict[str, Value] = {"true": True, "false": False}


def fast_parser(attribute: Attribute) -> Callable[[str], Value | None]:
    """A quick reading of a well-formed text cell, or None: then ``typed`` reads it, or
    says what is wrong (the slow path keeps every message in one place)."""
    if isinstance(attribute, NumberAttribute | IntegerAttribute):
        low, high = attribute.min, attribute.max
        whole = isinstance(attribute, IntegerAttribute)

        def number(text: str) -> Value | None:
            try:
                value = Decimal(text)
            except InvalidOperation:
                return None
            if not value.is_finite() or (whole and value != value.to_integral_value()):
                return None
            if (low is not None and value < low) or (high is not None and value > high):
                return None
            return value

        return number
    if isinstance(attribute, EnumAttribute):
        allowed = frozenset(attribute.values)
        return lambda text: text if text in allowed else None
    if isinstance(attribute, BoolAttribute):
        return _BOOLS.get
    return lambda text: None


def bounded_numbers(texts: list[str], low: Decimal | int | None, high: Decimal | int | None,
                    whole: bool) -> list[Decimal] | None:
    """The numbers ``texts`` hold (as ``fast_parser`` reads one), or None if one is not a
    number within the bounds."""
    try:
        found = list(map(Decimal, texts))
    except InvalidOperation:
        return None
    if not all(map(Decimal.is_finite, found)):
        return None
    if whole and not all(map(operator.eq, found, map(Decimal.to_integral_value, found))):
        return None
    if found and ((low is not None and min(found) < low) or (high is not None
                                                             and max(found) > high)):
        return None
    return found


def typed(name: str, attribute: Attribute, cell: Cell) -> Value:
    """A cell as a value of ``attribute``'s type; raise ``UsageError`` if it is not one."""
    kind = attribute.type
    if isinstance(cell, bool):
        if kind != "bool":
            raise UsageError(name,
                             zh=name)
        return cell
    if isinstance(cell, int | float):
        if kind not in ("integer", "number"):
            raise UsageError(name,
                             zh=name)
        return Decimal(cell) if isinstance(cell, int) else Decimal(repr(cell))
    if isinstance(cell, dt.datetime | dt.date):
        if kind != "date":
            raise UsageError(name,
                             zh=name)
        return cell.date() if isinstance(cell, dt.datetime) else cell
    text = cell_text(cell)
    if kind in ("integer", "number") and _GROUPED.match(text):
        text = text.replace(",", "")
    if isinstance(attribute, EnumAttribute):
        return _enum_value(attribute, text)
    return parse_value(name, attribute, text)


def _enum_value(attribute: EnumAttribute, text: str) -> str:
    """An enum cell may hold the value or its Chinese or English label."""
    if text in attribute.values:
        return text
    for value, label in attribute.labels.items():
        if text in (label.zh, label.en):
            return value
    return text


def enum_hint(attribute: Attribute, text: str, lang: str = "en") -> str:
    """"Did you mean" the closest value of an enum, in ``lang`` (zh or en)."""
    if not isinstance(attribute, EnumAttribute):
        return ""
    close = difflib.get_close_matches(text, list(attribute.values), n=1)
    if not close:
        return ""
    return f"是不是 `{close[0]}`？" if lang == "zh" else f"did you mean `{close[0]}`?"


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Formula):  # not blank: the reader says what it is
        return cell.formula
    return cell.strip() if isinstance(cell, str) else str(cell)
