"""``path``: walk one application and print each step, dated with ``--start``, or JSON."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from ..calendar import Calendar, Mode, calendar_for
from ..errors import UsageError
from ..expr.printer import value_text
from ..loader import Definition, load
from ..machine import compile
from ..model import label
from ..schedule import DatedPath, GuardCheck, date_walk, explain_walk, gantt_svg, svg_to_png
from ..schedule.report import dated_fields, guard_fields, step_fields
from ..schedule.table import dated_table, guard_lines, summary_lines
from ..structure import Structure
from ..values import parse_assignment
from ..walk_file import WalkFile
from ..walker import Walk, walk
from .options import lang_option
from .output import check_target, echo_json, write_output

__all__ = ["path_command", "path_data"]

_GANTT_FORMATS = (".svg", ".png")


def _parse_start(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, for example "
                                 "2024-02-19") from None


@click.command("path")
@click.argument("spec", metavar="ID|FILE")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Set an attribute (default: each attribute's example). Repeatable.")
@click.option("--choose", "choices", multiple=True, metavar="[REGION.]TRIGGER",
              help="Take this way when it is enabled (in order). Repeatable.")
@lang_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--start", metavar="DATE", callback=_parse_start,
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
    machine = compile(definition)
    result = walk(machine, attributes, choices)
    explanations = explain_walk(machine, result) if explain else None
    dated = chart = None
    if start is not None:
        mode: Mode = "strict" if calendar_mode == "strict" else "lenient"
        calendar = calendar_for(definition.process.calendar, mode, holidays_file)
        dated = _date(definition, result, calendar, start, expected)
        if gantt_file is not None:
            chart = gantt_svg(definition.structure, dated, calendar, lang)
    data = path_data(definition.structure, result)
    _add_details(data, dated, explanations)
    award = _award(definition, result, year, start or date.today())
    if award is not None:
        data["award"] = award
    if as_json:
        echo_json(data)
    else:
        click.echo(_text(definition.structure, result, data, lang, dated, explanations))
    if result.stuck:
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
                             "received, e.g. --start 2024-02-19)")
    if holidays_file is not None and not Path(holidays_file).is_file():
        what = "not a file" if Path(holidays_file).exists() else "no such file"
        raise UsageError(f"--holidays {holidays_file}: {what}")
    if gantt_file is not None and Path(gantt_file).suffix.lower() not in _GANTT_FORMATS:
        raise UsageError(f"--gantt writes .svg or .png, not {gantt_file!r}")


def _date(definition: Definition, result: Walk, calendar: Calendar, start: date,
          expected: bool) -> DatedPath:
    """The walk on the calendar: promised dates, or a scenario's medians (--expected)."""
    if not expected:
        return date_walk(definition.structure, result, calendar, start)
    from ..schedule.expected import expected_lengths  # imports the simulator: only if asked

    rule = expected_lengths(definition)
    dated = date_walk(definition.structure, result, calendar, start, rule, "expected")
    return replace(dated, scenario=str(rule.scenario))


def _award(definition: Definition, result: Walk, asked: int | None,
           started: date) -> dict[str, Any] | None:
    """What a paid case is awarded under the process's policy file, if it has one.

    The year is --year, else the policy year of the round the case starts in (the
    policy's `round`: the seed's February 2024 round pays 2023). A year asked with --year
    that the policy does not cover is an error; a year merely implied becomes a note, so
    the path is still shown.
    """
    if result.outcome != "paid":
        return None
    from ..policy import PolicyYearError, award_for, policy_path, policy_year  # when it applies

    if policy_path(definition) is None:
        return None
    year = asked or policy_year(definition, started)
    try:
        award = award_for(definition, result.attributes, year)
    except PolicyYearError as error:
        if asked is not None:
            raise
        return {"year": year, "amount": None, "rewards": [], "note": str(error)}
    if award is None:
        return None
    lines = award.entitlement.lines
    return {"year": year, "amount": str(award.amount),
            "rewards": [{"id": line.reward.spec.id, "amount": str(line.amount)}
                        for line in lines]}


def _write_gantt(target: Path, svg: str) -> None:
    write_output(target, svg_to_png(svg) if target.suffix.lower() == ".png" else svg,
                 "--gantt")


def path_data(structure: Structure, result: Walk) -> dict[str, Any]:
    """The JSON form of a walk: ``WalkFile`` (``render --path`` reads it back)."""
    return WalkFile.of(structure, result).data()


def _add_details(data: dict[str, Any], dated: DatedPath | None,
                 explanations: Sequence[tuple[GuardCheck, ...]] | None) -> None:
    """Add the dates (with --start) and the guards (with --explain) to the JSON form."""
    if dated is not None:
        data.update(dated_fields(dated))
        for step, dated_step in zip(data["steps"], dated.steps, strict=True):
            step.update(step_fields(dated_step))
    if explanations is not None:
        for step, checks in zip(data["steps"], explanations, strict=True):
            step["guards"] = guard_fields(checks)


def _text(structure: Structure, result: Walk, data: dict[str, Any], lang: str,
          dated: DatedPath | None = None,
          explanations: Sequence[tuple[GuardCheck, ...]] | None = None) -> str:
    process = structure.process
    names = {c.id: label(c.name, c.id, lang) for c in process.certificates}
    shown = ", ".join(f"{k}={value_text(v)}" for k, v in data["attributes"].items())
    lines = [f"{label(process.title, process.id, lang)}  [{process.id}]",
             *textwrap.wrap(f"applicant: {shown or '(no attributes)'}", width=100,
                            subsequent_indent="           ", break_on_hyphens=False)]
    if dated is not None:
        how = ("promised dates: each step takes the longest its limit allows"
               if dated.basis == "promised" else "expected dates: each step takes its median "
               f"duration in {dated.scenario}")
        lines += [f"calendar: {dated.calendar}; received {dated.start.isoformat()}; {how}", ""]
        lines += dated_table(structure, dated, lang, explanations)
        lines += [""] + summary_lines(dated, lang, structure)
    else:
        lines.append("")
        lines += _steps(structure, result, lang, names, explanations)
    lines.append("")
    if result.stuck:
        lines.append(f"stuck at: {', '.join(result.states)} (no way on is enabled)")
    else:
        lines.append(f"outcome: {result.outcome}")
    if "award" in data:
        award = data["award"]
        rewards = ", ".join(f"{r['id']} {_money(r['amount'])}" for r in award["rewards"])
        if award["amount"] is None:
            lines.append(f"award ({award['year']}): not computed: "
                         + award["note"].splitlines()[0].rstrip(": ")
                         + "; give a year it covers with --year")
        else:
            lines.append(f"award ({award['year']}): {_money(award['amount'])} 元"
                         + (f"  ({rewards})" if rewards else "  (no reward applies)"))
    lines.append(f"certificates: {len(result.certificates)}"
                 + (": " + ", ".join(names.get(c, c) for c in result.certificates)
                    if result.certificates else ""))
    return "\n".join(lines)


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
            lines += guard_lines(explanations[index], "       ")
    return lines
