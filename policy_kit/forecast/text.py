"""The text ``policy-kit forecast`` prints: the open work as a whole, and one case as a
帮办 would read it out to an applicant.

Part of **forecast** → output, in Chinese or English.
"""

from __future__ import annotations

from ..logs.collect import counted
from .forecast import CaseForecast, Forecast

__all__ = ["case_text", "forecast_text"]


def _date(day: object) -> str:
    return "-" if day is None else str(day)


def _share(p: float | None) -> str:
    return "-" if p is None else f"{p:.0%}"


def forecast_text(result: Forecast, lang: str, calibrated: bool) -> str:
    zh = lang == "zh"
    s = result.summary
    out = []
    if zh:
        out.append(f"{result.process}:截至 {result.as_of} 零时仍在办 {s.open} 件,"
                   f"模拟 {s.replications} 次")
        log = result.scenario.removeprefix("calibrated from ").rsplit(" up to ", 1)[0]
        out.append(f"  情景:由日志 {log} 先行校准,数据截至 {result.as_of}" if calibrated
                   else f"  情景:{result.scenario}")
        limited = any(c.due is not None for c in result.cases)
        out.append((f"  预计超过办理时限 {s.expected_breaches:g} 件" if limited else
                    "  流程未设办理时限")
                   + (f",超过登记期限 {s.expected_deadline_breaches:g} 件"
                      if s.expected_deadline_breaches is not None else ""))
    else:
        out.append(f"{result.process}: {counted(s.open, 'case')} open at the start of "
                   f"{result.as_of}, {counted(s.replications, 'simulation')}")
        out.append(f"  scenario: {result.scenario}"
                   + (" (calibrated from the log first)" if calibrated else ""))
        limited = any(c.due is not None for c in result.cases)
        out.append((f"  expected to break the process's limit: {s.expected_breaches:g}"
                    if limited else "  the process sets no limit")
                   + (f"; expected to pass their recorded deadline: "
                      f"{s.expected_deadline_breaches:g}"
                      if s.expected_deadline_breaches is not None else ""))
    if s.departments:
        out.append("在办环节最多的部门:" if zh else "Departments holding most open work:")
        out += [f"  {d}: {n}" for d, n in list(s.departments.items())[:5]]
    if s.by_week:
        out.append("每周预计办结(件):" if zh else "Expected to finish, by week (cases):")
        out += [f"  {week}  {n:6.1f}" for week, n in list(s.by_week.items())[:8]]
    head = ("案件", "10%", "50%", "90%", "超时概率") if zh else (
        "case", "10%", "50%", "90%", "late")
    out.append(f"  {head[0]:<20} {head[1]:>10} {head[2]:>10} {head[3]:>10} {head[4]:>8}")
    for case in result.cases:
        out.append(f"  {case.case:<20} {_date(case.p10):>10} {_date(case.p50):>10} "
                   f"{_date(case.p90):>10} {_share(case.breach_probability):>8}")
    return "\n".join(out) + "\n"


def case_text(result: Forecast, case: CaseForecast, lang: str) -> str:
    """One case, as it would be read out: where it is, the likely finish and the risk."""
    zh = lang == "zh"
    where = "、".join(case.states) if zh else ", ".join(case.states)
    if zh:
        lines = [f"案件 {case.case}(截至 {result.as_of}):",
                 f"  目前所在环节:{where}"
                 + (f";正在办理:{'、'.join(case.in_progress)}" if case.in_progress else ""),
                 f"  最可能办结日期:{_date(case.p50)}(八成把握在 {_date(case.p10)} 至 "
                 f"{_date(case.p90)} 之间)"]
        if case.due is not None:
            lines.append(f"  办理时限至 {case.due}(已按至今不计时的天数顺延,此后申请人"
                         f"补正等不计时的天数再顺延),超时的可能性约 "
                         f"{_share(case.breach_probability)}")
        if case.deadline_breach_probability is not None:
            lines.append(f"  超过登记期限的可能性约 {_share(case.deadline_breach_probability)}")
        if case.finish_probability < 1:
            lines.append(f"  注意:{1 - case.finish_probability:.0%} 的模拟中十年内未办结")
    else:
        lines = [f"Case {case.case} (as of {result.as_of}):",
                 f"  where it is: {where}"
                 + (f"; in progress: {', '.join(case.in_progress)}" if case.in_progress else ""),
                 f"  likely finish: {_date(case.p50)} (8 in 10 between {_date(case.p10)} and "
                 f"{_date(case.p90)})"]
        if case.due is not None:
            lines.append(f"  the limit runs to {case.due} (moved on for the days off the "
                         "government clock so far; later ones move it again); chance it "
                         f"runs late: {_share(case.breach_probability)}")
        if case.deadline_breach_probability is not None:
            lines.append(f"  chance it passes its recorded deadline: "
                         f"{_share(case.deadline_breach_probability)}")
        if case.finish_probability < 1:
            lines.append(f"  note: in {1 - case.finish_probability:.0%} of the simulations it "
                         "did not finish within ten years")
    return "\n".join(lines) + "\n"
