"""``import``: a modeller's BPMN 2.0 file → a policy-kit definition (and a scenario)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from .i18n import command
from .options import lang_option
from .output import write_atomic

__all__ = ["import_command"]


def _outcome(values: tuple[str, ...]) -> dict[str, str]:
    outcomes: dict[str, str] = {}
    for value in values:
        end, sep, outcome = value.partition("=")
        if not sep or not end or not outcome:
            raise UsageError(f"--outcome {value}: write END_EVENT_ID=OUTCOME",
                             zh=f"--outcome {value}：请写成 `结束事件id=结果`")
        outcomes[end] = outcome
    return outcomes


@command("import")
@click.argument("file", metavar="FILE.bpmn",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", metavar="OUT.yaml",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the definition here (default: print it).")
@click.option("--process", "process", metavar="ID",
              help="The participant or process to import when the file holds several.")
@click.option("--simulation", metavar="PARAMS.json",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Prosimos/Simod simulation parameters: also write a scenario, "
                   "OUT.scenario.yaml beside OUT.yaml.")
@click.option("--lenient", is_flag=True,
              help="Map what cannot be mapped exactly to the nearest thing, and list each "
                   "approximation in the definition's notes.")
@click.option("--outcome", "outcomes", multiple=True, metavar="END_ID=OUTCOME",
              help="The outcome an end event stands for (default: from its name).")
@lang_option("The language of the model's names that have no Chinese characters "
             "(names with Chinese are Chinese), and of the messages and notes.")
def import_command(file: Path, output: Path | None, process: str | None,
                   simulation: Path | None, lenient: bool, outcomes: tuple[str, ...],
                   lang: str) -> None:
    """Import a BPMN 2.0 process as a definition that validate, path, simulate and render
    read like any other: lanes become departments, tasks and waits states, exclusive
    gateways decisions, parallel blocks concurrent stages, sub-processes stages.

    What cannot be mapped is reported at its file:line:col (exit 1); with --lenient it
    is approximated and listed in the output's `notes`. Exit codes: 0 written, 1 the
    BPMN cannot be imported, 2 usage (several processes and no --process).
    """
    from ..bpmn import import_bpmn, process_id_for
    from ..bpmn.reading import warning_line

    if simulation is not None and output is None:
        raise UsageError("--simulation writes a scenario beside the definition; give -o "
                         "OUT.yaml",
                         zh="--simulation 会在定义旁边写出情景；请给出 -o OUT.yaml")
    result = import_bpmn(file, process=process, lenient=lenient, outcomes=_outcome(outcomes),
                         lang=lang, process_id=process_id_for(output) if output else None,
                         simulation=simulation)
    if output is None:
        click.echo(result.text, nl=False)
        return
    write_atomic(output, result.text)
    if result.scenario_text is not None:
        scenario = output.with_name(output.name.split(".")[0] + ".scenario.yaml")
        write_atomic(scenario, result.scenario_text)
        click.echo(f"wrote {output} and {scenario}", err=True)
    else:
        click.echo(f"wrote {output}", err=True)
    for warning in result.imported.warnings:
        click.echo(warning_line(warning, lang), err=True)
