"""Cuts guard text into tokens, the first step of the check stage of policy-kit's pipeline
(load → check → compile → simulate → render), so that every later error has an exact column.

Tokens are produced lazily: the parser pulls them one at a time, so the first problem in
reading order is the one reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from policy_kit.errors import ExpressionError

__all__ = ["KEYWORDS", "MAX_LENGTH", "Token", "TokenKind", "tokenize"]

MAX_LENGTH = 2000

TokenKind = Literal["number", "string", "date", "name", "keyword", "op", "end"]

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "True", "False"})
_BOOLEANS = {"true": True, "True": True, "false": False, "False": False}

_SPACE = frozenset(" \t\r\n")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_NUMBER = re.compile(r"\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?", re.ASCII)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_RUN_ON = re.compile(r"[A-Za-z0-9_.]+", re.ASCII)
_OPERATORS = ("**", "//", "&&", "||", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/",
              "(", ")", "[", "]", ",", ".", "=", "!", "%", "&", "|")
_FORBIDDEN = {  # the message and hint, then both in Chinese
    "**": ("`**` (power) is not allowed", "multiply explicitly, like x * x",
           "不允许 `**`(乘方)", "直接写出乘法,例如 `x * x`"),
    "//": ("`//` (floor division) is not allowed", "use / for exact division",
           "不允许 `//`(整除)", "用 / 做精确除法"),
    "%": ("`%` (remainder) is not allowed", "", "不允许 `%`(取余)", ""),
    "&&": ("`&&` is not an operator here", "use `and`", "这里没有 `&&` 运算符", "用 `and`"),
    "&": ("`&` is not an operator here", "use `and`", "这里没有 `&` 运算符", "用 `and`"),
    "||": ("`||` is not an operator here", "use `or`", "这里没有 `||` 运算符", "用 `or`"),
    "|": ("`|` is not an operator here", "use `or`", "这里没有 `|` 运算符", "用 `or`"),
    "!": ("`!` is not an operator here", "use `not`", "这里没有 `!` 运算符", "用 `not`"),
    "=": ("`=` is assignment, which is not allowed", "use == to compare",
          "`=` 是赋值,不允许", "比较用 =="),
    ".": ("attribute access is not allowed", "guards can only name declared attributes",
          "不允许访问属性的成员(`.`)", "条件只能直接写已声明的属性名"),
}
_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "t": "\t"}


@dataclass(frozen=True)
class Token:
    """One token; ``text`` is the source slice, ``value`` the literal it denotes, if any."""

    kind: TokenKind
    text: str
    start: int
    end: int
    value: bool | Decimal | str | date | None = None

    def is_op(self, text: str) -> bool:
        return self.kind == "op" and self.text == text

    def is_keyword(self, text: str) -> bool:
        return self.kind == "keyword" and self.text == text


def tokenize(text: str) -> Iterator[Token]:
    """Yield the tokens of ``text``, then one ``end`` token; raise at the first bad one."""
    pos, size = 0, len(text)
    while True:
        while pos < size and text[pos] in _SPACE:
            pos += 1
        if pos >= size:
            yield Token("end", "", size, size)
            return
        token = _token_at(text, pos)
        yield token
        pos = token.end


def _token_at(text: str, pos: int) -> Token:
    char = text[pos]
    if "0" <= char <= "9":
        return _number_or_date(text, pos)
    word = _WORD.match(text, pos)
    if word:
        name = word.group()
        kind: TokenKind = "keyword" if name in KEYWORDS else "name"
        return Token(kind, name, pos, word.end(), _BOOLEANS.get(name))
    if char in "\"'":
        return _string(text, pos)
    return _operator(text, pos)


def _number_or_date(text: str, pos: int) -> Token:
    found = _DATE.match(text, pos)
    if found:
        _reject_run_on(text, pos, found.end(), "date", "write dates as YYYY-MM-DD",
                       ("日期", "日期写成 YYYY-MM-DD"))
        raw = found.group()
        try:
            day = date(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
        except ValueError as error:
            raise ExpressionError(f"`{raw}` is not a real date", pos, str(error),
                                  (f"`{raw}` 不是真实存在的日期",
                                   "检查年、月、日:该月可能没有这一天")) from None
        return Token("date", raw, pos, found.end(), day)
    found = _NUMBER.match(text, pos)
    assert found is not None  # text[pos] is a digit
    _reject_run_on(text, pos, found.end(), "number", "write numbers like 1500, 1_500 or 0.15",
                   ("数字", "数字写成 1500、1_500 或 0.15 这样"))
    raw = found.group()
    return Token("number", raw, pos, found.end(), Decimal(raw.replace("_", "")))


def _reject_run_on(text: str, start: int, end: int, what: str, hint: str,
                   zh: tuple[str, str]) -> None:
    """A number or date must not run straight into letters, digits or a dot (``12abc``);
    ``zh`` is ``what`` and ``hint`` in Chinese."""
    run_on = _RUN_ON.match(text, end)
    if run_on:
        shown = text[start:run_on.end()]
        raise ExpressionError(f"malformed {what} `{shown}`", start, hint,
                              (f"格式不对的{zh[0]} `{shown}`", zh[1]))


def _string(text: str, start: int) -> Token:
    quote = text[start]
    chars: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == quote:
            return Token("string", text[start:pos + 1], start, pos + 1, "".join(chars))
        if char == "\\" and pos + 1 < len(text):
            escaped = text[pos + 1]
            if escaped not in _ESCAPES:
                raise ExpressionError(f"unknown escape `\\{escaped}` in a string", pos,
                                      "the escapes are \\\" \\' \\\\ \\n \\t",
                                      (f"字符串中未知的转义 `\\{escaped}`",
                                       "可用的转义:`\\\"` `\\'` `\\\\` `\\n` `\\t`"))
            chars.append(_ESCAPES[escaped])
            pos += 2
            continue
        chars.append(char)
        pos += 1
    raise ExpressionError("unterminated string", start, f"close it with {quote}",
                          ("字符串没有结束", f"用 {quote} 结束它"))


def _operator(text: str, pos: int) -> Token:
    for op in _OPERATORS:
        if not text.startswith(op, pos):
            continue
        if op == "." and text[pos + 1:pos + 2].isdigit():
            raise ExpressionError("a number must start with a digit", pos, "write 0.5, not .5",
                                  ("数字必须以数字字符开头", "写 `0.5`,不要写 `.5`"))
        if op in _FORBIDDEN:
            message, hint, message_zh, hint_zh = _FORBIDDEN[op]
            raise ExpressionError(message, pos, hint, (message_zh, hint_zh))
        return Token("op", op, pos, pos + len(op))
    char = text[pos]
    shown = (f"U+{ord(char):04X}" if not char.isprintable() or char.isspace()
             else "` (a backtick)" if char == "`" else f"`{char}`")
    raise ExpressionError(f"unexpected character {shown}", pos,
                          zh=(f"意外的字符 {shown}", ""))
