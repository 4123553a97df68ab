"""Which lane each BPMN flow node sits in: one lane per department, one for the applicant.

Part of render (load → … → **render**), pure. A state sits in its department's lane (the
state's own, else its region's or stage's), a step the applicant performs in the
applicant's lane, and a parallel gateway (or a stage's sub-process) in its stage's lead
department's. Nodes with no
department of their own (start, decisions, end events, gateways after a task) sit in the
lane of the node that leads to them, as BPMN modelers draw them; whatever is left goes to
a lane for steps without a department.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

from ..loader import Definition
from ..model import Lang
from .graph import Flow, Lane, Node
from .notes import Language, word

__all__ = ["APPLICANT_LANE", "UNASSIGNED_LANE", "assign_lanes"]

APPLICANT_LANE = "Applicant-lane"
UNASSIGNED_LANE = "Unassigned-lane"
_NAMES: dict[str, dict[Lang, str]] = {
    APPLICANT_LANE: {"zh": "申请人", "en": "Applicant"},
    UNASSIGNED_LANE: {"zh": "未指定部门", "en": "No department"},
}


def assign_lanes(definition: Definition, nodes: Sequence[Node], flows: Sequence[Flow],
                 follows: Mapping[str, str], lang: Language) -> tuple[Lane, ...]:
    """The lanes, in the order applicant, departments as declared, unassigned; none empty."""
    home = _own_lanes(definition, nodes)
    # a boundary event is reached from its activity, and sits in its lane
    borders = [Flow(f"{n.id}-border", n.attached_to, n.id) for n in nodes
               if n.attached_to is not None]
    _propagate(home, nodes, [*flows, *borders], follows)
    names = {f"Lane-{d.id}": d.name.pick(lang) for d in definition.process.departments}
    names.update({key: word(value, lang) for key, value in _NAMES.items()})
    order = [APPLICANT_LANE, *(f"Lane-{d.id}" for d in definition.process.departments),
             UNASSIGNED_LANE]
    lanes = []
    for lane_id in order:
        members = tuple(n.id for n in nodes if home.get(n.id, UNASSIGNED_LANE) == lane_id)
        if members:
            lanes.append(Lane(lane_id, names[lane_id], members))
    return tuple(lanes)


def _own_lanes(definition: Definition, nodes: Sequence[Node]) -> dict[str, str]:
    structure = definition.structure
    home: dict[str, str] = {}
    for node in nodes:
        if node.state is not None:
            place = structure.places[node.state]
            if place.state.actor == "applicant":
                home[node.id] = APPLICANT_LANE
            elif place.department is not None:
                home[node.id] = f"Lane-{place.department}"
        elif node.kind in ("parallelGateway", "subProcess") and node.stage is not None:
            department = structure.stages[node.stage].department
            if department is not None:
                home[node.id] = f"Lane-{department}"
    return home


def _propagate(home: dict[str, str], nodes: Sequence[Node], flows: Sequence[Flow],
               follows: Mapping[str, str]) -> None:
    """Breadth-first from the start: a node without a lane takes its origin's or parent's."""
    after: dict[str, list[str]] = {}
    for flow in flows:
        after.setdefault(flow.source, []).append(flow.target)
    starts = [n.id for n in nodes if n.kind == "startEvent"]
    for start in starts:
        if start not in home:
            first = next((home[t] for t in after.get(start, ()) if t in home), None)
            if first is not None:
                home[start] = first
    seen = set(starts)
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        for target in after.get(current, ()):
            if target not in home:
                origin = follows.get(target)
                lane = home.get(origin) if origin is not None else None
                parent = home.get(current)
                if lane or parent:
                    home[target] = lane or parent or UNASSIGNED_LANE
            if target not in seen:
                seen.add(target)
                queue.append(target)
