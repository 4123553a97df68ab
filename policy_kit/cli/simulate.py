"""``simulate``: run many applications through a process under a scenario, print the figures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..api.simulation import simulate
from ..loader import load
from .i18n import command
from .options import lang_option
from .output import announce, check_target, echo_json

__all__ = ["simulate_command"]


@command("simulate")
@click.argument("spec", metavar="ID|FILE")
@click.option("--scenario", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              metavar="FILE",
              help="Scenario file (default: <process>.scenario.yaml beside the process).")
@click.option("--cases", type=click.IntRange(min=1, max=10_000_000),
              help="Cases per replication, warm-up not included (default: the scenario's).")
@click.option("--replications", type=click.IntRange(min=1, max=10_000),
              help="Independent runs (default: the scenario's).")
@click.option("--seed", type=click.IntRange(min=0, max=2**63),
              help="Random seed; the same seed gives the same output.")
@click.option("--warmup", type=click.IntRange(min=0, max=10_000_000),
              help="Extra cases first in each replication, not counted.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--event-log", type=click.Path(path_type=Path),
              metavar="FILE.csv|FILE.xes|FILE.parquet",
              help="Write replication 1's cases as an event log (time-ordered steps, "
                   "officers as DEPT#N with their department as group, the case's outcome).")
@click.option("--allow-unsound", is_flag=True,
              help="Simulate even if the checker finds errors; stuck cases count as "
                   "unfinished.")
@click.option("--workers", type=click.IntRange(min=1, max=1024), metavar="N",
              help="Processes to run replications on (default: this machine's cores, when "
                   "the run is long enough to be worth it). The output is the same for any N.")
@lang_option()
def simulate_command(spec: str, scenario: Path | None, cases: int | None,
                     replications: int | None, seed: int | None, warmup: int | None,
                     as_json: bool, event_log: Path | None, allow_unsound: bool,
                     workers: int | None, lang: str) -> None:
    """Simulate many applications: cycle times, outcomes, limits, queues, bottlenecks.

    Exit codes: 0 done; 1 the process or scenario has errors (or the process is unsound
    and --allow-unsound was not given); 2 usage errors.
    """
    if event_log is not None:
        check_target(event_log, "--event-log")
    definition = load(spec)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="simulating", file=sys.stderr)
        bar.update(done - bar.pos)

    try:
        result = simulate(definition, scenario=scenario, cases=cases, replications=replications,
                          seed=seed, warmup=warmup, event_log=event_log,
                          allow_unsound=allow_unsound, workers=workers, lang=lang,
                          progress=progress if sys.stderr.isatty() else None)
    finally:
        if bar is not None:
            bar.render_finish()
    data = result.model_dump(mode="json")
    if as_json:
        echo_json(data)
    else:
        from ..simulate.table import render_report  # text only: kept off --json's start-up

        click.echo(render_report(definition.process, data, lang))
    if event_log is not None:
        announce(event_log)
