"""``json_pieces`` is ``to_json`` (``json.dumps`` with an indent of 2) in pieces, with an
encoder of its own for speed: any data the commands can print must come out the same."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_kit.jsontext import Rows, json_pieces, to_json

_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text()
            | st.decimals(allow_nan=False, allow_infinity=False) | st.dates())
_KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
_DATA = st.recursive(_SCALARS, lambda inner: (
    st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(_KEYS, inner, max_size=4) | st.frozensets(st.integers(), max_size=3)),
    max_leaves=30)


@given(_DATA)
def test_pieces_join_to_the_text_of_to_json(data: object) -> None:
    assert "".join(json_pieces(data)) == to_json(data)


def test_an_iterator_is_written_as_an_array_item_by_item() -> None:
    rows = ({"name": "陕西", "amount": Decimal(f"{n}.50")} for n in range(3))
    pieces = list(json_pieces({"awards": rows, "when": dt.date(2023, 1, 2)}))
    assert "".join(pieces) == to_json({"awards": [
        {"name": "陕西", "amount": Decimal(f"{n}.50")} for n in range(3)],
        "when": dt.date(2023, 1, 2)})
    assert len(pieces) > 6  # each award is its own piece: a long list is never one string


def test_what_json_cannot_write_is_refused_as_json_does() -> None:
    with pytest.raises(TypeError, match="cannot write object"):
        "".join(json_pieces({"x": object()}))
    with pytest.raises(TypeError, match="keys must be"):
        "".join(json_pieces({"deep": {"deeper": {(1, 2): 1}}}))


@given(st.lists(st.tuples(_DATA, _DATA), max_size=4))
def test_rows_are_written_as_the_list_of_their_dicts(rows: list[tuple[object, object]]) -> None:
    """``Rows`` (an award report's 200,000 awards) prints as its dicts would."""
    for data in (Rows(("名", "value"), rows), {"awards": Rows(("名", "value"), rows), "n": 1}):
        plain = data.dicts() if isinstance(data, Rows) else {
            "awards": Rows(("名", "value"), rows).dicts(), "n": 1}
        assert "".join(json_pieces(data)) == to_json(plain)


_CELLS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_TEXTS = st.text(alphabet=st.sampled_from('a"\\\n%\u2028中\x00\x7f'), max_size=5) | st.text()
_ROW = st.tuples(
    _TEXTS, st.none() | st.integers(), st.booleans(), st.none() | st.booleans(),
    st.lists(_TEXTS, max_size=3), st.lists(_CELLS, max_size=3).map(tuple),
    st.dictionaries(_TEXTS, _TEXTS, max_size=3), st.dictionaries(_TEXTS, _CELLS, max_size=3),
    _CELLS, _DATA)
_KEYS_OF_ROW = ("name", "row", "eligible", "maybe", "failed", "cells", "rewards", "mixed",
                "any", "deep % key")


@given(st.lists(_ROW, min_size=1, max_size=6), st.integers(0, 700))
def test_long_rows_are_written_as_json_dumps_writes_them(
        kinds: list[tuple[object, ...]], count: int) -> None:
    """Many rows, each column of one kind (text, numbers, flags, lists and dicts of them,
    anything), as an award report has: the same text as ``json.dumps``, across the chunks
    its columns are encoded in."""
    rows = [kinds[index % len(kinds)] for index in range(count)]
    data = {"awards": Rows(_KEYS_OF_ROW, iter(rows)), "n": 1}
    assert "".join(json_pieces(data)) == json.dumps(
        {"awards": [dict(zip(_KEYS_OF_ROW, row, strict=True)) for row in rows], "n": 1},
        ensure_ascii=False, indent=2, default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return list(value)
    raise TypeError(type(value).__name__)


def test_a_row_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="a row has 1 values for 2 keys"):
        "".join(json_pieces(Rows(("a", "b"), [(1,)])))
