"""The simulator remembers a guard's answer per interval of an amount the guard only
compares with numbers (``expr.nodes.thresholds``, ``simulate.compiled.read``): the
remembered answer must be the one evaluating the guard gives, for every amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit import load
from policy_kit.expr import NUMBER, STRING, compile_guard
from policy_kit.expr.nodes import thresholds
from policy_kit.expr.syntax import parse
from policy_kit.simulate import prepare
from policy_kit.simulate.compiled import CompiledMove
from policy_kit.simulate.verdicts import read, verdict

D = Decimal


@pytest.mark.parametrize(("text", "expected"), [
    ("x >= 10000", {"x": (D(10000),)}),
    ("0 < x <= 5 and kind == \"a\"", {"x": (D(0), D(5))}),
    ("x > 3 or not (x < 1) or x == 2", {"x": (D(1), D(2), D(3))}),
    ("x + 1 > 3", {}),  # arithmetic: the amount itself matters
    ("x > y", {}),  # compared with another attribute
    ("x in [1, 2]", {}),
    ("x >= 1 and min(x, 5) > 2", {}),  # read once outside a comparison
    ("done(x) and y < 2", {"y": (D(2),)}),  # `x` here is a state, not an attribute
])
def test_thresholds(text: str, expected: dict[str, tuple[Decimal, ...]]) -> None:
    assert thresholds(parse(text)) == expected


GUARD = "investment >= 10000 and not (investment > 50000.5) and kind == \"a\" or investment == 7"
AMOUNTS = st.one_of(
    st.sampled_from([7, 7.0, 10000, 10000.0, 9999.999999999, 50000.5, 50000.50000001,
                     D("10000.000"), D("7"), -0.0, 0]),
    st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False),
    st.decimals(-10**6, 10**6, allow_nan=False, allow_infinity=False))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(AMOUNTS, st.sampled_from(["a", "b"])), min_size=1, max_size=30))
def test_remembered_answers_are_the_guards(applicants: list[tuple[object, str]]) -> None:
    # A process whose one guarded move reads the amount: its answers are remembered per
    # interval, and each must equal the guard evaluated for that very amount.
    from policy_kit.simulate.compiled import compile_structure

    definition = load("xianyang-culture-subsidy")
    process = compile_structure(definition.structure)
    move = next(m for m in process.moves if m.guard is None)
    guard = compile_guard(GUARD, {"investment": NUMBER, "kind": STRING}, ())
    guarded = type(move)(move.number, move.move, move.source, move.entry, move.local,
                         move.rounds, guard, move.join, move.issues, (),
                         ("investment", "kind"), (thresholds(guard.tree).get("investment"),
                                                  None))
    for amount, kind in applicants:
        values = {"investment": amount, "kind": kind}
        expected = guard.holds(values, lambda s: False)
        assert verdict(process, guarded, values, 0, lambda: lambda s: False) == expected
    assert len(process.verdicts) <= (2 * 3 + 1) * 2  # intervals (3 bounds) x kinds


def test_a_drawn_amount_is_read_as_its_interval() -> None:
    model = prepare(load("jining-construction-start"))
    admit = next(m for m in model.process.moves if m.move.event == "admit")
    assert "investment_wan" in admit.reads
    low = read(admit, {"investment_wan": 12345.6, "project_kind": "research"})
    high = read(admit, {"investment_wan": 98765.4, "project_kind": "research"})
    edge = read(admit, {"investment_wan": 10000, "project_kind": "research"})
    below = read(admit, {"investment_wan": 9999.5, "project_kind": "research"})
    assert low == high and edge != low and below not in (low, edge)
    assert read(admit, {"investment_wan": "many", "project_kind": "research"}) != low


WAYS = ("x >= 10 and kind == \"a\"", "x < 20 or x == 35.5", "x * 2 > 3")
"""Three guards out of one state: two compare ``x`` with numbers only, one reads it in
arithmetic (so the state's ways together tell every amount apart)."""


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(AMOUNTS, st.sampled_from(["a", "b"])), min_size=2, max_size=20),
       st.integers(1, 3))
def test_a_states_ways_read_together_tell_apart_what_each_does(
        applicants: list[tuple[object, str]], ways: int) -> None:
    # The simulator remembers a state's enabled moves by what its guards together read
    # (``verdicts.reading``): two applicants read alike must get the same verdict from
    # every one of those guards.
    from policy_kit.simulate.compiled import compile_structure
    from policy_kit.simulate.verdicts import read_as, reading

    definition = load("xianyang-culture-subsidy")
    move = next(m for m in compile_structure(definition.structure).moves if m.guard is None)
    guards = [compile_guard(text, {"x": NUMBER, "kind": STRING}, ()) for text in WAYS[:ways]]
    moves = []
    for guard in guards:
        names = tuple(sorted(guard.names))
        numbers = thresholds(guard.tree)
        bounds = tuple(numbers.get(n) for n in names) if numbers else ()
        moves.append(type(move)(move.number, move.move, move.source, move.entry, move.local,
                                move.rounds, guard, move.join, move.issues, (), names,
                                bounds))
    together = reading(moves)
    seen: dict[tuple[object, ...], list[bool]] = {}
    for amount, kind in applicants:
        values = {"x": amount, "kind": kind}
        answers = [g.holds(values, lambda s: False) for g in guards]
        key = tuple(read_as(*together, values))
        assert seen.setdefault(key, answers) == answers


def test_a_states_ways_read_together_merge_their_numbers() -> None:
    from policy_kit.simulate.compiled import compile_structure
    from policy_kit.simulate.verdicts import reading

    definition = load("xianyang-culture-subsidy")
    move = next(m for m in compile_structure(definition.structure).moves if m.guard is None)

    def way(reads: tuple[str, ...],
            bounds: tuple[tuple[Decimal, ...] | None, ...]) -> CompiledMove:
        return type(move)(move.number, move.move, move.source, move.entry, move.local,
                          move.rounds, None, move.join, move.issues, (), reads, bounds)

    assert reading([way(("x",), ((D(1), D(5)),)), way(("kind", "x"), (None, (D(3),)))]) == (
        ("kind", "x"), (None, (D(1), D(3), D(5))))
    assert reading([way(("x",), ((D(1),),)), way(("x",), ())]) == (("x",), ())
    assert reading([way(("kind",), ())]) == (("kind",), ())
