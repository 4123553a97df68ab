"""``policy-kit conform``: hold an office's case log against a process."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import click

from ..errors import UsageError
from .options import lang_option
from .output import check_target, echo_json, write_output

__all__ = ["conform_command"]


@click.command("conform")
@click.argument("spec", metavar="ID|FILE")
@click.option("--log", "log_path", required=True, type=click.Path(path_type=Path),
              help="The case log: CSV, XLSX, XES or gzipped XES.")
@click.option("--activities", type=click.Path(path_type=Path),
              help="YAML mapping of the log's activities to state ids.")
@click.option("--case-column", help="The case id column (default: recognised).")
@click.option("--activity-column", help="The activity column.")
@click.option("--time-column", help="The (completion) timestamp column.")
@click.option("--start-column", help="The start timestamp column.")
@click.option("--resource-column", help="The resource (officer) column.")
@click.option("--deadline-column", help="A case column with each case's deadline.")
@click.option("--outcome-column", help="A case column saying how the case ended.")
@click.option("--finished-column", help="A case column that is filled once a case has ended.")
@click.option("--encoding", help="The CSV's encoding (default: UTF-8 or GB18030, detected).")
@click.option("--sheet", help="The XLSX sheet (default: the first).")
@click.option("--calendar", help="cn, weekly or weekly:CC (default: the process's).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--cases-out", type=click.Path(path_type=Path),
              help="Write the per-case table as CSV.")
@click.option("--pseudonymize", is_flag=True,
              help="Replace case ids and resource names by salted hashes "
                   "(salt: POLICY_KIT_SALT or POLICY_KIT_SALT_FILE).")
@lang_option("Language of the report.")
def conform_command(spec: str, log_path: Path, activities: Path | None,
                    case_column: str | None, activity_column: str | None,
                    time_column: str | None, start_column: str | None,
                    resource_column: str | None, deadline_column: str | None,
                    outcome_column: str | None, finished_column: str | None,
                    encoding: str | None, sheet: str | None, calendar: str | None,
                    as_json: bool, cases_out: Path | None, pseudonymize: bool,
                    lang: str) -> None:
    """Replay a case log against a process: deviations, fitness, time limits, deadlines."""
    from ..calendar import zone_of
    from ..conform import Settings, conform, load_activities
    from ..conform.text import text_report
    from ..loader import load
    from ..logs import ReadOptions, read_log

    if cases_out is not None:
        check_target(cases_out, "--cases-out")
    definition = load(spec)
    if activities is not None and not activities.exists():
        raise UsageError(f"--activities {activities}: no such file")
    mapping = load_activities(activities, definition) if activities is not None else None
    given = mapping.columns if mapping is not None else None
    kind = calendar or definition.process.calendar
    if calendar is not None and not (calendar in ("cn", "weekly")
                                     or calendar.startswith("weekly:")):
        raise UsageError(f"--calendar {calendar}: choose cn, weekly or weekly:CC")
    rename: Callable[[str], str] = str
    if pseudonymize:
        from ..pseudonym import pseudonymizer, salt_from_environment
        rename = pseudonymizer(salt_from_environment())
    options = ReadOptions(
        zone_of(kind),
        case=case_column or (given.case if given else None),
        activity=activity_column or (given.activity if given else None),
        end=time_column or (given.time if given else None),
        start=start_column or (given.start if given else None),
        resource=resource_column or (given.resource if given else None),
        outcome=outcome_column or (given.outcome if given else None),
        deadline=deadline_column or (given.deadline if given else None),
        encoding=encoding, sheet=sheet)
    log = read_log(log_path, options)
    result = conform(definition, log, mapping,
                     Settings(calendar=calendar, finished_column=finished_column,
                              rename=rename))
    if cases_out is not None:
        write_output(cases_out, _cases_csv(result), "--cases-out")
    if as_json:
        data = result.model_dump(mode="json")
        if pseudonymize:
            data["log"]["path"] = Path(data["log"]["path"]).name
        echo_json(data)
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

