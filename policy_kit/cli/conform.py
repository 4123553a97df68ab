"""``policy-kit conform``: hold an office's case log against a process."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import click

from .logflags import log_options, read_case_log
from .options import lang_option
from .output import check_target, write_output

__all__ = ["conform_command"]


@click.command("conform")
@click.argument("spec", metavar="ID|FILE")
@log_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--cases-out", type=click.Path(path_type=Path),
              help="Write the per-case table as CSV.")
@lang_option("Language of the report.")
def conform_command(spec: str, as_json: bool, cases_out: Path | None, lang: str,
                    **flags: Any) -> None:
    """Replay a case log against a process: deviations, fitness, time limits, deadlines."""
    from ..conform import conform
    from ..conform.text import text_report
    from ..loader import load

    if cases_out is not None:
        check_target(cases_out, "--cases-out")
    case_log = read_case_log(load(spec), flags)
    result = conform(case_log.definition, case_log.log, case_log.activities,
                     case_log.settings, steps=False)
    if cases_out is not None:
        write_output(cases_out, _cases_csv(result), "--cases-out")
    if as_json:
        if case_log.pseudonymized:  # the folder may name the office or the person
            result = result.model_copy(update={"log": result.log.model_copy(
                update={"path": Path(result.log.path).name})})
        # serialised by pydantic straight to text: a large log's result never becomes a
        # second tree of dicts in memory
        click.echo(result.model_dump_json(indent=2, by_alias=True))
    else:
        click.echo(text_report(result, lang), nl=False)


def _cases_csv(result: object) -> str:
    from ..conform import Conformance
    assert isinstance(result, Conformance)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("case", "fitness", "finished", "outcome", "events", "deviations",
                     "deviation_list", "start", "end", "working_days", "deadline_breached",
                     "limits_broken"))
    for case in result.cases:
        writer.writerow((
            case.case, case.fitness, case.finished, case.outcome or "", case.events,
            len(case.deviations),
            "; ".join(f"{d.kind}:{d.activity}@{d.position}" for d in case.deviations),
            case.start.isoformat() if case.start else "",
            case.end.isoformat() if case.end else "",
            "" if case.working_days is None else case.working_days,
            "" if case.deadline_breached is None else case.deadline_breached,
            "; ".join(f"{b.scope}:{b.id}" for b in case.limits_broken)))
    return out.getvalue()

