"""``render``: draw a process as SVG, PNG, PDF, DOT, Mermaid or BPMN, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, cast

import click

from ..errors import RenderError, UsageError
from ..loader import Definition, load
from ..render.produce import FORMATS, Choices, diagram_text, format_for
from .i18n import command
from .options import lang_option
from .output import check_target, write_atomic, write_output

__all__ = ["render_command"]

INSTALL_HINT = "install Graphviz (`apt-get install graphviz`)"


@command("render")
@click.argument("spec", metavar="ID|FILE")
@click.option("-o", "--output", required=True, metavar="OUT",
              type=click.Path(path_type=Path),
              help="The file to write: .svg .png .pdf .dot .mmd .md .bpmn")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Default: from the output's suffix.")
@lang_option("Language of the labels.", both=True)
@click.option("--direction", type=click.Choice(["TB", "LR"]), default="TB",
              show_default=True, help="Stages top to bottom, or left to right.")
@click.option("--detail", type=click.Choice(["states", "stages"]), default="states",
              show_default=True, help="Every state, or a one-page overview of the stages.")
@click.option("--path", "path_file", metavar="PATH.json",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Highlight and number an application's path (`policy-kit path --json`).")
@click.option("--heat", "heat_file", metavar="RESULT.json",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Colour by simulated use and time (`policy-kit simulate --json`).")
@click.option("--heat-clock", type=click.Choice(["government", "elapsed"]),
              default="government", show_default=True,
              help="Colour --heat by time on the government clock (what a limit counts), "
                   "or by elapsed time (the applicant's steps and statutory periods too).")
@click.option("--bpmn-profile", type=click.Choice(["engine", "workflow-net"]),
              default="engine", show_default=True,
              help="BPMN only: for an engine (waits, timers, terminating ends), or for "
                   "process mining (pm4py, ProM: tasks and gateways only, one end per "
                   "outcome, a sound workflow net).")
@click.option("--bpmn-stages", type=click.Choice(["groups", "subprocess"]),
              default="groups", show_default=True,
              help="BPMN only: each stage a group around its steps across the department "
                   "lanes, or a collapsed sub-process with its steps (and parallel "
                   "gateways) inside, on a diagram of its own.")
def render_command(spec: str, output: Path, fmt: str | None, lang: str, direction: str,
                   detail: str, path_file: Path | None, heat_file: Path | None,
                   heat_clock: str, bpmn_profile: str, bpmn_stages: str) -> None:
    """Draw a process: stages as boxes, parallel reviews side by side, departments in
    colour, time limits and clocks, ways labelled with trigger and guard, certificates
    where they are issued.

    SVG, PNG (150 dpi) and PDF need Graphviz's `dot`; without it the DOT text is written
    next to OUT and the command exits 1. Exit codes: 0 written, 1 the input or drawing
    failed, 2 usage.
    """
    kind = format_for(output, fmt)
    check_target(output, "-o")
    definition = load(spec)
    if kind == "bpmn":
        if path_file or heat_file:
            raise UsageError("--path and --heat are not drawn in BPMN",
                             zh="--path 和 --heat 不画在 BPMN 中")
        write_output(output, _bpmn(definition, lang, bpmn_profile, bpmn_stages))
    else:
        choices = Choices(cast(Literal["zh", "en", "both"], lang),
                          cast(Literal["TB", "LR"], direction),
                          cast(Literal["states", "stages"], detail), path_file, heat_file,
                          cast(Literal["government", "elapsed"], heat_clock))
        text_kind: Literal["dot", "mermaid"] = "mermaid" if kind == "mermaid" else "dot"
        text = diagram_text(definition, text_kind, choices,
                            fenced=output.suffix.lower() == ".md")
        write_output(output, _drawn(text, kind, output) if kind in ("svg", "png", "pdf")
                     else text)


def _drawn(dot_text: str, kind: str, output: Path) -> bytes:
    """Run ``dot``; when it is missing, leave the DOT text next to OUT and say so."""
    from ..render.graphviz import GraphvizMissing, run_dot

    try:
        return run_dot(dot_text, kind)
    except GraphvizMissing:
        beside = output.with_suffix(".dot")
        write_atomic(beside, dot_text)
        raise RenderError(f"Graphviz's `dot` was not found; wrote {beside}: {INSTALL_HINT}, "
                          f"then run `dot -T{kind} {beside} -o {output}`",
                          zh=f"找不到 Graphviz 的 `dot`；已写出 {beside}：请安装 Graphviz（"
                             "`apt-get install graphviz`），"
                             f"然后运行 `dot -T{kind} {beside} -o {output}`") from None


def _bpmn(definition: Definition, lang: str, profile: str, stages: str) -> bytes:
    try:
        from ..export.bpmn import to_bpmn_xml
    except ImportError:
        raise UsageError("BPMN export is not available in this installation "
                         "(policy_kit.export.bpmn is missing)",
                         zh="此安装中没有 BPMN 导出（缺少 `policy_kit.export.bpmn`）") from None
    return to_bpmn_xml(definition, lang=lang, profile=profile, stages=stages)
