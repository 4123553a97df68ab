"""Schema validation with located errors, for every file format policy-kit reads.

Part of load (YAML → **schema** → resolve): process definitions, scenarios and policy files
are all pydantic models; this turns pydantic's errors into ``Problem``s at file:line:col
with a "did you mean" for misspelt keys, in one place for all of them.
"""

from __future__ import annotations

import difflib
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from .errors import DefinitionError, Invalid, Problem
from .formats import SHAPES, format_refusal
from .source import SourceMap

__all__ = ["SCHEMA_ERROR", "check_format", "error_text", "validate"]

SCHEMA_ERROR = "PK002"

Model = TypeVar("Model", bound=BaseModel)


def validate(model: type[Model], data: Any, source: SourceMap, *, kind: str | None = None,
             what: str = "", code: str = SCHEMA_ERROR) -> Model:
    """``model.model_validate(data)``, or a ``DefinitionError`` listing every problem.

    ``kind`` (a key of ``policy_kit.formats.FORMATS``) has the file's ``format`` checked
    first: a newer format than this policy-kit reads is the one problem reported, at the
    key; and a file that is not a mapping is told what a file of its kind is
    (``formats.SHAPES``, in both languages; ``what`` replaces the English). ``code`` is
    the check code the problems carry (a scenario's are PK501).
    """
    if not isinstance(data, dict):
        english, chinese = SHAPES.get(kind or "", (what, ""))
        raise DefinitionError.single(source.locate(()), what or english, zh=(chinese, ""))
    if kind is not None:
        check_format(kind, data, source)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        items = error.errors()
        problems = {_problem(model, item, data, source, code) for item in items
                    if not _echo(item, items)}
        raise DefinitionError(sorted(problems, key=lambda p: p.location)) from None


def check_format(kind: str, data: dict[str, Any], source: SourceMap) -> None:
    """Raise ``DefinitionError`` at the ``format`` key unless this policy-kit reads it."""
    problem = format_refusal(kind, data.get("format"), source.locate(("format",)),
                             SCHEMA_ERROR)
    if problem is not None:
        raise DefinitionError((problem,))


def _problem(model: type[BaseModel], item: Any, data: Any, source: SourceMap,
             code: str) -> Problem:
    path = _data_path(item["loc"], data)
    kind = item["type"]
    name = path[-1] if path else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, item["loc"])
        close = difflib.get_close_matches(str(name), allowed, n=1)
        hint = f"did you mean `{close[0]}`?" if close else (
            f"allowed keys: {', '.join(allowed)}" if allowed else "")
        hint_zh = f"是不是 `{close[0]}`?" if close else (
            "允许的键:" + "、".join(f"`{key}`" for key in allowed) if allowed else "")
        return Problem(source.locate_key(path), f"unknown key `{name}`", hint, code,
                       message_zh=f"未知的键 `{name}`", hint_zh=hint_zh)
    if kind == "missing":
        return Problem(source.locate(path), f"missing key `{item['loc'][-1]}`", "",
                       code, message_zh=f"缺少键 `{item['loc'][-1]}`")
    where = f"`{name}`: " if isinstance(name, str) and name else ""
    value = item.get("input")
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        foreign = _look_alike(value)
        if foreign:
            return Problem(source.locate(path), f"{where}`{value}` contains {foreign}, which "
                           "only looks like a Latin letter", "ids take the ASCII letters "
                           "a-z and A-Z, digits and `_`: retype the letter", code,
                           message_zh=f"{where}`{value}` 含有 {foreign},它只是看起来像拉丁字母",
                           hint_zh="标识只能用 ASCII 字母(`a-z`、`A-Z`)、数字和 `_`:重新输入"
                                   "这个字母")
    message, message_zh = error_text(item)
    hint, hint_zh = _hint(kind, value)
    return Problem(source.locate(path), f"{where}{message}", hint, code,
                   message_zh=f"{where}{message_zh}" if message_zh else "", hint_zh=hint_zh)


def error_text(item: Any) -> tuple[str, str]:
    """One pydantic error (an item of ``ValidationError.errors()``) in English and in
    Chinese, without the key it is about: the value as a YAML file writes it, a validator's
    ``Invalid`` in its own two languages. An error kind without a Chinese sentence is said
    as a value that does not fit, with pydantic's name for the kind (code), never in
    pydantic's English."""
    kind = item["type"]
    if kind == "extra_forbidden":
        return (f"unknown key `{item['loc'][-1]}`" if item["loc"] else "unknown key",
                f"未知的键 `{item['loc'][-1]}`" if item["loc"] else "未知的键")
    if kind == "missing":
        return (f"missing key `{item['loc'][-1]}`" if item["loc"] else "missing key",
                f"缺少键 `{item['loc'][-1]}`" if item["loc"] else "缺少键")
    context = item.get("ctx") or {}
    if kind == "value_error" and isinstance(context.get("error"), Invalid):
        return str(context["error"]), context["error"].zh
    message = str(item["msg"]).removeprefix("Value error, ")
    value = item.get("input")
    written = "" if isinstance(value, dict | list) or kind == "value_error" else \
        _as_written(value)
    zh = _in_chinese(kind, context) or f"值不符合要求(`{kind}`)"
    return (message + (f" (got {written})" if written else ""),
            zh + (f"(实际为 {written})" if written else ""))


_NUMBERS = frozenset({"int_type", "float_type", "decimal_type"})


