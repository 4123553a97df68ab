"""``report``: one self-contained HTML file of a process, for the people who decide.

Parses the options, asks ``policy_kit.report`` for the page, writes it atomically.
"""

from __future__ import annotations

import shlex
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ..errors import UsageError
from .i18n import command
from .logflags import as_of_option, optional_log_options, read_case_log
from .options import lang_option, parse_date
from .output import check_target, write_output

if TYPE_CHECKING:
    from ..report.words import ReportLang

__all__ = ["report_command"]


@command("report")
@click.argument("spec", metavar="ID|FILE")
@click.option("-o", "--output", required=True, metavar="REPORT.html",
              type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write.")
@click.option("--scenario", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Scenario file (default: <process>.scenario.yaml beside the process).")
@click.option("--cases", type=click.IntRange(min=1, max=10_000_000),
              help="Cases per replication (default: the scenario's).")
@click.option("--replications", type=click.IntRange(min=1, max=10_000),
              help="Independent runs (default: the scenario's).")
@click.option("--seed", type=click.IntRange(min=0, max=2**63),
              help="Random seed; the same seed gives the same figures.")
@click.option("--start", metavar="DATE", callback=parse_date,
              help="The day the sample application is received (default: today).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Set an attribute of the sample application. Repeatable.")
@click.option("--compare", "other", metavar="OTHER",
              help="A process or *.scenario.yaml to compare against (as `compare ID OTHER`).")
@optional_log_options
@as_of_option(False, "With --log: forecast the cases open at the start of this day (as "
                     "`forecast --as-of`).")
@lang_option("Language of the report.")
def report_command(spec: str, output: Path, scenario: Path | None, cases: int | None,
                   replications: int | None, seed: int | None, start: date | None,
                   assignments: tuple[str, ...], other: str | None, as_of: date | None,
                   lang: str, **flags: Any) -> None:
    """Write one HTML file that shows a process: the stages, what the checker found, one
    application's dated path, simulation results with plots, a what-if, and every state.

    With --log (and conform's flags), the office's real cases are held against the
    process too; with --as-of as well, the cases open that day are forecast (with
    --scenario, --replications and --seed as `forecast` takes them). The file loads
    nothing (pictures, style and script are inline) and prints on A4.
    Its numbers are the ones `validate`, `path`, `simulate`, `compare`, `conform` and
    `forecast` print with --json for the same options.
    Exit codes: 0 written; 1 the input has errors; 2 usage.
    """
    if output.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"-o writes an HTML file (REPORT.html), not {output.name!r}",
                         zh=f"-o 写的是 HTML 文件（REPORT.html），不是 {output.name!r}")
    if as_of is not None and flags["log_path"] is None:
        raise UsageError("--as-of forecasts the open cases of a log: give --log too",
                         zh="--as-of 预测日志中的未办结案件：请同时给出 --log")
    check_target(output, "-o")  # refused before minutes of simulation, not after
    from ..report import CaseLog, ReportRequest, build_report, to_html

    case_log = None
    if flags["log_path"] is not None:
        from ..loader import load

        read = read_case_log(load(spec), flags)
        case_log = CaseLog(read.log, read.activities, read.settings, read.pseudonymized)
    hidden = {"log_path": case_log.log.path} if case_log and case_log.pseudonymized else {}
    request = ReportRequest(spec, scenario, cases, replications, seed, start, assignments,
                            other, cast("ReportLang", lang), _command_line(hidden),
                            case_log=case_log, as_of=as_of)
    write_output(output, to_html(build_report(request)), "-o")


def _command_line(hidden: dict[str, str]) -> str:
    """The command as it would be typed again: every option given, none left at its
    default, in the order the command declares them (shown in the report's header).
    ``hidden``: values shown as given there (under --pseudonymize, the log file's name
    is its pseudonym: it can name the firm or the person)."""
    ctx = click.get_current_context()
    words = ["policy-kit", ctx.info_name or "report"]
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if value is None or value == () or value is False or (
                isinstance(param, click.Option) and value == param.default):
            continue
        value = hidden.get(param.name or "", value)
        flag = param.opts[-1] if isinstance(param, click.Option) else None
        if flag and isinstance(param, click.Option) and param.is_flag:
            words.append(flag)  # a flag is typed alone, not as `--pseudonymize True`
            continue
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            text = item.date().isoformat() if isinstance(item, datetime) else str(item)
            words += ([flag] if flag else []) + [text]
    return shlex.join(words)

