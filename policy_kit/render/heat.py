"""``--heat RESULT.json``: simulated cases over the diagram: busy ways, slow states, bottleneck.

Part of render, reading what ``policy-kit simulate --json`` writes (the agreed keys:
``transitions`` with index/from/to/on/count/per_case, ``states`` with reached/mean_time,
``bottlenecks`` worst first). Arrows get wider and redder the more often they are taken;
states are filled by the mean working days a visit takes; the worst bottleneck gets a
red border. Counts are summed where one arrow stands for several moves.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import RenderError
from ..structure import Structure
from .labels import Words
from .model import Diagram
from .overlay import EdgeMark, NodeMark, Overlay, edges_by_move, nodes_by_state, read_json

__all__ = ["HeatFile", "heat_overlay", "read_heat"]


class _Loose(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class HeatTransition(_Loose):
    index: int = Field(ge=0)
    from_: str = Field(alias="from")
    to: str
    on: str
    count: int = Field(ge=0)
    per_case: float = Field(ge=0)


class HeatState(_Loose):
    reached: float = Field(ge=0, le=1)
    mean_time: float | None = Field(default=None, ge=0)
    """None where a case never stays (final states): nothing to colour."""


class Bottleneck(_Loose):
    department: str | None = None
    state: str | None = None


class HeatFile(_Loose):
    process: str | None = None
    cases: int | None = None
    transitions: tuple[HeatTransition, ...]
    states: dict[str, HeatState] = Field(default_factory=dict)
    bottlenecks: tuple[Bottleneck, ...] = ()


def read_heat(path: Path) -> HeatFile:
    return read_json(path, HeatFile, "--heat")


def heat_overlay(diagram: Diagram, structure: Structure, heat: HeatFile, source: Path,
                 words: Words) -> Overlay:
    """Width and colour of arrows by use, node fills by mean time, the bottleneck marked."""
    _check(structure, heat, source)
    counts, per_case = _edge_counts(diagram, heat)
    top = max(counts.values(), default=0) or 1
    unit = words.phrase("per_case")
    edges = {e: EdgeMark(weight=c / top,
                         notes=(f"×{c} · {per_case[e]:.2f} {unit}" if e in per_case
                                else f"×{c}",))
             for e, c in counts.items()}
    nodes = _node_marks(diagram, heat, words)
    legend = [("▬", words.phrase("heat"))]
    if heat.bottlenecks:
        worst = heat.bottlenecks[0]
        departments = {d.id: words.flat(d.name, d.id) for d in structure.process.departments}
        named = departments.get(worst.department or "", worst.department or "")
        place = structure.places.get(worst.state or "")
        state = words.flat(place.state.name, place.id) if place is not None else ""
        legend.append(("▲", f"{words.phrase('bottleneck')}: "
                       + " · ".join(x for x in (named, state) if x)))
    return Overlay(nodes, edges, heat=True, legend=tuple(legend))


def _edge_counts(diagram: Diagram, heat: HeatFile) -> tuple[dict[str, int], dict[str, float]]:
    """Counts (and per-case rates) per arrow; a fork's arrows carry what entered the stage,
    a join's what left it."""
    arrows = edges_by_move(diagram)
    counts: dict[str, int] = {e.id: 0 for e in diagram.edges if e.kind == "move"}
    per_case: dict[str, float] = {}
    for item in heat.transitions:
        arrow = arrows.get((item.from_, item.to, item.on))
        if arrow is not None:
            counts[arrow] += item.count
            per_case[arrow] = per_case.get(arrow, 0.0) + item.per_case
    for edge in diagram.edges:
        if edge.kind == "fork":
            counts[edge.id] = sum(counts.get(e.id, 0)
                                  for e in diagram.edges_into(edge.source))
        elif edge.kind == "join":
            counts[edge.id] = sum(counts.get(e.id, 0)
                                  for e in diagram.edges_out_of(edge.target))
    return counts, per_case


def _node_marks(diagram: Diagram, heat: HeatFile, words: Words) -> dict[str, NodeMark]:
    """A box standing for several states shows their summed time per visit."""
    boxes = nodes_by_state(diagram)
    times: dict[str, float] = {}
    reached: dict[str, float] = {}
    for state, value in heat.states.items():
        if value.mean_time is None:
            continue
        for box in boxes.get(state, ()):
            times[box] = times.get(box, 0.0) + value.mean_time
            reached[box] = max(reached.get(box, 0.0), value.reached)
    top = max(times.values(), default=0.0) or 1.0
    worst = heat.bottlenecks[0] if heat.bottlenecks else None
    marks = {}
    for box, time in times.items():
        note = (f"{words.phrase('mean')} {time:.1f} {words.phrase('days')} · "
                f"{words.phrase('reached')} {reached[box]:.0%}")
        timeless = diagram.nodes[box].kind == "decision"  # a choice takes no time
        marks[box] = NodeMark(heat=time / top, notes=() if timeless else (note,))
    if worst is not None:
        flagged = (list(boxes[worst.state]) if worst.state in boxes else
                   [n.id for n in diagram.nodes.values()
                    if worst.department and n.department == worst.department])
        for box in flagged:
            old = marks.get(box, NodeMark())
            marks[box] = NodeMark(old.visited, old.heat, old.notes, bottleneck=True)
    return marks


def _check(structure: Structure, heat: HeatFile, source: Path) -> None:
    process = structure.process
    if heat.process is not None and heat.process != process.id:
        raise RenderError(f"{source}: this result is for process `{heat.process}`, not "
                          f"`{process.id}`")
    moves = {(m.index, m.source, m.target, m.trigger) for m in structure.moves}
    for i, item in enumerate(heat.transitions):
        if (item.index, item.from_, item.to, item.on) not in moves:
            raise RenderError(f"{source}: transitions.{i}: `{process.id}` has no transition "
                              f"{item.index} from `{item.from_}` to `{item.to}` on "
                              f"`{item.on}`; was the result made for another version?")
    for state in heat.states:
        if state not in structure.places:
            raise RenderError(f"{source}: states.{state}: `{process.id}` has no state "
                              f"`{state}`")
    departments = {d.id for d in process.departments}
    for i, worst in enumerate(heat.bottlenecks):
        if worst.state is not None and worst.state not in structure.places:
            raise RenderError(f"{source}: bottlenecks.{i}.state: no state `{worst.state}`")
        if worst.department is not None and worst.department not in departments:
            raise RenderError(f"{source}: bottlenecks.{i}.department: no department "
                              f"`{worst.department}`")
