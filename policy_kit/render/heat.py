"""``--heat RESULT.json``: simulated or real cases over the diagram: busy ways, slow states.

Part of render, reading what ``policy-kit simulate --json`` or ``conform --json`` writes
(the agreed keys:
``transitions`` with index/from/to/on/count/per_case, ``states`` with reached/mean_time,
``bottlenecks`` worst first). Arrows get wider and redder the more often they are taken;
states are filled by the mean working days a visit takes, by default on the government
clock (the clock a limit counts: the applicant's and statutory periods are noted but not
coloured), or as elapsed time; the legend gives the scale's numbers. The worst
bottleneck gets a red border. Counts are summed where one arrow stands for several moves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import RenderError
from ..structure import Structure
from .labels import Words
from .model import Diagram
from .overlay import EdgeMark, NodeMark, Overlay, edges_by_move, nodes_by_state, read_json
from .style import FILL_RAMP

__all__ = ["HEAT_CLOCKS", "HeatClock", "HeatFile", "heat_overlay", "read_heat"]

HeatClock = Literal["government", "elapsed"]
HEAT_CLOCKS: tuple[HeatClock, ...] = ("government", "elapsed")


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
    """``simulate --json`` or ``conform --json`` (real cases: the same ``transitions`` and
    ``states`` keys, its ``cases`` a list of the cases rather than their number)."""

    process: str | None = None
    cases: int | None = None
    transitions: tuple[HeatTransition, ...]
    states: dict[str, HeatState] = Field(default_factory=dict)
    bottlenecks: tuple[Bottleneck, ...] = ()

    @field_validator("cases", mode="before")
    @classmethod
    def _counted(cls, value: object) -> object:
        return len(value) if isinstance(value, list) else value


def read_heat(path: Path) -> HeatFile:
    return read_json(path, HeatFile, "--heat", "heat")


def heat_overlay(diagram: Diagram, structure: Structure, heat: HeatFile, source: Path,
                 words: Words, clock: HeatClock = "government") -> Overlay:
    """Width and colour of arrows by use, node fills by mean time on ``clock`` (with the
    scale's numbers in the legend), the bottleneck marked."""
    _check(structure, heat, source)
    counts, per_case = _edge_counts(diagram, heat)
    top = max(counts.values(), default=0) or 1
    unit = words.phrase("per_case")
    edges = {e: EdgeMark(weight=c / top,
                         notes=(f"×{c} · {per_case[e]:.2f} {unit}" if e in per_case
                                else f"×{c}",))
             for e, c in counts.items()}
    nodes, longest = _node_marks(diagram, structure, heat, words, clock)
    legend = [("▬", words.phrase("heat"))]
    if heat.bottlenecks:
        worst = heat.bottlenecks[0]
        departments = {d.id: words.flat(d.name, d.id) for d in structure.process.departments}
        named = departments.get(worst.department or "", worst.department or "")
        place = structure.places.get(worst.state or "")
        state = words.flat(place.state.name, place.id) if place is not None else ""
        legend.append(("▲", f"{words.phrase('bottleneck')}: "
                       + " · ".join(x for x in (named, state) if x)))
    scale = _scale(longest, clock, words) if any(m.heat is not None for m in nodes.values()) \
        else None
    return Overlay(nodes, edges, heat=True, legend=tuple(legend), scale=scale)


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
                                  for e in diagram.edges_out_of(edge.target)
                                  if e.tail_cluster is None)  # not a way out of the frame
    return counts, per_case


