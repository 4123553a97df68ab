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

from ..check.findings import Words
from .graph import ACTIVITIES, Node

if TYPE_CHECKING:
    from .translate import _Translator

__all__ = ["LEFT_OUT", "check_elements"]

LEFT_OUT = Words("略去", "left out")
_EXCLUSIVE = Words("排他选择", "an exclusive choice")


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
        t.refuse(node, Words("多实例活动：policy-kit 的一件申请每一步只有一个实例",
                             "a multi-instance activity: policy-kit cases have one instance "
                             "of each step"), Words("一个实例", "one instance"))
    if element.find("standardLoopCharacteristics") is not None:
        t.refuse(node, Words("循环活动", "a looping activity"), Words("只做一次", "done once"))
    if element.attributes.get("isForCompensation") == "true" or "compensate" in node.events:
        t.refuse(node, Words("补偿在 policy-kit 中没有对应的写法",
                             "compensation has no counterpart in policy-kit"), LEFT_OUT)
    if node.kind == "subProcess" and node.attribute("triggeredByEvent") == "true":
        t.refuse(node, Words("事件子流程", "an event sub-process"), LEFT_OUT)
    if node.kind == "adHocSubProcess":
        t.refuse(node, Words("自由（ad-hoc）子流程", "an ad-hoc sub-process"),
                 Words("其内容依次执行", "its content in sequence"))


def _check_gateway(t: _Translator, node: Node) -> None:
    if node.kind == "complexGateway":
        t.refuse(node, Words("复杂网关", "a complex gateway"), _EXCLUSIVE)
    if node.kind == "inclusiveGateway" and len(node.outgoing) >= 2:
        t.refuse(node, Words("包容网关：它的分支可以任意组合地执行，其汇合在状态机中无法对应",
                             "an inclusive gateway: any subset of its branches may run, and "
                             "its join cannot be matched in a state machine"),
                 Words("在分支中排他地选一条", "an exclusive choice of one branch"))
    if node.kind == "inclusiveGateway":
        t.demoted.add(node.id)


def _check_signal(t: _Translator, node: Node, thrown: set[str | None]) -> None:
    if node.kind in ("intermediateCatchEvent", "boundaryEvent") and node.event == "signal":
        ref = next((d.attributes.get("signalRef") for d in node.element.children
                    if d.tag == "signalEventDefinition"), None)
        if ref not in thrown:
            t.refuse(node, Words("等待本流程之外抛出的信号（跨流程信号）",
                                 "waits for a signal thrown outside this process (a "
                                 "cross-process signal)"),
                     Words("等待一个有名称的事件", "a wait for a named event"))


def _check_conditional_flows(t: _Translator, node: Node) -> None:
    """Conditional flows out of an activity: one condition beside the default flow is an
    exclusive choice; more, or beside an unconditional flow, may run several."""
    default = node.attribute("default")
    conditional = [f for f in node.outgoing if t.graph.flows[f].condition is not None
                   and f != default]
    plain = [f for f in node.outgoing if f not in conditional and f != default]
    if conditional and (len(conditional) > 1 or plain):
        t.refuse(node, Words("从它出发的条件顺序流不止一条（隐含的包容分支：可能同时走几条）",
                             "conditional sequence flows leave it (an implicit inclusive "
                             "split: several may be taken)"),
                 Words("按条件排他地选一条", "an exclusive choice by the conditions"))
