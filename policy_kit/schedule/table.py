"""The terminal form of a dated path and of guard explanations: aligned text, Chinese included.

Part of date → **report** (``policy_kit.schedule``). Columns are padded by display width
(a Chinese character takes two terminal cells), so tables stay aligned in Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ..expr import Value
from ..model import label
from ..structure import Structure
from ..textwidth import columns, pad
from .dating import DatedPath, DatedStep
from .explain import GuardCheck, Part
from .usage import Usage

__all__ = [
    "dated_table", "format_value", "guard_lines", "summary_lines",
]

_UNIT = {"working_days": "wd", "natural_days": "nd"}
_MARK = {True: "✓", False: "✗"}


def format_value(value: Value | None) -> str:
    """A value as the guard language writes it: ``true``, ``82``, ``"text"``, ``2024-02-19``."""
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(
            value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return f'"{value}"'


def _used(usage: Usage | None) -> str:
    if usage is None:
        return "-"
    return f"{usage.used}/{usage.limit.days}" + ("!" if usage.over else "")


_CLOCKS_ZH = {"government": "政府", "applicant": "申请人", "statutory": "法定期间"}


def _describe(structure: Structure, step: DatedStep, lang: str) -> str:
    zh = lang == "zh"
    process = structure.process
    place = structure.places.get(step.state)
    stage = structure.stages.get(step.step.stage or "")
    departments = {d.id: label(d.name, d.id, lang) for d in process.departments}
    stage_name = label(stage.name, stage.id, lang) if stage else "-"
    waited = (f"等待 {step.waited_for}" if zh else f"waited for {step.waited_for}") \
        if step.waited_for else ""
    if place is None:
        name = (f"并联汇合({waited or '无分支'})" if zh else
                f"join ({waited or 'no region'})")
    else:
        name = label(place.state.name, step.state, lang)
        if waited:
            name += f" ({waited})"
    region = f"‖{step.step.region} " if step.step.region else ""
    department = departments.get(step.step.department or "", "-")
    flag = ("  ⚑ 未设时限" if zh else "  ⚑ no limit") if step.no_limit else ""
    way = process.way_label(step.step.transition, step.step.trigger, lang)
    return (f"[{stage_name}] {region}{name} ({department})  --{way}-->  "
            f"{step.step.target}{flag}")


def _row(structure: Structure, step: DatedStep, lang: str) -> list[str]:
    usage = {u.scope: u for u in step.usage}
    took = f"{step.length.days} {_UNIT[step.length.unit]}"
    clock = step.clock or "-"
    return [str(step.step.number), step.start.isoformat(), step.end.isoformat(),
            _CLOCKS_ZH.get(clock, clock) if lang == "zh" else clock, took,
            _used(usage.get("task")), _used(usage.get("stage")),
            _used(usage.get("process")), _describe(structure, step, lang)]


_HEADER = {"zh": ["#", "开始", "结束", "计时", "用时", "事项", "阶段", "全流程", "步骤"],
           "en": ["#", "start", "end", "clock", "took", "task", "stage", "process", "step"]}


def dated_table(structure: Structure, dated: DatedPath, lang: str,
                explanations: Sequence[tuple[GuardCheck, ...]] | None = None) -> list[str]:
    """The table of dated steps (with guard lines under each step when explained)."""
    header = _HEADER["zh" if lang == "zh" else "en"]
    rows = [_row(structure, step, lang) for step in dated.steps]
    widths = [max(columns(r[i]) for r in [header, *rows]) for i in range(len(header))]
    names = {c.id: label(c.name, c.id, lang) for c in structure.process.certificates}
    indent = " " * (2 + sum(w + 2 for w in widths[:-1]))
    lines = ["  " + "  ".join(pad(c, w) for c, w in zip(header, widths, strict=True)).rstrip()]
    for index, row in enumerate(rows):
        cells = [row[0].rjust(widths[0])] + [pad(c, w) for c, w in
                                              zip(row[1:], widths[1:], strict=True)]
        lines.append("  " + "  ".join(cells).rstrip())
        lines.extend(f"{indent}✔ {names.get(c, c)} [{c}]"
                     for c in dated.steps[index].step.certificates)
        if explanations is not None:
            lines.extend(guard_lines(explanations[index], "      ", lang))
    return lines


_SUMMARY: dict[str, tuple[str, str]] = {
    "legend": ("用时:该步骤所用时间(wd 工作日,nd 自然日);事项/阶段/全流程:该步骤结束时的已用/"
               "时限(! 表示超时);阶段和全流程只计政府时钟",
               "took: time the step takes (wd working days, nd natural days); task/stage/"
               "process: used/limit at the step's end (! = over); stage and process count "
               "only the government clock"),
    "process": ("全流程", "process"),
    "stage": ("阶段 {0}", "stage {0}"),
    "over": ("超出 {0}", "over by {0}"),
    "left": ("剩余 {0}", "{0} left"),
    "limit": ("{0}的时限:已用 {1} / {2} {3},{4}", "limit of {0}: {1} of {2} {3} used, {4}"),
    "taken": ("(按 0 天计)", " (taken as 0 days)"),
    "unlimited": ("未设时限的步骤{0}:{1}", "steps without a limit{0}: {1}"),
    "finish": ("办结日期:{0}", "finish: {0}"),
    "estimated": ("估算:缺少 {0} 年的法定节假日数据;这些年份的日期只按周末和固定规则的节日推算,"
                  "不含调休上班日",
                  "estimated: no statutory holiday data for {0}; dates in those years assume "
                  "weekends and rule-based holidays, without make-up working days"),
}
"""The words under a dated table, in Chinese and English."""


def summary_lines(dated: DatedPath, lang: str, structure: Structure) -> list[str]:
    """What the table means, each limit's use at the end, and what is estimated or missing."""
    def say(key: str, *args: object) -> str:
        zh, en = _SUMMARY[key]
        return (zh if lang == "zh" else en).format(*args)

    names = {s.id: label(s.name, s.id, lang) for s in structure.process.stages}
    lines = [say("legend"), ""]
    for usage in dated.limits:
        what = say("process") if usage.scope == "process" else say(
            "stage", names.get(usage.id, usage.id))
        state = say("over", -usage.remaining) if usage.over else say("left", usage.remaining)
        lines.append(say("limit", what, usage.used, usage.limit.days, _UNIT[usage.limit.unit],
                         state) + ("  ⚠" if usage.over else ""))
    if dated.unlimited:
        taken = say("taken") if dated.basis == "promised" else ""
        lines.append(say("unlimited", taken, ", ".join(dated.unlimited)))
    if dated.finish is not None:
        lines.append(say("finish", dated.finish.isoformat()))
    if dated.estimated_years:
        lines.append(say("estimated", ", ".join(str(y) for y in dated.estimated_years)))
    return lines


