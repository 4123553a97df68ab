"""The guard language's case functions for declared properties: ``issued(certificate)`` and
``ended()``, parsed, type-checked and evaluated by ``policy_kit.expr``, and refused in
guards and formulas."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from policy_kit.errors import ExpressionError
from policy_kit.expr import (
    NUMBER,
    Guard,
    asks_ended,
    compile_condition,
    compile_formula,
    compile_guard,
    evaluate,
    issued_certificates,
    names_used,
    parse,
    to_text,
)

NAMES = {"amount": NUMBER}
STATES = ("review", "approved")
CERTIFICATES = ("permit", "licence")


def _condition(text: str) -> Guard:
    return compile_condition(text, NAMES, STATES, CERTIFICATES)


@pytest.mark.parametrize(("text", "issued", "ended", "expected"), [
    pytest.param("issued(permit)", {"permit"}, False, True, id="issued"),
    pytest.param("issued(permit)", set(), False, False, id="not-issued"),
    pytest.param("ended()", set(), True, True, id="ended"),
    pytest.param("issued(licence) and not done(review) or ended()", {"licence"}, False, True,
                 id="mixed"),
    pytest.param("issued(permit) and amount > 5", {"permit"}, False, True, id="attribute"),
])
def test_case_functions_evaluate(text: str, issued: set[str], ended: bool,
                                 expected: bool) -> None:
    condition = _condition(text)
    assert condition.holds({"amount": Decimal(10)}, lambda _s: False, issued.__contains__,
                           ended) is expected


def test_what_a_condition_reads() -> None:
    condition = _condition("issued(permit) and done(review) and ended() and amount > 1")
    assert condition.certificates == frozenset({"permit"}) and condition.ends
    assert condition.states == frozenset({"review"}) and condition.names == {"amount"}
    tree = parse("issued(permit) or ended()")
    assert issued_certificates(tree) == {"permit"} and asks_ended(tree)
    assert names_used(tree) == frozenset()
    assert to_text(tree) == "issued(permit) or ended()"


@pytest.mark.parametrize(("text", "offset", "message"), [
    pytest.param("issued()", 7, r"issued\(\) takes exactly one bare certificate id", id="none"),
    pytest.param("issued(a, b)", 10, r"issued\(\) takes exactly one", id="two"),
    pytest.param("issued('permit')", 7, r"issued\(\) takes exactly one", id="string"),
    pytest.param("ended(review)", 6, r"ended\(\) takes no arguments", id="ended-argument"),
])
def test_case_functions_syntax(text: str, offset: int, message: str) -> None:
    with pytest.raises(ExpressionError, match=message) as raised:
        parse(text)
    assert raised.value.offset == offset


def test_unknown_certificate_is_named_with_a_hint() -> None:
    with pytest.raises(ExpressionError, match="unknown certificate `permt`") as raised:
        _condition("issued(permt)")
    assert raised.value.hint == "did you mean `permit`?" and raised.value.offset == 7


@pytest.mark.parametrize("compile_text", [
    pytest.param(lambda t: compile_guard(t, NAMES, STATES), id="guard"),
    pytest.param(lambda t: compile_formula(t, NAMES, STATES, None), id="formula"),
])
@pytest.mark.parametrize("text", ["issued(permit)", "ended()"])
def test_guards_and_formulas_refuse_case_functions(compile_text: Callable[[str], object],
                                                    text: str) -> None:
    with pytest.raises(ExpressionError, match=r"describes a whole case; it can be used in "
                                              r"`properties:`"):
        compile_text(text)


def test_evaluating_without_a_case_is_an_error() -> None:
    tree = _condition("issued(permit) or ended()").tree
    with pytest.raises(ExpressionError, match=r"issued\(\) needs a whole case"):
        evaluate(tree, {}, lambda _s: False)
    with pytest.raises(ExpressionError, match=r"ended\(\) needs a whole case"):
        evaluate(parse("ended()"), {}, lambda _s: False, lambda _c: False)


def test_a_case_function_used_as_a_name_gets_a_hint() -> None:
    with pytest.raises(ExpressionError, match="unknown name `ended`") as raised:
        _condition("ended and amount > 1")
    assert "call it" in raised.value.hint
