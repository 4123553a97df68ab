"""From a loaded definition and the user's choices to the text or bytes of one drawing.

Part of render: the one entry the ``render`` command calls. It picks the level of detail,
lays the overlays over the diagram, and hands it to the Graphviz or Mermaid renderer;
reading the overlay files is the only I/O here, and writing the result is left to the
caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import UsageError
from ..loader import Definition
from .extract import extract
from .heat import HeatClock, heat_overlay, read_heat
from .labels import DiagramLang, Words
from .mermaid import to_mermaid
from .model import Diagram
from .overlay import Overlay, combine
from .overview import overview
from .path_overlay import path_overlay, read_path

__all__ = ["FORMATS", "Choices", "TextFormat", "diagram_text", "format_for"]

TextFormat = Literal["dot", "mermaid"]
FORMATS = ("dot", "svg", "png", "pdf", "mermaid", "bpmn")
_SUFFIXES = {".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png", ".pdf": "pdf",
             ".mmd": "mermaid", ".mermaid": "mermaid", ".md": "mermaid", ".bpmn": "bpmn"}


@dataclass(frozen=True)
class Choices:
    """What the user asked for, beyond the process and the output file."""

    lang: DiagramLang = "zh"
    direction: Literal["TB", "LR"] = "TB"
    detail: Literal["states", "stages"] = "states"
    path: Path | None = None
    heat: Path | None = None
    heat_clock: HeatClock = "government"


def format_for(output: Path, given: str | None) -> str:
    """The format asked for with ``--format``, else the one the output's suffix names."""
    if given is not None:
        return given
    found = _SUFFIXES.get(output.suffix.lower())
    if found is None:
        known = ", ".join(sorted(_SUFFIXES))
        raise UsageError(f"cannot tell the format from `{output.name}`; use one of the "
                         f"suffixes {known}, or give --format",
                         zh=(f"无法从 `{output.name}` 判断格式；请用后缀 {known} 之一，或给出 --f"
                             "ormat"))
    return found


def diagram_text(definition: Definition, kind: TextFormat, choices: Choices,
                 fenced: bool = False) -> str:
    """DOT or Mermaid text of ``definition``; ``fenced`` wraps Mermaid for Markdown."""
    structure = definition.structure
    diagram = (overview(structure, choices.lang) if choices.detail == "stages"
               else extract(structure, choices.lang))
    overlay = _overlay(definition, diagram, choices)
    if kind == "mermaid":
        if overlay is not None:
            raise UsageError("--path and --heat are drawn on Graphviz pictures (svg, png, "
                             "pdf, dot), not on Mermaid text",
                             zh=("--path 和 --heat 画在 Graphviz 图上（svg、png、pdf、dot），不画"
                                 "在 Mermaid 文本上"))
        text = to_mermaid(diagram, choices.direction)
        return f"```mermaid\n{text}```\n" if fenced else text
    from .graphviz import to_dot

    return to_dot(diagram, choices.direction, overlay)


def _overlay(definition: Definition, diagram: Diagram, choices: Choices) -> Overlay | None:
    words = Words(choices.lang)
    layers = []
    if choices.heat is not None:
        layers.append(heat_overlay(diagram, definition.structure, read_heat(choices.heat),
                                   choices.heat, words, choices.heat_clock))
    if choices.path is not None:
        layers.append(path_overlay(diagram, definition.structure, read_path(choices.path),
                                   choices.path, words))
    if not layers:
        return None
    result = layers[0]
    for layer in layers[1:]:
        result = combine(result, layer)
    return result
