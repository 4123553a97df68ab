"""Properties of the guard language over generated input: printed trees re-parse to
themselves and evaluate the same, and no text makes the parser fail any other way than
with an ExpressionError."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit.errors import ExpressionError
from policy_kit.expr import (
    BOOL,
    DATE,
    NUMBER,
    STRING,
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    ListLit,
    Literal,
    Name,
    Unary,
    Value,
    ValueType,
    check,
    enum_type,
    evaluate,
    list_of,
    parse,
    to_text,
)
from policy_kit.expr.nodes import BinaryOp, BoolOpName, CompareOp

SECTORS = ("film", "tv", "games")
NAMES: dict[str, ValueType] = {
    "amount": NUMBER, "count": NUMBER, "opens": DATE, "closes": DATE,
    "sector": enum_type(SECTORS), "title": STRING, "urgent": BOOL, "tags": list_of(STRING),
}
STATES = ("review", "approval")
ORDER_OPS: tuple[CompareOp, ...] = ("==", "!=", "<", "<=", ">", ">=")
EQUALITY_OPS: tuple[CompareOp, ...] = ("==", "!=")
ARITHMETIC_OPS: tuple[BinaryOp, ...] = ("+", "-", "*", "/")
BOOL_OPS: tuple[BoolOpName, ...] = ("and", "or")
MAX_LEVEL = 3
SETTINGS = settings(max_examples=150, deadline=None)


def literal(value: Value) -> Expr:
    assert not isinstance(value, tuple)
    return Literal(value)


number_literals = st.one_of(
    st.integers(0, 10**6).map(Decimal),
    st.decimals(min_value=0, max_value=10**4, places=3),
).map(literal)
whole_days = st.one_of(st.integers(0, 400).map(Decimal).map(literal), st.just(Name("count")))
date_literals = st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(literal)
text_literals = st.text(max_size=6).map(literal)
sector_values = st.sampled_from(SECTORS).map(literal)


def chain(operands: st.SearchStrategy[Expr],
          ops: tuple[CompareOp, ...]) -> st.SearchStrategy[Expr]:
    return st.lists(operands, min_size=2, max_size=3).flatmap(
        lambda items: st.lists(st.sampled_from(ops), min_size=len(items) - 1,
                               max_size=len(items) - 1).map(
            lambda chosen: Compare(tuple(items), tuple(chosen))))


@cache
def numbers(level: int) -> st.SearchStrategy[Expr]:
    leaves = st.one_of(number_literals, st.sampled_from([Name("amount"), Name("count")]))
    if level == 0:
        return leaves
    sub = numbers(level - 1)
    return st.one_of(
        leaves,
        st.builds(Binary, st.sampled_from(ARITHMETIC_OPS), sub, sub),
        st.builds(lambda operand: Unary("-", operand), sub),
        st.builds(lambda arg: Call("abs", (arg,)), sub),
        st.builds(lambda func, args: Call(func, tuple(args)), st.sampled_from(("min", "max")),
                  st.lists(sub, min_size=2, max_size=3)),
        st.builds(lambda left, right: Binary("-", left, right), dates(level - 1),
                  dates(level - 1)),
    )


@cache
def dates(level: int) -> st.SearchStrategy[Expr]:
    leaves = st.one_of(date_literals, st.sampled_from([Name("opens"), Name("closes")]))
    if level == 0:
        return leaves
    sub = dates(level - 1)
    return st.one_of(
        leaves,
        st.builds(lambda op, day, days: Binary(op, day, days), st.sampled_from(("+", "-")),
                  sub, whole_days),
        st.builds(lambda days, day: Binary("+", days, day), whole_days, sub),
        st.builds(lambda func, args: Call(func, tuple(args)), st.sampled_from(("min", "max")),
                  st.lists(sub, min_size=2, max_size=3)),
    )


def _sector_test(op: CompareOp, value: Expr, flip: bool) -> Expr:
    pair = (value, Name("sector")) if flip else (Name("sector"), value)
    return Compare(pair, (op,))


@cache
def bools(level: int) -> st.SearchStrategy[Expr]:
    leaves = st.one_of(
        st.booleans().map(literal),
        st.just(Name("urgent")),
        st.sampled_from(STATES).map(lambda state: Call("done", (Name(state),))),
    )
    if level == 0:
        return leaves
    sub = bools(level - 1)
    return st.one_of(
        leaves,
        st.builds(lambda operand: Unary("not", operand), sub),
        st.builds(lambda op, items: BoolOp(op, tuple(items)), st.sampled_from(BOOL_OPS),
                  st.lists(sub, min_size=2, max_size=3)),
        chain(numbers(level - 1), ORDER_OPS),
        chain(dates(level - 1), ORDER_OPS),
        chain(sub, EQUALITY_OPS),
        chain(st.one_of(text_literals, st.just(Name("title"))), EQUALITY_OPS),
        st.builds(_sector_test, st.sampled_from(EQUALITY_OPS), sector_values, st.booleans()),
        st.builds(lambda op, items: Compare((Name("sector"), ListLit(tuple(items))), (op,)),
                  st.sampled_from(("in", "not in")), st.lists(sector_values, max_size=3)),
        st.builds(lambda op, item: Compare((item, Name("tags")), (op,)),
                  st.sampled_from(("in", "not in")), st.one_of(text_literals,
                                                               st.just(Name("title")))),
    )


attribute_values = st.fixed_dictionaries({
    "amount": st.decimals(min_value=-10**6, max_value=10**6, places=2),
    "count": st.integers(-100, 100),
    "opens": st.dates(date(1950, 1, 1), date(2050, 12, 31)),
    "closes": st.dates(date(1950, 1, 1), date(2050, 12, 31)),
    "sector": st.sampled_from(SECTORS),
    "title": st.text(max_size=6),
    "urgent": st.booleans(),
    "tags": st.lists(st.text(max_size=6), max_size=3),
})


def outcome(tree: Expr, values: dict[str, object], passed: frozenset[str]) -> object:
    try:
        return evaluate(tree, values, passed.__contains__)
    except ExpressionError as error:
        return ("error", error.message)


@SETTINGS
@given(bools(MAX_LEVEL), attribute_values, st.frozensets(st.sampled_from(STATES)))
def test_printed_trees_reparse_and_evaluate_the_same(
        tree: Expr, values: dict[str, object], passed: frozenset[str]) -> None:
    assert check(tree, NAMES, STATES) == BOOL
    text = to_text(tree)
    again = parse(text)
    assert again == tree, text
    assert to_text(again) == text
    result = outcome(tree, values, passed)
    assert outcome(again, values, passed) == result
    assert isinstance(result, bool | tuple)


TOKENS = (
    "amount", "count", "opens", "sector", "title", "urgent", "tags", "min", "max", "abs",
    "done", "review", "zzz", "(", ")", "[", "]", ",", "==", "!=", "<", "<=", ">", ">=", "+",
    "-", "*", "/", "and", "or", "not", "in", "true", "False", "0", "1", "2.5", "1_000",
    "2024-02-29", "2024-02-30", '"film"', "'tv'", '"', "'", "\\", ".", "=", "!", "**", "//",
    "&&", "lambda", "for", "if", "else", "None", "é", " ", "\n",
)
token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
spaced_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join)


def parse_or_explain(text: str) -> None:
    """Parsing either succeeds (and so do printing and, when typed, evaluation) or raises
    ExpressionError inside the text; anything else escapes and fails the test."""
    try:
        tree = parse(text)
    except ExpressionError as error:
        assert 0 <= error.offset <= len(text)
        return
    assert parse(to_text(tree)) == tree
    try:
        check(tree, NAMES, STATES, expect=None)
        evaluate(tree, {"amount": 3, "count": 0, "opens": date(2024, 1, 1),
                        "closes": date(2024, 2, 1), "sector": "tv", "title": "x",
                        "urgent": True, "tags": ["x"]}, lambda state: state == "review")
    except ExpressionError as error:
        assert 0 <= error.offset <= len(text)


@SETTINGS
@given(st.text(max_size=80))
def test_any_text_parses_or_raises_expression_error(text: str) -> None:
    parse_or_explain(text)


@SETTINGS
@given(st.one_of(token_soup, spaced_soup))
def test_token_soup_parses_or_raises_expression_error(text: str) -> None:
    parse_or_explain(text)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["(", "[", "-", "not ", "abs(", "x in [", "(1 + "]),
       st.integers(0, 400))
def test_deep_nesting_never_overflows(opener: str, repeat: int) -> None:
    parse_or_explain(opener * repeat + "1")
