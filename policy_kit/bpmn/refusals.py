"""What the importer cannot map exactly, element by element: multi-instance and looping
activities, compensation, event and ad-hoc sub-processes, complex and splitting
inclusive gateways, cross-process signals, implicit inclusive splits.

Part of load (**load** → …), the first pass of ``translate``: each is a ``Problem`` at the
element's file:line:col, or with ``--lenient`` a warning naming the approximation (the
support matrix in docs/bpmn.md lists them). Parallel splits that are not blocks and
non-interrupting boundary events whose paths meet are refused where they are found
(``blocks``, ``spawning``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .graph import ACTIVITIES, Node

if TYPE_CHECKING:
    from .translate import _Translator

__all__ = ["check_elements"]


def check_elements(t: _Translator) -> None:
    thrown = {d.attributes.get("signalRef") for n in t.nodes.values()
              if n.kind in ("intermediateThrowEvent", "endEvent")
              for d in n.element.children if d.tag == "signalEventDefinition"}
    for node in t.nodes.values():
        _check_activity(t, node)
        _check_gateway(t, node)
        _check_signal(t, node, thrown)
        if node.kind in ACTIVITIES | {"intermediateCatchEvent", "startEvent",
                                      "intermediateThrowEvent"}:
            _check_conditional_flows(t, node)


def _check_activity(t: _Translator, node: Node) -> None:
    element = node.element
    if element.find("multiInstanceLoopCharacteristics") is not None:
        t.refuse(node, "a multi-instance activity: policy-kit cases have one instance of "
                 "each step", "one instance")
    if element.find("standardLoopCharacteristics") is not None:
        t.refuse(node, "a looping activity", "done once")
    if element.attributes.get("isForCompensation") == "true" or "compensate" in node.events:
        t.refuse(node, "compensation has no counterpart in policy-kit", "left out")
    if node.kind == "subProcess" and node.attribute("triggeredByEvent") == "true":
        t.refuse(node, "an event sub-process", "left out")
    if node.kind == "adHocSubProcess":
        t.refuse(node, "an ad-hoc sub-process", "its content in sequence")


def _check_gateway(t: _Translator, node: Node) -> None:
    if node.kind == "complexGateway":
        t.refuse(node, "a complex gateway", "an exclusive choice")
    if node.kind == "inclusiveGateway" and len(node.outgoing) >= 2:
        t.refuse(node, "an inclusive gateway: any subset of its branches may run, and its "
                 "join cannot be matched in a state machine", "an exclusive choice of one "
                 "branch")
    if node.kind == "inclusiveGateway":
        t.demoted.add(node.id)


def _check_signal(t: _Translator, node: Node, thrown: set[str | None]) -> None:
    if node.kind in ("intermediateCatchEvent", "boundaryEvent") and node.event == "signal":
        ref = next((d.attributes.get("signalRef") for d in node.element.children
                    if d.tag == "signalEventDefinition"), None)
        if ref not in thrown:
            t.refuse(node, "waits for a signal thrown outside this process (a cross-process "
                     "signal)", "a wait for a named event")


def _check_conditional_flows(t: _Translator, node: Node) -> None:
    """Conditional flows out of an activity: one condition beside the default flow is an
    exclusive choice; more, or beside an unconditional flow, may run several."""
    default = node.attribute("default")
    conditional = [f for f in node.outgoing if t.graph.flows[f].condition is not None
                   and f != default]
    plain = [f for f in node.outgoing if f not in conditional and f != default]
    if conditional and (len(conditional) > 1 or plain):
        t.refuse(node, "conditional sequence flows leave it (an implicit inclusive split: "
                 "several may be taken)", "an exclusive choice by the conditions")
