"""The policy's fast path agrees with the reference evaluator: random checked trees over
random values give the same value, or both refuse (the fast path then defers to the
reference, so the error is the reference's own)."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_kit.errors import ExpressionError
from policy_kit.expr import Expr, evaluate, parse
from policy_kit.policy.fast import CONTEXT, FALLBACK, compile_fast, compile_tests, run
from tests.test_expr_properties import (
    MAX_LEVEL,
    SETTINGS,
    STATES,
    attribute_values,
    bools,
    numbers,
)


def reference(tree: Expr, values: dict[str, object], passed: frozenset[str]) -> object:
    try:
        return evaluate(tree, values, passed.__contains__)
    except ExpressionError as error:
        return ("error", error.message)


def fast(tree: Expr, values: dict[str, object], passed: frozenset[str]) -> object:
    with decimal.localcontext(CONTEXT):
        try:
            return run(compile_fast(tree), tree, values, passed.__contains__)
        except ExpressionError as error:
            return ("error", error.message)


def normal(values: dict[str, object]) -> dict[str, object]:
    """Values as the policy hands them to rules: numbers are Decimal, lists are tuples."""
    return {k: Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else
            tuple(v) if isinstance(v, list) else v for k, v in values.items()}


@SETTINGS
@given(st.one_of(bools(MAX_LEVEL), numbers(MAX_LEVEL)), attribute_values,
       st.frozensets(st.sampled_from(STATES)))
def test_fast_path_agrees_with_the_reference(tree: Expr, values: dict[str, object],
                                             passed: frozenset[str]) -> None:
    values = normal(values)
    expected = reference(tree, values, passed)
    found = fast(tree, values, passed)
    assert found == expected and type(found) is type(expected)


@pytest.mark.parametrize(("text", "values", "expected"), [
    ("a / b", {"a": Decimal(1), "b": Decimal(0)}, ("error", "division by zero")),
    ("a + 1", {}, ("error", "no value for `a`")),
    ("a < 1", {"a": True}, ("error", "`<` cannot order a true/false value and a number")),
    ("not a", {"a": Decimal(1)}, ("error", "`a` should be a true/false value, but is a number")),
    ("d + 2 >= e", {"d": date(2023, 1, 30), "e": date(2023, 2, 1)}, True),
    ("a / 3", {"a": Decimal(1)}, Decimal("0.3333333333333333333333333333")),
], ids=["division-by-zero", "missing", "mistyped", "not-number", "dates", "context"])
def test_fast_path_defers_to_the_reference(text: str, values: dict[str, object],
                                           expected: object) -> None:
    tree = parse(text)
    assert fast(tree, values, frozenset()) == expected == reference(tree, values, frozenset())


@SETTINGS
@given(st.lists(bools(MAX_LEVEL), min_size=0, max_size=4), attribute_values)
def test_a_policys_rules_in_one_function_agree_with_each_rule(
        trees: list[Expr], values: dict[str, object]) -> None:
    """``compile_tests`` (every eligibility rule in one call) gives each rule's value, or
    gives up; the award then asks each rule on its own, and the reference where needed."""
    values = normal(values)
    each = [fast(tree, values, frozenset()) for tree in trees]
    with decimal.localcontext(CONTEXT):
        try:
            together = compile_tests(trees)(values, lambda state: False)
        except FALLBACK:
            return
    assert list(together) == each and all(type(v) is bool for v in together)


def test_a_rule_nested_as_deep_as_the_parser_allows_compiles() -> None:
    """Each ``and``/``or`` operand after the first is written one level deeper."""
    text = "a > 0"
    for n in range(24):
        text = f"a < {n} {'and' if n % 2 else 'or'} ({text})"
    tree = parse(text)
    for a in (Decimal(0), Decimal(1), Decimal(50)):
        expected = reference(tree, {"a": a}, frozenset())
        assert fast(tree, {"a": a}, frozenset()) == expected
        with decimal.localcontext(CONTEXT):
            assert compile_tests([tree])({"a": a}, lambda s: False) == (expected,)
