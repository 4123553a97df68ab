"""The Mermaid renderer: a ``Diagram`` → ``stateDiagram-v2`` text for Markdown on GitHub and GitLab.

Part of render. Stages become composite states; a concurrent stage's regions become
named composites separated by ``--``. Mermaid's known quirks shape the output (checked
with mermaid-cli 11): concurrency (``--``) parses only inside a composite; a state is
placed in the last composite whose block mentions it, so an arrow is written inside a
block only when both its ends live there, and every other arrow at the top level;
entity codes must be substituted in one pass (``#lt;`` contains ``;``);
``state``, ``note``, ``class``, ``default``, ``style``, ``click`` and ``classDef`` cannot
be ids; and ``<``, ``>``, ``"``, ``;``, ``#``, ``{``, ``}`` in labels need entity codes.
"""

from __future__ import annotations

import re

from .labels import shorten, wrap
from .model import Cluster, Diagram, Edge, Node
from .style import OUTCOME_COLOURS, clock_style, department_colours, outcome_colour

__all__ = ["to_mermaid"]

_RESERVED = frozenset({"state", "note", "class", "default", "style", "click", "classDef",
                       "direction", "end", "as", "linkStyle"})
_ENTITIES = str.maketrans({"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", ";": "#59;",
                           "{": "#123;", "}": "#125;", "\n": " ", "\r": " "})
INDENT = "    "


def to_mermaid(diagram: Diagram, direction: str = "TB") -> str:
    """The whole diagram as Mermaid text, ending with a newline."""
    return _Writer(diagram, direction).text()


def text(value: str) -> str:
    """A label made safe for Mermaid: entity codes for the characters its parser takes
    (in one pass, or the ``;`` of ``#lt;`` would itself be replaced)."""
    return value.translate(_ENTITIES)