def guard_lines(checks: tuple[GuardCheck, ...], indent: str, lang: str = "en") -> list[str]:
    """One line per way out of the state, then its guard's logic and the values it read."""
    lines = []
    for check in checks:
        mark = "✓" if check.taken else ("·" if check.enabled else "✗")
        reason = check.reason_zh if lang == "zh" and check.reason_zh else check.reason
        lines.append(f"{indent}{mark} {check.move.trigger} → {check.move.target}: {reason}")
        if check.tree is None:
            continue
        lines.extend(_part_lines(check.tree, indent + "    ", lang))
        read = [f"{name} = {format_value(value)}" for name, value in check.read.items()]
        read += [f"done({state}) = {format_value(value)}" for state, value in
                 check.done.items()]
        if read:
            lines.append(f"{indent}    {'读取' if lang == 'zh' else 'read'}: {', '.join(read)}")
    return lines


def _part_lines(part: Part, indent: str, lang: str = "en") -> list[str]:
    """The guard and, under it, the operands of its ``and``/``or``/``not`` with their values."""
    value = f"{'错误' if lang == 'zh' else 'error'}: {part.error}" if part.error else \
        format_value(part.value)
    lines = [f"{indent}{part.text} = {value}"]
    if part.logic is not None:
        for child in part.parts:
            lines.extend(_part_lines(child, indent + "  ", lang))
    return lines
