"""The diagram model: what a picture of a process shows, before anyone decides how to draw it.

Part of load → check → compile → simulate → **render**: ``extract`` and ``overview`` build
a ``Diagram`` from a ``Structure``; ``graphviz`` and ``mermaid`` turn it into text; the
overlays (path, heat) mark its nodes and edges by id. Keeping the model separate means
both renderers agree on what is drawn, and tests can ask the model what an edge stands
for without parsing DOT.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Cluster", "Diagram", "Edge", "EdgeKind", "Move", "Node", "NodeKind"]

NodeKind = Literal["task", "decision", "wait", "final", "region_final", "fork", "join",
                   "start", "stage", "region"]
EdgeKind = Literal["move", "fork", "join", "start"]

Move = tuple[str, str, str]
"""(source leaf or joined stage, target as written in the file, trigger): what a path or a
simulation result names, and how it finds the edge that drew it."""


@dataclass(frozen=True)
class Node:
    """One box (or bar, or dot) in the picture.

    ``title`` is the name in the chosen language; ``subtitle`` the English name when both
    languages are shown; ``details`` the small lines under it (time limit, clock, actor).
    """

    id: str
    kind: NodeKind
    title: str = ""
    subtitle: str | None = None
    details: tuple[str, ...] = ()
    tooltip: str = ""
    department: str | None = None
    clock: str | None = None
    outcome: str | None = None
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cluster:
    """A stage (``concurrent`` when its regions run in parallel) or one of its regions."""

    id: str
    title: str
    subtitle: str | None = None
    details: tuple[str, ...] = ()
    concurrent: bool = False
    region: bool = False
    department: str | None = None
    nodes: tuple[str, ...] = ()
    clusters: tuple[Cluster, ...] = ()

    def walk(self) -> tuple[Cluster, ...]:
        """This cluster and every cluster inside it, outermost first."""
        return (self, *(inner for c in self.clusters for inner in c.walk()))


@dataclass(frozen=True)
class Edge:
    """An arrow. ``moves`` lists what it stands for (a stage-wide `from` stands for many).

    ``tail_cluster``/``head_cluster`` clip the arrow at a cluster's border: a way out of
    every state of a stage is drawn once, from the stage.
    """

    id: str
    source: str
    target: str
    kind: EdgeKind = "move"
    trigger: str = ""
    guard: str | None = None
    certificates: tuple[str, ...] = ()
    tail_cluster: str | None = None
    head_cluster: str | None = None
    transitions: tuple[int, ...] = ()
    moves: frozenset[Move] = field(default_factory=frozenset)
    default: bool = False
    minor: bool = False


@dataclass(frozen=True)
class Diagram:
    """Everything one picture shows; ``departments`` are (id, name) in legend order."""

    process: str
    title: str
    nodes: dict[str, Node]
    clusters: tuple[Cluster, ...]
    free: tuple[str, ...]
    edges: tuple[Edge, ...]
    departments: tuple[tuple[str, str], ...]
    lang: str = "zh"
    detail: str = "states"

    def all_clusters(self) -> tuple[Cluster, ...]:
        return tuple(inner for c in self.clusters for inner in c.walk())

    def edges_into(self, node: str) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.target == node)

    def edges_out_of(self, node: str) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.source == node)
