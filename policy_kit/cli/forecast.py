"""``policy-kit forecast``: when each open case of a log will finish, and the risk it is late."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..formats import versioned
from .i18n import command
from .logflags import FORECAST_REPLICATIONS, FORECAST_SEED, as_of_option, log_options, read_case_log
from .options import lang_option
from .output import check_target, echo_json, write_table

__all__ = ["forecast_command"]


@command("forecast")
@click.argument("spec", metavar="ID|FILE")
@log_options
@as_of_option(True, "The day to forecast from (its 00:00 in the process calendar's zone).")
@click.option("--scenario", "scenario_path", type=click.Path(path_type=Path), metavar="FILE",
              help="The scenario to simulate (default: calibrated from the log first).")
@click.option("--replications", type=click.IntRange(1, 10_000), default=FORECAST_REPLICATIONS,
              show_default=True, help="Simulations of the open cases.")
@click.option("--seed", type=click.IntRange(min=0), default=FORECAST_SEED, show_default=True)
@click.option("--case", "cases", multiple=True, metavar="ID",
              help="Print this case's forecast as a 帮办 would read it (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--cases-out", type=click.Path(path_type=Path), metavar="CASES.csv",
              help="Write the per-case forecast as CSV.")
@lang_option("Language of the report.")
def forecast_command(spec: str, as_of: date, scenario_path: Path | None,
                     replications: int, seed: int, cases: tuple[str, ...], as_json: bool,
                     cases_out: Path | None, lang: str, **flags: Any) -> None:
    """Forecast the open cases of a log: finish dates (10/50/90%), the chance of running late."""
    from ..errors import UsageError
    from ..forecast import run_forecast
    from ..forecast.text import case_text, forecast_text
    from ..loader import load

    if cases_out is not None:
        check_target(cases_out, "--cases-out")
    definition = load(spec)
    if scenario_path is not None and not scenario_path.exists():
        raise UsageError(f"--scenario {scenario_path}: no such file",
                         zh=f"--scenario {scenario_path}：没有这个文件")
    case_log = read_case_log(definition, flags)
    result, calibrated = run_forecast(case_log, scenario_path, as_of, replications,
                                      seed)
    chosen = []
    rename = case_log.settings.rename  # with --pseudonymize: the real id or its pseudonym
    for name in cases:
        wanted = {name, rename(name)}
        found = next((c for c in result.cases if c.case in wanted), None)
        if found is None:
            raise UsageError(f"--case {name}: not open on {as_of} (or not in the log)",
                             zh=f"--case {name}：{as_of} 时未在办（或不在日志中）")
        chosen.append(found)
    if cases_out is not None:
        write_table(cases_out, _cases_csv(result), "--cases-out")
    if as_json:
        data = result.model_dump(mode="json")
        data["calibrated"] = calibrated
        echo_json(versioned("forecast", data))
    elif chosen:
        click.echo("\n".join(case_text(result, c, lang) for c in chosen), nl=False)
    else:
        click.echo(forecast_text(result, lang, calibrated), nl=False)


def _cases_csv(result: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("case", "states", "p10", "p50", "p90", "due", "breach_probability",
                     "deadline_breach_probability", "finish_probability"))
    for c in result.cases:
        writer.writerow((c.case, " ".join(c.states), c.p10 or "", c.p50 or "", c.p90 or "",
                         c.due or "", "" if c.breach_probability is None else
                         c.breach_probability, "" if c.deadline_breach_probability is None
                         else c.deadline_breach_probability, c.finish_probability))
    return out.getvalue()
