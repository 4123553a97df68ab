"""Building blocks shared by every part of a definition: ids, bilingual text, limits.

Part of load → check → compile → simulate → render: the schema. Every model is a frozen
pydantic model that rejects unknown keys, so a misspelt key is an error, not a silent
default (PolicyEngine once froze 103 values that way).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import Invalid

__all__ = ["Exact", "Frozen", "Id", "Lang", "Limit", "Number", "ProcessId", "Provenance",
           "Text", "Whole", "label"]

Lang = Literal["zh", "en"]

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=80)]
"""An id usable inside guards (``done(fire_review)``): letters, digits and ``_``."""

ProcessId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
"""A process id is also its file name, so lower-case words joined by ``-``."""


def _not_text(value: object) -> object:
    """A number must be written as one: pydantic would read ``"5"`` and ``true`` as 5 and
    1, so a quoted figure in a file would pass unseen (``working_days: '5'``)."""
    if isinstance(value, str | bool):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


Whole = Annotated[int, Strict()]
"""A whole number written as a number: not ``"5"``, not ``true``, not ``5.0``."""

Number = Annotated[float, BeforeValidator(_not_text)]
"""A number written as a number (``0.5``, ``3``; the loader's exact ``Decimal`` too)."""

Exact = Annotated[Decimal, BeforeValidator(_not_text)]
"""An exact number (money) written as a number: ``"500000"`` in quotes is text."""


class Frozen(BaseModel):
    """Base of every definition model: immutable, strict about keys, built lazily.

    ``defer_build`` keeps schema construction off the CLI's start-up path.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True,
                              populate_by_name=True)


class Provenance(Frozen):
    """Where a fact comes from, or that it is a modelling assumption.

    The project's rule: every fact cited (``source``), every assumption marked
    (``assumption``), so a reader can tell the two apart.
    """

    source: str | None = Field(default=None, description="Where this fact is stated.")
    assumption: str | None = Field(
        default=None, description="Why this is a modelling choice, not a sourced fact.")


class Text(Frozen):
    """A label in Chinese and English; a plain string in the file fills both."""

    zh: str | None = None
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, value: object) -> object:
        if isinstance(value, str):
            return {"zh": value, "en": value}
        return value

    @model_validator(mode="after")
    def _at_least_one(self) -> Text:
        if not (self.zh or self.en):
            raise Invalid("give at least one of `zh` and `en`", "`zh` 和 `en` 至少给出一个")
        return self

    def pick(self, lang: Lang | Literal["both"] = "zh") -> str:
        """The label in ``lang``, falling back to the other language."""
        zh = self.zh or self.en or ""
        en = self.en or self.zh or ""
        if lang == "both":
            return zh if zh == en else f"{zh} / {en}"
        return zh if lang == "zh" else en


def label(text: Text | None, fallback: str, lang: str) -> str:
    """A label in ``lang`` (``zh``; anything else reads English), or ``fallback`` (an id)
    when the file gives none."""
    return text.pick("zh" if lang == "zh" else "en") if text else fallback


class Limit(Frozen):
    """A time limit, in working days or natural days (exactly one).

    ``working_days: 0`` means the same day. The day of receipt is not counted unless
    ``counts_first_day`` is true, as for public notices, whose first day counts
    (a notice "from 28 September, 5 working days" ends on 10 October 2023).
    """

    working_days: Whole | None = Field(default=None, ge=0, le=3650)
    natural_days: Whole | None = Field(default=None, ge=0, le=3650)
    counts_first_day: StrictBool = False
    reference: str | None = Field(default=None, description="The rule that sets this limit.")
    assumption: str | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> Limit:
        if (self.working_days is None) == (self.natural_days is None):
            raise Invalid("give exactly one of `working_days` and `natural_days`",
                          "`working_days` 和 `natural_days` 恰好给出一个")
        return self

    @property
    def days(self) -> int:
        return self.working_days if self.working_days is not None else (self.natural_days or 0)

    @property
    def unit(self) -> Literal["working_days", "natural_days"]:
        return "working_days" if self.working_days is not None else "natural_days"

    def describe(self, lang: Lang = "en") -> str:
        if lang == "zh":
            unit = "个工作日" if self.unit == "working_days" else "个自然日"
            return "当日办结" if self.days == 0 and self.unit == "working_days" else (
                f"{self.days}{unit}")
        if self.days == 0 and self.unit == "working_days":
            return "same day"
        kind = "working" if self.unit == "working_days" else "natural"
        return f"{self.days} {kind} day{'' if self.days == 1 else 's'}"
