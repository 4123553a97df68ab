"""JSON as every command prints it: Chinese kept as characters, decimals and dates as text.

Part of the output edge of load → check → compile → simulate → render, below both the CLI
(which prints it) and ``policy_kit.api`` (whose result models are read from the plain data
the engines produce): one conversion, so a model's ``model_dump(mode="json")`` and the
CLI's ``--json`` cannot disagree about how a ``Decimal`` or a date is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

__all__ = ["json_pieces", "plain", "to_json"]


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(data: Any) -> str:
    """JSON with Chinese as characters (``ensure_ascii=False``), keys in the data's order."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def json_pieces(data: Any) -> Iterator[str]:
    """``to_json(data)`` in pieces, as it is encoded (with an indent, ``json.dumps`` runs
    this same pure-Python encoder, so the text is the same): a 200,000-applicant report
    is written without ever being one string."""
    return json.JSONEncoder(ensure_ascii=False, indent=2, default=_default).iterencode(data)


def plain(data: Any) -> Any:
    """``data`` as JSON would give it back: only dicts, lists, text, numbers, booleans and
    None (a whole ``Decimal`` an int, a fractional one text, a date ISO text)."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=_default))
