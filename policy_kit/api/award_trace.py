"""One applicant's award explained, from Python: ``explain_award(...)``, whose result is
``award --explain FIRM --json`` (the versioned trace an auditor archives).

Part of the API layer over the policy engine (docs/policy.md). Every rule read, every
value it read, every cap, the budget's share and the parameters with the clause of the
document each comes from; money as ``Decimal``, the applicant's figures as written.
``trace_format`` changes whenever a key changes meaning (docs/format.md).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import JsonValue

from ..policy import YearResult
from .base import Result

__all__ = ["AwardExplanation", "explain_award", "explanation"]


class Both(Result):
    """A label in both languages, so an archived trace serves either reader."""

    zh: str
    en: str


class Reference(Result):
    """Where a rule or figure is stated: the document, its clause, and the words quoted."""

    doc: str
    title: Both
    url: str | None
    clause: str | None
    quote: str | None


class TracedPolicy(Result):
    id: str
    version: str
    title: Both
    file: str
    sha256: str


class TracedApplicant(Result):
    name: str
    row: int | None
    file: str | None
    sha256: str | None
    note: str | None
    values: dict[str, JsonValue]
    """The applicant's figures as read (decimals as text, so nothing is rounded)."""


class EligibilityRule(Result):
    id: str
    name: Both
    when: str
    holds: bool
    values: dict[str, JsonValue]
    reference: Reference
    assumption: str | None


class RewardRule(Result):
    """One reward of the policy; the amount keys are there when it ``applies``."""

    id: str
    kind: str
    name: Both
    when: str
    applies: bool
    values: dict[str, JsonValue]
    amount_formula: str | None = None
    raw: Decimal | None = None
    """The formula's value before the reward's cap."""
    cap_formula: str | None = None
    cap: Decimal | None = None
    cap_binds: bool | None = None
    amount: Decimal | None = None
    reference: Reference
    assumption: str | None


class FirmCap(Result):
    formula: str
    value: Decimal
    binds: bool
    reference: Reference


class AllocationStep(Result):
    """How the budget rule treated this applicant's entitlement."""

    method: str
    by: str | None
    rule: str
    assumption: str | None
    budget: Decimal
    demand: Decimal
    budget_binds: bool
    scaled: bool
    group: int | None
    shared: Decimal | None
    group_demand: Decimal | None
    exact_share: Decimal
    extra_fen: bool
    rounding: str


class ParameterUsed(Result):
    value: str
    unit: str | None
    name: Both
    years: str
    reference: Reference
    assumption: str | None


class AwardExplanation(Result):
    """How one applicant's award was computed, from eligibility to the fen paid."""

    trace_format: int
    policy: TracedPolicy
    process: str
    year: int
    applicant: TracedApplicant
    eligible: bool
    eligibility: tuple[EligibilityRule, ...]
    rewards: tuple[RewardRule, ...]
    firm_cap: FirmCap | None
    before_caps: Decimal
    before_allocation: Decimal
    allocation: AllocationStep
    before_rounding: Decimal
    amount: Decimal
    parameters: dict[str, ParameterUsed]


def explain_award(spec: str | Path, firm: str, *, year: int | None = None,
                  applicants: Path | None = None) -> AwardExplanation:
    """Why ``firm`` (an applicant's name, as in its file) is awarded what ``award`` gives it
    in ``year``; the arguments are ``award``'s. An unknown firm is a ``UsageError``."""
    from .awards import awarded

    return explanation(awarded(spec, year=year, applicants=applicants).year, firm)


def explanation(year: YearResult, firm: str) -> AwardExplanation:
    """``explain_award`` of a year already computed."""
    from ..policy import trace

    return AwardExplanation.of(trace(year, year.find(firm)))
