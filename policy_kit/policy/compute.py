"""One applicant's entitlement under a policy year: eligibility, each reward, the caps.

The compute step of load → check → compile → simulate → render for policies: a pure
function from compiled rules, a year's parameters and one applicant's values to a record
that keeps every number it used, so that the explanation can show each one.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..errors import DefinitionError, ExpressionError, Location, Problem
from ..expr import Guard, Value, evaluate
from .applicants import Applicant
from .compiled import CompiledEligibility, CompiledReward, Policy, YearParameters
from .fast import CONTEXT, FALLBACK, Compiled, compile_fast, compile_tests, run
from .model import Rounding
from .money import MoneyError, to_fen

__all__ = ["Check", "Entitlement", "Entitler", "RewardLine", "entitle"]

BAD_RESULT = "PK312"


def _never_done(state: str) -> bool:
    """Policy rules cannot ask about states (the loader compiles them with none)."""
    return False


@dataclass(frozen=True, slots=True)
class Check:
    """An eligibility rule and whether the applicant meets it."""

    rule: CompiledEligibility
    holds: bool


class RewardLine(NamedTuple):
    """A reward that applies: the formula's ``raw`` value, the ``cap`` (if any), and the
    ``amount`` paid for it (``min(raw, cap)`` rounded to the fen). A named tuple, not a
    frozen dataclass: as immutable, and made in a third of the time (300,000 of them at
    200,000 applicants; a frozen dataclass sets each field through ``object.__setattr__``)."""

    reward: CompiledReward
    raw: Decimal
    cap: Decimal | None
    amount: Decimal

    @property
    def cap_binds(self) -> bool:
        return self.cap is not None and self.cap < self.raw


class Entitlement(NamedTuple):
    """What one applicant is owed before the budget rule (a named tuple, as ``RewardLine``).

    ``lines`` holds the rewards that apply (none when not eligible); ``before_caps`` is the
    sum of their raw amounts; ``amount`` the sum after every cap, in fen. ``failed`` names
    the eligibility rules not met (by id, from ``checks``; kept, not derived on each read,
    since every report asks it of 200,000 entitlements).
    """

    applicant: Applicant
    checks: tuple[Check, ...]
    lines: tuple[RewardLine, ...]
    before_caps: Decimal
    firm_cap: Decimal | None
    amount: Decimal
    failed: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.failed

    @property
    def firm_cap_binds(self) -> bool:
        capped = sum((line.amount for line in self.lines), Decimal(0))
        return self.firm_cap is not None and self.firm_cap < capped


def _failed(checks: tuple[Check, ...]) -> tuple[str, ...]:
    return tuple(check.rule.spec.id for check in checks if not check.holds)


def entitle(policy: Policy, year: YearParameters, applicant: Applicant) -> Entitlement:
    """The entitlement of ``applicant``; raise ``DefinitionError`` (with the applicant's
    row) if a rule cannot be computed for these values or gives a negative amount."""
    return Entitler(policy, year)(applicant)


class Entitler:
    """``entitle`` for many applicants of one policy year: what does not depend on the
    applicant (the year's values, the two possible outcomes of each eligibility rule) is
    prepared once, which matters at 200,000 applicants."""

    def __init__(self, policy: Policy, year: YearParameters) -> None:
        self.policy = policy
        self.year_values: dict[str, object] = dict(year.values)
        self.outcomes = tuple((rule, Check(rule, True), Check(rule, False),
                               (f"eligibility rule `{rule.spec.id}`",
                                f"资格规则 `{rule.spec.id}`"))
                              for rule in policy.eligibility)
        self.conditions = tuple((reward, (f"the condition of reward `{reward.spec.id}`",
                                          f"奖励 `{reward.spec.id}` 的条件"))
                                for reward in policy.rewards)
        fixed = self.year_values  # parameters cannot share a name with an attribute
        self.eligibility = compile_tests([rule.guard.tree for rule in policy.eligibility],
                                         fixed)
        self.when = compile_tests([reward.when.tree for reward in policy.rewards], fixed)
        self.amounts = tuple((reward, compile_fast(reward.amount.tree, fixed),
                              None if reward.cap is None else compile_fast(reward.cap.tree,
                                                                           fixed))
                             for reward in policy.rewards)
        self.firm_cap = None if policy.firm_cap is None else compile_fast(
            policy.firm_cap.tree, fixed)
        self.checks: dict[tuple[bool, ...], tuple[tuple[Check, ...], tuple[str, ...]]] = {}
        """The checks of each outcome of the eligibility rules, and the rules failed (a
        handful, shared)."""

    def __call__(self, applicant: Applicant) -> Entitlement:
        with decimal.localcontext(CONTEXT):
            return self._one(applicant)

    def every(self, applicants: Iterable[Applicant], max_problems: int) -> list[Entitlement]:
        """``self(applicant)`` of every applicant, the decimal context entered once, not
        once an applicant; raise ``DefinitionError`` with every applicant's problem (up to
        ``max_problems`` of them) if any cannot be computed."""
        found: list[Entitlement] = []
        problems: list[Problem] = []
        with decimal.localcontext(CONTEXT):
            for applicant in applicants:
                try:
                    found.append(self._one(applicant))
                except DefinitionError as error:
                    problems.extend(error.problems)
                    if len(problems) >= max_problems:
                        break
        if problems:
            raise DefinitionError(problems)
        return found

    def _one(self, applicant: Applicant) -> Entitlement:
        """``self(applicant)``, inside the decimal context ``CONTEXT``."""
        values: Mapping[str, object] = applicant.values
        if int in map(type, values.values()):  # rules see Decimals
            values = {k: Decimal(str(v)) if type(v) is int else v for k, v in values.items()}
        try:
            try:
                return self._quick(values, applicant)
            except (*FALLBACK, _Careful):  # rule by rule, saying what went wrong
                return self._entitle({**self.year_values, **values}, applicant)
        except ExpressionError as error:
            raise DefinitionError((_row_problem(applicant, (error.message, error.message_zh)),
                                   )) from None
        except MoneyError as error:
            raise DefinitionError((_row_problem(applicant, (str(error), error.zh)),)) from None

    def _quick(self, values: Mapping[str, object], applicant: Applicant) -> Entitlement:
        """``_entitle`` by the year's compiled rules, every rule of a kind in one call; it
        gives up (a ``FALLBACK`` exception, or ``_Careful``) wherever a rule needs the
        reference evaluator or an amount is not a number of 0 or more."""
        met: tuple[bool, ...] = self.eligibility(values, _never_done)
        outcome = self.checks.get(met)
        if outcome is None:
            checks = tuple(yes if holds else no for (_, yes, no, _), holds
                           in zip(self.outcomes, met, strict=True))
            outcome = self.checks[met] = (checks, _failed(checks))
        checks, failed = outcome
        if failed:
            return Entitlement(applicant, checks, (), _ZERO, None, _ZERO, failed)
        applies: tuple[bool, ...] = self.when(values, _never_done)
        rounding = self.policy.file.money.rounding
        lines = []
        for (reward, amount, cap), applied in zip(self.amounts, applies, strict=True):
            if not applied:
                continue
            raw = _amount(amount, values)
            if cap is None:
                lines.append(RewardLine(reward, raw, None, to_fen(raw, rounding)))
            else:
                limit = _amount(cap, values)
                lines.append(RewardLine(reward, raw, limit, min(to_fen(raw, rounding),
                                                                to_fen(limit, "down"))))
        total = sum((line.amount for line in lines), _ZERO)
        firm_cap = None
        if self.firm_cap is not None:
            firm_cap = to_fen(_amount(self.firm_cap, values), "down")
            total = min(total, firm_cap)
        return Entitlement(applicant, checks, tuple(lines),
                           sum((line.raw for line in lines), _ZERO), firm_cap, total, ())

    def _entitle(self, values: Mapping[str, object], applicant: Applicant) -> Entitlement:
        checks = tuple(met if _holds(rule.test, rule.guard, values, what) else unmet
                       for rule, met, unmet, what in self.outcomes)
        zero = Decimal(0)
        failed = _failed(checks)
        if failed:
            return Entitlement(applicant, checks, (), zero, None, zero, failed)
        return self._paid(values, applicant, checks,
                          [reward for reward, what in self.conditions
                           if _holds(reward.fast_when, reward.when, values, what)])

    def _paid(self, values: Mapping[str, object], applicant: Applicant,
              checks: tuple[Check, ...], rewards: list[CompiledReward]) -> Entitlement:
        """An eligible applicant's entitlement under the ``rewards`` whose condition holds."""
        policy = self.policy
        rounding = policy.file.money.rounding
        zero = Decimal(0)
        lines = tuple(_line(reward, values, rounding, applicant) for reward in rewards)
        total = sum((line.amount for line in lines), zero)
        firm_cap = None
        if policy.firm_cap is not None:
            what = ("the firm cap", "单位封顶")
            firm_cap = to_fen(_number(_named(what, policy.firm_cap.value, values,
                                             _never_done), what, applicant), "down")
            total = min(total, firm_cap)
        return Entitlement(applicant, checks, lines, sum((line.raw for line in lines), zero),
                           firm_cap, total, ())


