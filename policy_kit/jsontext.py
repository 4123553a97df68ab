"""JSON as every command prints it: Chinese kept as characters, decimals and dates as text.

Part of the output edge of load → check → compile → simulate → render, below both the CLI
(which prints it) and ``policy_kit.api`` (whose result models are read from the plain data
the engines produce): one conversion, so a model's ``model_dump(mode="json")`` and the
CLI's ``--json`` cannot disagree about how a ``Decimal`` or a date is written.

``json_pieces`` writes the text of ``to_json`` (``json.dumps`` with an indent of 2) with
an encoder of its own: the standard library's indenting encoder is pure Python, one
generator per level and one piece per token, and took 2.5 s for a 200,000-applicant
award report. Here each string, number and small container is one piece of text (strings
through the standard library's own C escaper), and only the outer two levels are written
piece by piece, so a long list streams. A ``Rows`` array (an award report's awards, all
with the same keys) is written a chunk of rows at a time and a column at a time: a column
of text, numbers or flags, or of lists and dicts of them, is one call of the standard
library's C escaper or of its C (unindented) encoder, whose text is then cut back into
values (no encoded scalar holds a raw newline); each row is then one ``%`` of a template
holding the keys. Property tests hold both paths to ``json.dumps``.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

__all__ = ["Rows", "json_pieces", "plain", "to_json"]

_STREAMED = 2
"""Levels written piece by piece (the report and its lists); deeper ones as one text."""
_CHUNK = 256
"""Rows of a ``Rows`` encoded together, a column at a time: few enough that the rows just
made are still in the processor's cache (4,096 at a time took a fifth longer)."""
_SCALARS = frozenset({str, int, float, bool, type(None)})
_ARRAYS = frozenset({list, tuple})
_OBJECTS = {dict}
_TEXT = {str}
_CONSTANTS = frozenset({bool, type(None)})
_CONSTANT_TEXT = {True: "true", False: "false", None: "null"}


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
    """``to_json(data)`` in pieces, as it is encoded: a 200,000-applicant report is written
    without ever being one string. An iterator (not a list) in ``data`` is written as a
    JSON array, item by item, so a long list need not exist at all."""
    return _pieces(data, 0)


@dataclass(frozen=True)
class Rows:
    """A JSON array of objects that all have ``keys``, in that order: ``rows`` gives each
    object's values. ``json_pieces`` writes it as it would the list of dicts, without
    making them (200,000 awards), and with each key written once, not once a row."""

    keys: tuple[str, ...]
    rows: Iterable[Sequence[Any]]

    def dicts(self) -> list[dict[str, Any]]:
        """The array as plain data, for ``to_json`` and the API."""
        return [dict(zip(self.keys, row, strict=True)) for row in self.rows]


def _rows(value: Rows, level: int) -> Iterator[str]:
    """``value`` a chunk of rows at a time, each column of a chunk encoded at once."""
    lead = "\n" + "  " * (level + 1)
    if value.keys:
        inner = "\n" + "  " * (level + 2)
        template = lead + "{" + ",".join(inner + _key(key).replace("%", "%%") + ": %s"
                                         for key in value.keys) + lead + "}"
    else:
        template = lead + "{}"
    rows = iter(value.rows)
    opening = "["
    while chunk := list(itertools.islice(rows, _CHUNK)):
        columns = list(zip(*chunk, strict=True))
        if len(columns) != len(value.keys):
            raise ValueError(f"a row has {len(columns)} values for {len(value.keys)} keys")
        texts = [_column(column, level + 2) for column in columns]
        written = (map(template.__mod__, zip(*texts, strict=True)) if texts
                   else [template] * len(chunk))
        yield opening + ",".join(written)
        opening = ","
    yield "[]" if opening == "[" else "\n" + "  " * level + "]"


def _column(values: tuple[Any, ...], level: int) -> list[str]:
    """The texts of one column's ``values`` at ``level``: one call of the standard
    library's C encoder when they are all scalars, or all lists (or all dicts with text
    keys) of scalars; otherwise value by value."""
    kinds = set(map(type, values))
    if kinds <= _SCALARS:
        if kinds == _TEXT:  # the common column, and the quickest way to it
            return list(map(encode_basestring, values))
        if kinds <= _CONSTANTS:  # not in the dict with an int: 1 == True
            return list(map(_CONSTANT_TEXT.__getitem__, values))
        return _scalars(values)
    if kinds <= _ARRAYS and set(map(type, itertools.chain.from_iterable(values))) <= _SCALARS:
        return _containers(values, level, "[]")
    if kinds == _OBJECTS and set(map(type, itertools.chain.from_iterable(values))) <= _TEXT \
            and set(map(type, itertools.chain.from_iterable(map(dict.values, values)))
                    ) <= _SCALARS:
        return _containers(values, level, "{}")
    return [_text(item, level) for item in values]


