"""A policy year: every applicant's entitlement, then the budget shared among them.

The compute step of load → check → compile → simulate → render for policies, and the
entry point other commands call: ``award_year`` for a whole year's applicants (``award``,
``simulate``), ``award_for`` for one application (``path``).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..errors import DefinitionError, Problem, UsageError
from ..heap import collection_paused
from ..loader import Definition
from ..values import attribute_values
from .allocate import Share, allocate
from .applicants import Applicant, Applicants
from .compiled import Policy, YearParameters
from .compute import Entitlement, Entitler
from .load import policy_path, read_policy
from .money import exact_yuan, from_fen, whole_fen

__all__ = ["Award", "YearResult", "award_for", "award_with", "award_year", "policy_year"]

MAX_PROBLEMS = 50
_NOTHING = Decimal("0.00")


class Award(NamedTuple):
    """One applicant's final award; ``share`` is None when nothing was owed (a named
    tuple, as ``compute.RewardLine``: 200,000 of them)."""

    entitlement: Entitlement
    share: Share | None
    amount: Decimal

    @property
    def name(self) -> str:
        return self.entitlement.applicant.name

    @property
    def before_rounding(self) -> Decimal:
        """The exact share of the budget before rounding to the fen."""
        if self.share is None:
            return Decimal(0)
        return exact_yuan(self.share.numerator, self.share.denominator)


@dataclass(frozen=True)
class YearResult:
    """A year's awards: ``demand`` is the sum of entitlements, ``total`` the sum paid."""

    policy: Policy
    parameters: YearParameters
    awards: tuple[Award, ...]
    demand: Decimal
    total: Decimal
    applicants: Applicants | None = None

    @property
    def year(self) -> int:
        return self.parameters.year

    @property
    def budget(self) -> Decimal:
        return self.parameters.budget

    @property
    def left(self) -> Decimal:
        return self.budget - self.total

    @property
    def scaled(self) -> bool:
        return self.demand > self.budget

    def find(self, name: str) -> Award:
        """The award of the applicant called ``name`` (or say who is there)."""
        for award in self.awards:
            if award.name == name:
                return award
        names = [award.name for award in self.awards]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "applicants: " + ", ".join(names)
        hint_zh = f"是不是 `{close[0]}`?" if close else "申请单位:" + ", ".join(names)
        raise UsageError(f"no applicant called `{name}` in this year's file; {hint}",
                         zh=f"这一年的申请名单中没有 `{name}`;{hint_zh}")


def award_year(policy: Policy, applicants: Sequence[Applicant], year: int,
               source: Applicants | None = None) -> YearResult:
    """Compute every entitlement, then share the year's budget by the declared rule."""
    return award_with(policy, policy.parameters(year), applicants, source)


def award_with(policy: Policy, parameters: YearParameters, applicants: Sequence[Applicant],
               source: Applicants | None = None) -> YearResult:
    """``award_year`` with the year's parameters given, so that a what-if (another budget,
    another rate) is a ``dataclasses.replace`` away, not an edit of the policy file."""
    if parameters.budget < 0 or parameters.budget != parameters.budget.quantize(
            Decimal("0.01")):
        negative = parameters.budget < 0
        what = "is negative" if negative else "is not a whole number of fen"
        raise DefinitionError((Problem(policy.source.locate(("parameters",
                                                             policy.file.budget)),
                                       f"the budget for {parameters.year} "
                                       f"({parameters.budget} 元) {what}",
                                       "give the year's budget in yuan, 0 or more, with at "
                                       "most two decimals",
                                       message_zh=f"{parameters.year} 年的预算（"
                                                  f"{parameters.budget} 元）"
                                                  + ("是负数" if negative else "不是整分"),
                                       hint_zh="以元为单位写出该年度预算，不小于 0，最多两位小数"
                                       ),))
    with collection_paused():  # every entitlement stays alive: nothing to collect yet
        return _awards(policy, parameters, applicants, source)


def _awards(policy: Policy, parameters: YearParameters, applicants: Sequence[Applicant],
            source: Applicants | None) -> YearResult:
    entitlements = Entitler(policy, parameters).every(applicants, MAX_PROBLEMS)
    owed = [index for index, item in enumerate(entitlements) if item.amount > 0]
    shares = allocate([whole_fen(entitlements[i].amount) for i in owed],
                      whole_fen(parameters.budget), _keys(policy, entitlements, owed),
                      descending=policy.file.allocation.method == "rank")
    share_of: dict[int, Share] = dict(zip(owed, shares, strict=True))
    awards = tuple(Award(item, None, _NOTHING) if (share := share_of.get(index)) is None
                   else Award(item, share, from_fen(share.fen))
                   for index, item in enumerate(entitlements))
    demand = sum((item.amount for item in entitlements), Decimal("0.00"))
    total = from_fen(sum(share.fen for share in shares))
    return YearResult(policy, parameters, awards, demand, total, source)


def _keys(policy: Policy, entitlements: list[Entitlement],
          owed: list[int]) -> list[Hashable] | None:
    by = policy.file.allocation.by
    if by is None:
        return None
    keys: list[Hashable] = []
    for index in owed:
        value = entitlements[index].applicant.values.get(by)
        if value is None:
            applicant = entitlements[index].applicant
            raise UsageError(f"`{applicant.name}` has no `{by}`, which the budget rule "
                             "orders applicants by",
                             zh=f"`{applicant.name}` 没有 `{by}`，而预算规则按它给申请单位排序")
        keys.append(value)
    return keys


def policy_year(definition: Definition, started: dt.date) -> int:
    """The policy year of a case of ``definition`` that starts on ``started``: the year its
    round pays, if the policy file declares its rounds, else the year it starts."""
    path = policy_path(definition)
    if path is None:
        return started.year
    round_ = read_policy(path, definition).file.round
    return started.year if round_ is None else round_.policy_year(started)


def award_for(definition: Definition, attributes: Mapping[str, object],
              year: int) -> Award | None:
    """The award of one application under the policy beside ``definition``, as if it were
    the year's only applicant (so the budget binds only if it alone exceeds it); ``None``
    when the process has no policy file. Unset attributes take their examples."""
    path = policy_path(definition)
    if path is None:
        return None
    policy = read_policy(path, definition)
    values = attribute_values(definition.process, attributes)
    applicant = Applicant("applicant", values)
    return award_year(policy, (applicant,), year).awards[0]
