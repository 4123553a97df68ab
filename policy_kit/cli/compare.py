"""``compare``: two variants on the same applicants, each figure's difference and interval."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..api.comparison import compare_changes
from ..textwidth import pad
from .i18n import command
from .options import lang_option
from .output import echo_json

__all__ = ["compare_command"]


@command("compare")
@click.argument("a", metavar="A")
@click.argument("b", metavar="[B]", required=False)
@click.option("--scenario", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              metavar="FILE",
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
@click.option("--workers", type=click.IntRange(min=1, max=1024), metavar="N",
              help="Processes to run replications on (default: this machine's cores, when "
                   "the run is long enough to be worth it). The output is the same for any N.")
@lang_option()
def compare_command(a: str, b: str | None, scenario: Path | None, cases: int | None,
                    replications: int | None, seed: int | None, staff: tuple[str, ...],
                    durations: tuple[str, ...], arrivals: float | None,
                    probabilities: tuple[str, ...], as_json: bool, allow_unsound: bool,
                    workers: int | None, lang: str) -> None:
    """Compare A and B on the same arrivals and applicants (common random numbers).

    A and B are processes (ID|FILE, with their own scenarios) or scenario files
    (*.scenario.yaml, which name their process). Without B, B is A with the changes
    given by --staff, --duration, --arrivals and --prob. A difference gets a verdict only
    where its 95% interval excludes zero. Exit codes: 0 done; 1 input errors; 2 usage.
    """
    result = compare_changes(a, b, scenario=scenario, cases=cases,
                             replications=replications, seed=seed, staff=staff,
                             durations=durations, arrivals=arrivals,
                             probabilities=probabilities, allow_unsound=allow_unsound,
                             workers=workers, lang=lang).model_dump(mode="json")
    difference, sentence = result["difference"], result["summary"]
    if as_json:
        echo_json(result)
    else:
        shown_b = b or (f"{a} + 改动" if lang == "zh" else f"{a} + changes")
        click.echo(_text(a, shown_b, difference, sentence, lang))


_WORDS = {
    "zh": {"figure": "指标", "interval": "95% 区间", "verdict": "结论", "B higher": "B 更高",
           "B lower": "B 更低",
           "note": "注:p50–p99 为各次配对重复运行中百分位数的平均值;`simulate` 先合并所有重复运行的"
                   "案件再取百分位数,因此同一情景和种子下两者的中位数会略有不同。"},
    "en": {"figure": "figure", "interval": "95% interval", "verdict": "verdict",
           "B higher": "B higher", "B lower": "B lower",
           "note": "Note: p50–p99 here are the mean over the paired replications of each "
                   "replication's percentile; simulate pools the cases of every replication "
                   "before taking a percentile, so for the same scenario and seed its median "
                   "differs slightly."},
}


def _text(a: str, b: str, difference: dict[str, dict[str, Any]], sentence: str,
          lang: str) -> str:
    words = _WORDS["zh" if lang == "zh" else "en"]
    lines = [f"A: {a}", f"B: {b}", "",
             f"{pad(words['figure'], 48)}{'A':>11}{'B':>11}{'B - A':>11}  "
             f"{pad(words['interval'], 24)}{words['verdict']}"]
    for name, row in difference.items():
        ci = row["ci95"]
        interval = f"[{ci[0]:+.3f}, {ci[1]:+.3f}]" if ci else "-"
        verdict = words[row["verdict"]] if row["verdict"] else ""
        lines.append(f"{name:<48}{row['a']:>11.3f}{row['b']:>11.3f}{row['difference']:>+11.3f}"
                     f"  {interval:<24}{verdict}")
    return "\n".join([*lines, "", sentence, words["note"]])