def _hint(kind: str, value: object) -> tuple[str, str]:
    """How to write what was meant, in English and Chinese, for the slips a YAML writer
    makes: a yes/no where a bool goes, a number in quotes, ``5.0`` where a count goes."""
    if kind in ("bool_type", "bool_parsing"):
        return ("write true or false: yes/no/on/off are text in YAML 1.2",
                "写 true 或 false:在 YAML 1.2 中 yes/no/on/off 是文本")
    if kind in _NUMBERS and isinstance(value, str) and _numeric(value):
        return (f"write the number without quotes ({value.strip()}): in quotes it is text",
                f"去掉引号,直接写数字({value.strip()}):加了引号就是文本")
    if kind in _NUMBERS and isinstance(value, bool):
        return ("write a number: true and false are not numbers", "写数字:true 和 false 不是数")
    if kind == "int_type" and isinstance(value, Decimal | float):
        return ("write a whole number, without a decimal point", "写整数,不带小数点")
    return "", ""


def _numeric(text: str) -> bool:
    try:
        return Decimal(text.strip().replace("_", "")).is_finite()  # not "nan", "inf"
    except ArithmeticError:
        return False


_CHINESE = {
    "less_than_equal": "应小于或等于 {le}", "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}", "greater_than": "应大于 {gt}",
    "string_too_long": "最多 {max_length} 个字符", "string_too_short": "至少 {min_length} 个字符",
    "string_pattern_mismatch": "应符合模式 `{pattern}`",
    "too_long": "最多 {max_length} 项", "too_short": "至少 {min_length} 项",
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数",
    "decimal_type": "应为数", "decimal_parsing": "应为数", "float_type": "应为数",
    "float_parsing": "应为数", "finite_number": "应为有限的数",
    "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本", "list_type": "应为列表", "tuple_type": "应为列表",
    "dict_type": "应为映射(键: 值)", "model_type": "应为映射(键: 值)",
    "model_attributes_type": "应为映射(键: 值)",
    "date_type": "应为日期(YYYY-MM-DD)", "date_parsing": "应为日期(YYYY-MM-DD)",
    "date_from_datetime_parsing": "应为日期(YYYY-MM-DD)",
    "literal_error": "应为 {expected} 之一", "enum": "应为 {expected} 之一",
    "union_tag_invalid": "`{discriminator}` 应为 {expected_tags} 之一",
    "union_tag_not_found": "缺少用来区分种类的键 {discriminator}",
    "multiple_of": "应为 {multiple_of} 的倍数", "int_parsing_size": "整数太大",
    "datetime_type": "应为日期时间", "datetime_parsing": "应为日期时间",
    "datetime_from_date_parsing": "应为日期时间", "time_type": "应为时刻(HH:MM)",
    "time_parsing": "应为时刻(HH:MM)", "date_from_datetime_inexact": "应为日期,不带时刻",
    "timedelta_type": "应为时长", "timedelta_parsing": "应为时长",
    "set_type": "应为列表", "frozen_set_type": "应为列表", "iterable_type": "应为列表",
    "none_required": "应为空", "string_unicode": "应为 Unicode 文本",
    "decimal_max_digits": "最多 {max_digits} 位数字",
    "decimal_max_places": "小数点后最多 {decimal_places} 位",
    "decimal_whole_digits": "小数点前最多 {whole_digits} 位",
    "bytes_type": "应为文本", "callable_type": "应为可调用对象",
}
"""pydantic's error types in Chinese, filled from the error's context; a type not listed
(a plain ``ValueError``'s ``value_error`` among them) is said by ``error_text`` as a value
that does not fit, with the type's name."""


def _in_chinese(kind: str, context: dict[str, Any]) -> str:
    template = _CHINESE.get(kind)
    if template is None:
        return ""
    try:
        return template.format(**{k: str(v).replace(" or ", " 或 ") for k, v in
                                  context.items()})
    except (KeyError, IndexError):
        return ""


def _echo(item: Any, items: list[Any]) -> bool:
    """A list "too short" only because its one item was refused (a NaN value): pydantic
    reports both, and only the item's error is the user's mistake."""
    if item["type"] != "too_short":
        return False
    loc = tuple(item["loc"])
    return any(len(other["loc"]) > len(loc) and tuple(other["loc"][:len(loc)]) == loc
               for other in items)


def _as_written(value: object) -> str:
    """A value as a YAML file writes it (``1E+308``, ``true``, ``"text"``), not Python's
    ``Decimal('1E+308')`` or ``True``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _look_alike(text: str) -> str:
    """The first letter outside ASCII in ``text``, named (Cyrillic е, full-width Ａ, …)."""
    for character in text:
        if ord(character) > 127 and character.isalpha():
            return f"`{character}` (U+{ord(character):04X} " \
                   f"{unicodedata.name(character, 'a non-ASCII letter')})"
    return ""


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Pydantic's location, minus the union tags it inserts, as a path into the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict | list) and part == loc[-1]:
            path.append(part)
    return tuple(path)


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where an unknown key stood, for a did-you-mean hint."""
    candidates: list[type[BaseModel]] = [root]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = next((f for m in candidates for n, f in m.model_fields.items()
                      if part in (n, f.alias)), None)
        if field is not None:
            candidates = _models_in(field.annotation)
            continue
        # not a field: a free mapping key (an attribute's name) keeps the candidates,
        # a union tag (an attribute's `type`) picks one of them
        tagged = [m for m in candidates if _tag_of(m) == part]
        if tagged:
            candidates = tagged
    if len(candidates) != 1:
        return []
    return sorted(f.alias or n for n, f in candidates[0].model_fields.items())


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models inside ``tuple[X, ...]``, ``X | None``, ``dict[str, X]``, unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found.extend(m for m in _models_in(arg) if m not in found)
    return found


def _tag_of(model: type[BaseModel]) -> Any:
    """The literal value of a discriminating ``type`` field, if the model has one."""
    field = model.model_fields.get("type")
    if field is None:
        return None
    args = get_args(field.annotation)
    return args[0] if len(args) == 1 else None
