"""Condition expressions of BPMN sequence flows, translated into policy-kit's guard language
where they say something it can say: simple comparisons and boolean logic.

Part of load (**load** → …), used by ``translate``. Modellers write conditions in FEEL
(Camunda 8, ``=amount > 1000 and kind = "A"``), JUEL (Camunda 7, Flowable and Activiti,
``${amount gt 1000 && approved}``), or their tool's own language; all share a core of
names, literals, comparisons, ``and``/``or``/``not`` and parentheses. That core is
translated token by token and parsed by policy-kit's own parser; anything else (method
calls, dotted paths, ``execution.getVariable(…)``, XPath functions) is left untranslated,
and the importer names the way after its flow instead. Types of the names are inferred
from what they are compared with, so the attributes can be declared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..errors import ExpressionError
from ..expr import BoolOp, Compare, Expr, Literal, Name, Unary, parse, to_text
from ..expr.nodes import walk

__all__ = ["Translated", "translate"]

_WRAPPED = re.compile(r"^\s*[$#]\{(.*)\}\s*$", re.S)
_TOKEN = re.compile(r"""\s*(?:(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    |(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<op>===|!==|==|!=|<>|<=|>=|&&|\|\||[<>=!()]))""", re.X)
_WORDS = {"and": "and", "or": "or", "not": "not", "eq": "==", "ne": "!=", "gt": ">",
          "lt": "<", "ge": ">=", "le": "<=", "true": "true", "false": "false",
          "True": "true", "False": "false", "TRUE": "true", "FALSE": "false"}
_OPERATORS = {"===": "==", "!==": "!=", "==": "==", "!=": "!=", "<>": "!=", "<=": "<=",
              ">=": ">=", "&&": "and", "||": "or", "=": "==", "!": "not", "<": "<", ">": ">",
              "(": "(", ")": ")"}
_REFUSED_NAMES = frozenset({"null", "empty", "nil", "in", "done", "min", "max", "abs",
                            "issued", "ended"})
_POLICY_KIT = "urn:policy-kit:guard:1"


@dataclass(frozen=True)
class Translated:
    """A guard in policy-kit's language, and the type each name it reads seems to have:
    ``bool``, ``number``, or the string values it is compared with."""

    text: str
    names: dict[str, str | frozenset[str]]


def translate(expression: str, language: str = "") -> Translated | None:
    """The guard ``expression`` means, or ``None`` when it is not simple enough to say."""
    text = expression.strip()
    if not text:
        return None
    if language != _POLICY_KIT:
        wrapped = _WRAPPED.match(text)
        if wrapped:
            text = wrapped.group(1)
        elif text.startswith("=") and not text.startswith("=="):
            text = text[1:]  # Camunda 8 marks a FEEL expression with a leading `=`
        converted = _convert(text)
        if converted is None:
            return None
        text = converted
    try:
        tree = parse(text)
    except ExpressionError:
        return None
    names = _types(tree)
    if names is None:
        return None
    return Translated(to_text(tree), names)


def _convert(text: str) -> str | None:
    out: list[str] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            return None
        position = match.end()
        if match.group("string"):
            body = match.group("string")[1:-1]
            if '"' in body or "\\" in body:
                return None
            out.append(f'"{body}"')
        elif match.group("number"):
            out.append(match.group("number"))
        elif match.group("name"):
            word = match.group("name")
            if word in _REFUSED_NAMES:
                return None
            out.append(_WORDS.get(word, word))
            if position < len(text) and text[position] in ".[":
                return None  # a path or a call: not ours to read
        else:
            out.append(_OPERATORS[match.group("op")])
    return " ".join(out).replace("( ", "(").replace(" )", ")")


def _types(tree: Expr) -> dict[str, str | frozenset[str]] | None:
    """What each name is compared with; ``None`` if one is used two incompatible ways."""
    seen: dict[str, str | frozenset[str]] = {}
    for left, right in _compared(tree):
        known = seen.get(left.id)
        kind = _kind(right)
        if known is None:
            seen[left.id] = kind
        elif isinstance(known, frozenset) and isinstance(kind, frozenset):
            seen[left.id] = known | kind
        elif known != kind:
            return None
    for node in walk(tree):
        if isinstance(node, Name) and node.id not in seen:
            seen[node.id] = "bool" if _truth_context(tree, node) else "number"
    return seen


def _compared(tree: Expr) -> list[tuple[Name, Literal]]:
    """Every name compared with a literal, on either side."""
    pairs: list[tuple[Name, Literal]] = []
    for node in walk(tree):
        if isinstance(node, Compare):
            for left, right in zip(node.operands, node.operands[1:], strict=False):
                if isinstance(left, Name) and isinstance(right, Literal):
                    pairs.append((left, right))
                elif isinstance(right, Name) and isinstance(left, Literal):
                    pairs.append((right, left))
    return pairs


def _kind(literal: Literal) -> str | frozenset[str]:
    value = literal.value
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return frozenset({value})
    return "date"


def _truth_context(tree: Expr, target: Name) -> bool:
    """``approved`` alone, under ``not``, ``and`` or ``or``: a yes/no attribute."""
    if tree is target:
        return True
    if isinstance(tree, Unary) and tree.op == "not":
        return tree.operand is target or _truth_context(tree.operand, target)
    if isinstance(tree, BoolOp):
        return any(o is target or _truth_context(o, target) for o in tree.operands)
    return False