class _Writer:
    def __init__(self, diagram: Diagram, direction: str) -> None:
        self.diagram = diagram
        self.direction = direction
        self.ids = _mermaid_ids(diagram)
        self.home: dict[str, str | None] = {}
        for cluster in diagram.clusters:
            self._homes(cluster, None)
        self.entered = {e.head_cluster for e in diagram.edges if e.head_cluster}
        self.inner: dict[str | None, list[Edge]] = {}
        for edge in diagram.edges:
            self.inner.setdefault(self._block(edge), []).append(edge)

    def text(self) -> str:
        title = self.diagram.title.replace("\n", " ")
        # ELK lays out nested composites far better than dagre; where it is not
        # registered (GitHub, GitLab), Mermaid 11 falls back to dagre with a warning.
        # useMaxWidth off: the picture keeps its natural size (16 px text) instead of
        # being shrunk to the page or to mermaid-cli's 800 px, where Jining's eight
        # parallel reviews came out in 5 px type; viewers scroll or zoom instead.
        lines = ["---", f"title: {_yaml_string(title)}", "config:", "  layout: elk",
                 "  state:", "    useMaxWidth: false", "---",
                 "stateDiagram-v2",
                 f"{INDENT}direction {self.direction}"]
        for cluster in self.diagram.clusters:
            lines += self._composite(cluster, 1)
        for node_id in self.diagram.free:
            lines += self._declare(self.diagram.nodes[node_id], 1)
        lines += [self._arrow(e, 1) for e in self.inner.get(None, [])]
        lines += self._classes()
        return "\n".join(lines) + "\n"

    # -- where things live ---------------------------------------------------------------

    def _homes(self, cluster: Cluster, parent: str | None) -> None:
        self.home[cluster.id] = parent
        for node_id in cluster.nodes:
            self.home[node_id] = cluster.id
        for inner in cluster.clusters:
            self._homes(inner, cluster.id)

    def _ends(self, edge: Edge) -> tuple[str, str]:
        """The Mermaid names of an arrow's ends: a state, a composite, or ``[*]``."""
        nodes = self.diagram.nodes
        source = edge.tail_cluster or edge.source
        if nodes.get(edge.source, Node("", "task")).kind == "join":
            source = self.home[edge.source] or edge.source
        target = edge.head_cluster or edge.target
        if nodes[edge.target].kind == "fork":
            target = self.home[edge.target] or edge.target
        if edge.kind == "start" or edge.kind == "fork":
            source = "[*]"
        if nodes[edge.target].kind == "region_final":
            target = "[*]"
        return source, target

    def _block(self, edge: Edge) -> str | None:
        """The composite an arrow is written in: the one both ends live in, else the top."""
        if edge.kind == "join":
            return "-"  # a region's end is drawn as its own [*]; the join is the composite
        source, target = self._ends(edge)
        if edge.kind == "fork":
            return self.home.get(edge.target)
        if target == "[*]":
            return self.home.get(edge.source)
        if source == "[*]":
            return None
        home = self.home.get(source)
        return home if home == self.home.get(target) else None

    # -- writing -------------------------------------------------------------------------

    def _composite(self, cluster: Cluster, depth: int) -> list[str]:
        pad = INDENT * depth
        label = cluster.title + (" ‖" if cluster.concurrent or cluster.region else "")
        lines = [f'{pad}state "{text(label)}" as {self.ids[cluster.id]} {{']
        if cluster.concurrent:
            parts = [self._composite(inner, depth + 1) for inner in cluster.clusters] or [
                self._lone(node_id, depth + 1) for node_id in cluster.nodes]
            for i, part in enumerate(parts):
                lines += ([f"{pad}{INDENT}--"] if i else []) + part
        else:
            if cluster.id in self.entered and cluster.nodes:
                lines.append(f"{pad}{INDENT}[*] --> {self.ids[cluster.nodes[0]]}")
            for node_id in cluster.nodes:
                lines += self._declare(self.diagram.nodes[node_id], depth + 1)
            lines += [self._arrow(e, depth + 1) for e in self.inner.get(cluster.id, [])]
        lines.append(f"{pad}}}")
        return lines

    def _lone(self, node_id: str, depth: int) -> list[str]:
        """A region shown as one box (the overview): it starts and ends in its block."""
        name = self.ids[node_id]
        return [*self._declare(self.diagram.nodes[node_id], depth),
                f"{INDENT * depth}[*] --> {name}", f"{INDENT * depth}{name} --> [*]"]

    def _declare(self, node: Node, depth: int) -> list[str]:
        if node.kind in ("fork", "join", "start", "region_final"):
            return []
        lines = [*wrap(node.title), *([node.subtitle] if node.subtitle else []),
                 *(d for d in node.details if d)]
        label = "<br/>".join(text(line) for line in lines)
        return [f'{INDENT * depth}state "{label}" as {self.ids[node.id]}']

    def _arrow(self, edge: Edge, depth: int) -> str:
        source, target = self._ends(edge)
        source = source if source == "[*]" else self.ids[source]
        target = target if target == "[*]" else self.ids[target]
        parts = [edge.trigger] if edge.trigger else []
        if edge.guard:
            parts.append(f"[{shorten(edge.guard)}]")
        parts += [f"✔ {c}" for c in edge.certificates]
        label = f" : {'<br/>'.join(text(p) for p in parts)}" if parts else ""
        return f"{INDENT * depth}{source} --> {target}{label}"

    def _classes(self) -> list[str]:
        """Department fills, outcome fills and clock borders, as in the Graphviz picture."""
        colours = department_colours(self.diagram.departments)
        groups: dict[str, list[str]] = {}
        styles: dict[str, str] = {}
        for node in self.diagram.nodes.values():
            if node.kind in ("fork", "join", "start", "region_final"):
                continue
            if node.kind == "final":
                name = f"outcome_{_safe(node.outcome or 'end')}"
                usual = any(e.default and e.target == node.id for e in self.diagram.edges)
                colour = outcome_colour(node.outcome, usual)
                name += "_usual" if usual and node.outcome not in OUTCOME_COLOURS else ""
                styles[name] = f"fill:{colour},stroke:#333,stroke-width:2px"
            else:
                dash = {"dashed": ",stroke-dasharray:6 3", "dotted": ",stroke-dasharray:2 2"}
                border = dash.get(clock_style(node.clock), "")
                fill = colours.get(node.department or "", "#ffffff")
                name = f"d_{_safe(node.department or 'none')}_{node.clock or 'none'}"
                styles[name] = f"fill:{fill},stroke:#333{border}"
            groups.setdefault(name, []).append(self.ids[node.id])
        lines = [f"{INDENT}classDef {name} {style}" for name, style in styles.items()]
        lines += [f"{INDENT}class {','.join(ids)} {name}" for name, ids in groups.items()]
        return lines


def _safe(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", value)


def _mermaid_ids(diagram: Diagram) -> dict[str, str]:
    """A Mermaid id for every node and cluster: letters, digits and ``_``, no keyword."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    names = [*diagram.nodes, *(c.id for c in diagram.all_clusters())]
    for name in names:
        candidate = _safe(name)
        if candidate in _RESERVED or candidate[:1].isdigit():
            candidate = f"s_{candidate}"
        while candidate in used:
            candidate += "_"
        used.add(candidate)
        ids[name] = candidate
    return ids


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
