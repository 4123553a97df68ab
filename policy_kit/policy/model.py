"""The policy file format (``processes/<id>.policy.yaml``): frozen pydantic models.

Part of load → check → compile → simulate → render: the schema of a policy, the rules that
say how much a firm is awarded once the process has decided that it is paid. The models
hold only what the file says; formulas are compiled and references resolved in
``policy_kit.policy.load``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ..errors import Invalid
from ..model import Exact, Frozen, Id, ProcessId, Provenance, Text, Whole

__all__ = [
    "Allocation",
    "AllocationMethod",
    "Document",
    "Eligibility",
    "FirmCap",
    "Money",
    "Parameter",
    "Period",
    "PolicyFile",
    "Reference",
    "Reward",
    "Round",
    "Rounding",
]

AllocationMethod = Literal["pro_rata", "rank", "first_come"]
Rounding = Literal["down", "half_up", "half_even"]

MAX_YEAR = 2200
MIN_YEAR = 1990


class Document(Provenance):
    """A published text that rules cite: the notice itself, or the process definition."""

    title: Text
    published: dt.date | None = None
    url: str | None = None


class Reference(Frozen):
    """Where a rule or a value is published: a document, its clause, a short quote."""

    doc: Id = Field(description="A key of `references`.")
    clause: str = Field(min_length=1, description="The clause or section of the document.")
    quote: str | None = Field(default=None, description="The words that set the rule.")


class Period(Frozen):
    """A parameter's value for the policy years ``from`` to ``until`` (both included)."""

    from_: Whole = Field(alias="from", ge=MIN_YEAR, le=MAX_YEAR)
    until: Whole | None = Field(default=None, ge=MIN_YEAR, le=MAX_YEAR,
                              description="Last policy year; open-ended when absent.")
    value: Exact
    reference: Reference
    assumption: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.until is not None and self.until < self.from_:
            raise Invalid(f"`until` ({self.until}) is before `from` ({self.from_})",
                          f"`until`（{self.until}）早于 `from`（{self.from_}）")
        if not self.value.is_finite():
            raise Invalid("`value` must be a finite number", "`value` 必须是有限的数")
        return self

    def covers(self, year: int) -> bool:
        return self.from_ <= year and (self.until is None or year <= self.until)

    def describe(self) -> str:
        """The years as people write them: ``2022–``, ``2022–2024``, ``2023``."""
        if self.until == self.from_:
            return str(self.from_)
        return f"{self.from_}–{self.until if self.until is not None else ''}"


class Parameter(Frozen):
    """A named number the formulas read (an amount, a rate, a threshold), by policy year."""

    name: Text
    unit: str | None = Field(default=None, description="元, m², %, or none for a rate.")
    values: tuple[Period, ...] = Field(min_length=1)


class Eligibility(Provenance):
    """A condition every awarded firm must meet; the first column of the award table."""

    id: Id
    name: Text
    when: str = Field(description="A guard over the process's attributes and parameters.")
    reference: Reference


class Reward(Provenance):
    """One reward of the notice: who qualifies (``when``) and how much (``amount``, ``cap``).

    ``amount`` and ``cap`` are formulas; the reward pays ``min(amount, cap)``, rounded to
    the fen. A reward whose notice text gives only a maximum (最高…) says how the model
    fills it in under ``assumption``.
    """

    id: Id
    kind: Literal["settlement", "rent", "tax", "operations", "talent", "venue", "works"]
    name: Text
    when: str
    amount: str
    cap: str | None = None
    reference: Reference


class FirmCap(Provenance):
    """A cap on the sum of one firm's rewards in a year (a formula, usually a parameter)."""

    amount: str
    reference: Reference


class Allocation(Provenance):
    """How the yearly budget is shared when the entitlements exceed it.

    ``pro_rata``: every entitlement is scaled by budget / demand. ``rank`` and
    ``first_come``: entitlements are paid in full in the order of ``by`` (highest first
    for ``rank``, earliest first for ``first_come``) until the budget runs out; a group
    tied on ``by`` that does not fit shares what is left pro rata, and later groups get
    nothing.
    """

    method: AllocationMethod
    by: Id | None = Field(default=None, description="The attribute that orders applicants.")
    reference: Reference | None = None

    @model_validator(mode="after")
    def _by(self) -> Allocation:
        if self.method == "pro_rata" and self.by is not None:
            raise Invalid("`pro_rata` shares the budget by amount; remove `by`",
                          "`pro_rata` 按金额分配预算：请去掉 `by`")
        if self.method != "pro_rata" and self.by is None:
            raise Invalid(f"`{self.method}` needs `by`: the attribute that orders "
                          "applicants", f"`{self.method}` 需要 `by`：给申请单位排序的属性")
        if self.reference is None and self.assumption is None:
            raise Invalid("give a `reference` or mark the rule as an `assumption`",
                          "请给出 `reference`，或把规则标为 `assumption`")
        return self


class Money(Provenance):
    """Rounding to the fen: each reward is rounded with ``rounding``; a scaled share is
    always rounded down, and the fen left over go one each to the largest remainders."""

    rounding: Rounding = "down"
    remainder: Literal["largest_remainder"] = "largest_remainder"


class Round(Provenance):
    """When a yearly round opens and which policy year it pays: a case belongs to the last
    round opened on or before the day it starts (the seed's February 2024 round paid 2023)."""

    opens: str = Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
                       description="Month and day the round opens each year, MM-DD.")
    pays: Literal["same_year", "previous_year"] = Field(
        description="The policy year a round pays: the year it opens in, or the one before.")

    def policy_year(self, started: dt.date) -> int:
        """The policy year of a case that starts on ``started``."""
        month, day = (int(part) for part in self.opens.split("-"))
        opened = started.year if (started.month, started.day) >= (month, day) else \
            started.year - 1
        return opened - 1 if self.pays == "previous_year" else opened


class PolicyFile(Provenance):
    """A whole policy file."""

    format: Literal[1] = Field(default=1, description=(
        "Version of the policy file format (docs/format.md); without it, format 1."))
    id: ProcessId
    process: ProcessId = Field(description="The process whose attributes the rules read.")
    version: str = Field(min_length=1, max_length=40,
                         description="Version of the rules, recorded in every trace.")
    title: Text
    references: dict[Id, Document] = Field(min_length=1)
    parameters: dict[Id, Parameter] = Field(default_factory=dict)
    budget: Id = Field(description="The parameter holding the yearly budget.")
    firm_cap: FirmCap | None = Field(default=None,
                                     description="A cap on one firm's total, if any.")
    eligibility: tuple[Eligibility, ...] = ()
    rewards: tuple[Reward, ...] = Field(min_length=1)
    allocation: Allocation
    money: Money = Money()
    round: Round | None = Field(default=None, description="When a round opens and which "
                                "policy year it pays (default: the year a case starts).")
    notes: tuple[str, ...] = ()
