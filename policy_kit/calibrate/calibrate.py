"""From a replayed case log to a scenario: every figure estimated, and said where it came from.

Part of log → replay → **calibrate** → scenario. ``calibrate`` gathers the observations
of the cases that fit (``observe``), estimates each part (``fit``, ``shares``, ``office``)
and assembles a scenario in the ordinary format, which ``simulate`` and ``compare``
read unchanged. Each figure carries its provenance in ``source:`` (the log's name, how
many cases or visits, the method and its test). What the log cannot say (the applicant
distributions; a step too rare to fit) is kept from the base scenario when there is one
and then says so; otherwise it is marked as an assumption and defaulted, and listed in
``Calibration.warnings`` — never silently invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import Field

from ..conform import Conformance
from ..conform.worktime import WorkClock
from ..loader import Definition
from ..logs.collect import counted
from ..model import Frozen
from ..semantics import Semantics
from ..simulate.scenario import Scenario
from .dependence import Dependence, case_dependence
from .fit import Fit, TooFewSamples, fit_durations
from .observe import Observations, observe
from .office import (
    ArrivalRate,
    OfficeHoursSeen,
    StaffSeen,
    arrival_rate,
    office_hours,
    staff_seen,
)
from .shares import StateShares, estimate_shares

__all__ = ["Calibration", "Note", "StepFit", "calibrate"]


class Note(Frozen):
    """A warning in both languages, so Chinese output carries no English sentence."""

    zh: str
    en: str


class StepFit(Frozen):
    """One timed state: what was observed and what the scenario now says."""

    state: str
    observed: int
    fit: Fit | None = None
    waiting: Fit | None = None
    kept_from_base: bool = False
    observed_only: tuple[float, ...] = ()
    """Too few to fit a family: the observations themselves, drawn with equal weight."""
    defaulted: bool = False


class Calibration(Frozen):
    """The estimates, the scenario built from them, and what could not be estimated."""

    process: str
    log: str
    cases: int = Field(description="Cases in the log.")
    used: int = Field(description="Cases that fit the process, from which figures come.")
    left_out: int = Field(description="Deviating cases, counted and left out.")
    open: int
    whole_span: bool = Field(description="True when the log records only completions, so "
                                         "a step's time is the whole span since it was ready "
                                         "(waiting included).")
    arrivals: ArrivalRate | None
    steps: tuple[StepFit, ...]
    shares: tuple[StateShares, ...]
    forced: dict[str, int]
    loops: dict[str, float] = Field(description="Per state with max_rounds: mean entries "
                                                "per case that fits.")
    staff: tuple[StaffSeen, ...]
    office_hours: OfficeHoursSeen | None
    dependence: Dependence | None = Field(
        default=None, description="Whether one case's steps take their time together "
                                  "(none: too few cases with two complete steps).")
    warnings: tuple[Note, ...]
    scenario: dict[str, Any]


def calibrate(definition: Definition, result: Conformance, clock: WorkClock,
              has_starts: bool, base: Scenario | None, base_name: str | None,
              log_name: str, log_end: datetime | None = None) -> Calibration:
    """Estimate a scenario for ``definition`` from ``result`` (the log replayed on ``clock``).

    ``base`` is the scenario whose applicant distributions, run settings and
    too-rarely-seen figures are kept (``--scenario``, or the process's own).
    ``log_end``: when the log was taken (a forecast's cut); None: its last event. Steps
    still under way then are censored observations, not left out.
    """
    seen = observe(definition, result, clock, has_starts, log_end)
    if seen.cases == 0:
        from ..errors import PolicyKitError
        raise PolicyKitError(
            f"none of the log's {counted(len(result.cases), 'case')} fits the process, so "
            "nothing can be estimated: run `policy-kit conform` to see the deviations, and map the "
            "activities (--activities) or fix the model",
            zh=f"日志中的 {len(result.cases)} 件案件没有一件符合流程，无从估计：请运行 "
               "`policy-kit conform` 查看偏差，并映射环节（--activities）或修改模型")
    semantics = Semantics(definition.structure)
    warnings: list[Note] = []
    steps = _steps(definition, seen, base, base_name, warnings)
    applicants = _applicant_draws(definition, base)
    shares = estimate_shares(semantics, seen.decisions, seen.forced, applicants)
    for estimate in shares.values():
        warnings.extend(Note(zh=f"`{estimate.state}`:日志显示 `{t}` 被选择,但申请人分布从不允许它;"
                               "按可选计", en=f"the applicant distributions never let `{t}` be "
                               f"taken at `{estimate.state}`, yet the log shows it: counted as "
                               "open") for t in estimate.unexpected)
    zone = clock.zone
    rate = arrival_rate(seen.arrivals, clock.calendar, zone)
    staff = staff_seen(seen.officers, has_starts, zone, clock.calendar, seen.queued)
    hours = office_hours(seen.moments, zone, clock.calendar)
    loops = {state: round(sum(n) / len(n), 3) for state, n in seen.rounds.items() if n}
    dependence = case_dependence(seen.per_case)
    if dependence is not None and dependence.dependent:
        d = dependence
        warnings.append(Note(
            zh=f"同一案件的各环节时长并不独立(正态分数的组内相关 {d.intraclass:.2f},"
               f"95% 区间 [{d.low:.2f}, {d.high:.2f}],F 检验 p={d.p_value:.2g},"
               f"{d.cases:,} 件):情景以案件共同因子抽取各环节时长(`case_effect`)",
            en=f"a case's steps do not take their time independently (intraclass correlation "
               f"of their normal scores {d.intraclass:.2f} [{d.low:.2f}, {d.high:.2f}], "
               f"F test p={d.p_value:.2g}, {counted(d.cases, 'case')}): the scenario draws "
               "them with a factor each case shares (case_effect)"))
    calibration = Calibration(
        process=definition.id, log=log_name, cases=len(result.cases), used=seen.cases,
        left_out=seen.left_out, open=seen.open_cases, whole_span=not has_starts,
        arrivals=rate, steps=steps, shares=tuple(shares.values()),
        forced=dict(seen.forced), loops=loops, staff=tuple(staff), office_hours=hours,
        dependence=dependence, warnings=(), scenario={})
    scenario = _scenario(definition, calibration, seen, base, base_name, warnings)
    return calibration.model_copy(update={"scenario": scenario,
                                          "warnings": tuple(dict.fromkeys(warnings))})


def _steps(definition: Definition, seen: Observations, base: Scenario | None,
           base_name: str | None, warnings: list[Note]) -> tuple[StepFit, ...]:
    timed = [p for p in definition.structure.places.values()
             if p.state.kind in ("task", "wait")]
    result = []
    for place in timed:
        data = seen.work.get(place.id, [])
        try:
            fit = fit_durations(data, running=seen.running.get(place.id, ()),
                                held=seen.held.get(place.id, ()),
                                open_waits=seen.open_waits.get(place.id, ()))
        except TooFewSamples as few:
            kept = base is not None and place.id in base.durations
            only = () if kept else tuple(round(x, 4) for x in data)
            what = ((f"时长沿用 {base_name}", f"its duration is kept from {base_name}") if kept
                    else ("按观测值等权抽取,并标为假设", "its observations are drawn with equal "
                          "weight, marked as an assumption") if only
                    else ("时长暂定为 0 个工作日,并标为假设", "its duration is defaulted to 0 "
                          "working days and marked as an assumption"))
            warnings.append(Note(
                zh=f"`{place.id}`:符合的案件中只有 {few.count} 个完整观测"
                   + (f"(另有 {few.censored} 个删失观测)" if few.censored else "")
                   + f",不足以拟合分布;{what[0]}",
                en=f"`{place.id}`: {few.count} {'complete ' if few.censored else ''}"
                   f"observation{'s' if few.count != 1 else ''}"
                   + (f" (and {few.censored} censored)" if few.censored else "")
                   + f" in the cases that fit, too few to fit a distribution; {what[1]}"))
            result.append(StepFit(state=place.id, observed=few.count, kept_from_base=kept,
                                  observed_only=only, defaulted=not kept and not only))
            continue
        waiting = None
        if seen.waiting.get(place.id):
            try:
                waiting = fit_durations(seen.waiting[place.id])
            except TooFewSamples:
                waiting = None
        result.append(StepFit(state=place.id, observed=fit.count, fit=fit, waiting=waiting))
    return tuple(result)


def _applicant_draws(definition: Definition, base: Scenario | None) -> Any:
    """The i-th sample applicant from the base scenario's distributions (seeded)."""
    if base is None:
        return None
    from ..simulate.population import applicant_sampler
    from ..simulate.streams import Stream

    draw = applicant_sampler(definition, base)
    return lambda i: draw(Stream.seeded(1_000_003 + i))


def _number(x: float) -> float:
    """Four significant figures: enough for a scenario, short enough to read."""
    return float(f"{x:.4g}")


def _scenario(definition: Definition, calibration: Calibration, seen: Observations,
              base: Scenario | None, base_name: str | None,
              warnings: list[Note]) -> dict[str, Any]:
    log = calibration.log
    data: dict[str, Any] = {
        "format": 1, "process": definition.id,
        "title": {"zh": f"由案例日志 {log} 校准", "en": f"calibrated from the case log {log}"},
        "source": f"policy-kit calibrate on the log {log}: {calibration.used:,} of "
                  f"{counted(calibration.cases, 'case')} "
                  f"{'fits' if calibration.used == 1 else 'fit'} the process and "
                  f"{'was' if calibration.used == 1 else 'were'} used",
    }
    calendar = _calendar_entry(calibration, base, base_name)
    if calendar:
        data["calendar"] = calendar
    data.update(_arrivals_entry(calibration, base, base_name, warnings))
    if not calibration.whole_span:
        staff = _staff_entry(definition, calibration, base, base_name)
        if staff:
            data["staff"] = staff
    data["durations"] = _durations(calibration, base, base_name, log)
    branches = _branches(calibration, base, base_name, log)
    if branches:
        data["branches"] = branches
    effect = _case_effect(calibration.dependence, log)
    if effect:
        data["case_effect"] = effect
    if base is not None and base.applicants:
        data["applicants"] = {name: {**_dump(entry), "source": f"kept from {base_name}: a "
                                     "log does not carry the applicants' attributes"}
                              for name, entry in base.applicants.items()}
    data["cases"] = calibration.cases
    data["replications"] = base.replications if base is not None else 5
    data["seed"] = base.seed if base is not None else 1
    free = [s for s in calibration.staff if not s.limiting]
    if free and not calibration.whole_span:
        data["notes"] = ["departments not limited, as no step of theirs waited for an officer "
                         "while all those seen were busy (officers seen at once is only a "
                         "lower bound): " + ", ".join(f"{s.department} ({s.count} at once)"
                                                      for s in free)]
    if calibration.whole_span:
        data["notes"] = ["the log records only completions: each step's duration is the "
                         "whole span from when it was ready to when it ended, waiting for "
                         "an officer included; so no department's officers are limited here "
                         "(a queue would count the waiting twice): the officers seen are in "
                         "calibrate's report"]
    return data


def _case_effect(dependence: Dependence | None, log: str) -> dict[str, Any]:
    """The delay a case's steps share, where the log shows one (else none: independent)."""
    if dependence is None or not dependence.dependent:
        return {}
    d = dependence
    return {"correlation": _number(d.intraclass),
            "source": f"log {log}: intraclass correlation of the steps' normal scores by case "
                      f"{d.intraclass:.3g} [{d.low:.3g}, {d.high:.3g}], F test "
                      f"p={d.p_value:.2g}, n={counted(d.cases, 'case')} with two or more steps",
            "assumption": "one standard normal factor per case shared by all its durations "
                          "(a Gaussian copula): the form is a modelling choice, the figure "
                          "is the log's"}


def _calendar_entry(calibration: Calibration, base: Scenario | None,
                    base_name: str | None) -> dict[str, Any]:
    calendar: dict[str, Any] = {}
    if base is not None and base.calendar.kind is not None:
        calendar["kind"] = base.calendar.kind
    if calibration.office_hours is not None:
        seen_hours = calibration.office_hours
        calendar["office_hours"] = f"{seen_hours.start}-{seen_hours.end}"
        calendar["source"] = (f"log {calibration.log}: 5th-95th percentile of the time of "
                              f"day of {counted(seen_hours.events, 'event')} on working days")
    elif base is not None:
        calendar["office_hours"] = str(base.calendar.office_hours)
        calendar["source"] = f"kept from {base_name}: the log's times say no time of day"
    return calendar


def _arrivals_entry(calibration: Calibration, base: Scenario | None, base_name: str | None,
                    warnings: list[Note]) -> dict[str, Any]:
    rate = calibration.arrivals
    if rate is not None:
        arrivals: dict[str, Any] = {
            "per_working_day": _number(rate.per_working_day),
            "source": f"log {calibration.log}: {counted(rate.cases, 'case')} over "
                      f"{counted(rate.working_days, 'working day')} ({rate.first} to "
                      f"{rate.last}), Poisson"}
        if rate.by_calendar_month and max(rate.by_calendar_month.values()) > 0:
            arrivals["by_month"] = {m: _number(v) for m, v in rate.by_calendar_month.items()}
            months = ", ".join(f"{m} {v:g}" for m, v in rate.by_month.items())
            arrivals["source"] += (f"; by_month: each calendar month's cases over its "
                                   f"working days, pooled over the years; month by month: "
                                   f"{months}")
        return {"start": rate.first.isoformat(), "arrivals": arrivals}
    if base is not None:
        warnings.append(Note(zh=f"日志中的到达少于两次:到达沿用 {base_name}",
                             en=f"fewer than two arrivals in the log: arrivals kept from "
                                f"{base_name}"))
        return {"start": base.start.isoformat(), "arrivals": _dump(base.arrivals)}
    from ..errors import PolicyKitError
    raise PolicyKitError("the log's fitting cases show fewer than two arrivals and there is "
                         "no base scenario to keep arrivals from: give --scenario",
                         zh="日志中符合流程的案件不足两次到达，也没有可沿用到达的基础情景："
                            "请给出 --scenario")


def _staff_entry(definition: Definition, calibration: Calibration, base: Scenario | None,
                 base_name: str | None) -> dict[str, Any]:
    known = definition.structure.department_ids
    staff = {s.department: {"count": s.count, "source": f"log {calibration.log}: {s.method} "
                                                        f"({counted(s.officers, 'officer')} seen)"}
             for s in calibration.staff if s.department in known and s.limiting}
    unlimited = {s.department for s in calibration.staff if not s.limiting}
    if base is not None:
        for name, entry in base.staff.items():
            if name not in unlimited:
                staff.setdefault(name, {**_dump(entry), "source": f"kept from {base_name}: "
                                        "the log names no officer of this department"})
    return staff


def _durations(calibration: Calibration, base: Scenario | None, base_name: str | None,
               log: str) -> dict[str, Any]:
    durations: dict[str, Any] = {}
    for step in calibration.steps:
        if step.fit is not None:
            entry = _dump(step.fit.distribution, rounded=True)
            entry["source"] = f"log {log}, n={counted(step.fit.count, 'case')}, {step.fit.reason()}"
            durations[step.state] = entry
        elif step.kept_from_base and base is not None:
            durations[step.state] = {**_dump(base.durations[step.state]),
                                     "source": f"kept from {base_name}: "
                                               f"{counted(step.observed, 'observation')} "
                                               f"in {log}, too few to fit"}
        elif step.observed_only:
            durations[step.state] = {
                "dist": "empirical", "samples": list(step.observed_only),
                "unit": "working_days",
                "assumption": f"log {log}: only {counted(step.observed, 'observation')}, too "
                              "few to fit a family; the observed values, drawn with equal weight"}
        else:
            durations[step.state] = {
                "dist": "fixed", "value": 0, "unit": "working_days",
                "assumption": f"defaulted: {counted(step.observed, 'observation')} in {log}, "
                              "too few to fit, and no base scenario; replace with a known figure"}
    return durations


def _branches(calibration: Calibration, base: Scenario | None, base_name: str | None,
              log: str) -> dict[str, Any]:
    branches: dict[str, Any] = {}
    for estimate in calibration.shares:
        shares = {s.trigger: s.share for s in estimate.shares}
        rounded = _sum_to_one(shares)
        intervals = "; ".join(f"{s.trigger} {s.taken} [{s.low:.1%}, {s.high:.1%}]"
                              for s in estimate.shares)
        method = ("Wilson" if estimate.interval == "wilson" else
                  "bootstrap, by maximum likelihood over the ways open at each visit")
        branches[estimate.state] = {
            "probabilities": rounded,
            "source": f"log {log}, n={estimate.visits:,} visits with a choice; taken and 95% "
                      f"interval ({method}): {intervals}"}
    if base is not None:
        for name, branch in base.branches.items():
            branches.setdefault(name, {**_dump(branch), "source": f"kept from {base_name}: "
                                       f"too few visits in {log} to estimate"})
    return branches


def _sum_to_one(shares: Mapping[str, float]) -> dict[str, float]:
    """Shares rounded to 4 places whose sum is exactly 1 (the largest takes the rest)."""
    rounded = {t: round(p, 4) for t, p in shares.items()}
    largest = max(rounded, key=lambda t: rounded[t])
    rounded[largest] = round(1 - sum(v for t, v in rounded.items() if t != largest), 4)
    return rounded


def _dump(model: Any, rounded: bool = False) -> dict[str, Any]:
    """A scenario entry as the file writes it, without its old provenance (the caller
    says where it comes from now); a distribution keeps its kind and unit explicit."""
    data: dict[str, Any] = model.model_dump(mode="json", exclude_defaults=True,
                                            exclude={"source", "assumption"})
    if hasattr(model, "dist"):
        data = {"dist": model.dist, **data, "unit": model.unit}
    if rounded:
        data = _rounded(data)
    return data


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    """Figures to four significant digits, an empirical table's tail included (rounded
    alike, its threshold stays equal to the table's row it was)."""
    return {k: (_number(v) if isinstance(v, float) else
                [_number(x) for x in v] if isinstance(v, list) else
                _rounded(v) if isinstance(v, dict) else v)
            for k, v in data.items()}
