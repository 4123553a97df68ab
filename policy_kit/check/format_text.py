"""Findings as text for a person: grouped by file, then by severity, worst first.

Part of check → (output). Pure: returns the text; colour is added with ``click.style``
markers that ``click.echo`` removes when the output is not a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..expr.printer import value_text
from .findings import SEVERITIES, Counterexample, Finding

__all__ = ["summary", "text_report"]

Style = Callable[..., str]

_HEADINGS = {"zh": {"error": "错误", "warning": "警告", "info": "提示", "suppressed": "已抑制"},
             "en": {"error": "errors", "warning": "warnings", "info": "notes",
                    "suppressed": "suppressed"}}
_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan", "suppressed": "bright_black"}


def _plain(text: str, **_: object) -> str:
    return text


def text_report(files: Sequence[tuple[str, Sequence[Finding]]], lang: str,
                style: Style = _plain) -> str:
    """Every file with its findings; ``style`` is ``click.style`` for colour."""
    lines: list[str] = []
    for name, findings in files:
        lines.append(style(name, bold=True))
        if not findings:
            lines.append("  " + ("没有发现问题" if lang == "zh" else "no problems found"))
        groups: dict[str, list[Finding]] = {
            s: [f for f in findings if f.severity == s and f.counts] for s in SEVERITIES}
        groups["suppressed"] = [f for f in findings if not f.counts]
        for group, members in groups.items():
            if not members:
                continue
            heading = f"{_HEADINGS[lang][group]} ({len(members)})"
            lines.append("  " + style(heading, fg=_COLOURS[group], bold=True))
            for finding in members:
                lines.extend(_finding(finding, lang, style, group))
        lines.append("")
    return "\n".join(lines)


def _finding(finding: Finding, lang: str, style: Style, group: str) -> list[str]:
    where = f"{finding.location.line}:{finding.location.column}" if finding.location.line \
        else "-"
    head = f"    {where:>7}  {style(finding.code, fg=_COLOURS[group])}  {finding.text(lang)}"
    lines = [head]
    indent = " " * 13
    if finding.ids:
        shown = ", ".join(_id(i, label.pick(lang)) for i, label in
                          zip(finding.ids, finding.labels, strict=False))
        lines.append(f"{indent}{'标识' if lang == 'zh' else 'ids'}: {shown}")
    if finding.hint is not None:
        lines.append(f"{indent}{'提示' if lang == 'zh' else 'hint'}: {finding.hint.pick(lang)}")
    if finding.suppressed is not None:
        lines.append(f"{indent}{'理由' if lang == 'zh' else 'reason'}: {finding.suppressed}")
    if finding.counterexample is not None:
        lines.extend(_counterexample(finding.counterexample, lang, indent))
    return lines


def _id(identifier: str, label: str) -> str:
    return identifier if label == identifier else f"{identifier} ({label})"


def _counterexample(example: Counterexample, lang: str, indent: str) -> list[str]:
    values = ", ".join(f"{k}={value_text(v)}" for k, v in example.applicant.items()) or "-"
    title = "反例" if lang == "zh" else "counterexample"
    applicant = "申请人" if lang == "zh" else "applicant"
    start = "开始" if lang == "zh" else "start"
    lines = [f"{indent}{title} ({applicant}: {values})",
             f"{indent}  {start}: {', '.join(example.start)}"]
    for number, step in enumerate(example.steps, 1):
        lines.append(f"{indent}  {number}. {step.event} → {', '.join(step.states)}")
    return lines


def summary(findings: Sequence[Finding], files: int, lang: str) -> str:
    counted = [f for f in findings if f.counts]
    errors = sum(f.severity == "error" for f in counted)
    warnings = sum(f.severity == "warning" for f in counted)
    suppressed = len(findings) - len(counted)
    if lang == "zh":
        return (f"{files} 个文件:{errors} 个错误,{warnings} 个警告"
                + (f"({suppressed} 个已抑制)" if suppressed else ""))
    return (f"{files} file{'s' if files != 1 else ''}: {errors} error{'s' if errors != 1 else ''}"
            f", {warnings} warning{'s' if warnings != 1 else ''}"
            + (f" ({suppressed} suppressed)" if suppressed else ""))
