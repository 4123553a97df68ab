"""Parses guard text into a syntax tree for the check stage of policy-kit's pipeline
(load → check → compile → simulate → render).

The parser is hand-written (Pratt style) rather than borrowed from Python, so the grammar is
exactly ours, nothing outside it can slip through, and every rejection carries the column
where the problem starts. Recursion grows only with real nesting and is capped.
"""

from __future__ import annotations

import keyword

from policy_kit.errors import ExpressionError
from policy_kit.expr.nodes import (
    CASE_FUNCTIONS,
    FUNCTIONS,
    Binary,
    BinaryOp,
    BoolOp,
    BoolOpName,
    Call,
    Compare,
    CompareOp,
    Expr,
    FunctionName,
    ListLit,
    Literal,
    Name,
    Unary,
    children,
)
from policy_kit.expr.tokens import KEYWORDS, MAX_LENGTH, Token, tokenize

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "parse"]

MAX_DEPTH = 50

# Binding powers, low to high; prefix `not` sits between `and` and the comparisons.
_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT = 1, 2, 3, 4, 5, 6
_OP_POWER = {"==": _COMPARE, "!=": _COMPARE, "<": _COMPARE, "<=": _COMPARE, ">": _COMPARE,
             ">=": _COMPARE, "+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT}
_KEYWORD_POWER = {"or": _OR, "and": _AND, "in": _COMPARE}
_BINARY: dict[str, BinaryOp] = {"+": "+", "-": "-", "*": "*", "/": "/"}
_COMPARE_OPS: dict[str, CompareOp] = {op: op for op in ("==", "!=", "<", "<=", ">", ">=")}
_BOOL_OPS: dict[str, BoolOpName] = {"and": "and", "or": "or"}
_FUNCTIONS: dict[str, FunctionName] = {name: name for name in (*FUNCTIONS, *CASE_FUNCTIONS)}
_CALLS_ALLOWED = ", ".join(FUNCTIONS)
_RESERVED = {  # the message and hint, then both in Chinese
    "lambda": ("`lambda` is not allowed", "a guard is a single plain expression",
               "不允许 `lambda`", "条件是一个简单的表达式"),
    "if": ("conditional expressions (`if` … `else`) are not allowed",
           "write two rules (transitions or rewards) with opposite conditions",
           "不允许条件表达式(`if` … `else`)", "写两条条件相反的规则(转移或奖励)"),
    "for": ("comprehensions are not allowed", "list the values instead: x in [a, b]",
            "不允许推导式(`for`)", "直接列出取值:`x in [a, b]`"),
    "is": ("`is` is not allowed", "use == or !=", "不允许 `is`", "用 == 或 !="),
    "None": ("`None` is not a value here", "compare with a real value",
             "`None` 在这里不是值", "和一个真实的值比较"),
}
_RESERVED["else"] = _RESERVED["if"]
_EXPECTED_ZH = {"a value": "一个值"}
"""What the parser expected, in Chinese (a bracket or comma is itself)."""
_PYTHON_WORDS = frozenset(keyword.kwlist) - KEYWORDS


def parse(text: str) -> Expr:
    """The syntax tree of ``text``; names and types are not looked at (see ``check``)."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(text)} characters; the "
                              f"limit is {MAX_LENGTH})", MAX_LENGTH,
                              "split it, or move parts into attributes",
                              (f"表达式太长({len(text)} 个字符;上限 {MAX_LENGTH})",
                               "拆开它,或把其中的部分移到属性中"))
    return _Parser(text).parse()


def _too_deep(offset: int) -> ExpressionError:
    return ExpressionError(f"the expression nests too deeply (more than {MAX_DEPTH} levels)",
                           offset, "split it into simpler guards",
                           (f"表达式嵌套太深(超过 {MAX_DEPTH} 层)", "拆成几个较简单的条件"))


def _reserved(token: Token) -> ExpressionError | None:
    if token.kind != "name":
        return None
    if token.text in _RESERVED:
        message, hint, message_zh, hint_zh = _RESERVED[token.text]
        return ExpressionError(message, token.start, hint, (message_zh, hint_zh))
    if token.text in _PYTHON_WORDS:
        return ExpressionError(f"`{token.text}` is a reserved word, not part of the guard "
                               "language", token.start,
                               zh=(f"`{token.text}` 是保留字,不属于条件语言", ""))
    return None


def _check_tree_depth(tree: Expr) -> None:
    """Long operator chains nest without recursion in the parser; cap them here."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(node.start)
        stack.extend((child, depth + 1) for child in children(node))


class _Parser:
    def __init__(self, text: str) -> None:
        self._tokens = tokenize(text)
        self._tok = next(self._tokens)
        self._ahead: Token | None = None
        self._depth = 0

    def parse(self) -> Expr:
        if self._at_end():
            raise ExpressionError("the expression is empty", 0,
                                  "write a condition, like amount > 0",
                                  ("表达式是空的", "写一个条件,例如 `amount > 0`"))
        tree = self._expr(0)
        if not self._at_end():
            raise self._trailing(self._tok)
        _check_tree_depth(tree)
        return tree

    # --- token stream -------------------------------------------------------------

    def _at_end(self) -> bool:
        return self._tok.kind == "end"

    def _advance(self) -> Token:
        token = self._tok
        if self._ahead is not None:
            self._tok, self._ahead = self._ahead, None
        elif token.kind != "end":
            self._tok = next(self._tokens)
        return token

    def _peek(self) -> Token:
        if self._ahead is None:
            self._ahead = self._tok if self._tok.kind == "end" else next(self._tokens)
        return self._ahead

    # --- expressions --------------------------------------------------------------

    def _expr(self, min_power: int) -> Expr:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _too_deep(self._tok.start)
        node = self._prefix(min_power)
        while (power := self._infix_power()) > min_power:
            if power in (_OR, _AND):
                node = self._bool_op(node, power)
            elif power == _COMPARE:
                node = self._compare(node)
            else:
                node = self._binary(node, power)
        self._depth -= 1
        return node

    def _infix_power(self) -> int:
        token = self._tok
        if token.kind == "op":
            return _OP_POWER.get(token.text, 0)
        if token.is_keyword("not"):
            return _COMPARE if self._peek().is_keyword("in") else 0
        if token.kind == "keyword":
            return _KEYWORD_POWER.get(token.text, 0)
        return 0

    def _bool_op(self, first: Expr, power: int) -> BoolOp:
        op = _BOOL_OPS[self._tok.text]
        operands = [first]
        while self._tok.is_keyword(op):
            self._advance()
            operands.append(self._expr(power))
        return BoolOp(op, tuple(operands), first.start, operands[-1].end)

    def _compare(self, first: Expr) -> Compare:
        operands, ops, op_starts = [first], list[CompareOp](), list[int]()
        while self._infix_power() == _COMPARE:
            op_token = self._advance()
            op: CompareOp = _COMPARE_OPS.get(op_token.text, "in")
            if op_token.is_keyword("not"):
                self._advance()
                op = "not in"
            ops.append(op)
            op_starts.append(op_token.start)
            if op in ("in", "not in") and self._tok.is_op("["):
                operands.append(self._postfix(self._list()))
            else:
                operands.append(self._expr(_COMPARE))
        return Compare(tuple(operands), tuple(ops), first.start, operands[-1].end,
                       tuple(op_starts))

    def _binary(self, left: Expr, power: int) -> Binary:
        op_token = self._advance()
        right = self._expr(power)
        return Binary(_BINARY[op_token.text], left, right, left.start, right.end,
                      op_token.start)

    def _prefix(self, min_power: int) -> Expr:
        token = self._tok
        if token.is_keyword("not"):
            if min_power > _NOT:
                raise ExpressionError("`not` cannot stand inside a comparison or arithmetic",
                                      token.start, "put it in parentheses: (not x)",
                                      ("`not` 不能直接放在比较或算术之中", "给它加括号:`(not x)`"))
            self._advance()
            operand = self._expr(_NOT)
            return Unary("not", operand, token.start, operand.end)
        if token.is_op("-"):
            self._advance()
            operand = self._expr(_PRODUCT)
            return Unary("-", operand, token.start, operand.end)
        return self._postfix(self._atom(token))

    def _postfix(self, node: Expr) -> Expr:
        token = self._tok
        if token.is_op("("):
            raise ExpressionError(f"only {_CALLS_ALLOWED} can be called", token.start,
                                  zh=(f"只能调用 {_CALLS_ALLOWED}", ""))
        if token.is_op("["):
            raise ExpressionError("subscripts are not allowed", token.start,
                                  "to test membership write x in list",
                                  ("不允许下标(`[]`)", "要判断是否属于列表,写 `x in [a, b]`"))
        return node

    def _atom(self, token: Token) -> Expr:
        if token.value is not None:
            self._advance()
            return Literal(token.value, token.start, token.end)
        if token.kind == "name":
            reserved = _reserved(token)
            if reserved is not None:
                raise reserved
            if self._peek().is_op("("):
                return self._call(token)
            self._advance()
            return Name(token.text, token.start, token.end)
        if token.is_op("("):
            self._advance()
            inner = self._expr(0)
            self._close(token, ")", "`)`")
            return inner
        if token.is_op("["):
            self._list()
            raise ExpressionError("a list is only allowed after `in` or `not in`", token.start,
                                  "write x in [a, b]",
                                  ("列表只能写在 `in` 或 `not in` 之后", "写成 `x in [a, b]`"))
        raise self._unexpected(token, "a value")

    def _call(self, name: Token) -> Call:
        func = _FUNCTIONS.get(name.text)
        if func is None:
            raise ExpressionError(f"calls are limited to {_CALLS_ALLOWED}; `{name.text}` is "
                                  "not one of them", name.start,
                                  zh=(f"只能调用 {_CALLS_ALLOWED};`{name.text}` 不在其中", ""))
        self._advance()
        args, close = self._sequence(self._advance(), ")")
        if func in ("done", "issued") and (len(args) != 1 or not isinstance(args[0], Name)):
            at = args[1].start if len(args) > 1 else args[0].start if args else close.start
            what, what_zh, example = (("state", "状态", "done(review)") if func == "done" else
                                      ("certificate", "证照", "issued(construction_permit)"))
            raise ExpressionError(f"{func}() takes exactly one bare {what} id", at,
                                  f"write {example}, naming a declared {what}",
                                  (f"{func}() 只接受一个不加引号的{what_zh}标识",
                                   f"写 {example},写明一个已声明的{what_zh}"))
        if func == "ended" and args:
            raise ExpressionError("ended() takes no arguments", args[0].start,
                                  "write ended(): true once the case has an outcome",
                                  ("ended() 不接受参数", "写 ended():案件有了结果时为真"))
        return Call(func, tuple(args), name.start, close.end)

    def _list(self) -> ListLit:
        opener = self._advance()
        items, close = self._sequence(opener, "]")
        return ListLit(tuple(items), opener.start, close.end)

    def _sequence(self, opener: Token, closer: str) -> tuple[list[Expr], Token]:
        """Comma-separated expressions up to ``closer`` (a trailing comma is tolerated)."""
        items: list[Expr] = []
        while not self._tok.is_op(closer):
            items.append(self._expr(0))
            if not self._tok.is_op(","):
                break
            self._advance()
        return items, self._close(opener, closer, f"`,` or `{closer}`")

    def _close(self, opener: Token, closer: str, expected: str) -> Token:
        token = self._tok
        if token.is_op(closer):
            return self._advance()
        if token.kind == "end":
            raise ExpressionError(f"unclosed `{opener.text}`", opener.start, f"add a `{closer}`",
                                  (f"`{opener.text}` 没有闭合", f"加上 `{closer}`"))
        raise self._unexpected(token, expected)

    # --- errors -------------------------------------------------------------------

    def _unexpected(self, token: Token, expected: str) -> ExpressionError:
        if token.kind == "end":
            return ExpressionError(f"the expression ends where {expected} was expected",
                                   token.start,
                                   zh=(f"表达式在应为{_EXPECTED_ZH.get(expected, expected)}"
                                       "的地方结束了", ""))
        reserved = _reserved(token)
        if reserved is not None:
            return reserved
        return ExpressionError(f"expected {expected}, found `{token.text}`", token.start,
                               zh=(f"应为{_EXPECTED_ZH.get(expected, expected)},却是 "
                                   f"`{token.text}`", ""))

    def _trailing(self, token: Token) -> ExpressionError:
        if token.is_op(")") or token.is_op("]"):
            return ExpressionError(f"unmatched `{token.text}`", token.start,
                                   "remove it, or add the bracket it closes",
                                   (f"`{token.text}` 没有配对", "删掉它,或补上与之配对的括号"))
        return _reserved(token) or ExpressionError(
            f"unexpected `{token.text}` after a complete expression", token.start,
            "join conditions with `and` / `or`",
            (f"完整的表达式之后出现了意外的 `{token.text}`", "用 `and` / `or` 连接条件"))
