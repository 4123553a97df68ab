"""Mapping a definition's states and moves to BPMN flow nodes and sequence flows.

Part of render (load → … → **render**): pure, from a ``Definition`` to a ``BpmnGraph``. It
reads the moves of ``policy_kit.semantics`` (as every engine does), so stage- and
region-wide transitions arrive already expanded, and the moves out of a state come in
its groups; ``guards`` writes each move's condition. The choices, argued in
docs/bpmn.md:

- department work is a ``userTask``; when it has several outcomes, an exclusive gateway
  after it reads the outcome the task's form set (``trigger == "pass"``), and-ed with the
  guard of the move, if any;
- a wait (``kind: wait``, or a step the applicant performs) is a ``receiveTask`` when one
  thing can end it, or an event-based gateway with a message catch event per trigger;
- a deadline way (``expire``, ``lapse``: ``deadlines``) out of a task or wait with a limit
  is an interrupting timer boundary event on its activity; such a wait is a
  ``receiveTask`` for its default way's message, the other ways message boundary events;
- a ``decision`` state is an exclusive gateway whose flows carry the guards (an
  event-based one when two of its ways have no guard to tell them apart);
- a concurrent stage is a parallel fork and join, each region ending in a none
  intermediate event (its final state) before the join, and entered through an exclusive
  merge when several flows lead into it (a parallel gateway would wait for all of them);
- each final state of the case is its own end event; one that a case may reach while
  other regions still run terminates the process, as leaving the stage does.

The ``workflow-net`` profile is for process-mining tools (pm4py, ProM), whose BPMN
readers know tasks, exclusive and parallel gateways, and start and end events only, and
whose conversion to a Petri net has no cancellation: every wait is a receive task (with
an outcome gateway after it when several things can end it), a decision an exclusive
gateway, a region's final state an exclusive gateway into the join, one end event per
outcome, and a way that leaves a region for a case's end goes through the stage's join
first (the other regions finish, then a gateway after the join leads to that end). The
result converts to a sound workflow net; its choices are free (no message, timer or
condition decides them), so it is a model to replay logs against, not to run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from ..errors import RenderError
from ..expr import to_text
from ..loader import Definition
from ..model import Lang, Region, Stage
from ..semantics import Semantics, default_way, initial_state
from ..structure import Move, Place
from .deadlines import split_deadlines, timer_duration
from .graph import BpmnGraph, Draft, Extension, Group, Node, NodeKind
from .guards import Conditions
from .lanes import assign_lanes
from .notes import Language, label, move_notes, process_notes, stage_notes, state_notes, word
from .subprocesses import ENTRY_VARIABLE, nest_stages
from .tidy import gateway_name, merge_before_forks, merge_before_joins, quiet_labels

__all__ = ["PROFILES", "STAGE_STYLES", "START", "Profile", "StageStyle", "to_graph"]

START = "StartEvent"
Profile = Literal["engine", "workflow-net"]
PROFILES: tuple[Profile, ...] = ("engine", "workflow-net")
StageStyle = Literal["groups", "subprocess"]
STAGE_STYLES: tuple[StageStyle, ...] = ("groups", "subprocess")
_START_NAME: dict[Lang, str] = {"zh": "开始", "en": "Start"}



def to_graph(definition: Definition, lang: Language = "zh",
             profile: Profile = "engine", stages: StageStyle = "groups") -> BpmnGraph:
    """The BPMN elements of ``definition``; ``RenderError`` if BPMN cannot say what it means.
    ``stages``: each stage a group around its nodes, or a collapsed sub-process
    (``subprocesses``)."""
    mapper = _Mapper(definition, lang, profile == "workflow-net")
    mapper.nested = stages == "subprocess"
    return mapper.run()


def _free_name(wanted: str, taken: Sequence[str]) -> str:
    """``wanted``, or ``wanted_``, … : the first name no attribute of the process uses."""
    name = wanted
    while name in taken:
        name += "_"
    return name


class _Mapper:
    def __init__(self, definition: Definition, lang: Language, net: bool = False) -> None:
        self.definition = definition
        self.net = net
        """The workflow-net profile: tasks, exclusive and parallel gateways, one end per
        outcome, no events in between, no cancellation."""
        self.escapes: dict[str, dict[str, str]] = {}
        """For each concurrent stage, the case ends reached from inside its regions: by
        outcome end, the gateway after the join that leads there (workflow-net profile)."""
        self.structure = definition.structure
        self.lang = lang
        self.draft = Draft()
        self.nodes = self.draft.nodes
        self.flows = self.draft.flows
        self.follows = self.draft.follows
        self.messages: dict[str, None] = {}
        self.variable = _free_name("trigger", list(definition.process.attributes))
        self.nested = False
        """Stages as sub-processes (``subprocesses``), not groups."""
        self.errors: dict[str, str] = {}
        self.semantics = Semantics(self.structure)
        self.conditions = Conditions(self.semantics, self.variable)

    def run(self) -> BpmnGraph:
        terminating = set() if self.net else self._terminating()
        for place in self.structure.places.values():
            if self.net and place.case_final:
                self._outcome_end(place)
            else:
                self._state_node(place, place.id in terminating)
        for stage in self.definition.process.stages:
            if stage.concurrent:
                self._concurrency(stage)
        self._start()
        for source, groups in self.semantics.groups.items():
            self._exits(source, tuple(m for group in groups for m in group))
        entry = _free_name(ENTRY_VARIABLE, [*self.definition.process.attributes,
                                            self.variable])
        if self.nested:
            nest_stages(self.definition, self.draft, self.errors, self.lang, entry)
        merge_before_forks(self.draft, self.definition.process.stages, self.lang)
        merge_before_joins(self.draft, self.lang)
        quiet_labels(self.draft)
        process = self.definition.process
        documentation, extensions = process_notes(self.definition, self.variable, self.lang)
        if self.nested:  # the variable a stage's routing gateway reads
            extensions = tuple((tag, (*attributes, ("entryVariable", entry)))
                               if tag == "process" else (tag, attributes)
                               for tag, attributes in extensions)
        nodes = tuple(self.nodes.values())
        lanes = assign_lanes(self.definition, nodes, self.flows, self.follows, self.lang)
        if self.nested:  # a sub-process's inside belongs to no lane of the process
            top = {n.id for n in nodes if n.scope is None}
            lanes = tuple(replace(lane, nodes=tuple(n for n in lane.nodes if n in top))
                          for lane in lanes if any(n in top for n in lane.nodes))
        return BpmnGraph(
            process_id=f"Process-{process.id}", name=process.title.pick(self.lang),
            nodes=nodes, flows=tuple(self.flows), lanes=lanes,
            groups=() if self.nested else self._groups(), messages=tuple(self.messages),
            documentation=documentation, extensions=extensions,
            choice_variable=self.variable, errors=tuple(self.errors.items()))

    # -- nodes -------------------------------------------------------------------------

    def _add(self, node: Node, follows: str | None = None) -> str:
        return self.draft.add(node, follows)

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

    def _end_of(self, place: Place) -> str:
        return f"End-{place.state.outcome or place.id}"

    def _kind(self, place: Place) -> tuple[NodeKind, str | None]:
        """The node a state becomes, and the message it waits for, if any."""
        moves = self.structure.moves_from.get(place.id, ())
        if place.case_final:
            return "endEvent", None
        if place.region_final:
            return ("exclusiveGateway" if self.net else "intermediateThrowEvent"), None
        if self.net:
            return ("exclusiveGateway" if place.state.kind == "decision" else
                    "receiveTask" if _waits(place) else "userTask"), None
        if place.state.kind == "decision":
            # two ways that no guard tells apart are chosen outside: wait for what happens
            unguarded = {m.trigger for m in moves if m.guard is None}
            return ("eventBasedGateway" if len(unguarded) > 1 else "exclusiveGateway"), None
        if not _waits(place):
            return "userTask", None
        others, deadlines = split_deadlines(place, moves)
        if deadlines:  # a receive task, for the boundary events to sit on
            return "receiveTask", self._message(_awaited(others).event)
        if len({m.trigger for m in moves}) > 1:
            return "eventBasedGateway", None
        return "receiveTask", self._message(moves[0].event) if moves else None

    def _message(self, event: str) -> str:
        self.messages[event] = None
        return event

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

    def _gateway_name(self, kind: str, subject: str) -> str:
        return gateway_name(kind, subject, self.lang)

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

    # -- flows -------------------------------------------------------------------------

    def _flow(self, source: str, target: str, name: str = "", condition: str | None = None,
              move: Move | None = None, extensions: tuple[Extension, ...] = ()) -> str:
        documentation = ""
        if move is not None:
            documentation, extensions = move_notes(self.definition, move, self.lang)
        return self.draft.flow(source, target, name, condition, documentation, extensions)

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
            awaited = _awaited(others).trigger
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


def _awaited(ways: Sequence[Move]) -> Move:
    """The way a receive task with boundary events waits for: the default, else the first."""
    return default_way(ways, lambda m: m.default)


def _waits(place: Place) -> bool:
    """The office waits for someone else: a ``wait`` state, or a step the applicant does."""
    return place.state.kind == "wait" or place.state.actor == "applicant"
