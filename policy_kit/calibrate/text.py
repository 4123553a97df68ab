"""The text ``policy-kit calibrate`` prints: what was estimated, and log beside simulation.

Part of **calibrate** → output, in Chinese or English (ids and numbers aside, one
language at a time).
"""

from __future__ import annotations

from ..logs.collect import counted
from ..textwidth import columns, pad
from .calibrate import Calibration
from .dependence import Dependence
from .fidelity import Fidelity
from .fit import Fit
from .office import ArrivalRate
from .run import CalibrationRun

__all__ = ["calibration_text"]


def _days(value: float | None, zh: bool) -> str:
    if value is None:
        return "-"
    return f"{value:.3g} 工作日" if zh else f"{value:.3g} wd"


def _arrivals(a: ArrivalRate, zh: bool) -> list[str]:
    out = [f"到达:每工作日 {a.per_working_day:.3g} 件({a.first} 至 {a.last},"
           f"{a.working_days} 个工作日)" if zh else
           f"arrivals: {a.per_working_day:.3g} per working day ({a.first} to {a.last}, "
           f"{counted(a.working_days, 'working day')})"]
    if a.by_calendar_month:
        months = ", ".join(f"{m}{'月' if zh else ''} {r:.3g}"
                           for m, r in a.by_calendar_month.items())
        out.append(f"  按月(每工作日,历年合计):{months}" if zh else
                   f"  by month of the year (per working day, all years): {months}")
    return out


def _censored(fit: Fit, zh: bool) -> str:
    """How many of a step's observations the log shows only in part."""
    parts = []
    if fit.running:
        parts.append(f"{fit.running} 个仍在办理" if zh else f"{fit.running} still running")
    if fit.held:
        parts.append(f"{fit.held} 个结束受条件所限" if zh else
                     f"{fit.held} whose end waited for a guard")
    if not parts:
        return ""
    return (f"(删失:{','.join(parts)})" if zh else f"  (censored: {', '.join(parts)})")


def calibration_text(run: CalibrationRun, lang: str = "zh") -> str:
    zh = lang == "zh"
    c = run.calibration
    out = _estimates(c, run.base, zh)
    if run.report is not None:
        out += _fidelity(run.report, zh)
    for note in c.warnings:
        out.append(("注意:" + note.zh) if zh else ("note: " + note.en))
    return "\n".join(out) + "\n"


_FAMILIES_ZH = {
    "fixed": "固定值", "uniform": "均匀分布", "triangular": "三角分布", "normal": "正态分布",
    "lognormal": "对数正态", "exponential": "指数分布", "gamma": "伽马分布",
    "until_deadline": "至时限", "empirical": "经验分布",
}
"""The distribution families by their Chinese names (the scenario file keeps `dist:`'s)."""


def _estimates(c: Calibration, base: str | None, zh: bool) -> list[str]:
    out = []
    if zh:
        out.append(f"{c.process}:日志 {c.log} 共 {c.cases:,} 件,其中 {c.used:,} 件符合流程并用于"
                   f"估计,{c.left_out:,} 件有偏差未用" + (f",基准情景 {base}" if base else ""))
        if c.whole_span:
            out.append("  日志只记录完成时间:每个环节的时长自可以开始起算(含排队等待),"
                       "因此情景不限制各部门人数")
    else:
        out.append(f"{c.process}: {counted(c.cases, 'case')} in {c.log}; {c.used:,} "
                   f"{'fits' if c.used == 1 else 'fit'} the process and "
                   f"{'was' if c.used == 1 else 'were'} used, "
                   f"{counted(c.left_out, 'deviating case')} left out"
                   + (f"; base scenario {base}" if base else ""))
        if c.whole_span:
            out.append("  the log records only completions: a step's time runs from when it "
                       "was ready (waiting included), so no department's officers are limited")
    if c.arrivals is not None:
        out += _arrivals(c.arrivals, zh)
    out.append("环节时长(观测数,分布,中位数):" if zh else
               "step durations (observations, distribution, median):")
    width = max((columns(step.state) for step in c.steps), default=0)
    for step in c.steps:
        if step.fit is not None:
            family = _FAMILIES_ZH.get(step.fit.family, step.fit.family) if zh else \
                step.fit.family
            out.append(f"  {pad(step.state, width)} {step.observed:>6}  {pad(family, 11)} "
                       f"{_days(step.fit.median, zh)}" + _censored(step.fit, zh))
        else:
            kept = ("沿用基准" if zh else "kept from base") if step.kept_from_base else (
                ("观测值" if zh else "observed values") if step.observed_only else
                ("暂定为 0" if zh else "defaulted to 0"))
            out.append(f"  {pad(step.state, width)} {step.observed:>6}  {kept}")
    out += _shares(c, zh)
    if c.loops:
        out.append("返工轮次(每件平均进入次数):" if zh else
                   "correction loops (mean entries per case):")
        out += [f"  {state}: {mean:g}" for state, mean in c.loops.items()]
    if c.staff:
        out.append("部门人员(同时在岗):" if zh else "officers per department (at once):")
        out += [f"  {s.department}: {s.count}" + (f"(共见 {s.officers} 人)" if zh else
                                                   f" ({s.officers} seen in all)")
                + ("" if s.limiting or c.whole_span else
                   (",未见排队,不限人数" if zh else ", no queue seen: not limited"))
                for s in c.staff]
    if c.office_hours is not None:
        out.append(f"办公时间:{c.office_hours.start}-{c.office_hours.end}" if zh else
                   f"office hours: {c.office_hours.start}-{c.office_hours.end}")
    if c.dependence is not None:
        out.append(_dependence(c.dependence, zh))
    return out