class _Careful(Exception):
    """An amount the quick path leaves to the careful one (not a number, or negative)."""


_ZERO = Decimal(0)


def _amount(compiled: Compiled, values: Mapping[str, object]) -> Decimal:
    value = compiled(values, _never_done)
    if type(value) is not Decimal or value < 0:
        raise _Careful
    return value


_What = tuple[str, str]
"""The rule a message is about, in English and in Chinese."""


def _holds(fast: Compiled, guard: Guard, values: Mapping[str, object], what: _What) -> bool:
    try:  # ``run``, inlined: this is called 3 million times for 200,000 applicants
        result = fast(values, _never_done)
    except FALLBACK:
        try:
            result = evaluate(guard.tree, values, _never_done)
        except ExpressionError as error:  # a division by zero: say which rule, not the row
            raise _about(what, error) from None
    if result is not True and result is not False:
        raise ExpressionError(f"{what[0]}: the condition did not give true or false",
                              guard.tree.start, zh=(f"{what[1]}：条件没有得出真或假", ""))
    return result


def _line(reward: CompiledReward, values: Mapping[str, object], rounding: Rounding,
          applicant: Applicant) -> RewardLine:
    name = reward.spec.id
    raw = _number(_named((f"the amount of reward `{name}`", f"奖励 `{name}` 的金额"), run,
                         reward.fast_amount, reward.amount.tree, values, _never_done),
                  (f"reward `{name}`", f"奖励 `{name}`"), applicant)
    if reward.cap is None or reward.fast_cap is None:
        return RewardLine(reward, raw, None, to_fen(raw, rounding))
    what = (f"the cap of reward `{name}`", f"奖励 `{name}` 的封顶")
    cap = _number(_named(what, run, reward.fast_cap, reward.cap.tree, values, _never_done),
                  what, applicant)
    paid = min(to_fen(raw, rounding), to_fen(cap, "down"))
    return RewardLine(reward, raw, cap, paid)


