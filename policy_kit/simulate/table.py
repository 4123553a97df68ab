"""The terminal form of a simulation report: a few aligned tables a reform analyst can read.

Part of simulate → **render**: a pure function from the report data (what ``--json``
prints) to text, so the CLI only prints it.
"""

from __future__ import annotations

from typing import Any

from ..model import Process, label
from ..textwidth import columns, fit, pad

__all__ = ["render_report"]


def _num(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _interval(ci: list[float | None] | None) -> str:
    return f" [{_pct(ci[0])}, {_pct(ci[1])}]" if ci else ""


_WORDS: dict[str, tuple[str, str]] = {
    "scenario": ("情景:{0}", "scenario: {0}"),
    "runs": ("{0:,} 件案件 × {1} 次重复(每次另加 {2} 件预热),随机种子 {3},日历 {4}",
             "{0:,} cases × {1} replications (+{2} warm-up each), seed {3}, calendar {4}"),
    "estimated": ("(估算年份:{0})", " (estimated years: {0})"),
    "cycle": ("办理时间(工作日)", "cycle time (working days)"),
    "mean": ("平均值 [95% 置信区间]", "mean [95% CI]"),
    "government": ("政府计时", "government clock"),
    "elapsed": ("经过时间", "elapsed"),
    "only": ("仅 {0}", "{0} only"),
    "by_outcome": ("政府计时 {0},经过时间 {1}(p90 {2})",
                   "government {0}, elapsed {1} (p90 {2})"),
    "outcomes": ("结果:", "outcomes: "),
    "unfinished": ("未办结", "unfinished"),
    "stuck": ("  未办结的案件:{0}(从不计为已办结)",
              "  unfinished cases: {0} (never counted as completed)"),
    "bottlenecks": ("瓶颈(最严重的在前):", "bottlenecks (worst first):"),
    "bottleneck": ("  {0}/{1}:每件案件排队 {2} 个工作日,办理人员忙碌 {3}",
                   "  {0}/{1}: waits {2} working days per case, officers {3} busy"),
    "certificates": ("每件案件的证照:", "certificates per case: "),
    "state": ("状态", "state"),
    "reached": ("到达比例 [95% 置信区间]", "reached [95% CI]"),
    "stay": ("平均停留(天)", "mean stay (days)"),
    "breached": ("超出时限:", "limit breached: "),
    "process": ("全流程", "process"),
    "stage": ("阶段", "stage"),
    "department": ("部门", "department"),
    "staff": ("人数", "staff"),
    "busy": ("忙碌", "busy"),
    "wait": ("平均等待(天)", "mean wait (days)"),
    "queue": ("队列", "queue"),
}
"""Every word of the report, in Chinese and English (ids and numbers stay as they are)."""


def _word(key: str, lang: str, *args: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(*args)


def render_report(process: Process, data: dict[str, Any], lang: str = "zh") -> str:
    """The report as text: cycle times, outcomes, limits, departments, bottlenecks."""
    calendar = data["calendar"]
    estimated = calendar["estimated_years"]
    lines = [f"{label(process.title, process.id, lang)}  [{process.id}]",
             _word("scenario", lang, data["scenario"]),
             _word("runs", lang, data["cases"], data["replications"], data["warmup_cases"],
                   data["seed"], calendar["name"])
             + (_word("estimated", lang, ", ".join(map(str, estimated))) if estimated else ""),
             ""]
    lines.append(f"{pad(_word('cycle', lang), 28)}{pad(_word('mean', lang), 30)}"
                 f"{'p50':>10}{'p90':>10}{'p95':>10}{'p99':>10}")
    for clock in ("government", "elapsed"):
        c = data["cycle_time"][clock]
        ci = f" [{_num(c['ci95'][0])}, {_num(c['ci95'][1])}]" if c["ci95"] else ""
        lines.append(f"  {pad(_word(clock, lang), 26)}{_num(c['mean']) + ci:<30}"
                     f"{_num(c['p50']):>10}{_num(c['p90']):>10}{_num(c['p95']):>10}"
                     f"{_num(c['p99']):>10}")
    by_outcome = data["cycle_time"]["elapsed"]["by_outcome"]
    width = max([24, *(columns(_word("only", lang, o)) + 2 for o in by_outcome)])
    for outcome, row in by_outcome.items():
        government = data["cycle_time"]["government"]["by_outcome"][outcome]
        lines.append(f"    {fit(_word('only', lang, outcome), width)}"
                     + _word("by_outcome", lang, _num(government["mean"]), _num(row["mean"]),
                             _num(row["p90"])))
    intervals = data.get("outcomes_ci95", {})
    lines += ["", _word("outcomes", lang) + "  ".join(
        f"{_word('unfinished', lang) if k == 'unfinished' else k} {_pct(v)}"
        f"{_interval(intervals.get(k))}" for k, v in data["outcomes"].items())]
    stuck = {k: v for k, v in data["unfinished"].items() if v}
    if stuck:
        lines.append(_word("stuck", lang, ", ".join(f"{v} {k}" for k, v in stuck.items())))
    lines += _breaches(data["sla_breach_rate"], lang)
    lines += _departments(process, data, lang)
    if data["bottlenecks"]:
        lines += ["", _word("bottlenecks", lang)]
        lines += [_word("bottleneck", lang, row["department"], row["state"],
                        _num(row["wait_per_case"], 3), _pct(row["utilization"]))
                  for row in data["bottlenecks"][:5]]
    if data["certificates"]:
        lines += ["", _word("certificates", lang) + ", ".join(
            f"{k} {_num(v, 3)}" for k, v in data["certificates"].items())]
    lines += _states(data["states"], lang)
    return "\n".join(lines)


def _states(states: dict[str, Any], lang: str) -> list[str]:
    """How many cases reached each state, and how long a stay there lasted."""
    if not states:
        return []
    width = max(columns(name) for name in states) + 2
    lines = ["", f"  {fit(_word('state', lang), width)}{pad(_word('reached', lang), 30)}"
                 f"{pad(_word('stay', lang), 16, right=True)}"]
    for name, row in states.items():
        reached = _pct(row["reached"]) + _interval(row.get("reached_ci95"))
        lines.append(f"  {fit(name, width)}{reached:<30}{_num(row['mean_time'], 3):>16}")
    return lines


def _breaches(rates: dict[str, Any], lang: str) -> list[str]:
    parts = []
    if rates["process"] is not None:
        parts.append(f"{_word('process', lang)} {_pct(rates['process'])}")
    parts += [f"{_word('stage', lang)} {k} {_pct(v)}" for k, v in rates["stages"].items()
              if v is not None]
    parts += [f"{k} {_pct(v)}" for k, v in rates["states"].items() if v is not None]
    return [_word("breached", lang) + ", ".join(parts)] if parts else []


def _departments(process: Process, data: dict[str, Any], lang: str) -> list[str]:
    if not data["departments"]:
        return []
    names = {d.id: label(d.name, d.id, lang) for d in process.departments}
    heads = [pad(_word(key, lang), width, right=True)
             for key, width in (("staff", 6), ("busy", 8), ("wait", 18), ("queue", 8))]
    lines = ["", pad(_word("department", lang), 30) + "".join(heads)]
    for key, row in data["departments"].items():
        lines.append(f"  {fit(names.get(key, key), 28)}{row['staff']:>6}"
                     f"{_pct(row['utilization']):>8}{_num(row['mean_queue_wait'], 3):>18}"
                     f"{_num(row['mean_queue_length']):>8}")
    return lines
