"""What each state of a definition becomes in BPMN: a task, an event or a gateway; the
fork and join of a concurrent stage; the start; each stage's group.

Part of render: the node half of ``mapping`` (its docstring argues the choices).
"""

from __future__ import annotations

from ..model import Lang, Region, Stage
from ..semantics import initial_state
from ..structure import Place
from .deadlines import split_deadlines
from .graph import Group, Node, NodeKind
from .mapper import MapperBase, awaited_way, waits
from .notes import label, stage_notes, state_notes, word

__all__ = ["START", "StateNodes"]

START = "StartEvent"
_START_NAME: dict[Lang, str] = {"zh": "开始", "en": "Start"}


class StateNodes(MapperBase):
    def _terminating(self) -> set[str]:
        """Case-final states a move reaches from inside a region, with others running."""
        return {m.target for m in self.structure.moves if m.region is not None
                and m.target in self.structure.places
                and self.structure.places[m.target].case_final}

    def _state_node(self, place: Place, terminate: bool) -> None:
        state = place.state
        documentation, extensions = state_notes(self.definition, place, self.lang)
        kind, message = self._kind(place)
        self._add(Node(state.id, kind, label(state.name, state.id, self.lang), state=state.id,
                       stage=place.stage.id if place.stage else None, message=message,
                       terminate=terminate, documentation=documentation,
                       extensions=extensions))

    def _outcome_end(self, place: Place) -> None:
        """One end event per outcome (workflow-net profile), named by the first final
        state with that outcome; every final state of it flows there."""
        outcome = place.state.outcome or place.id
        end = f"End-{outcome}"
        if end not in self.nodes:
            self._add(Node(end, "endEvent", label(place.state.name, outcome, self.lang)))

    def _kind(self, place: Place) -> tuple[NodeKind, str | None]:
        """The node a state becomes, and the message it waits for, if any."""
        moves = self.structure.moves_from.get(place.id, ())
        if place.case_final:
            return "endEvent", None
        if place.region_final:
            return ("exclusiveGateway" if self.net else "intermediateThrowEvent"), None
        if self.net:
            return ("exclusiveGateway" if place.state.kind == "decision" else
                    "receiveTask" if waits(place) else "userTask"), None
        if place.state.kind == "decision":
            # two ways that no guard tells apart are chosen outside: wait for what happens
            unguarded = {m.trigger for m in moves if m.guard is None}
            return ("eventBasedGateway" if len(unguarded) > 1 else "exclusiveGateway"), None
        if not waits(place):
            return "userTask", None
        others, deadlines = split_deadlines(place, moves)
        if deadlines:  # a receive task, for the boundary events to sit on
            return "receiveTask", self._message(awaited_way(others).event)
        if len({m.trigger for m in moves}) > 1:
            return "eventBasedGateway", None
        return "receiveTask", self._message(moves[0].event) if moves else None

    def _concurrency(self, stage: Stage) -> None:
        title = label(stage.name, stage.id, self.lang)
        fork = self._add(Node(f"Fork-{stage.id}", "parallelGateway",
                              self._gateway_name("Fork", title), stage=stage.id))
        join = self._add(Node(f"Join-{stage.id}", "parallelGateway",
                              self._gateway_name("Join", title), stage=stage.id))
        for region in stage.regions:
            self._flow(fork, initial_state(region))
            finals = [*self.structure.region_finals(region), *self._exits_to_ends(stage, region)]
            if len(finals) == 1:
                self._flow(finals[0], join)
                continue
            merge = self._add(Node(f"Merge-{region.id}", "exclusiveGateway",
                                   self._gateway_name("Merge", label(region.name, region.id,
                                                                     self.lang)),
                                   stage=stage.id), follows=finals[0])
            for final in finals:
                self._flow(final, merge)
            self._flow(merge, join)

    def _exits_to_ends(self, stage: Stage, region: Region) -> list[str]:
        """Workflow-net profile: a way from inside ``region`` to a case's end reaches an
        exit of the region instead (an exclusive gateway into its merge and the join); a
        gateway after the join then leads to that end. A Petri net cannot take the other
        regions' tokens away, so they finish first."""
        if not self.net:
            return []
        exits: list[str] = []
        for move in self.structure.moves:
            target = self.structure.places.get(move.target)
            if move.region != region.id or move.join or target is None or \
                    not target.case_final:
                continue
            end = self._end_of(target)
            node = f"Exit-{region.id}-{end}"
            if node not in self.nodes:
                self._add(Node(node, "exclusiveGateway", self._gateway_name(
                    "Merge", f"{label(region.name, region.id, self.lang)} → "
                             f"{self.nodes[end].name}"), stage=stage.id), follows=move.source)
                exits.append(node)
                self.escapes.setdefault(stage.id, {})[end] = node
        return exits

    def _start(self) -> None:
        start = self._add(Node(START, "startEvent", word(_START_NAME, self.lang)))
        first = self.structure.places[self.structure.initial[0]]
        if first.stage is not None and first.stage.concurrent:
            self._flow(start, f"Fork-{first.stage.id}")
        else:
            self._flow(start, first.id)

    def _groups(self) -> tuple[Group, ...]:
        groups = []
        for stage in self.definition.process.stages:
            members = tuple(n.id for n in self.nodes.values() if n.stage == stage.id)
            documentation, extensions = stage_notes(self.definition, stage, self.lang)
            groups.append(Group(f"Group-{stage.id}", stage.id,
                                label(stage.name, stage.id, self.lang), members,
                                documentation, extensions))
        return tuple(groups)
