"""Application attribute values: the examples, overrides, and text from the command line.

Part of compile → walk/simulate: every value a guard will read passes through here and is
checked against its attribute's domain, so a guard never sees a value its type-checker
did not allow for.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from .errors import UsageError
from .expr import Value
from .model import Attribute, EnumAttribute, Process

__all__ = ["attribute_values", "parse_assignment", "parse_value"]

_TRUE = {"true", "yes", "1", "是"}
_FALSE = {"false", "no", "0", "否"}


def attribute_values(process: Process, overrides: Mapping[str, object]) -> dict[str, Value]:
    """The examples of ``process`` with ``overrides`` applied, each checked in its domain."""
    values: dict[str, Value] = {}
    for name, attribute in process.attributes.items():
        values[name] = _normal(attribute.example)
    for name, value in overrides.items():
        attribute = _attribute(process, name)
        value = parse_value(name, attribute, value) if isinstance(value, str) and (
            attribute.type not in ("string", "enum")) else value
        if not attribute.admits(value):
            raise _outside(name, repr(value), attribute)
        values[name] = _normal(value)
    return values


def parse_assignment(process: Process, text: str) -> tuple[str, Value]:
    """``NAME=VALUE`` from ``--set``, parsed by the attribute's type."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise UsageError(f"--set takes NAME=VALUE, not `{text}`",
                         zh=f"--set 的写法是 `名称=值`,不是 `{text}`")
    attribute = _attribute(process, name)
    value = parse_value(name, attribute, raw.strip())
    if not attribute.admits(value):
        raise _outside(name, repr(raw.strip()), attribute)
    return name, value


def _outside(name: str, shown: str, attribute: Attribute) -> UsageError:
    return UsageError(f"`{name}` = {shown} is outside its domain: "
                      f"{describe_domain(attribute)}",
                      zh=f"`{name}` = {shown} 超出取值范围:{describe_domain(attribute, 'zh')}")


def parse_value(name: str, attribute: Attribute, raw: str) -> Value:
    """Read ``raw`` as a value of ``attribute``'s type, or say what was expected."""
    kind = attribute.type
    try:
        if kind == "bool":
            lowered = raw.lower()
            if lowered in _TRUE | _FALSE:
                return lowered in _TRUE
            raise ValueError
        if kind in ("integer", "number"):
            number = Decimal(raw)
            if not number.is_finite():
                raise ValueError
            return number
        if kind == "date":
            return dt.date.fromisoformat(raw)
    except (ValueError, InvalidOperation):
        raise UsageError(f"`{name}` takes {describe_domain(attribute)}, not {raw!r}",
                         zh=f"`{name}` 应为{describe_domain(attribute, 'zh')},不是 {raw!r}"
                         ) from None
    return raw


def describe_domain(attribute: Attribute, lang: str = "en") -> str:
    """The domain of an attribute in words, for messages and ``show`` (``lang`` zh or en)."""
    zh = lang == "zh"
    kind = attribute.type
    if kind == "bool":
        return "true 或 false" if zh else "true or false"
    if isinstance(attribute, EnumAttribute):
        return ("取值之一:" if zh else "one of ") + ", ".join(attribute.values)
    if kind in ("integer", "number", "date"):
        low = getattr(attribute, "min", None)
        high = getattr(attribute, "max", None)
        nouns = ({"integer": "整数", "number": "数", "date": "日期"} if zh else
                 {"integer": "a whole number", "number": "a number", "date": "a date"})
        noun = nouns[kind]
        bounds = [f">= {low}" if low is not None else "", f"<= {high}" if high is not None
                  else ""]
        shown = (" 且 " if zh else " and ").join(b for b in bounds if b)
        if zh:
            return f"{noun},{shown}" if shown else noun + ("(YYYY-MM-DD)" if kind == "date"
                                                          else "")
        return f"{noun} {shown}".strip() if shown else noun + (
            " (YYYY-MM-DD)" if kind == "date" else "")
    return "文本" if zh else "text"


def _attribute(process: Process, name: str) -> Attribute:
    if name in process.attributes:
        return process.attributes[name]
    close = difflib.get_close_matches(name, list(process.attributes), n=1)
    declared = ", ".join(process.attributes)
    hint = f"; did you mean `{close[0]}`?" if close else f"; declared: {declared or 'none'}"
    hint_zh = f";是不是 `{close[0]}`?" if close else f";已声明:{declared or '无'}"
    raise UsageError(f"unknown attribute `{name}`{hint}", zh=f"未知的属性 `{name}`{hint_zh}")


def _normal(value: object) -> Value:
    if isinstance(value, bool | str | dt.date | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    raise UsageError(f"unsupported attribute value {value!r}",
                     zh=f"不支持的属性值 {value!r}")
