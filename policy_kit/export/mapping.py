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

The mapping is built in halves over one ``Draft`` (``mapper.MapperBase``): ``nodes`` makes
what each state becomes, ``flows`` the ways out of each node; ``_Mapper.run`` here drives
them and tidies the result.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ..loader import Definition
from .flows import MoveFlows
from .graph import BpmnGraph
from .lanes import assign_lanes
from .mapper import free_name
from .nodes import START, StateNodes
from .notes import Language, process_notes
from .subprocesses import ENTRY_VARIABLE, nest_stages
from .tidy import merge_before_forks, merge_before_joins, quiet_labels

__all__ = ["PROFILES", "STAGE_STYLES", "START", "Profile", "StageStyle", "to_graph"]

Profile = Literal["engine", "workflow-net"]
PROFILES: tuple[Profile, ...] = ("engine", "workflow-net")
StageStyle = Literal["groups", "subprocess"]
STAGE_STYLES: tuple[StageStyle, ...] = ("groups", "subprocess")


def to_graph(definition: Definition, lang: Language = "zh",
             profile: Profile = "engine", stages: StageStyle = "groups") -> BpmnGraph:
    """The BPMN elements of ``definition``; ``RenderError`` if BPMN cannot say what it means.
    ``stages``: each stage a group around its nodes, or a collapsed sub-process
    (``subprocesses``)."""
    mapper = _Mapper(definition, lang, profile == "workflow-net")
    mapper.nested = stages == "subprocess"
    return mapper.run()


class _Mapper(StateNodes, MoveFlows):
    """The whole mapping: every state's node, then every way out of it, then the tidying
    (merges before forks and joins, quiet labels), lanes and groups."""

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
        entry = free_name(ENTRY_VARIABLE, [*self.definition.process.attributes,
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
