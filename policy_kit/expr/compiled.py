"""Bundles parsing, checking and evaluation into the compiled guards and formulas that the
compile stage of policy-kit's pipeline (load → check → compile → simulate → render) attaches
to transitions and awards, so later stages never see raw expression text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from policy_kit.errors import ExpressionError
from policy_kit.expr.check import check
from policy_kit.expr.evaluate import evaluate
from policy_kit.expr.nodes import (
    Expr,
    Value,
    asks_ended,
    done_states,
    issued_certificates,
    names_used,
)
from policy_kit.expr.syntax import parse
from policy_kit.expr.valuetype import NUMBER, ValueType

__all__ = ["Formula", "Guard", "compile_condition", "compile_formula", "compile_guard"]


@dataclass(frozen=True)
class Guard:
    """A checked ``when:`` condition; ``names`` and ``states`` say what it depends on.

    A declared property's condition (``compile_condition``) may also ask which
    ``certificates`` were issued and whether the case ``ends`` (``ended()``).
    """

    text: str
    tree: Expr
    names: frozenset[str]
    states: frozenset[str]
    certificates: frozenset[str] = frozenset()
    ends: bool = False

    def holds(self, values: Mapping[str, object], done: Callable[[str], bool],
              issued: Callable[[str], bool] | None = None, ended: bool | None = None) -> bool:
        """Whether the guard is true for these attribute values and passed states (and, for
        a property, issued certificates and whether the case has ended)."""
        result = evaluate(self.tree, values, done, issued, ended)
        if not isinstance(result, bool):
            raise ExpressionError("the guard did not give true or false", self.tree.start,
                                  zh=("条件没有得出真或假", ""))
        return result


@dataclass(frozen=True)
class Formula:
    """A checked expression whose result is a value (an award amount, a date), not a bool."""

    text: str
    tree: Expr
    names: frozenset[str]
    states: frozenset[str]
    type: ValueType

    def value(self, values: Mapping[str, object], done: Callable[[str], bool]) -> Value:
        """The formula's value for these attribute values and passed states."""
        return evaluate(self.tree, values, done)


def compile_guard(text: str, names: Mapping[str, ValueType],
                  states: Collection[str]) -> Guard:
    """Parse and check ``text`` as a guard over the declared ``names`` and ``states``."""
    tree = parse(text)
    check(tree, names, states)
    return Guard(text, tree, names_used(tree), done_states(tree))


def compile_condition(text: str, names: Mapping[str, ValueType], states: Collection[str],
                      certificates: Collection[str]) -> Guard:
    """Parse and check ``text`` as a declared property's condition: a guard that may also
    use ``issued(certificate)`` and ``ended()``."""
    tree = parse(text)
    check(tree, names, states, certificates=certificates)
    return Guard(text, tree, names_used(tree), done_states(tree),
                 issued_certificates(tree), asks_ended(tree))


def compile_formula(text: str, names: Mapping[str, ValueType], states: Collection[str],
                    expect: ValueType | None = NUMBER) -> Formula:
    """Parse and check ``text`` as a formula giving ``expect`` (any type when ``None``)."""
    tree = parse(text)
    found = check(tree, names, states, expect)
    return Formula(text, tree, names_used(tree), done_states(tree), found)