def _shares(c: Calibration, zh: bool) -> list[str]:
    if not c.shares:
        return []
    out = ["分支比例(次数,95% 区间):" if zh else "shares of ways (times, 95% interval):"]
    for state in c.shares:
        ways = ",".join(f"{s.trigger} {s.share:.1%} [{s.low:.1%}, {s.high:.1%}]"
                        f"({s.taken} 次)" for s in state.shares) if zh else ", ".join(
            f"{s.trigger} {s.share:.1%} [{s.low:.1%}, {s.high:.1%}] n={s.taken}"
            for s in state.shares)
        out.append(f"  {state.state}: {ways}")
        out += [(f"    由条件决定的 `{g.trigger}`:"
                 + ("按案件首次到达计," if g.basis == "cases" else "")
                 + f"日志 {g.observed:.1%},申请人分布预测 {g.predicted:.1%}") if zh else
                (f"    `{g.trigger}`, decided by a guard"
                 + (" (at each case's first visit)" if g.basis == "cases" else "")
                 + f": log {g.observed:.1%}, the applicant distributions predict "
                 f"{g.predicted:.1%}")
                for g in state.guards]
    return out


def _dependence(d: Dependence, zh: bool) -> str:
    verdict = (("不独立" if zh else "not independent") if d.dependent else
               ("未见相关" if zh else "no dependence shown"))
    return (f"同一案件各环节时长:组内相关 {d.intraclass:.2f} [{d.low:.2f}, {d.high:.2f}],"
            f"F 检验 p={d.p_value:.2g}({d.cases:,} 件),{verdict}" if zh else
            f"a case's steps together: intraclass correlation {d.intraclass:.2f} "
            f"[{d.low:.2f}, {d.high:.2f}], F test p={d.p_value:.2g} "
            f"({counted(d.cases, 'case')}), "
            f"{verdict}")


def _fidelity(f: Fidelity, zh: bool) -> list[str]:
    out = ["", "日志与校准后模拟的对比(同一批到达,同样的重放与度量):" if zh else
           "Log against the calibrated simulation (the log's own arrivals, replayed and "
           "measured alike):"]
    ct = f.cycle_time
    head = ("", "日志", "模拟") if zh else ("", "log", "simulated")
    out.append(f"  {head[0]:<30} {head[1]:>14} {head[2]:>14}")
    out.append(f"  {'案件数' if zh else 'cases':<30} {f.log_cases:>14,} {f.simulated_cases:>14,}")
    out.append(f"  {'周期中位数' if zh else 'cycle time, median':<30} "
               f"{_days(ct.observed_median, zh):>14} {_days(ct.simulated_median, zh):>14}")
    out.append(f"  {'每周办结' if zh else 'finished per week':<30} {f.log_per_week:>14.3g} "
               f"{f.simulated_per_week:>14.3g}")
    out.append(f"  周期:EMD {ct.emd:.3g} 工作日(为日志均值的 {ct.emd_normalised:.1%}),"
               f"KS {ct.ks_statistic:.3f}" if zh else
               f"  cycle time: EMD {ct.emd:.3g} working days ({ct.emd_normalised:.1%} of the "
               f"log's mean), KS {ct.ks_statistic:.3f}")
    for o in f.outcomes:
        out.append(f"  {('结果 ' if zh else 'outcome ') + o.outcome:<30} {o.log:>14.1%} "
                   f"{o.simulated:>14.1%}")
    out.append("  环节时长中位数:" if zh else "  step medians:")
    for s in f.steps:
        out.append(f"    {s.state:<28} {_days(s.log_median, zh):>14} "
                   f"{_days(s.simulated_median, zh):>14}")
    return out
