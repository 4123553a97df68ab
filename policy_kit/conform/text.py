"""The short text report of ``policy-kit conform``, in Chinese or English.

Part of **conform** → output: fitness, the share of cases that fit, the most frequent
deviations with an example case each, the slowest steps, limits most often broken by
department, deadlines passed, cases still open.
"""

from __future__ import annotations

from ..logs.collect import counted
from .result import Conformance

__all__ = ["text_report"]

_KIND = {
    "zh": {"unknown_activity": "未知环节", "unexpected": "不应出现", "missing": "缺少",
           "after_end": "办结后"},
    "en": {"unknown_activity": "unknown activity", "unexpected": "unexpected",
           "missing": "missing", "after_end": "after the end"},
}


def _hours(value: float | None, lang: str) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} 小时" if lang == "zh" else f"{value:.1f} h"


def text_report(result: Conformance, lang: str = "zh") -> str:
    s = result.summary
    zh = lang == "zh"
    kinds = _KIND["zh" if zh else "en"]
    out = []
    if zh:
        out.append(f"{result.process}:{s.cases:,} 件,{s.events:,} 个事件,{s.variants} 种变体")
        out.append(f"  拟合度 {s.fitness:.4f}(逐件平均 {s.average_fitness:.4f});"
                   f"完全符合的案件 {s.fitting:,} 件({s.fitting_share:.1%})")
        out.append(f"  已办结 {s.finished:,} 件,日志结束时仍在办 {s.open:,} 件")
    else:
        out.append(f"{result.process}: {counted(s.cases, 'case')}, "
                   f"{counted(s.events, 'event')}, {counted(s.variants, 'variant')}")
        out.append(f"  fitness {s.fitness:.4f} (average per case {s.average_fitness:.4f}); "
                   f"cases that fit: {s.fitting:,} ({s.fitting_share:.1%})")
        out.append(f"  finished {s.finished:,}, still open at the end of the log {s.open:,}")
    if s.cases_with_deadline:
        out.append(f"  超过登记期限的案件 {s.deadline_breaches:,} 件(共 {s.cases_with_deadline:,} "
                   "件有期限)" if zh else
                   f"  cases whose last event came after their deadline: "
                   f"{s.deadline_breaches:,} of {s.cases_with_deadline:,}")
    if s.frequent:
        out.append("最常见的偏差(案件数,示例):" if zh else
                   "Most frequent deviations (cases, example):")
        out += [f"  {f.cases:>5}  {kinds[f.kind]}  {f.activity}  ({f.example})"
                for f in s.frequent]
    if s.unknown_activities:
        out.append(("未映射的环节:" if zh else "Activities mapped to no state: ")
                   + ", ".join(s.unknown_activities))
        if not any(a.state for a in result.activities):  # nothing matched: say how to map
            out.append("  提示:没有一个环节名称与状态的 id 或名称相同;用 --activities 映射文件写明"
                       "(docs/conformance.md)" if zh else
                       "  hint: no activity name matched a state's id or name; map them in a "
                       "file given with --activities (docs/conformance.md)")
    slow = sorted((a for a in result.activities if a.p90_working_hours is not None),
                  key=lambda a: -(a.p90_working_hours or 0))[:5]
    if slow:
        out.append("最慢的环节(工作时间,中位数 / 90%):" if zh else
                   "Slowest steps (working time, median / p90):")
        out += [f"  {_hours(a.median_working_hours, lang):>10} / "
                f"{_hours(a.p90_working_hours, lang):>10}  {a.activity}" for a in slow]
    over = [d for d in result.departments if d.over_limit]
    if over:
        out.append("超时最多的部门:" if zh else "Limits most often broken, by department:")
        out += [f"  {d.department}: {d.over_limit} / {d.steps_with_limit}"
                f" ({(d.over_limit_share or 0):.1%})"
                for d in sorted(over, key=lambda d: -d.over_limit)]
    elif s.limits_broken:
        out.append(f"  超时 {s.limits_broken} 次" if zh else
                   f"  limits broken: {s.limits_broken}")
    for warning in s.warnings:
        out.append(("注意:" if zh else "note: ") + warning.pick("zh" if zh else "en"))
    return "\n".join(out) + "\n"