def _scalars(values: tuple[Any, ...]) -> list[str]:
    """Scalars' texts: encoded as one compact array whose items a newline parts, which
    no encoded scalar contains (a string's newlines are escaped)."""
    return _encoder("\n").encode(values)[1:-1].split("\n") if values else []


def _containers(values: tuple[Any, ...], level: int, brackets: str) -> list[str]:
    """Lists (or dicts) of scalars at ``level``, encoded as one array with the items'
    separator of the indented text, then cut back into values by their lengths."""
    inner = "\n" + "  " * (level + 1)
    separator = "," + inner
    pieces = _encoder(separator).encode(values)[1:-1].split(separator)
    texts: list[str] = []
    at = 0
    closing = "\n" + "  " * level + brackets[1]
    for item in values:
        if item:
            texts.append(brackets[0] + inner + separator.join(pieces[at:at + len(item)])[1:-1]
                         + closing)
            at += len(item)
        else:
            texts.append(pieces[at])
            at += 1
    return texts


@functools.cache
def _encoder(separator: str) -> json.JSONEncoder:
    """The standard library's encoder (its C one: no indent) with ``separator`` between
    items, Chinese kept as characters."""
    return json.JSONEncoder(ensure_ascii=False, separators=(separator, ": "))


def _pieces(value: Any, level: int) -> Iterator[str]:
    if isinstance(value, Rows):
        yield from _rows(value, level)
        return
    if level >= _STREAMED:
        yield _text(value, level)
        return
    if not isinstance(value, dict | list | tuple | Iterator):
        value = _default_or_self(value)
        if not isinstance(value, dict | list | tuple | Iterator):
            yield _text(value, level)
            return
    entries: Iterator[tuple[str, Any]]
    if isinstance(value, dict):
        entries = ((_key(key) + ": ", item) for key, item in value.items())
        opening, closing = "{", "}"
    else:
        entries = (("", item) for item in value)
        opening, closing = "[", "]"
    entry = next(entries, None)
    if entry is None:
        yield opening + closing
        return
    inner = "\n" + "  " * (level + 1)
    yield opening
    lead = inner
    while entry is not None:
        label, item = entry
        yield lead + label
        yield from _pieces(item, level + 1)
        lead = "," + inner
        entry = next(entries, None)
    yield "\n" + "  " * level + closing


def _default_or_self(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return value
    return _default(value)


def _text(value: Any, level: int) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is dict:
        return _dict_text(value, level)
    if kind is list or kind is tuple:
        return _list_text(value, level)
    return _other_text(value, level)


def _other_text(value: Any, level: int) -> str:
    """Subclasses of the JSON types, floats, and what ``_default`` turns into them."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        return _dict_text(value, level)
    if isinstance(value, list | tuple):
        return _list_text(value, level)
    if isinstance(value, Iterator):
        return _list_text(list(value), level)
    return _text(_default(value), level)


def _dict_text(value: dict[Any, Any], level: int) -> str:
    if not value:
        return "{}"
    inner = "\n" + "  " * (level + 1)
    body = ("," + inner).join(_key(key) + ": " + _text(item, level + 1)
                              for key, item in value.items())
    return "{" + inner + body + "\n" + "  " * level + "}"


def _list_text(value: list[Any] | tuple[Any, ...], level: int) -> str:
    if not value:
        return "[]"
    inner = "\n" + "  " * (level + 1)
    body = ("," + inner).join(_text(item, level + 1) for item in value)
    return "[" + inner + body + "\n" + "  " * level + "]"


def _key(key: Any) -> str:
    """A key as ``json.dumps`` writes it: text, or a number, boolean or null as text."""
    if isinstance(key, str):
        return encode_basestring(key)
    if key is True or key is False or key is None:
        return '"' + {True: "true", False: "false", None: "null"}[key] + '"'
    if isinstance(key, float):
        return '"' + _float(key) + '"'
    if isinstance(key, int):
        return '"' + int.__repr__(key) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def plain(data: Any) -> Any:
    """``data`` as JSON would give it back: only dicts, lists, text, numbers, booleans and
    None (a whole ``Decimal`` an int, a fractional one text, a date ISO text)."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=_default))
