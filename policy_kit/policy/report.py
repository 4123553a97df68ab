"""A policy year as plain data: the JSON form of ``policy-kit award`` (the render end of
load → check → compile → simulate → render for policies), also what other tools archive.

Money is written as decimal strings with two decimals (``"1100000.00"``), never as floats.
"""

from __future__ import annotations

from typing import Any

from ..jsontext import Rows
from .money import money_json
from .year import Award, YearResult

__all__ = ["REPORT_FORMAT", "year_report", "year_report_streamed"]

REPORT_FORMAT = 1


def year_report(result: YearResult) -> dict[str, Any]:
    """``total``, ``budget`` and ``awards`` (each with the amounts before caps, before
    allocation and before rounding, the final ``amount``, and whether its figures are
    ``illustrative``), plus where it all came from and which rows are illustrative."""
    report = year_report_streamed(result)
    report["awards"] = report["awards"].dicts()
    return report


def year_report_streamed(result: YearResult) -> dict[str, Any]:
    """``year_report`` with ``awards`` as ``jsontext.Rows``, each award's values made as
    it is written (``json_pieces``): 200,000 awards never exist as data at once."""
    policy = result.policy
    source = result.applicants
    return {
        "report_format": REPORT_FORMAT,
        "policy": {"id": policy.id, "version": policy.file.version, "file": str(policy.path),
                   "sha256": policy.digest},
        "year": result.year,
        "applicants": {"file": source.source, "sha256": source.digest} if source else None,
        "budget": money_json(result.budget),
        "demand": money_json(result.demand),
        "total": money_json(result.total),
        "left": money_json(result.left),
        "allocation": {"method": policy.file.allocation.method,
                       "by": policy.file.allocation.by, "budget_binds": result.scaled},
        "awards": Rows(AWARD_KEYS, map(_award, result.awards)),
        "illustrative": [a.name for a in result.awards if a.entitlement.applicant.illustrative],
    }


AWARD_KEYS = ("applicant", "row", "eligible", "failed", "rewards", "before_caps",
              "before_allocation", "before_rounding", "amount", "illustrative", "note")


def _award(award: Award) -> tuple[Any, ...]:
    """An award's values, in the order of ``AWARD_KEYS``."""
    item = award.entitlement
    applicant = item.applicant
    lines = item.lines
    return (applicant.name, applicant.row or None, not item.failed, list(item.failed),
            {line.reward.spec.id: money_json(line.amount) for line in lines} if lines else {},
            str(item.before_caps), money_json(item.amount), str(award.before_rounding),
            money_json(award.amount), applicant.illustrative, applicant.note or None)
