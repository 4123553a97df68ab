"""``policy-kit calibrate``: fit a scenario to a case log, and say how close it comes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..formats import versioned
from .i18n import command
from .logflags import log_options, read_case_log
from .options import lang_option
from .output import check_target, echo_json, write_output

__all__ = ["calibrate_command"]


@command("calibrate")
@click.argument("spec", metavar="ID|FILE")
@log_options
@click.option("--scenario", "base_path", type=click.Path(path_type=Path), metavar="BASE.yaml",
              help="Base scenario: its applicants, run settings and the figures the log is "
                   "too thin for are kept (default: the process's own, if it has one).")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              metavar="SCENARIO.yaml",
              help="Where to write the calibrated scenario (.yaml).")
@click.option("--report", is_flag=True,
              help="Simulate the calibrated scenario on the log's own arrivals and measure "
                   "how far it lies from the log.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Seed of the --report simulation.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@lang_option("Language of the report.")
def calibrate_command(spec: str, base_path: Path | None, output: Path, report: bool,
                      seed: int, as_json: bool, lang: str, **flags: Any) -> None:
    """Estimate a scenario (arrivals, durations, shares, officers, office hours) from the
    cases of a log that fit the process."""
    from ..calibrate import run_calibration
    from ..calibrate.text import calibration_text
    from ..errors import UsageError
    from ..loader import load

    check_target(output, "-o")
    definition = load(spec)
    if base_path is not None and not base_path.exists():
        raise UsageError(f"--scenario {base_path}: no such file",
                         zh=f"--scenario {base_path}：没有这个文件")
    case_log = read_case_log(definition, flags)
    result = run_calibration(case_log, base_path, report=report, seed=seed)
    write_output(output, result.yaml, "-o")
    if as_json:
        echo_json(versioned("calibrate", result.json_data()))
    else:
        click.echo(calibration_text(result, lang), nl=False)
