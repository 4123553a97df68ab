"""Typed application attributes: what an application carries and guards read.

Part of the schema (load → check → …). Each attribute declares its domain, which the
guard type-checker, the checker's abstraction of guards and ``path --set`` all rely on,
and an ``example``: the applicant ``policy-kit path`` walks unless told otherwise.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field, StrictBool, model_validator

from ..errors import Invalid
from .common import Exact, Id, Provenance, Text, Whole

__all__ = [
    "Attribute",
    "BoolAttribute",
    "DateAttribute",
    "EnumAttribute",
    "IntegerAttribute",
    "NumberAttribute",
    "StringAttribute",
]


class _Base(Provenance):
    name: Text | None = Field(default=None, description="A readable label.")
    unit: str | None = Field(default=None, description="Unit of a number, e.g. 万元 or m².")


class BoolAttribute(_Base):
    type: Literal["bool"]
    example: StrictBool

    def admits(self, value: object) -> bool:
        return isinstance(value, bool)


class EnumAttribute(_Base):
    type: Literal["enum"]
    values: tuple[Id, ...] = Field(min_length=1)
    labels: dict[Id, Text] = Field(default_factory=dict,
                                   description="Readable labels of the values.")
    example: Id

    @model_validator(mode="after")
    def _consistent(self) -> EnumAttribute:
        if len(set(self.values)) != len(self.values):
            raise Invalid("`values` lists a value twice", "`values` 中有重复的取值")
        if self.example not in self.values:
            raise Invalid(f"`example` {self.example!r} is not one of `values` "
                          f"({', '.join(self.values)})",
                          f"`example` {self.example!r} 不在 `values`（{', '.join(self.values)}）中")
        unknown = sorted(set(self.labels) - set(self.values))
        if unknown:
            raise Invalid(f"`labels` names values not in `values`: {', '.join(unknown)}",
                          f"`labels` 中有不在 `values` 里的取值：{', '.join(unknown)}")
        return self

    def admits(self, value: object) -> bool:
        return isinstance(value, str) and value in self.values


class IntegerAttribute(_Base):
    type: Literal["integer"]
    min: Whole | None = None
    max: Whole | None = None
    example: Whole

    @model_validator(mode="after")
    def _in_bounds(self) -> IntegerAttribute:
        _check_bounds(self.min, self.max, self.example)
        return self

    def admits(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return False
        if isinstance(value, Decimal) and value != value.to_integral_value():
            return False
        return _within(self.min, self.max, value)


class NumberAttribute(_Base):
    type: Literal["number"]
    min: Exact | None = None
    max: Exact | None = None
    example: Exact

    @model_validator(mode="after")
    def _in_bounds(self) -> NumberAttribute:
        _check_bounds(self.min, self.max, self.example)
        return self

    def admits(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return False
        return _within(self.min, self.max, value)


class StringAttribute(_Base):
    type: Literal["string"]
    max_length: Whole | None = Field(default=None, ge=1)
    example: str

    def admits(self, value: object) -> bool:
        return isinstance(value, str) and (
            self.max_length is None or len(value) <= self.max_length)


class DateAttribute(_Base):
    type: Literal["date"]
    min: dt.date | None = None
    max: dt.date | None = None
    example: dt.date

    @model_validator(mode="after")
    def _in_bounds(self) -> DateAttribute:
        _check_bounds(self.min, self.max, self.example)
        return self

    def admits(self, value: object) -> bool:
        return isinstance(value, dt.date) and _within(self.min, self.max, value)


Attribute = Annotated[
    Union[BoolAttribute, EnumAttribute, IntegerAttribute, NumberAttribute,  # noqa: UP007
          StringAttribute, DateAttribute],
    Field(discriminator="type"),
]


def _within(low: object, high: object, value: object) -> bool:
    return (low is None or low <= value) and (high is None or value <= high)  # type: ignore[operator]


def _check_bounds(low: object, high: object, example: object) -> None:
    if low is not None and high is not None and low > high:  # type: ignore[operator]
        raise Invalid(f"`min` ({low}) is greater than `max` ({high})",
                      f"`min`（{low}）大于 `max`（{high}）")
    if not _within(low, high, example):
        raise Invalid(f"`example` {example} is outside [{low}, {high}]",
                      f"`example` {example} 超出 [{low}, {high}]")
