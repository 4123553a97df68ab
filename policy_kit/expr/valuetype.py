"""The types a guard can talk about, shared by the loader's attribute declarations and the
checker in the check stage of policy-kit's pipeline (load → check → compile → simulate → render).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["BOOL", "DATE", "NUMBER", "STRING", "Kind", "ValueType", "enum_type", "list_of"]

Kind = Literal["bool", "number", "string", "date", "enum", "list"]

_SINGULAR = {"bool": "a true/false value", "number": "a number", "string": "text",
             "date": "a date"}
_PLURAL = {"bool": "true/false values", "number": "numbers", "string": "text values",
           "date": "dates", "enum": "choices", "list": "lists"}
_SINGULAR_ZH = {"bool": "真假值", "number": "数字", "string": "文本", "date": "日期",
                "enum": "选项", "list": "列表"}
_SHOWN_VALUES = 6


@dataclass(frozen=True)
class ValueType:
    """What a value is; ``values`` only for an enum, ``item`` only for a list.

    Integer-ness is not a type here: arithmetic is exact Decimal either way, so only the
    attribute declarations need to know it.
    """

    kind: Kind
    values: tuple[str, ...] = ()
    item: ValueType | None = None

    def describe(self, lang: str = "en") -> str:
        """How error messages name this type ("a number", "text", "a choice of ...")."""
        zh = lang == "zh"
        if self.kind == "enum":
            shown = ", ".join(f'"{v}"' for v in self.values[:_SHOWN_VALUES])
            more = ", …" if len(self.values) > _SHOWN_VALUES else ""
            return f"{shown}{more} 之一" if zh else f"a choice of {shown}{more}"
        if self.kind == "list":
            if self.item is None:
                return "列表" if zh else "a list"
            return f"{_SINGULAR_ZH[self.item.kind]}列表" if zh else \
                f"a list of {_PLURAL[self.item.kind]}"
        return _SINGULAR_ZH[self.kind] if zh else _SINGULAR[self.kind]


BOOL = ValueType("bool")
NUMBER = ValueType("number")
STRING = ValueType("string")
DATE = ValueType("date")


def enum_type(values: Iterable[str]) -> ValueType:
    """An enum whose values are ``values`` (duplicates dropped, order kept)."""
    return ValueType("enum", tuple(dict.fromkeys(values)))


def list_of(item: ValueType) -> ValueType:
    """A list whose elements are all of type ``item``."""
    return ValueType("list", item=item)