def _node_marks(diagram: Diagram, structure: Structure, heat: HeatFile, words: Words,
                clock: HeatClock) -> tuple[dict[str, NodeMark], float]:
    """Fill by mean time per visit, on ``clock``; a box standing for several states shows
    their summed time. Returns the marks and the top of the scale.

    On the government clock (the default: the clock a limit counts) a state where the
    applicant acts or a statutory period runs adds nothing: its time is noted on the box
    but not coloured, so that two applicant steps of 300 days do not wash every review
    out to the same pale yellow. ``elapsed`` puts every state on one scale.
    """
    boxes = nodes_by_state(diagram)
    times: dict[str, float] = {}
    counted: dict[str, float] = {}
    reached: dict[str, float] = {}
    for state, value in heat.states.items():
        if value.mean_time is None:
            continue
        place = structure.places[state]
        on_clock = clock == "elapsed" or place.state.effective_clock == "government"
        for box in boxes.get(state, ()):
            times[box] = times.get(box, 0.0) + value.mean_time
            if on_clock:
                counted[box] = counted.get(box, 0.0) + value.mean_time
            reached[box] = max(reached.get(box, 0.0), value.reached)
    top = max(counted.values(), default=0.0) or 1.0
    marks = {}
    for box, time in times.items():
        note = (f"{words.phrase('mean')} {time:.1f} {words.phrase('days')} · "
                f"{words.phrase('reached')} {reached[box]:.0%}")
        if box not in counted:
            note += f" · {words.phrase('off_scale')}"
        timeless = diagram.nodes[box].kind == "decision"  # a choice takes no time
        share = counted[box] / top if box in counted else None
        marks[box] = NodeMark(heat=share, notes=() if timeless else (note,))
    worst = heat.bottlenecks[0] if heat.bottlenecks else None
    if worst is not None:
        flagged = (list(boxes[worst.state]) if worst.state in boxes else
                   [n.id for n in diagram.nodes.values()
                    if worst.department and n.department == worst.department])
        for box in flagged:
            old = marks.get(box, NodeMark())
            marks[box] = NodeMark(old.visited, old.heat, old.notes, bottleneck=True)
    return marks, top


def _scale(top: float, clock: HeatClock,
           words: Words) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The legend's colour scale: each fill with the range of mean days it stands for."""
    step = top / len(FILL_RAMP)
    ranges = tuple((colour, f"{i * step:.1f}–{(i + 1) * step:.1f}")
                   for i, colour in enumerate(FILL_RAMP))
    title = words.phrase("scale_government" if clock == "government" else "scale_elapsed")
    return title, ranges


def _check(structure: Structure, heat: HeatFile, source: Path) -> None:
    process = structure.process
    if heat.process is not None and heat.process != process.id:
        raise RenderError(f"{source}: this result is for process `{heat.process}`, not "
                          f"`{process.id}`",
                          zh=f"{source}：这个结果属于流程 `{heat.process}`，不是 `{process.id}`")
    moves = {(m.index, m.source, m.target, m.trigger) for m in structure.moves}
    for i, item in enumerate(heat.transitions):
        if (item.index, item.from_, item.to, item.on) not in moves:
            raise RenderError(f"{source}: transitions.{i}: `{process.id}` has no transition "
                              f"{item.index} from `{item.from_}` to `{item.to}` on "
                              f"`{item.on}`; was the result made for another version?",
                              zh=f"{source}：transitions.{i}：`{process.id}` 中没有从 "
                                 f"`{item.from_}` 经 `{item.on}` 到 `{item.to}` 的第 {item.index} "
                                 "条转移；这个结果是不是为另一个版本做的？")
    for state in heat.states:
        if state not in structure.places:
            raise RenderError(f"{source}: states.{state}: `{process.id}` has no state "
                              f"`{state}`",
                              zh=f"{source}：states.{state}：`{process.id}` 中没有状态 `{state}`")
    departments = {d.id for d in process.departments}
    for i, worst in enumerate(heat.bottlenecks):
        if worst.state is not None and worst.state not in structure.places:
            raise RenderError(f"{source}: bottlenecks.{i}.state: no state `{worst.state}`",
                              zh=f"{source}：bottlenecks.{i}.state：没有状态 `{worst.state}`")
        if worst.department is not None and worst.department not in departments:
            raise RenderError(f"{source}: bottlenecks.{i}.department: no department "
                              f"`{worst.department}`",
                              zh=f"{source}：bottlenecks.{i}.department：没有部门 "
                                 f"`{worst.department}`")
