"""``policy-kit conform``: hold an office's case log against a process."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .i18n import command
from .logflags import log_options, read_case_log
from .options import lang_option
from .output import check_target, to_json, write_table

if TYPE_CHECKING:
    from ..conform import CaseResult, Conformance

__all__ = ["conform_command"]


@command("conform")
@click.argument("spec", metavar="ID|FILE")
@log_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--cases-out", type=click.Path(path_type=Path),
              help="Write the per-case table as CSV.")
@lang_option("Language of the report.")
def conform_command(spec: str, as_json: bool, cases_out: Path | None, lang: str,
                    **flags: Any) -> None:
    """Replay a case log against a process: deviations, fitness, time limits, deadlines."""
    from ..conform import Conformer
    from ..conform.text import text_report
    from ..loader import load

    if cases_out is not None:
        check_target(cases_out, "--cases-out")
    case_log = read_case_log(load(spec), flags)
    conformer = Conformer(case_log.definition, case_log.log, case_log.activities,
                          case_log.settings, steps=False)
    # Each case is written out as it comes and not kept: a million-event log's cases
    # never stand in memory as objects, only as the text that is printed.
    texts: list[str] = []
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(_CASE_COLUMNS)
    for case in conformer.cases():
        if as_json:
            texts.append(case.model_dump_json(indent=2).replace("\n", "\n    "))
        if cases_out is not None:
            writer.writerow(_case_row(case))
    result = conformer.result()
    if cases_out is not None:
        write_table(cases_out, table.getvalue(), "--cases-out")
    if as_json:
        for chunk in _json(result, texts):  # in pieces: no second copy of all the cases
            click.echo(chunk, nl=False)
        click.echo()
    else:
        click.echo(text_report(result, lang), nl=False)


def _json(result: Conformance, cases: list[str]) -> Iterator[str]:
    """The result as JSON (the keys in the model's order), with the cases given as text."""
    data = result.model_dump(mode="json", by_alias=True, exclude={"cases"})
    yield "{"
    for number, key in enumerate(type(result).model_fields):
        yield ("," if number else "") + f"\n  {json.dumps(key)}: "
        if key != "cases":
            yield to_json(data[key]).replace("\n", "\n  ")
        elif not cases:
            yield "[]"
        else:
            yield "["
            for start in range(0, len(cases), 1000):
                yield ("," if start else "") + "\n    " + ",\n    ".join(
                    cases[start:start + 1000])
            yield "\n  ]"
    yield "\n}"


_CASE_COLUMNS = ("case", "fitness", "finished", "outcome", "events", "deviations",
                 "deviation_list", "start", "end", "working_days", "deadline_breached",
                 "limits_broken")


def _case_row(case: CaseResult) -> tuple[object, ...]:
    return (
        case.case, case.fitness, case.finished, case.outcome or "", case.events,
        len(case.deviations),
        "; ".join(f"{d.kind}:{d.activity}@{d.position}" for d in case.deviations),
        case.start.isoformat() if case.start else "",
        case.end.isoformat() if case.end else "",
        "" if case.working_days is None else case.working_days,
        "" if case.deadline_breached is None else case.deadline_breached,
        "; ".join(f"{b.scope}:{b.id}" for b in case.limits_broken))
