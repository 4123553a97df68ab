"""A policy year's awards from Python: ``award(...)``, whose result is ``award --json``.

Part of the API layer over the policy engine (docs/policy.md). Money is exact: every
amount is a ``Decimal`` (written as a decimal string with two decimals), and the awards
add up to ``total``; when the demand exceeds the budget, entitlements are scaled by the
policy's ``allocation`` rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from ..errors import UsageError
from ..policy import Policy, YearResult
from .base import Result

__all__ = ["AwardResult", "Awarded", "award", "awarded"]


class PolicyUsed(Result):
    id: str
    version: str
    file: str
    sha256: str


class ApplicantsUsed(Result):
    file: str
    sha256: str


class Allocation(Result):
    method: str
    by: str | None
    budget_binds: bool
    """Whether the demand exceeded the budget, so entitlements were scaled."""


class ApplicantAward(Result):
    """One applicant: eligibility, each reward, and the amount at every step to the end."""

    applicant: str
    row: int | None
    """The applicant's row in its file (the header is row 1)."""
    eligible: bool
    failed: tuple[str, ...]
    """The eligibility rules the applicant failed, by id."""
    rewards: dict[str, Decimal]
    before_caps: Decimal
    before_allocation: Decimal
    before_rounding: Decimal
    amount: Decimal
    illustrative: bool
    """The row's figures are the modeller's, not published: the amounts illustrate rules."""
    note: str | None


class AwardResult(Result):
    """A policy year: the budget, what was demanded and paid, and every applicant's award,
    with the policy and applicant files it was computed from (by SHA-256)."""

    report_format: int
    policy: PolicyUsed
    year: int
    applicants: ApplicantsUsed | None
    budget: Decimal
    demand: Decimal
    total: Decimal
    left: Decimal
    allocation: Allocation
    awards: tuple[ApplicantAward, ...]
    illustrative: tuple[str, ...]
    """The applicants whose figures are illustrative."""


@dataclass(frozen=True)
class Awarded:
    """What ``award`` computed, for front ends that explain one applicant or print a table.

    ``result`` (the JSON form as a model) is built when first asked for: the table and
    ``--explain`` never need it, and for 200,000 applicants it is 200,000 more models.
    """

    year: YearResult

    @cached_property
    def result(self) -> AwardResult:
        from ..policy import year_report

        return AwardResult.of(year_report(self.year))


def award(spec: str | Path, *, year: int | None = None,
          applicants: Path | None = None) -> AwardResult:
    """What each applicant is awarded in ``year`` under ``spec``'s policy.

    ``spec``: a process with ``<id>.policy.yaml`` beside it, or the policy file itself.
    ``year``: default the latest year with bundled example applicants. ``applicants``: a
    CSV (UTF-8) or XLSX file, first column ``name`` then attributes (default: the bundled
    example of the year). A year the policy has no parameters for is a ``UsageError``.
    """
    return awarded(spec, year=year, applicants=applicants).result


def awarded(spec: str | Path, *, year: int | None = None,
            applicants: Path | None = None) -> Awarded:
    """``award`` with the year's computation it was written from."""
    from ..policy import award_year, load_policy, needed_columns, read_applicants

    policy = load_policy(spec)
    chosen, path = _year_and_file(policy, year, applicants)
    rows = read_applicants(path, policy.definition.process, needed_columns(policy))
    result = award_year(policy, rows.rows, chosen, rows)
    return Awarded(result)


def _year_and_file(policy: Policy, year: int | None, given: Path | None) -> tuple[int, Path]:
    from ..policy import applicant_files

    bundled = applicant_files(policy)
    if year is None:
        if not bundled:
            raise UsageError(f"`{policy.id}` has no example applicants; give --year and "
                             "--applicants",
                             zh=f"`{policy.id}` 没有示例申请名单;请给出 --year 和 --applicants")
        year = max(bundled)
    policy.parameters(year)  # a year the policy does not cover is the first thing to say
    if given is not None:
        return year, given
    if year not in bundled:
        shown = ", ".join(str(y) for y in sorted(bundled)) or "none"
        raise UsageError(f"no example applicants for {year} (bundled years: {shown}); give "
                         "--applicants FILE",
                         zh=f"{year} 年没有示例申请名单(内置的年份:{shown});请给出 "
                            "--applicants FILE")
    return year, bundled[year]
