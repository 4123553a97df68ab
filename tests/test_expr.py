"""The guard language: every accepted form evaluated, every rejected form pinned to its
message and column, and the limits that keep hostile text harmless."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal

import pytest

from policy_kit.errors import ExpressionError
from policy_kit.expr import (
    BOOL,
    DATE,
    MAX_DEPTH,
    MAX_LENGTH,
    NUMBER,
    STRING,
    Binary,
    Compare,
    Guard,
    Literal,
    Name,
    Value,
    ValueType,
    check,
    compile_formula,
    compile_guard,
    done_states,
    enum_type,
    evaluate,
    list_of,
    names_used,
    parse,
    to_text,
)

NAMES: dict[str, ValueType] = {
    "investment": NUMBER,
    "staff": NUMBER,
    "rate": NUMBER,
    "sector": enum_type(("film", "tv", "games")),
    "region": enum_type(("north", "south")),
    "start": DATE,
    "deadline": DATE,
    "urgent": BOOL,
    "title": STRING,
    "tags": list_of(STRING),
    "scores": list_of(NUMBER),
}
STATES = frozenset({"intake", "review", "approval"})
PASSED = frozenset({"intake", "review"})
VALUES: dict[str, object] = {
    "investment": 1_500_000,  # a plain int: accepted and read as Decimal
    "staff": Decimal("12"),
    "rate": Decimal("0.15"),
    "sector": "film",
    "region": "north",
    "start": date(2024, 3, 1),
    "deadline": date(2024, 2, 1),
    "urgent": False,
    "title": 'Night "Train"',
    "tags": ["drama", "co-production"],
    "scores": (Decimal(3), 5),
}


def run(text: str, values: Mapping[str, object] = VALUES) -> Value:
    tree = parse(text)
    check(tree, NAMES, STATES, expect=None)
    return evaluate(tree, values, PASSED.__contains__)


def rejected(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as err:
        run(text)
    return err.value


# --- accepted forms ------------------------------------------------------------------

TRUE_GUARDS = [
    pytest.param("true", id="true"),
    pytest.param("True and not False", id="python-booleans"),
    pytest.param("12 == 12.00", id="number-literal"),
    pytest.param("1_000_000 == 1000000", id="underscores"),
    pytest.param("rate == 0.15", id="decimal-attribute"),
    pytest.param("investment == 1_500_000", id="int-value"),
    pytest.param('title == "Night \\"Train\\""', id="double-quote-escape"),
    pytest.param("title == 'Night \"Train\"'", id="single-quotes"),
    pytest.param('"a\\\\b" != "ab"', id="backslash-escape"),
    pytest.param("0.1 + 0.2 == 0.3", id="exact-decimal"),
    pytest.param("investment * rate == 225_000", id="multiply"),
    pytest.param("10 / 4 == 2.5", id="divide"),
    pytest.param("2 + 3 * 4 == 14", id="precedence"),
    pytest.param("(2 + 3) * 4 == 20", id="parentheses"),
    pytest.param("10 - 4 - 3 == 3", id="left-associative-minus"),
    pytest.param("100 / 8 / 5 == 2.5", id="left-associative-divide"),
    pytest.param("-staff + 2 == -10", id="unary-minus"),
    pytest.param("--3 == 3", id="double-minus"),
    pytest.param("0 < staff <= 12", id="chain"),
    pytest.param("1 < 2 < 3 < 4", id="long-chain"),
    pytest.param("3 > 2 == 2", id="mixed-chain"),
    pytest.param('sector in ["film", "tv"]', id="enum-in"),
    pytest.param('sector not in ["games"]', id="enum-not-in"),
    pytest.param('sector == "film" and region != "south"', id="enum-equality"),
    pytest.param('"film" == sector', id="enum-literal-left"),
    pytest.param('"drama" in tags', id="in-list-attribute"),
    pytest.param('"comedy" not in tags', id="not-in-list-attribute"),
    pytest.param("5 in scores", id="int-in-list-value"),
    pytest.param("staff in [10, 11, 12]", id="number-in-list"),
    pytest.param("title not in []", id="empty-list"),
    pytest.param("start - deadline == 29", id="date-difference"),
    pytest.param("deadline + 29 == start", id="date-plus-days"),
    pytest.param("29 + deadline == start", id="days-plus-date"),
    pytest.param("start - 1 == 2024-02-29", id="date-minus-days"),
    pytest.param("2024-02-29 - 2023-02-28 == 366", id="leap-year"),
    pytest.param("deadline <= start <= 2024-12-31", id="date-chain"),
    pytest.param("min(staff, 20) == 12", id="min"),
    pytest.param("max(1, 5, 3) == 5", id="max-three"),
    pytest.param("min(start, deadline) == deadline", id="min-dates"),
    pytest.param("max(start, 2025-01-01) == 2025-01-01", id="max-dates"),
    pytest.param("abs(-2.5) == 2.5", id="abs"),
    pytest.param("abs(staff - 20) == 8", id="abs-expression"),
    pytest.param("done(review)", id="done"),
    pytest.param("done(intake) and not done(approval)", id="done-not"),
    pytest.param("true or false and false", id="and-binds-tighter"),
    pytest.param("not true or true", id="not-binds-tighter-than-or"),
    pytest.param("not staff > 20", id="not-over-comparison"),
    pytest.param("urgent or staff == 12", id="or"),
    pytest.param("(urgent or true) and true", id="grouped-bool"),
    pytest.param("urgent == false", id="bool-equality"),
    pytest.param("  staff\n  >= 12\t", id="whitespace-and-newlines"),
]

FALSE_GUARDS = [
    pytest.param("false", id="false"),
    pytest.param("0 < staff < 12", id="chain-fails-at-right"),
    pytest.param("20 < staff < 30", id="chain-fails-at-left"),
    pytest.param("done(approval)", id="done-not-passed"),
    pytest.param("not (true or true)", id="not-group"),
    pytest.param('sector in ["tv", "games"]', id="enum-not-listed"),
    pytest.param("1 / 3 * 3 == 1", id="division-rounds-at-28-digits"),
    pytest.param("urgent and 1 / 0 > 1", id="and-short-circuits"),
]


@pytest.mark.parametrize("text", TRUE_GUARDS)
def test_true_guards(text: str) -> None:
    assert run(text) is True


@pytest.mark.parametrize("text", FALSE_GUARDS)
def test_false_guards(text: str) -> None:
    assert run(text) is False


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("investment * rate", Decimal("225000"), id="number"),
    pytest.param("0.1 + 0.2", Decimal("0.3"), id="exact"),
    pytest.param("deadline + 30", date(2024, 3, 2), id="date"),
    pytest.param("start - deadline", Decimal(29), id="days"),
    pytest.param('"a" + ""', None, id="no-string-concatenation"),
])
def test_formula_values(text: str, expected: Value | None) -> None:
    if expected is None:
        with pytest.raises(ExpressionError, match="type mismatch"):
            compile_formula(text, NAMES, STATES, expect=None)
        return
    formula = compile_formula(text, NAMES, STATES, expect=None)
    result = formula.value(VALUES, PASSED.__contains__)
    assert result == expected
    assert type(result) is type(expected)


def test_formula_expects_number_by_default() -> None:
    assert compile_formula("investment * rate", NAMES, STATES).type == NUMBER
    with pytest.raises(ExpressionError, match="expected a number, but this gives a true/false"):
        compile_formula("staff > 1", NAMES, STATES)


def test_guard_records_what_it_reads() -> None:
    guard = compile_guard("done(review) and staff > 1 and sector == 'tv'", NAMES, STATES)
    assert isinstance(guard, Guard)
    assert guard.names == frozenset({"staff", "sector"})
    assert guard.states == frozenset({"review"})
    assert guard.holds(VALUES, PASSED.__contains__) is False
    assert guard.holds({**VALUES, "sector": "tv"}, PASSED.__contains__) is True
    with pytest.raises(FrozenInstanceError, match="text"):
        guard.text = "x"  # type: ignore[misc]


def test_names_used_and_done_states() -> None:
    tree = parse("done(review) or min(staff, rate) > abs(-investment) and x in [y, z]")
    assert names_used(tree) == frozenset({"staff", "rate", "investment", "x", "y", "z"})
    assert done_states(tree) == frozenset({"review"})


def test_float_values_are_read_by_their_text() -> None:
    assert run("rate == 0.15", {**VALUES, "rate": 0.15}) is True


# --- rejected at parse time ----------------------------------------------------------

SYNTAX_ERRORS = [
    pytest.param("__import__('os').system('ls')", 0,
                 "calls are limited to min, max, abs, done; `__import__` is not one of them",
                 id="import-call"),
    pytest.param("staff > 1 and eval('1')", 14, "`eval` is not one of them", id="other-call"),
    pytest.param("title.upper() == 'X'", 5, "attribute access is not allowed", id="attribute"),
    pytest.param("tags[0] == 'drama'", 4, "subscripts are not allowed", id="subscript"),
    pytest.param("x in [1][0]", 8, "subscripts are not allowed", id="subscript-on-list"),
    pytest.param("(staff)(1)", 7, "only min, max, abs, done can be called", id="call-non-name"),
    pytest.param("lambda: 1", 0, "`lambda` is not allowed", id="lambda"),
    pytest.param("x in [t for t in tags]", 8, "comprehensions are not allowed",
                 id="comprehension"),
    pytest.param("any(t for t in tags)", 0, "`any` is not one of them", id="generator-call"),
    pytest.param("(t for t in tags)", 3, "comprehensions are not allowed", id="generator"),
    pytest.param("staff ** 2 > 1", 6, r"`\*\*` \(power\) is not allowed", id="power"),
    pytest.param("staff // 2 > 1", 6, r"`//` \(floor division\)", id="floor-division"),
    pytest.param("staff % 2 == 0", 6, r"`%` \(remainder\)", id="remainder"),
    pytest.param("true if urgent else false", 5, r"conditional expressions \(`if`",
                 id="if-else"),
    pytest.param("staff = 12", 6, r"`=` is assignment.*use == to compare", id="assignment"),
    pytest.param("urgent && true", 7, r"`&&`.*use `and`", id="double-ampersand"),
    pytest.param("urgent || true", 7, r"`\|\|`.*use `or`", id="double-bar"),
    pytest.param("!urgent", 0, r"`!`.*use `not`", id="bang"),
    pytest.param("urgent is true", 7, "`is` is not allowed", id="is"),
    pytest.param("import os", 0, "`import` is a reserved word", id="reserved-word"),
    pytest.param("title == 'abc", 9, "unterminated string", id="unterminated-string"),
    pytest.param('title == "a\\qb"', 11, r"unknown escape `\\q`", id="bad-escape"),
    pytest.param("(staff > 1", 0, "unclosed `\\(`", id="unclosed-paren"),
    pytest.param("min(staff, 2", 3, "unclosed `\\(`", id="unclosed-call"),
    pytest.param("x in [1, 2", 5, "unclosed `\\[`", id="unclosed-list"),
    pytest.param("staff > 1)", 9, "unmatched `\\)`", id="unmatched-paren"),
    pytest.param("(staff > 1]", 10, "expected `\\)`, found `]`", id="wrong-closer"),
    pytest.param("staff > 1 urgent", 10, "unexpected `urgent` after a complete expression",
                 id="trailing-name"),
    pytest.param("staff > 1 2", 10, "unexpected `2`", id="trailing-number"),
    pytest.param("staff >", 7, "ends where a value was expected", id="ends-early"),
    pytest.param("staff > > 1", 8, "expected a value, found `>`", id="doubled-operator"),
    pytest.param("", 0, "the expression is empty", id="empty"),
    pytest.param("  \n ", 0, "the expression is empty", id="blank"),
    pytest.param("[1, 2]", 0, "a list is only allowed after `in` or `not in`", id="bare-list"),
    pytest.param("staff == not urgent", 9, "`not` cannot stand inside a comparison",
                 id="not-inside-comparison"),
    pytest.param("done('review')", 5, "done\\(\\) takes exactly one bare state id",
                 id="done-string"),
    pytest.param("done(review, intake)", 13, "exactly one bare state id", id="done-two"),
    pytest.param("done()", 5, "exactly one bare state id", id="done-none"),
    pytest.param("start > 2024-02-30", 8, "`2024-02-30` is not a real date", id="bad-date"),
    pytest.param("start > 2024-02-011", 8, "malformed date", id="date-run-on"),
    pytest.param("staff > 1e5", 8, "malformed number `1e5`", id="exponent"),
    pytest.param("staff > 3.", 8, "malformed number `3.`", id="bare-point"),
    pytest.param("staff > .5", 8, "a number must start with a digit", id="leading-point"),
    pytest.param("staff @ 2", 6, "unexpected character `@`", id="bad-character"),
    pytest.param("staff > 1;", 9, "unexpected character `;`", id="semicolon"),
    pytest.param("None == staff", 0, "`None` is not a value here", id="none"),
]


@pytest.mark.parametrize(("text", "offset", "message"), SYNTAX_ERRORS)
def test_syntax_errors(text: str, offset: int, message: str) -> None:
    with pytest.raises(ExpressionError, match=message) as err:
        parse(text)
    assert err.value.offset == offset


@pytest.mark.parametrize(("text", "hint"), [
    pytest.param("staff = 12", "use == to compare", id="assignment"),
    pytest.param("a && b", "use `and`", id="and"),
    pytest.param("a || b", "use `or`", id="or"),
    pytest.param("!a", "use `not`", id="not"),
])
def test_syntax_hints(text: str, hint: str) -> None:
    with pytest.raises(ExpressionError, match="not") as err:
        parse(text)
    assert err.value.hint == hint


def test_error_text_shows_column_and_hint() -> None:
    with pytest.raises(ExpressionError, match=r"^column 7: `=` is assignment, which is not "
                                              r"allowed \(use == to compare\)$"):
        parse("staff = 12")


# --- rejected by the checker ---------------------------------------------------------

TYPE_ERRORS = [
    pytest.param("investment == 'film'", 0,
                 "type mismatch: `investment == \"film\"` compares a number with text",
                 id="number-vs-text"),
    pytest.param("sector == 5", 0, 'compares a choice of "film", "tv", "games" with a number',
                 id="enum-vs-number"),
    pytest.param("staff > 2024-01-01", 0, "compares a number with a date", id="number-vs-date"),
    pytest.param("urgent == 1", 0, "compares a true/false value with a number",
                 id="bool-vs-number"),
    pytest.param("sector == region", 0, "type mismatch", id="different-enums"),
    pytest.param("tags == tags", 0, "compares a list of text values with", id="list-equality"),
    pytest.param('title < "b"', 0, "`<` orders numbers and dates only", id="order-text"),
    pytest.param("urgent >= false", 0, "`>=` orders numbers and dates only", id="order-bool"),
    pytest.param('sector > "film"', 0, "orders numbers and dates only", id="order-enum"),
    pytest.param("0 < staff < start", 4, "compares a number with a date", id="chain-second"),
    pytest.param("urgent + 1 > 0", 0, "`urgent \\+ 1` combines a true/false value with a number",
                 id="bool-arithmetic"),
    pytest.param("start + deadline > start", 0, "combines a date with a date", id="date-plus-date"),
    pytest.param("start * 2 > start", 0, "combines a date with a number", id="date-times"),
    pytest.param("1 - start > 0", 0, "combines a number with a date", id="number-minus-date"),
    pytest.param("staff and urgent", 0, "`and` joins true/false values, but `staff` is a number",
                 id="and-number"),
    pytest.param("urgent or 'yes'", 10, "`or` joins true/false values", id="or-text"),
    pytest.param("not staff", 4, "`not` needs a true/false value", id="not-number"),
    pytest.param("-urgent == 1", 1, "`-` needs a number", id="minus-bool"),
    pytest.param("staff in 5", 9, "`in` needs a list on its right", id="in-number"),
    pytest.param("5 in tags", 0, "looks for a number in a list of text values", id="in-wrong-item"),
    pytest.param("staff in [1, 'two']", 13, "list item `\"two\"` is text", id="mixed-list"),
    pytest.param("min(1) > 0", 0, "min\\(\\) needs at least two values", id="min-arity"),
    pytest.param("abs(1, 2) > 0", 0, "abs\\(\\) takes exactly one number", id="abs-arity"),
    pytest.param("min(1, start) > 0", 7, "min\\(\\) cannot mix types", id="min-mixed"),
    pytest.param("max(title, 'a') == 'a'", 4, "max\\(\\) takes numbers or dates",
                 id="max-text"),
    pytest.param("abs(start) > 0", 4, "abs\\(\\) needs a number", id="abs-date"),
    pytest.param("staff + 1", 0, "a guard must be true or false, but this gives a number",
                 id="guard-not-bool"),
    pytest.param("tags", 0, "this gives a list of text values", id="guard-list"),
]


@pytest.mark.parametrize(("text", "offset", "message"), TYPE_ERRORS)
def test_type_errors(text: str, offset: int, message: str) -> None:
    tree = parse(text)
    with pytest.raises(ExpressionError, match=message) as err:
        check(tree, NAMES, STATES)
    assert err.value.offset == offset


@pytest.mark.parametrize(("text", "offset", "message", "hint"), [
    pytest.param("investmnt > 1", 0, "unknown name `investmnt`", "did you mean `investment`?",
                 id="did-you-mean"),
    pytest.param("staff > 1 or zzz", 13, "unknown name `zzz`",
                 "declared attributes: deadline, investment, rate, region, scores, sector, "
                 "staff, start, tags, title, urgent", id="lists-attributes"),
    pytest.param("review", 0, "unknown name `review`",
                 "`review` is a state; write done(review) to ask if it was passed",
                 id="state-as-name"),
    pytest.param("min > 1", 0, "unknown name `min`", "`min` is a function; call it, like min(...)",
                 id="function-as-name"),
    pytest.param("done(revew)", 5, "unknown state `revew`", "did you mean `review`?",
                 id="unknown-state"),
    pytest.param("done(zzz)", 5, "unknown state `zzz`",
                 "declared states: approval, intake, review", id="lists-states"),
    pytest.param('sector == "flim"', 10, 'unknown value "flim" for `sector`',
                 'did you mean "film"? allowed values: "film", "tv", "games"',
                 id="enum-did-you-mean"),
    pytest.param('sector in ["film", "toys"]', 19, 'unknown value "toys" for `sector`',
                 'allowed values: "film", "tv", "games"', id="enum-in-list"),
    pytest.param('"radio" != sector', 0, 'unknown value "radio" for `sector`',
                 'allowed values: "film", "tv", "games"', id="enum-literal-left"),
])
def test_unknown_names_and_values(text: str, offset: int, message: str, hint: str) -> None:
    with pytest.raises(ExpressionError, match=message) as err:
        compile_guard(text, NAMES, STATES)
    assert err.value.offset == offset
    assert err.value.hint == hint


def test_unknown_name_with_nothing_declared() -> None:
    with pytest.raises(ExpressionError, match="unknown name `x`") as err:
        compile_guard("x", {}, ())
    assert err.value.hint == "no attributes are declared"


# --- evaluation errors ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "values", "offset", "message"), [
    pytest.param("1 / 0 == 1", VALUES, 2, "division by zero", id="literal-zero"),
    pytest.param("staff / (staff - 12) > 0", VALUES, 6, "division by zero", id="computed-zero"),
    pytest.param("start + 0.5 > deadline", VALUES, 6, "only whole days", id="part-day"),
    pytest.param("start + 3_000_000 > deadline", VALUES, 6, "outside the calendar",
                 id="date-overflow"),
    pytest.param("staff > 1", {}, 0, "no value for `staff`", id="missing-value"),
    pytest.param("staff + 1 > 1", {"staff": "x"}, 0, "type mismatch: `staff \\+ 1` combines text",
                 id="wrong-runtime-type"),
    pytest.param("urgent", {"urgent": 1}, 0, "the guard did not give true or false",
                 id="runtime-not-bool"),
    pytest.param("staff > 1", {"staff": object()}, 0, "holds a object", id="unsupported-value"),
    pytest.param("staff > 1", {"staff": float("nan")}, 0, "is nan, not a number", id="nan"),
])
def test_evaluation_errors(text: str, values: Mapping[str, object], offset: int,
                           message: str) -> None:
    guard = compile_guard(text, NAMES, STATES)
    with pytest.raises(ExpressionError, match=message) as err:
        guard.holds(values, PASSED.__contains__)
    assert err.value.offset == offset


# --- limits --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    pytest.param("(" * 60 + "1" + ")" * 60, id="parentheses"),
    pytest.param("not " * 60 + "true", id="not-chain"),
    pytest.param("-" * 60 + "1", id="minus-chain"),
    pytest.param("1" + " + 1" * 60, id="flat-sum"),
    pytest.param("abs(" * 60 + "1" + ")" * 60, id="calls"),
    pytest.param("x in [" * 60 + "1" + "]" * 60, id="lists"),
    pytest.param("(" * (MAX_LENGTH - 1), id="hostile-parentheses"),
    pytest.param("-" * MAX_LENGTH, id="hostile-minus"),
])
def test_depth_limit(text: str) -> None:
    with pytest.raises(ExpressionError, match="nests too deeply"):
        parse(text)


def test_depth_limit_offset_and_room_below_it() -> None:
    with pytest.raises(ExpressionError, match=f"more than {MAX_DEPTH} levels") as err:
        parse("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH)
    assert err.value.offset == MAX_DEPTH
    # Every level counts, parentheses and operands alike: the comparison's right side is one.
    deep = "(" * (MAX_DEPTH - 2) + "staff > 1" + ")" * (MAX_DEPTH - 2)
    assert run(deep) is True
    with pytest.raises(ExpressionError, match="nests too deeply"):
        parse("(" + deep + ")")
    assert run("1" + " + 1" * (MAX_DEPTH - 2) + f" == {MAX_DEPTH - 1}") is True


def test_length_limit() -> None:
    with pytest.raises(ExpressionError, match=f"too long.*limit is {MAX_LENGTH}") as err:
        parse("staff > 1 " + " " * MAX_LENGTH)
    assert err.value.offset == MAX_LENGTH
    assert parse("staff > 1".ljust(MAX_LENGTH)) == parse("staff > 1")


# --- trees, printing and types -------------------------------------------------------

def test_offsets_cover_the_text_but_not_equality() -> None:
    tree = parse("a + bc == 1")
    assert isinstance(tree, Compare)
    left = tree.operands[0]
    assert isinstance(left, Binary)
    assert (left.start, left.end, left.op_start) == (0, 6, 2)
    assert (left.right.start, left.right.end) == (4, 6)
    assert tree.op_starts == (7,)
    assert tree == parse("  a+bc==1")


def test_literal_equality_respects_types() -> None:
    assert Literal(True) != Literal(Decimal(1))
    assert Literal(Decimal("1.50")) == Literal(Decimal("1.5"))
    assert Name("a", 0, 1) == Name("a", 5, 6)


@pytest.mark.parametrize(("text", "canonical"), [
    pytest.param("a+b*c", "a + b * c", id="spacing"),
    pytest.param("(a+b)*c", "(a + b) * c", id="needed-parens"),
    pytest.param("((a))", "a", id="redundant-parens"),
    pytest.param("a-(b-c)", "a - (b - c)", id="right-nesting"),
    pytest.param("a and (b and c)", "a and (b and c)", id="nested-bool-kept"),
    pytest.param("(a or b) and c", "(a or b) and c", id="or-in-and"),
    pytest.param("not (a and b)", "not (a and b)", id="not-group"),
    pytest.param("-(a*b)", "-(a * b)", id="minus-group"),
    pytest.param("(a < b) == c", "(a < b) == c", id="nested-compare"),
    pytest.param("x not in [1,2.50 ,3]", "x not in [1, 2.50, 3]", id="list"),
    pytest.param("min( a,b )", "min(a, b)", id="call"),
    pytest.param("'it\\'s \"x\"'", '"it\'s \\"x\\""', id="string-quotes"),
    pytest.param("True or False", "true or false", id="booleans"),
    pytest.param("1_000 < d - 2024-01-05", "1000 < d - 2024-01-05", id="numbers-and-dates"),
])
def test_to_text(text: str, canonical: str) -> None:
    tree = parse(text)
    assert to_text(tree) == canonical
    assert parse(canonical) == tree


def test_value_types() -> None:
    assert enum_type(["a", "b", "a"]) == ValueType("enum", ("a", "b"))
    assert list_of(NUMBER).item == NUMBER
    assert BOOL.describe() == "a true/false value"
    assert ValueType("list").describe() == "a list"
    assert enum_type("abcdefgh").describe() == 'a choice of "a", "b", "c", "d", "e", "f", …'
    assert check(parse("start + 1"), NAMES, STATES, expect=DATE) == DATE
