"""The terminal form of a simulation report: a few aligned tables a reform analyst can read.

Part of simulate → **render**: a pure function from the report data (what ``--json``
prints) to text, so the CLI only prints it.
"""

from __future__ import annotations

from typing import Any

from ..model import Process, label
from ..textwidth import columns, fit

__all__ = ["render_report"]


def _num(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _interval(ci: list[float | None] | None) -> str:
    return f" [{_pct(ci[0])}, {_pct(ci[1])}]" if ci else ""


def render_report(process: Process, data: dict[str, Any], lang: str = "zh") -> str:
    """The report as text: cycle times, outcomes, limits, departments, bottlenecks."""
    lines = [f"{label(process.title, process.id, lang)}  [{process.id}]",
             f"scenario: {data['scenario']}",
             f"{data['cases']:,} cases × {data['replications']} replications "
             f"(+{data['warmup_cases']} warm-up each), seed {data['seed']}, "
             f"calendar {data['calendar']['name']}"
             + (f" (estimated years: {', '.join(map(str, data['calendar']['estimated_years']))})"
                if data["calendar"]["estimated_years"] else ""), ""]
    lines.append(f"{'cycle time (working days)':<28}{'mean [95% CI]':<30}"
                 f"{'p50':>10}{'p90':>10}{'p95':>10}{'p99':>10}")
    for clock, title in (("government", "government clock"), ("elapsed", "elapsed")):
        c = data["cycle_time"][clock]
        ci = f" [{_num(c['ci95'][0])}, {_num(c['ci95'][1])}]" if c["ci95"] else ""
        lines.append(f"  {title:<26}{_num(c['mean']) + ci:<30}{_num(c['p50']):>10}"
                     f"{_num(c['p90']):>10}{_num(c['p95']):>10}{_num(c['p99']):>10}")
    by_outcome = data["cycle_time"]["elapsed"]["by_outcome"]
    width = max([24, *(columns(o) + 7 for o in by_outcome)])
    for outcome, row in by_outcome.items():
        government = data["cycle_time"]["government"]["by_outcome"][outcome]
        lines.append(f"    {fit(outcome + ' only', width)}government "
                     f"{_num(government['mean'])}, elapsed {_num(row['mean'])} "
                     f"(p90 {_num(row['p90'])})")
    intervals = data.get("outcomes_ci95", {})
    lines += ["", "outcomes: " + "  ".join(f"{k} {_pct(v)}{_interval(intervals.get(k))}"
                                           for k, v in data["outcomes"].items())]
    stuck = {k: v for k, v in data["unfinished"].items() if v}
    if stuck:
        lines.append("  unfinished cases: " + ", ".join(f"{v} {k}" for k, v in stuck.items())
                     + " (never counted as completed)")
    lines += _breaches(data["sla_breach_rate"])
    lines += _departments(process, data, lang)
    if data["bottlenecks"]:
        lines += ["", "bottlenecks (worst first):"]
        for row in data["bottlenecks"][:5]:
            lines.append(f"  {row['department']}/{row['state']}: waits "
                         f"{_num(row['wait_per_case'], 3)} working days per case, "
                         f"officers {_pct(row['utilization'])} busy")
    if data["certificates"]:
        lines += ["", "certificates per case: " + ", ".join(
            f"{k} {_num(v, 3)}" for k, v in data["certificates"].items())]
    lines += _states(data["states"])
    return "\n".join(lines)


def _states(states: dict[str, Any]) -> list[str]:
    """How many cases reached each state, and how long a stay there lasted."""
    if not states:
        return []
    width = max(columns(name) for name in states) + 2
    lines = ["", f"  {fit('state', width)}{'reached [95% CI]':<30}{'mean stay (days)':>16}"]
    for name, row in states.items():
        reached = _pct(row["reached"]) + _interval(row.get("reached_ci95"))
        lines.append(f"  {fit(name, width)}{reached:<30}{_num(row['mean_time'], 3):>16}")
    return lines


def _breaches(rates: dict[str, Any]) -> list[str]:
    parts = []
    if rates["process"] is not None:
        parts.append(f"process {_pct(rates['process'])}")
    parts += [f"stage {k} {_pct(v)}" for k, v in rates["stages"].items() if v is not None]
    parts += [f"{k} {_pct(v)}" for k, v in rates["states"].items() if v is not None]
    return ["limit breached: " + ", ".join(parts)] if parts else []


def _departments(process: Process, data: dict[str, Any], lang: str) -> list[str]:
    if not data["departments"]:
        return []
    names = {d.id: label(d.name, d.id, lang) for d in process.departments}
    lines = ["", f"{'department':<30}{'staff':>6}{'busy':>8}{'mean wait (days)':>18}"
                 f"{'queue':>8}"]
    for key, row in data["departments"].items():
        lines.append(f"  {fit(names.get(key, key), 28)}{row['staff']:>6}"
                     f"{_pct(row['utilization']):>8}{_num(row['mean_queue_wait'], 3):>18}"
                     f"{_num(row['mean_queue_length']):>8}")
    return lines
