"""From the tallies of R replications to the figures ``simulate`` prints and ``--json`` holds.

Part of **simulate** → render: means carry a 95% interval over replications, percentiles
pool every measured case (from the replications' quantile sketches merged, within
``percentiles.relative_accuracy`` of the exact ones: ``policy_kit.simulate.sketch``),
shares count ``unfinished`` cases as an outcome of their own (never as completed).
``figures`` gives one replication's headline numbers under flat names, which ``compare``
pairs replication by replication.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from ..formats import FORMATS
from .build import CASE_FINAL, QUEUED, Model
from .sketch import EXACT_UP_TO, RELATIVE_ACCURACY, Summary
from .stats import mean_interval, wilson_interval
from .tally import Tally

__all__ = ["figures", "report"]

DIGITS = 6


def _r(x: float | None) -> float | None:
    return None if x is None or math.isnan(x) else round(x, DIGITS)


def _share(part: float, whole: float) -> float | None:
    return _r(part / whole) if whole else None


def outcome_ids(model: Model) -> list[str]:
    """The process's outcomes in the order its final states are declared."""
    seen: dict[str, None] = {}
    for kind, outcome in zip(model.kind, model.process.outcome, strict=True):
        if kind == CASE_FINAL and outcome is not None:
            seen.setdefault(outcome, None)
    return list(seen)


def utilization(tally: Tally, d: int) -> float | None:
    start, end = tally.window[d]
    span = (end - start) * tally.model.departments[d].staff
    return tally.busy_area[d] / span if span > 0 else None


def queue_length(tally: Tally, d: int) -> float | None:
    start, end = tally.window[d]
    return tally.wait_area[d] / (end - start) if end > start else None


def figures(tally: Tally) -> dict[str, float | None]:
    """One replication's headline figures, by flat name (``cycle_time.government.mean``)."""
    result: dict[str, float | None] = {}
    for c, (clock, values) in enumerate((("government", tally.government),
                                         ("elapsed", tally.elapsed))):
        result[f"cycle_time.{clock}.mean"] = values.average()
        for p in (50, 90, 95, 99):
            result[f"cycle_time.{clock}.p{p}"] = values.percentile(p)
        for outcome in outcome_ids(tally.model):
            if outcome in tally.by_outcome:
                result[f"cycle_time.{clock}.{outcome}.mean"] = \
                    tally.by_outcome[outcome][c].average()
    for outcome in [*outcome_ids(tally.model), "unfinished"]:
        count = sum(tally.unfinished.values()) if outcome == "unfinished" \
            else tally.outcomes[outcome]
        result[f"outcomes.{outcome}"] = count / tally.cases if tally.cases else None
    result["sla_breach_rate.process"] = (tally.process_breached / tally.process_limited
                                         if tally.process_limited else None)
    for d, department in enumerate(tally.model.departments):
        result[f"departments.{department.id}.utilization"] = utilization(tally, d)
        waits = [i for i, x in enumerate(tally.model.department) if x == d]
        count = sum(tally.waits[i] for i in waits)
        hours = sum(tally.wait_hours[i] for i in waits)
        result[f"departments.{department.id}.mean_queue_wait"] = (
            hours / count / department.axis.length if count else None)
    return result


def _cycle(model: Model, tallies: Sequence[Tally], clock: str) -> dict[str, Any]:
    c = 0 if clock == "government" else 1
    summaries: list[Summary] = [getattr(t, clock) for t in tallies]
    pooled = Summary.merged(summaries)
    means = [m for s in summaries if (m := s.average()) is not None]
    mean, low, high = mean_interval(means) if means else (None, None, None)
    by_outcome = {}
    for outcome in outcome_ids(model):
        values = Summary.merged(t.by_outcome[outcome][c] for t in tallies
                                if outcome in t.by_outcome)
        if values.count:
            by_outcome[outcome] = {"mean": _r(values.average()),
                                   "p50": _r(values.percentile(50)),
                                   "p90": _r(values.percentile(90)), "finished": values.count}
    spread = pooled.variance()
    return {"unit": "working_days", "mean": _r(mean),
            "ci95": [_r(low), _r(high)] if low is not None else None,
            **{f"p{p}": _r(pooled.percentile(p)) for p in (50, 90, 95, 99)},
            "finished": pooled.count, "by_outcome": by_outcome,
            "percentiles": "exact" if pooled.exact else "DDSketch",
            "sd": _r(math.sqrt(spread)) if spread is not None else None}


