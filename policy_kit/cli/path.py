"""``path``: walk one application and print each step, dated with ``--start``, or JSON."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from ..api.paths import walked
from ..calendar import Mode
from ..errors import UsageError
from ..expr.printer import value_text
from ..loader import load
from ..model import label
from ..schedule import DatedPath, GuardCheck, gantt_svg, svg_to_png
from ..schedule.table import dated_table, guard_lines, summary_lines
from ..structure import Structure
from ..values import parse_assignment
from ..walker import Walk
from .i18n import command
from .options import lang_option, parse_date
from .output import check_target, echo_json, write_output

__all__ = ["path_command"]

_GANTT_FORMATS = (".svg", ".png")


@command("path")
@click.argument("spec", metavar="ID|FILE")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Set an attribute (default: each attribute's example). Repeatable.")
@click.option("--choose", "choices", multiple=True, metavar="[REGION.]TRIGGER",
              help="Take this way when it is enabled (in order). Repeatable.")
@lang_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--start", metavar="DATE", callback=parse_date,
              help="Date each step: the case is received on DATE (YYYY-MM-DD).")
@click.option("--calendar-mode", type=click.Choice(["strict", "lenient"]), default=None,
              help="Beyond the statutory data (2004-2026): strict refuses, lenient (the "
                   "default) estimates and says so.")
@click.option("--holidays", "holidays_file", metavar="FILE",
              help="A YAML or CSV file of extra holidays and make-up working days.")
@click.option("--expected", is_flag=True,
              help="Take a scenario's median durations instead of the promised limits.")
@click.option("--explain", is_flag=True,
              help="Show why each guard held or failed, with the values it read.")
@click.option("--gantt", "gantt_file", metavar="OUT.svg|png",
              help="Write a Gantt chart of the dated path.")
@click.option("--year", type=click.IntRange(1990, 2100), default=None,
              help="Policy year of the award paid at the end (default: the year the round "
                   "of --start, else of today, pays). Only for processes with a policy file.")
def path_command(spec: str, assignments: tuple[str, ...], choices: tuple[str, ...],
                 lang: str, as_json: bool, start: date | None, calendar_mode: str | None,
                 holidays_file: str | None, expected: bool, explain: bool,
                 gantt_file: str | None, year: int | None) -> None:
    """Walk one application through a process, step by step, to its outcome.

    At each step the next --choose is taken if it is enabled, else the default way on;
    concurrent regions advance in the order they are declared. With --start, each step is
    dated on the process's calendar: by default each takes the longest its limit allows
    (the date the office promises); see docs/dated-paths.md. Exits 1 if the application
    gets stuck.
    """
    _check_options(start, calendar_mode, holidays_file, expected, gantt_file)
    if gantt_file is not None:
        check_target(Path(gantt_file), "--gantt")
    definition = load(spec)
    attributes = dict(parse_assignment(definition.process, a) for a in assignments)
    mode: Mode = "strict" if calendar_mode == "strict" else "lenient"
    done = walked(definition, attributes=attributes, choose=choices, start=start,
                  calendar_mode=mode, holidays=holidays_file, expected=expected,
                  explain=explain, year=year)
    data = done.result.model_dump(mode="json")
    chart = None
    if gantt_file is not None and done.dated is not None and done.calendar is not None:
        chart = gantt_svg(definition.structure, done.dated, done.calendar, lang)
    if as_json:
        echo_json(data)
    else:
        click.echo(_text(definition.structure, done.walk, data, lang, done.dated,
                         done.explanations))
    if done.walk.stuck:
        raise SystemExit(1)  # a failed command writes no chart
    if chart is not None and gantt_file is not None:
        _write_gantt(Path(gantt_file), chart)


def _check_options(start: date | None, calendar_mode: str | None, holidays_file: str | None,
                   expected: bool, gantt_file: str | None) -> None:
    """Refuse dating options without --start, and a chart format we cannot write."""
    if start is None:
        given = [name for name, value in (("--calendar-mode", calendar_mode),
                                          ("--holidays", holidays_file),
                                          ("--expected", expected), ("--gantt", gantt_file))
                 if value]
        if given:
            verbs = "dates the path and needs" if len(given) == 1 else "date the path and need"
            raise UsageError(f"{', '.join(given)} {verbs} --start DATE (the day the case is "
                             "received, e.g. --start 2024-02-19)",
                             zh=(f"{'、'.join(given)} 需要 `--start 日期`（案件受理的日期，例如 "
                                 "`--start 2024-02-19`）"))
    if holidays_file is not None and not Path(holidays_file).is_file():
        there = Path(holidays_file).exists()
        raise UsageError(f"--holidays {holidays_file}: "
                         f"{'not a file' if there else 'no such file'}",
                         zh=f"--holidays {holidays_file}："
                            f"{'不是文件' if there else '没有这个文件'}")
    if gantt_file is not None and Path(gantt_file).suffix.lower() not in _GANTT_FORMATS:
        raise UsageError(f"--gantt writes .svg or .png, not {gantt_file!r}",
                         zh=f"--gantt 只写 .svg 或 .png，不写 {gantt_file!r}")


def _write_gantt(target: Path, svg: str) -> None:
    write_output(target, svg_to_png(svg) if target.suffix.lower() == ".png" else svg,
                 "--gantt")


def _text(structure: Structure, result: Walk, data: dict[str, Any], lang: str,
          dated: DatedPath | None = None,
          explanations: Sequence[tuple[GuardCheck, ...]] | None = None) -> str:
    process = structure.process
    zh = lang == "zh"
    names = {c.id: label(c.name, c.id, lang) for c in process.certificates}
    shown = ", ".join(f"{k}={value_text(v)}" for k, v in result.attributes.items())
    applicant = (f"申请人:{shown or '(无属性)'}" if zh else
                 f"applicant: {shown or '(no attributes)'}")
    lines = [f"{label(process.title, process.id, lang)}  [{process.id}]",
             *textwrap.wrap(applicant, width=100, subsequent_indent=" " * (7 if zh else 11),
                            break_on_hyphens=False)]
    if dated is not None:
        lines += [_dating(dated, zh), ""]
        lines += dated_table(structure, dated, lang, explanations)
        lines += [""] + summary_lines(dated, lang, structure)
    else:
        lines.append("")
        lines += _steps(structure, result, lang, names, explanations)
    lines.append("")
    if result.stuck:
        lines.append(f"停在:{', '.join(result.states)}(没有可走的路)" if zh else
                     f"stuck at: {', '.join(result.states)} (no way on is enabled)")
    else:
        lines.append(f"结果:{result.outcome}" if zh else f"outcome: {result.outcome}")
    if "award" in data:
        lines.append(_award_line(data["award"], zh))
    shown_certificates = ", ".join(names.get(c, c) for c in result.certificates)
    count = len(result.certificates)
    if zh:
        lines.append(f"证照:{count} 项" + (f":{shown_certificates}" if count else ""))
    else:
        lines.append(f"certificates: {count}" + (f": {shown_certificates}" if count else ""))
    return "\n".join(lines)


def _dating(dated: DatedPath, zh: bool) -> str:
    if zh:
        how = ("承诺日期:每一步按时限的最长用时推算" if dated.basis == "promised" else
               f"预计日期:每一步取 {dated.scenario} 中时长的中位数")
        return f"日历:{dated.calendar};受理日期 {dated.start.isoformat()};{how}"
    how = ("promised dates: each step takes the longest its limit allows"
           if dated.basis == "promised" else "expected dates: each step takes its median "
           f"duration in {dated.scenario}")
    return f"calendar: {dated.calendar}; received {dated.start.isoformat()}; {how}"


def _award_line(award: dict[str, Any], zh: bool) -> str:
    rewards = ", ".join(f"{r['id']} {_money(r['amount'])}" for r in award["rewards"])
    if award["amount"] is None:
        note = award["note"].splitlines()[0].rstrip(": ")
        return (f"奖励({award['year']}):未计算:{note};用 --year 给出政策覆盖的年份" if zh
                else f"award ({award['year']}): not computed: {note}; give a year it covers "
                "with --year")
    none = "无适用奖励" if zh else "no reward applies"
    return (f"{'奖励' if zh else 'award'} ({award['year']}): {_money(award['amount'])} 元"
            + (f"  ({rewards})" if rewards else f"  ({none})"))


def _money(text: str) -> str:
    return f"{Decimal(text):,.2f}"


_JOIN = {"zh": "‖ 并联汇合:各分支均已办结", "en": "‖ join: every parallel review done"}
_ACTOR = {"zh": {"agent": " · 代办", "applicant": " · 申请人办理"},
          "en": {"agent": " · by the service agent", "applicant": " · by the applicant"}}


def _steps(structure: Structure, result: Walk, lang: str, names: dict[str, str],
           explanations: Sequence[tuple[GuardCheck, ...]] | None) -> list[str]:
    """The undated steps, each with its certificates (and its guards when explained)."""
    departments = {d.id: label(d.name, d.id, lang) for d in structure.process.departments}
    lines = []
    for index, step in enumerate(result.steps):
        place = structure.places.get(step.source)
        stage = structure.stages.get(step.stage or "")
        stage_name = label(stage.name, stage.id, lang) if stage else "-"
        region = f"‖{step.region} " if step.region else ""
        if place is None:  # the join of a concurrent stage
            who = _JOIN[lang]
        else:
            state_name = label(place.state.name, step.source, lang)
            actor = _ACTOR[lang].get(place.state.actor or "", "")
            who = f"{state_name} ({departments.get(step.department or '', '-')}{actor})"
        way = structure.process.way_label(step.transition, step.trigger, lang)
        lines.append(f"{step.number:>3}. [{stage_name}] {region}{who}"
                     f"  --{way}-->  {step.target}")
        for certificate in step.certificates:
            lines.append(f"       ✔ {names.get(certificate, certificate)} [{certificate}]")
        if explanations is not None:
            lines += guard_lines(explanations[index], "       ", lang)
    return lines
