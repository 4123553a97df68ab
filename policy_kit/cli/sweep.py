"""``sweep``: a grid (or sample) of what-ifs, each point's KPIs with intervals, the
cheapest point meeting a target; on Dask."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from ..formats import versioned
from ..loader import load
from ..simulate import load_scenario, refuse_unsound, scenario_path
from ..simulate.parallel import (
    SECONDS_PER_CASE_STATE,
    WORTH_SECONDS,
    Replications,
    default_workers,
)
from ..simulate.sweep import Sweep, cost_of, parse_vary, plan_points, scenario_at, summarise
from .i18n import command
from .options import lang_option
from .output import echo_json, write_output, write_table

__all__ = ["sweep_command"]


@command("sweep")
@click.argument("spec", metavar="ID|FILE")
@click.option("--scenario", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Base scenario (default: <process>.scenario.yaml beside the process).")
@click.option("--vary", "varies", multiple=True, required=True, metavar="NAME=VALUES",
              help="staff.DEPT=1..3 | duration.STATE=0.8..1.2:5 | arrivals=0.8,1,1.2 | "
                   "prob.STATE.TRIGGER=0.05..0.2:4; several make a grid.")
@click.option("--samples", type=click.IntRange(min=1, max=100_000), metavar="N",
              help="N random points from the parameters' ranges instead of the grid.")
@click.option("--target", metavar="EXPR",
              help="e.g. 'government.p90 <= 100': find the cheapest point meeting it.")
@click.option("--cost", "costs", multiple=True, metavar="DEPT=X",
              help="Cost of one added officer of DEPT (default 1: cost = added staff).")
@click.option("--cases", type=click.IntRange(min=1, max=10_000_000),
              help="Cases per replication (default: the scenario's).")
@click.option("--replications", type=click.IntRange(min=1, max=10_000),
              help="Replications per point (default: the scenario's).")
@click.option("--seed", type=click.IntRange(min=0, max=2**63),
              help="Random seed, the same for every point (common random numbers).")
@click.option("--cluster", metavar="ADDRESS",
              help="A running Dask scheduler, tcp://HOST:8786 or tls://HOST:8786 (default: "
                   "a local cluster on this machine's cores).")
@click.option("--workers", type=click.IntRange(min=0, max=1024), metavar="N",
              help="Local cluster size (default: the cores, when the sweep is long enough "
                   "to pay for starting a cluster, else here); 0 runs here without Dask.")
@click.option("--tls-ca-file", type=click.Path(exists=True, dir_okay=False), metavar="FILE")
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), metavar="FILE")
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              metavar="SWEEP.csv", help="Write the table as CSV, and its plot as SVG beside.")
@click.option("--allow-unsound", is_flag=True, help="Sweep even if the checker finds errors.")
@lang_option()
def sweep_command(spec: str, scenario: Path | None, varies: tuple[str, ...],
                  samples: int | None, target: str | None, costs: tuple[str, ...],
                  cases: int | None, replications: int | None, seed: int | None,
                  cluster: str | None, workers: int | None, tls_ca_file: str | None,
                  tls_cert: str | None, tls_key: str | None, as_json: bool,
                  output: Path | None, allow_unsound: bool, lang: str) -> None:
    """Simulate every point of a grid of scenario changes on common random numbers.

    Each point's KPIs (government/elapsed p50, p90, mean in working days; breach.process;
    outcome.ID; utilization.DEPT) are means over the replications with 95% intervals.
    Exit codes: 0 done; 1 input errors; 2 usage errors.
    """
    if output is not None and output.suffix.lower() != ".csv":
        raise UsageError(f"-o {output}: name a .csv file (the plot goes beside it as .svg)",
                         zh=f"-o {output}：请给出 `.csv` 文件名（图写在它旁边，为 `.svg`）")
    definition = load(spec)
    if not allow_unsound:
        refuse_unsound(definition, lang=lang)
    path = scenario if scenario is not None else scenario_path(definition)
    base = load_scenario(path, definition)
    parameters = [parse_vary(text) for text in varies]
    if len({p.name for p in parameters}) < len(parameters):
        raise UsageError("--vary names each parameter once",
                         zh="--vary 每个参数只能给一次")
    weights = _costs(costs)
    seed = base.seed if seed is None else seed
    points = plan_points(parameters, samples, seed)
    scenarios = [scenario_at(base, definition, parameters, point) for point in points]
    reps = replications or base.replications
    plan = Replications(seed, cases or base.cases, base.warmup_cases,
                        24.0 * base.horizon_days if base.horizon_days else float("inf"))
    tasks = [(i, r) for i in range(len(points)) for r in range(reps)]
    estimate = len(tasks) * plan.cases * len(definition.structure.places) * \
        SECONDS_PER_CASE_STATE
    if workers is None and estimate < 5 * WORTH_SECONDS:
        workers = 0  # starting a local cluster (seconds) would cost more than it saves
    runner = _runner(cluster, workers, (tls_ca_file, tls_cert, tls_key), len(tasks))
    flat = runner(definition, scenarios, plan, tasks)
    results = [flat[i * reps:(i + 1) * reps] for i in range(len(points))]
    sweep = summarise(parameters, points,
                      [cost_of(base, parameters, p, weights) for p in points], results, target)
    data = _data(sweep, definition.id, path.name, reps, seed, plan.cases, samples)
    if output is not None:
        from ..simulate.plot import sweep_svg  # matplotlib only when a plot is written

        write_table(output, _csv(sweep))
        write_output(output.with_suffix(".svg"), sweep_svg(sweep, definition.id))
    if as_json:
        echo_json(versioned("sweep", data))
    else:
        click.echo(_text(sweep, lang))


def _costs(costs: tuple[str, ...]) -> dict[str, float]:
    result = {}
    for text in costs:
        name, _, value = text.partition("=")
        try:
            result[name.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--cost takes DEPT=X (a number), not `{text}`",
                             zh=f"--cost 的写法是 `部门=成本`（成本为数），不是 `{text}`") from None
    return result


def _runner(cluster: str | None, workers: int | None, tls: tuple[str | None, ...],
            tasks: int) -> Any:
    from ..simulate import cluster as dask_cluster

    if cluster is not None:
        if not cluster.startswith(("tcp://", "tls://")):
            raise UsageError(f"--cluster {cluster}: give tcp://HOST:PORT or tls://HOST:PORT",
                             zh=f"--cluster {cluster}：请给出 `tcp://主机:端口` 或 `tls://主机:端口`")
        return dask_cluster.remote(cluster, (tls[0], tls[1], tls[2]))
    if any(tls):
        raise UsageError("--tls-* options go with --cluster tls://HOST:PORT",
                         zh="--tls-* 选项要和 `--cluster tls://主机:端口` 一起用")
    size = default_workers() if workers is None else workers
    if size == 0 or tasks == 1:
        return dask_cluster.in_process
    return dask_cluster.local(min(size, tasks))


def _data(sweep: Sweep, process: str, scenario: str, replications: int, seed: int,
          cases: int, samples: int | None) -> dict[str, Any]:
    return {
        "process": process, "scenario": scenario, "cases": cases,
        "replications": replications, "seed": seed,
        "design": "sample" if samples else "grid",
        "parameters": [{"name": p.name, "values": [int(v) if p.whole else v
                                                   for v in p.values]}
                       for p in sweep.parameters],
        "kpis": list(sweep.kpi_names),
        "target": sweep.target.text if sweep.target else None,
        "points": list(sweep.points),
        "cheapest": sweep.points[sweep.cheapest] if sweep.cheapest is not None else None,
    }


def _csv(sweep: Sweep) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [p.name for p in sweep.parameters]
    header = ["point", *names, "cost"]
    for kpi in sweep.kpi_names:
        header += [kpi, f"{kpi}.low", f"{kpi}.high"]
    if sweep.target is not None:
        header += ["meets_target", "cheapest"]
    writer.writerow(header)
    for i, row in enumerate(sweep.points):
        line: list[Any] = [row["point"], *(row["values"][n] for n in names), row["cost"]]
        for kpi in sweep.kpi_names:
            value = row["kpis"][kpi]
            low, high = value["ci95"] or (None, None)
            line += [_cell(value["mean"]), _cell(low), _cell(high)]
        if sweep.target is not None:
            line += [row["meets_target"], i == sweep.cheapest]
        writer.writerow(line)
    return out.getvalue()


def _cell(value: float | None) -> str:
    return "" if value is None else repr(value)


_WORDS = {"point": ("点", "point"), "cost": ("成本", "cost"),
          "cheapest": ("← 满足目标的最低成本点", "← cheapest meeting the target"),
          "none": ("没有点满足目标", "no point meets the target")}


def _text(sweep: Sweep, lang: str) -> str:
    def word(key: str) -> str:
        return _WORDS[key][0 if lang == "zh" else 1]

    names = [p.name for p in sweep.parameters]
    shown: list[str] = [k for k in ("government.p50", "government.p90", "breach.process")
                        if k in sweep.kpi_names]
    if sweep.target is not None:
        shown = list(dict.fromkeys([*(t[0] for t in sweep.target.terms), *shown]))
    lines = ["  ".join([f"{word('point'):>5}", *(f"{n:>22}" for n in names),
                        f"{word('cost'):>6}",
                        *(f"{k:>26}" for k in shown)])]
    for i, row in enumerate(sweep.points):
        cells = [f"{row['point']:>5}", *(f"{row['values'][n]:>22}" for n in names),
                 f"{row['cost']:>6g}"]
        for k in shown:
            value = row["kpis"][k]
            ci = value["ci95"]
            text = "-" if value["mean"] is None else f"{value['mean']:.3f}" + (
                f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")
            cells.append(f"{text:>26}")
        mark = "  " + word("cheapest") if i == sweep.cheapest else ""
        lines.append("  ".join(cells) + mark)
    if sweep.target is not None and sweep.cheapest is None:
        lines.append(f"{word('none')}: `{sweep.target.text}`")
    return "\n".join(lines)