def report(model: Model, tallies: Sequence[Tally], *, cases: int, seed: int,
           warmup: int, scenario: str) -> dict[str, Any]:
    """The whole result of a run, as plain data (what ``--json`` prints)."""
    total = sum(t.cases for t in tallies)
    process = model.process
    names = process.names
    unfinished: Counter[str] = Counter()
    for tally in tallies:
        unfinished.update(tally.unfinished)
    outcomes = {o: _share(sum(t.outcomes[o] for t in tallies), total)
                for o in outcome_ids(model)}
    outcomes["unfinished"] = _share(sum(unfinished.values()), total)
    ended = {o: [t.outcomes[o] for t in tallies] for o in outcome_ids(model)}
    ended["unfinished"] = [sum(t.unfinished.values()) for t in tallies]
    departments = _departments(model, tallies)
    elapsed = _cycle(model, tallies, "elapsed")
    return {
        "format": FORMATS["simulate"],
        "process": model.definition.id,
        "scenario": scenario,
        "cases": cases,
        "arrived": total,
        "replications": len(tallies),
        "seed": seed,
        "warmup_cases": warmup,
        "percentiles": {"exact_up_to": EXACT_UP_TO, "beyond": "DDSketch",
                        "relative_accuracy": RELATIVE_ACCURACY},
        "calendar": {"name": model.calendar.name,
                     "estimated_years": _estimated_years(model, tallies)},
        "cycle_time": {"government": _cycle(model, tallies, "government"), "elapsed": elapsed},
        "outcomes": outcomes,
        "outcomes_ci95": {o: _share_interval(counts, tallies) for o, counts in ended.items()},
        "unfinished": {k: unfinished[k] for k in ("stuck", "horizon", "step_limit")},
        "sla_breach_rate": _breaches(model, tallies),
        "departments": departments,
        "bottlenecks": _bottlenecks(model, tallies, departments, total, elapsed["mean"]),
        "certificates": {c.id: _share(sum(t.certificates[c.id] for t in tallies), total)
                         for c in model.definition.process.certificates},
        "transitions": [
            {"index": m.move.index, "from": m.move.source, "to": m.move.target,
             "on": m.move.trigger, "count": sum(t.moves[m.number] for t in tallies),
             "per_case": _share(sum(t.moves[m.number] for t in tallies), total)}
            for m in process.moves],
        "states": {
            names[i]: {"reached": _share(sum(t.reached[i] for t in tallies), total),
                       "reached_ci95": _share_interval([t.reached[i] for t in tallies],
                                                       tallies),
                       "mean_time": _mean_time(model, tallies, i)}
            for i in range(len(names))},
    }


def _share_interval(counts: Sequence[int], tallies: Sequence[Tally]) -> list[float | None] | None:
    """A 95% Wilson interval for a share of cases, over the cases of every replication: it
    stays within 0–100%, and exists for a single replication too."""
    bounds = wilson_interval(sum(counts), sum(t.cases for t in tallies))
    return None if bounds is None else [_r(bounds[0]), _r(bounds[1])]


def _estimated_years(model: Model, tallies: Sequence[Tally]) -> list[int]:
    """The calendar's estimated years that the run reached (the calendar may have looked
    further ahead than the last event)."""
    last = max((t.end for t in tallies if math.isfinite(t.end)), default=0.0)
    final = (model.scenario.start + timedelta(hours=last)).year
    seen = model.calendar.estimated_years.union(*(t.estimated_years for t in tallies))
    return sorted(y for y in seen if model.scenario.start.year <= y <= final)


def _mean_time(model: Model, tallies: Sequence[Tally], i: int) -> float | None:
    visits = sum(t.visits[i] for t in tallies)
    if not visits:
        return None
    return _r(math.fsum(t.hours[i] for t in tallies) / visits / model.axis.length)


def _breaches(model: Model, tallies: Sequence[Tally]) -> dict[str, Any]:
    names = model.process.names
    limited = sum(t.process_limited for t in tallies)
    return {
        "process": _share(sum(t.process_breached for t in tallies), limited),
        "stages": {sid: _share(sum(t.stage_breached[s] for t in tallies),
                               sum(t.stage_limited[s] for t in tallies))
                   for s, sid in enumerate(model.stage_ids) if model.stage_limit[s]},
        "states": {names[i]: _share(sum(t.breached[i] for t in tallies),
                                    sum(t.limited[i] for t in tallies))
                   for i in range(len(names)) if model.limit[i] is not None},
    }


def _departments(model: Model, tallies: Sequence[Tally]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for d, department in enumerate(model.departments):
        leaves = [i for i, x in enumerate(model.department) if x == d]
        count = sum(t.waits[i] for t in tallies for i in leaves)
        hours = math.fsum(t.wait_hours[i] for t in tallies for i in leaves)
        used = [u for t in tallies if (u := utilization(t, d)) is not None]
        queued = [q for t in tallies if (q := queue_length(t, d)) is not None]
        result[department.id] = {
            "staff": department.staff,
            "office_hours": f"{_hm(department.axis.start)}-{_hm(department.axis.end)}",
            "utilization": _r(math.fsum(used) / len(used)) if used else None,
            "mean_queue_wait": _r(hours / count / department.axis.length) if count else None,
            "mean_queue_length": _r(math.fsum(queued) / len(queued)) if queued else None,
            "served": count,
        }
    return result


def _bottlenecks(model: Model, tallies: Sequence[Tally], departments: dict[str, Any],
                 total: int, elapsed: float | None) -> list[dict[str, Any]]:
    rows = []
    for i, name in enumerate(model.process.names):
        d = model.department[i]
        count = sum(t.waits[i] for t in tallies)
        if model.kind[i] != QUEUED or d < 0 or not count:
            continue
        department = model.departments[d]
        days = math.fsum(t.wait_hours[i] for t in tallies) / department.axis.length
        per_case = days / total
        rows.append({
            "department": department.id, "state": name,
            "utilization": departments[department.id]["utilization"],
            "mean_queue_wait": _r(days / count),
            "wait_per_case": _r(per_case),
            "share_of_elapsed": _r(per_case / elapsed) if elapsed else None,
        })
    rows.sort(key=lambda r: (-(r["wait_per_case"] or 0), -(r["utilization"] or 0),
                             r["state"]))
    return rows


def _hm(hours: float) -> str:
    return f"{int(hours):02d}:{round((hours - int(hours)) * 60):02d}"
