"""The guard and formula language of policy-kit, used from the check stage of its pipeline
(load → check → compile → simulate → render) onwards: a small, safe expression language whose
syntax, types and error columns are all our own.

    guard = compile_guard('sector == "film" and investment >= 1_000_000', names, states)
    guard.holds(values, done)
"""

from policy_kit.expr.check import check
from policy_kit.expr.compiled import (
    Formula,
    Guard,
    compile_condition,
    compile_formula,
    compile_guard,
)
from policy_kit.expr.evaluate import evaluate
from policy_kit.expr.nodes import (
    CASE_FUNCTIONS,
    FUNCTIONS,
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
    asks_ended,
    done_states,
    issued_certificates,
    names_used,
)
from policy_kit.expr.printer import to_text
from policy_kit.expr.syntax import MAX_DEPTH, MAX_LENGTH, parse
from policy_kit.expr.valuetype import (
    BOOL,
    DATE,
    NUMBER,
    STRING,
    ValueType,
    enum_type,
    list_of,
)

__all__ = [
    "BOOL", "CASE_FUNCTIONS", "DATE", "FUNCTIONS", "MAX_DEPTH", "MAX_LENGTH", "NUMBER",
    "STRING", "Binary", "BoolOp", "Call", "Compare", "Expr", "Formula", "Guard", "ListLit",
    "Literal", "Name", "Unary", "Value", "ValueType", "asks_ended", "check",
    "compile_condition", "compile_formula", "compile_guard", "done_states", "enum_type",
    "evaluate", "issued_certificates", "list_of", "names_used", "parse", "to_text",
]
