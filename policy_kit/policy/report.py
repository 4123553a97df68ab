"""A policy year as plain data: the JSON form of ``policy-kit award`` (the render end of
load → check → compile → simulate → render for policies), also what other tools archive.

Money is written as decimal strings with two decimals (``"1100000.00"``), never as floats.
"""

from __future__ import annotations

from typing import Any

from .money import money_json
from .year import Award, YearResult

__all__ = ["REPORT_FORMAT", "year_report", "year_report_streamed"]

REPORT_FORMAT = 1


def year_report(result: YearResult) -> dict[str, Any]:
    """``total``, ``budget`` and ``awards`` (each with the amounts before caps, before
    allocation and before rounding, the final ``amount``, and whether its figures are
    ``illustrative``), plus where it all came from and which rows are illustrative."""
    report = year_report_streamed(result)
    report["awards"] = list(report["awards"])
    return report


def year_report_streamed(result: YearResult) -> dict[str, Any]:
    """``year_report`` with ``awards`` an iterator, each award's data made as it is
    written (``jsontext.json_pieces``): 200,000 awards never exist as data at once."""
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
        "awards": map(_award, result.awards),
        "illustrative": [a.name for a in result.awards if a.entitlement.applicant.illustrative],
    }


def _award(award: Award) -> dict[str, Any]:
    item = award.entitlement
    return {
        "applicant": award.name,
        "row": item.applicant.row or None,
        "eligible": item.eligible,
        "failed": list(item.failed),
        "rewards": {line.reward.spec.id: money_json(line.amount) for line in item.lines},
        "before_caps": str(item.before_caps),
        "before_allocation": money_json(item.amount),
        "before_rounding": str(award.before_rounding),
        "amount": money_json(award.amount),
        "illustrative": item.applicant.illustrative,
        "note": item.applicant.note or None,
    }
