"""``compare``: two variants on the same applicants, each figure's difference and interval."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from ..loader import bundled_dir, load
from ..simulate import Model, build, load_scenario, refuse_unsound, scenario_path, simulate
from ..simulate.compare import compare, summary, vary
from ..source import read_yaml
from .output import echo_json

__all__ = ["compare_command"]

SUFFIX = ".scenario.yaml"


@click.command("compare")
@click.argument("a", metavar="A")
@click.argument("b", metavar="[B]", required=False)
@click.option("--scenario", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Scenario for A (and for B when B is the same process or omitted).")
@click.option("--cases", type=click.IntRange(min=1, max=10_000_000),
              help="Cases per replication (default: A's scenario's).")
@click.option("--replications", type=click.IntRange(min=2, max=10_000),
              help="Paired replications, at least 2 (default: A's scenario's).")
@click.option("--seed", type=click.IntRange(min=0, max=2**63), help="Random seed of both.")
@click.option("--staff", "staff", multiple=True, metavar="DEPT=N",
              help="B: N officers in DEPT.")
@click.option("--duration", "durations", multiple=True, metavar="TASK=DIST",
              help="B: TASK's duration, e.g. review='{dist: fixed, value: 2}'.")
@click.option("--arrivals", type=float, metavar="RATE", help="B: Poisson arrivals per "
                                                             "working day.")
@click.option("--prob", "probabilities", multiple=True, metavar="STATE.TRIGGER=P",
              help="B: probability of one way out (the others share the rest).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--allow-unsound", is_flag=True, help="Compare even if the checker finds "
                                                    "errors.")
def compare_command(a: str, b: str | None, scenario: Path | None, cases: int | None,
                    replications: int | None, seed: int | None, staff: tuple[str, ...],
                    durations: tuple[str, ...], arrivals: float | None,
                    probabilities: tuple[str, ...], as_json: bool, allow_unsound: bool) -> None:
    """Compare A and B on the same arrivals and applicants (common random numbers).

    A and B are processes (ID|FILE, with their own scenarios) or scenario files
    (*.scenario.yaml, which name their process). Without B, B is A with the changes
    given by --staff, --duration, --arrivals and --prob. A difference gets a verdict only
    where its 95% interval excludes zero. Exit codes: 0 done; 1 input errors; 2 usage.
    """
    model_a = _variant(a, scenario, allow_unsound)
    model_b = _variant(b, scenario, allow_unsound) if b is not None else model_a
    if b is None and not (staff or durations or arrivals is not None or probabilities):
        raise UsageError("give B, or a change for B (--staff, --duration, --arrivals, --prob)")
    if staff or durations or arrivals is not None or probabilities:
        varied = vary(model_b.scenario, model_b.definition, staff=staff, durations=durations,
                      arrivals=arrivals, probabilities=probabilities)
        model_b = build(model_b.definition, varied)
    settings = model_a.scenario
    runs = [simulate(m, cases=cases or settings.cases,
                     replications=replications or max(settings.replications, 2),
                     seed=settings.seed if seed is None else seed, scenario_name=name)
            for m, name in ((model_a, a), (model_b, b or f"{a} (changed)"))]
    difference = compare(*runs)
    sentence = summary(difference, model_a.definition.id if b else "A",
                       model_b.definition.id if b else "the change")
    if as_json:
        echo_json({"a": runs[0].data, "b": runs[1].data, "difference": difference,
                   "summary": sentence})
    else:
        click.echo(_text(a, b or f"{a} + changes", difference, sentence))


def _variant(spec: str, scenario: Path | None, allow_unsound: bool) -> Model:
    """A process with its (or the given) scenario, or a scenario file with its process."""
    if spec.endswith(SUFFIX):
        path = Path(spec)
        definition = load(_process_of(path))
        chosen = path
    else:
        definition = load(spec)
        chosen = scenario if scenario is not None else scenario_path(definition)
    if not allow_unsound:
        refuse_unsound(definition)
    return build(definition, load_scenario(chosen, definition))


def _process_of(path: Path) -> str | Path:
    """The process a scenario file is for: the file beside it, else the bundled one."""
    data, _ = read_yaml(path)
    name = data.get("process") if isinstance(data, dict) else None
    if not isinstance(name, str):
        raise UsageError(f"{path}: a scenario names its process with `process:`")
    beside = path.parent / f"{name}.yaml"
    if beside.exists():
        return beside
    if (bundled_dir() / f"{name}.yaml").exists():
        return name
    raise UsageError(f"{path}: no process `{name}` beside it or bundled")


def _text(a: str, b: str, difference: dict[str, dict[str, Any]], sentence: str) -> str:
    lines = [f"A: {a}", f"B: {b}", "",
             f"{'figure':<48}{'A':>11}{'B':>11}{'B - A':>11}  {'95% interval':<24}verdict"]
    for name, row in difference.items():
        ci = row["ci95"]
        interval = f"[{ci[0]:+.3f}, {ci[1]:+.3f}]" if ci else "-"
        lines.append(f"{name:<48}{row['a']:>11.3f}{row['b']:>11.3f}{row['difference']:>+11.3f}"
                     f"  {interval:<24}{row['verdict'] or ''}")
    return "\n".join([*lines, "", sentence])
