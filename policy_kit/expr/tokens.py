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
_FORBIDDEN = {
    "**": ("`**` (power) is not allowed", "multiply explicitly, like x * x"),
    "//": ("`//` (floor division) is not allowed", "use / for exact division"),
    "%": ("`%` (remainder) is not allowed", ""),
    "&&": ("`&&` is not an operator here", "use `and`"),
    "&": ("`&` is not an operator here", "use `and`"),
    "||": ("`||` is not an operator here", "use `or`"),
    "|": ("`|` is not an operator here", "use `or`"),
    "!": ("`!` is not an operator here", "use `not`"),
    "=": ("`=` is assignment, which is not allowed", "use == to compare"),
    ".": ("attribute access is not allowed", "guards can only name declared attributes"),
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
        _reject_run_on(text, pos, found.end(), "date", "write dates as YYYY-MM-DD")
        raw = found.group()
        try:
            day = date(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
        except ValueError as error:
            raise ExpressionError(f"`{raw}` is not a real date", pos, str(error)) from None
        return Token("date", raw, pos, found.end(), day)
    found = _NUMBER.match(text, pos)
    assert found is not None  # text[pos] is a digit
    _reject_run_on(text, pos, found.end(), "number", "write numbers like 1500, 1_500 or 0.15")
    raw = found.group()
    return Token("number", raw, pos, found.end(), Decimal(raw.replace("_", "")))


def _reject_run_on(text: str, start: int, end: int, what: str, hint: str) -> None:
    """A number or date must not run straight into letters, digits or a dot (``12abc``)."""
    run_on = _RUN_ON.match(text, end)
    if run_on:
        raise ExpressionError(f"malformed {what} `{text[start:run_on.end()]}`", start, hint)


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
                                      "the escapes are \\\" \\' \\\\ \\n \\t")
            chars.append(_ESCAPES[escaped])
            pos += 2
            continue
        chars.append(char)
        pos += 1
    raise ExpressionError("unterminated string", start, f"close it with {quote}")


def _operator(text: str, pos: int) -> Token:
    for op in _OPERATORS:
        if not text.startswith(op, pos):
            continue
        if op == "." and text[pos + 1:pos + 2].isdigit():
            raise ExpressionError("a number must start with a digit", pos, "write 0.5, not .5")
        if op in _FORBIDDEN:
            message, hint = _FORBIDDEN[op]
            raise ExpressionError(message, pos, hint)
        return Token("op", op, pos, pos + len(op))
    char = text[pos]
    shown = (f"U+{ord(char):04X}" if not char.isprintable() or char.isspace()
             else "` (a backtick)" if char == "`" else f"`{char}`")
    raise ExpressionError(f"unexpected character {shown}", pos)
