"""The ways out of each BPMN node: sequence flows with their conditions, through the
gateways, catch events and boundary events that tell the ways apart.

Part of render: the flow half of ``mapping`` (its docstring argues the choices).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..errors import RenderError
from ..expr import to_text
from ..semantics import default_way
from ..structure import Move, Place
from .deadlines import split_deadlines, timer_duration
from .graph import Node
from .mapper import MapperBase, awaited_way
from .notes import label

__all__ = ["MoveFlows"]


class MoveFlows(MapperBase):
    def _move_flow(self, origin: str, move: Move, condition: str | None = None,
                   named: bool = True) -> str:
        name = label(move.transition.name, move.trigger, self.lang) if named else ""
        return self._flow(origin, self._entry(move), name, condition, move)

    def _entry(self, move: Move) -> str:
        stage = self.structure.stages.get(move.target)
        if stage is not None and stage.concurrent:
            return f"Fork-{stage.id}"
        target = self.structure.places.get(move.entry[0])
        if self.net and target is not None and target.case_final:
            end = self._end_of(target)
            if move.region is not None and not move.join:
                return f"Exit-{move.region}-{end}"
            return end
        return move.entry[0]

    def _exits(self, source: str, moves: tuple[Move, ...]) -> None:
        if source in self.structure.stages:
            self._after_join(source, moves)
            return
        place = self.structure.places[source]
        if place.state.kind == "final":
            return
        for move in moves:
            self._check_escape(move)
        node = self.nodes[source]
        if node.kind in ("userTask", "receiveTask") and not self.net:
            moves = self._boundaries(place, node, moves)
        triggers = dict.fromkeys(m.trigger for m in moves)
        if node.kind == "exclusiveGateway":
            self._automatic(source, moves, gateway=True)
        elif node.kind == "eventBasedGateway":
            for trigger in triggers:
                group = [m for m in moves if m.trigger == trigger]
                catch = self._add(Node(
                    f"{source}-on-{trigger}", "intermediateCatchEvent",
                    label(group[0].transition.name, trigger, self.lang), stage=node.stage,
                    message=self._message(group[0].event)), follows=source)
                self._flow(source, catch)
                self._automatic(catch, group, gateway=False)
        elif len(triggers) == 1:
            self._automatic(source, moves, gateway=False)
        else:
            choice = self._add(Node(f"{source}-choice", "exclusiveGateway",
                                    self._gateway_name("choice", node.name),
                                    stage=node.stage), follows=source)
            self._flow(source, choice)
            for move in moves:
                self._move_flow(choice, move, self.conditions.choice(move))

    def _boundaries(self, place: Place, node: Node, moves: tuple[Move, ...]) -> tuple[Move, ...]:
        """Deadline ways as interrupting timer boundary events on the activity, and, on a
        receive task, the events it does not wait for as message boundary events; the
        moves left are the activity's own."""
        others, deadlines = split_deadlines(place, moves)
        if not deadlines:
            return moves
        assert place.state.limit is not None
        timer = timer_duration(place.state.limit)
        own = others
        on_border: list[tuple[Move, str | None]] = [(m, timer) for m in deadlines]
        if node.kind == "receiveTask":
            awaited = awaited_way(others).trigger
            own = [m for m in others if m.trigger == awaited]
            on_border = [(m, None) for m in others if m.trigger != awaited] + on_border
        for trigger in dict.fromkeys(m.trigger for m, _ in on_border):
            group = [m for m, _ in on_border if m.trigger == trigger]
            timed = next(t for m, t in on_border if m.trigger == trigger)
            boundary = self._add(Node(
                f"{node.id}-on-{trigger}", "boundaryEvent",
                label(group[0].transition.name, trigger, self.lang), stage=node.stage,
                attached_to=node.id, timer=timed,
                message=None if timed else self._message(group[0].event)), follows=node.id)
            self._automatic(boundary, group, gateway=False)
        return tuple(own)

    def _after_join(self, stage: str, moves: tuple[Move, ...]) -> None:
        """The join's ways; in the workflow-net profile, first a gateway choosing between
        them and the case's ends reached from inside the regions."""
        escapes = self.escapes.get(stage, {})
        if not escapes:
            self._automatic(f"Join-{stage}", moves, gateway=False)
            return
        after = self._add(Node(f"After-{stage}", "exclusiveGateway",
                               self._gateway_name("After", self.nodes[f"Join-{stage}"].name),
                               stage=stage), follows=f"Join-{stage}")
        self._flow(f"Join-{stage}", after)
        for end in escapes:
            self._flow(after, end)
        for move in moves:
            self._move_flow(after, move, named=False)

    def _automatic(self, origin: str, moves: Sequence[Move], gateway: bool) -> None:
        """Flows decided by guards alone: straight on, or through an exclusive gateway."""
        if len(moves) == 1 and moves[0].guard is None:
            # after a catch event named by the trigger, the flow's own name would repeat it
            named = self.nodes[origin].kind not in ("intermediateCatchEvent", "boundaryEvent")
            self._move_flow(origin, moves[0], named=named)
            return
        gate = origin
        source = self.nodes[origin]
        if not gateway and len(moves) == 1 and source.kind in ("userTask", "receiveTask"):
            # one guarded way on from an activity: a conditional flow, not a gateway
            guard = moves[0].guard
            assert guard is not None
            self._move_flow(origin, moves[0], to_text(guard.tree))
            return
        if not gateway:
            gate = self._add(Node(f"{origin}-guard", "exclusiveGateway",
                                  self._gateway_name("guard", source.name),
                                  stage=source.stage), follows=origin)
            self._flow(origin, gate)
        unguarded = [m for m in moves if m.guard is None]
        default = default_way(unguarded, lambda m: m.default) if unguarded else None
        for move in moves:
            if move is default:
                flow = self._move_flow(gate, move)
                self.nodes[gate] = replace(self.nodes[gate], default=flow)
            else:
                condition = self.conditions.excluding(move)
                self._move_flow(gate, move, condition or "true")
        if default is None and source.kind == "intermediateCatchEvent" and \
                self.structure.places[self.follows[origin]].state.kind != "decision":
            self._wait_again(gate, self.follows[origin])

    def _wait_again(self, gate: str, wait: str) -> None:
        """After a caught event whose every way is guarded, none holding: the event moves
        nothing, and the case goes on waiting (as the state machine ignores a trigger whose
        guards are closed). The gateway's default flow leads back to the wait. Not after
        a decision's event-based gateway: SpiffWorkflow fails when a case re-enters the
        merge this adds right after a parallel join (the loops fixture of the engine test),
        and there its one-way gateway stays."""
        flow = self._flow(gate, wait, extensions=(("waitAgain", ()),))
        self.nodes[gate] = replace(self.nodes[gate], default=flow)

    def _check_escape(self, move: Move) -> None:
        """A move out of a region may only end the case: BPMN cannot stop the other regions
        of a flat process and go on elsewhere."""
        if move.region is None or move.join:
            return
        target = self.structure.places.get(move.target)
        if target is not None and (target.case_final or (
                target.region is not None and target.region.id == move.region)):
            return
        where = self.definition.locate(("transitions", move.index))
        raise RenderError(
            f"{where}: BPMN export: `{move.source}` leaves region `{move.region}` for "
            f"`{move.target}`, which is not a final state; a flat BPMN process cannot stop the "
            "other regions and go on. Leave through the stage's join, or end the case there",
            zh=f"{where}：BPMN 导出：`{move.source}` 离开区域 `{move.region}` 去往 "
               f"`{move.target}`，而它不是终态；扁平的 BPMN 流程无法停下其他区域再继续。请经由"
               "阶段的汇合离开，或在那里结束案件")
