"""Drawing a process: the last step of load → check → compile → simulate → render.

    diagram = build(definition.structure, lang="zh", detail="states")
    dot_text = to_dot(diagram, "TB", overlay)         # Graphviz
    svg = run_dot(dot_text, "svg")                      # the real ``dot``
    text = to_mermaid(diagram)                          # Markdown on GitHub/GitLab

Extraction (``extract``, ``overview``) builds one ``Diagram`` model; the renderers only
draw it; overlays (``path_overlay``, ``heat_overlay``) mark its ids.
"""

from __future__ import annotations

from typing import Literal

from ..structure import Structure
from .extract import extract
from .graphviz import DOT_FORMATS, PNG_DPI, run_dot, to_dot, to_graph
from .heat import HeatFile, heat_overlay, read_heat
from .labels import DiagramLang, Words
from .mermaid import to_mermaid
from .model import Cluster, Diagram, Edge, Node
from .overlay import Overlay, combine
from .overview import overview
from .path_overlay import PathFile, path_overlay, read_path

__all__ = [
    "DOT_FORMATS", "PNG_DPI", "Cluster", "Diagram", "DiagramLang", "Edge", "HeatFile", "Node",
    "Overlay", "PathFile", "Words", "build", "combine", "extract", "heat_overlay", "overview",
    "path_overlay", "read_heat", "read_path", "run_dot", "to_dot", "to_graph", "to_mermaid",
]


def build(structure: Structure, lang: DiagramLang = "zh",
          detail: Literal["states", "stages"] = "states") -> Diagram:
    """The diagram of ``structure``: every state, or one box per stage."""
    return overview(structure, lang) if detail == "stages" else extract(structure, lang)
