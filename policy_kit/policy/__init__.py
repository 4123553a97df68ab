"""Policies as data: who is eligible, what each firm is awarded from the yearly budget, and
why — the ``policy`` branch of load → check → compile → simulate → render.

    policy = load_policy("xianyang-culture-subsidy")          # the *.policy.yaml beside it
    applicants = read_applicants(path, policy.definition.process, needed_columns(policy))
    result = award_year(policy, applicants.rows, 2023, applicants)
    result.total, result.find("陕西西创互娱科技有限公司").amount
    trace(result, award)                                      # the versioned explanation

Money is ``Decimal`` throughout and the budget is shared in integer fen, so the awards add
up to the total exactly.
"""

from .allocate import Share, allocate
from .applicants import Applicant, Applicants, read_applicants
from .compiled import CompiledEligibility, CompiledReward, Policy, PolicyYearError, YearParameters
from .compute import Check, Entitlement, RewardLine, entitle
from .explain import TRACE_FORMAT, explain, trace
from .load import (
    POLICY_SUFFIX,
    applicant_files,
    load_policy,
    needed_columns,
    policy_path,
    read_policy,
)
from .model import PolicyFile
from .report import REPORT_FORMAT, year_report, year_report_streamed
from .year import Award, YearResult, award_for, award_with, award_year, policy_year

__all__ = [
    "POLICY_SUFFIX", "REPORT_FORMAT", "TRACE_FORMAT", "Applicant", "Applicants", "Award", "Check",
    "applicant_files",
    "CompiledEligibility", "CompiledReward", "Entitlement", "Policy", "PolicyFile",
    "PolicyYearError", "RewardLine", "Share", "YearParameters", "YearResult", "allocate",
    "award_for", "award_with", "award_year", "entitle", "explain", "load_policy", "needed_columns",
    "policy_path", "policy_year", "read_applicants", "read_policy", "trace", "year_report",
    "year_report_streamed",
]