def _named(what: _What, function: Callable[..., Value], *args: object) -> Value:
    """``function(*args)``, its expression error prefixed with the rule it is about."""
    try:
        return function(*args)
    except ExpressionError as error:
        raise _about(what, error) from None


def _about(what: _What, error: ExpressionError) -> ExpressionError:
    """``error`` prefixed with the rule it is about, in both languages."""
    return ExpressionError(f"{what[0]}: {error.message}", error.offset, error.hint,
                           zh=(f"{what[1]}：{error.message_zh}", error.hint_zh))


def _number(value: Value, what: _What, applicant: Applicant) -> Decimal:
    if not isinstance(value, Decimal):
        raise DefinitionError((_row_problem(applicant, (f"{what[0]} is not a number",
                                                        f"{what[1]} 不是数字")),))
    if value < 0:
        raise DefinitionError((_row_problem(applicant, (
            f"{what[0]} comes to {value}, and amounts cannot be negative",
            f"{what[1]} 算出 {value}，金额不能为负")),))
    return value


def _row_problem(applicant: Applicant, message: _What) -> Problem:
    """A problem at the applicant's row; ``message`` in English and Chinese."""
    where = f"row {applicant.row}, " if applicant.row else ""
    where_zh = f"第 {applicant.row} 行，" if applicant.row else ""
    location = Location(applicant.file or applicant.name, applicant.row, 1 if applicant.row
                        else 0)
    return Problem(location, f"{where}`{applicant.name}`: {message[0]}",
                   "check this applicant's figures against the rule", BAD_RESULT,
                   message_zh=f"{where_zh}`{applicant.name}`：{message[1] or message[0]}",
                   hint_zh="请对照规则核对该申请单位的数据")
