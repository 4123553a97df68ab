"""A BPMN process as a policy-kit definition: which nodes become states, which parallel
blocks become concurrent stages, and which paths become the ways between them.

Part of load (**load** → check → …): from a ``FlowGraph`` to the plain data of a
definition file, which the loader then checks like any other. The mapping, element by
element, is the support matrix in docs/bpmn.md. Whatever cannot be said exactly is a
``Problem`` at the element's file:line:col (the import fails), or, with ``lenient``, the
nearest thing and a warning in the definition's ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import DefinitionError, Problem
from .conditions import Translated, translate
from .graph import ACTIVITIES, SUBPROCESSES, TASKS, Flow, FlowGraph, Node
from .naming import Ids, days_of, slug
from .paths import Arrival, Follower
from .pk import PkFile

__all__ = ["Imported", "Region", "to_definition"]

_OUTCOME_WORDS = (
    ("rejected", ("reject", "refus", "deni", "declin", "不予", "驳回", "拒绝", "否决", "不通过")),
    ("withdrawn", ("withdraw", "cancel", "abort", "撤回", "撤销", "取消")),
    ("approved", ("approv", "grant", "accept", "issued", "批准", "通过", "准予", "许可", "办结",
                  "核准", "同意")),
)
_EVENT_TRIGGERS = {"timer": "timeout", "message": "message", "error": "error",
                   "escalation": "escalation", "signal": "signal", "conditional": "condition",
                   "none": "complete"}


@dataclass
class Region:
    id: str
    initial: str
    states: list[str]
    finals: dict[str, str] = field(default_factory=dict)


@dataclass
class Block:
    """A parallel fork and the branches it starts: one concurrent stage."""

    fork: Node
    stage: str
    regions: list[Region]
    join: Node | None
    branch_of: dict[str, Region]


@dataclass(frozen=True)
class Imported:
    """The definition's data, and what the importer knows about where each part came from."""

    data: dict[str, Any]
    renamed: dict[str, str]
    state_of: dict[str, str]
    ways: dict[str, tuple[str, str]]
    warnings: tuple[str, ...]
    pool_departments: dict[str, str] = field(default_factory=dict)


def to_definition(graph: FlowGraph, *, lenient: bool = False,
                  outcomes: dict[str, str] | None = None, lang: str = "zh",
                  process_id: str = "imported",
                  pools: dict[str, tuple[str, str]] | None = None) -> Imported:
    """The definition ``graph`` means; ``DefinitionError`` listing what cannot be mapped.

    ``pools`` (task id → resource pool id and name, from simulation parameters) gives a
    task without a lane its department."""
    translator = _Translator(graph, lenient, outcomes or {}, lang, process_id)
    translator.pools = pools or {}
    return translator.run()


class _Translator:
    def __init__(self, graph: FlowGraph, lenient: bool, outcomes: dict[str, str], lang: str,
                 process_id: str) -> None:
        self.graph = graph
        self.nodes = graph.nodes
        self.lenient = lenient
        self.outcomes = outcomes
        self.lang = lang
        self.process_id = process_id
        self.pk = PkFile(graph.root)
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.info: list[str] = []
        self.ids = Ids()
        self.demoted: set[str] = set()
        self.blocks: dict[str, Block] = {}
        self.follower = Follower(graph, self._is_state, self._is_parallel, self.problems)
        self.attributes: dict[str, str | frozenset[str]] = {}
        self.ways: dict[str, tuple[str, str]] = {}
        self.pools: dict[str, tuple[str, str]] = {}
        self.pool_departments: dict[str, str] = {}

    # -- what each node is -------------------------------------------------------------

    def _is_state(self, node: Node) -> bool:
        kind = node.kind
        if kind in TASKS:
            return True
        if kind in SUBPROCESSES or kind == "callActivity":
            return not node.expanded
        if kind in ("exclusiveGateway", "inclusiveGateway", "complexGateway"):
            if self.pk.present:  # policy-kit's export: a gateway is a state iff it says so
                return self.pk.state(node.element) is not None
            if kind == "exclusiveGateway" and node.id not in self.demoted:
                return len(node.outgoing) >= 2
            return len(node.outgoing) >= 2 and node.id not in self.demoted
        if kind == "eventBasedGateway":
            return True
        if kind == "intermediateCatchEvent":
            return node.event != "link" and not self._after_event_gateway(node)
        return False

    def _is_parallel(self, node: Node) -> bool:
        return node.kind == "parallelGateway" and node.id not in self.demoted

    def _after_event_gateway(self, node: Node) -> bool:
        return bool(node.incoming) and all(
            self.nodes[self.graph.flows[f].source].kind == "eventBasedGateway"
            for f in node.incoming)

    def _refuse(self, node: Node | Flow, message: str, approximation: str, hint: str = "") -> None:
        """A problem, or with ``lenient`` a warning saying what was mapped instead."""
        if self.lenient:
            self.warnings.append(f"{node.location}: `{node.id}`: {message}; approximated: "
                                 f"{approximation}")
        else:
            self.problems.append(Problem(node.location, f"`{node.id}`: {message}",
                                         hint or "--lenient maps the nearest thing and lists "
                                                 "it in the output's notes"))

    # -- the run -----------------------------------------------------------------------

    def run(self) -> Imported:
        self._check_elements()
        starts = [n for n in self.nodes.values() if n.kind == "startEvent" and n.scope is None]
        if not starts:
            self.problems.append(Problem(self.graph.process.location,
                                         f"process `{self.graph.process.id}` has no start "
                                         "event", "a case needs somewhere to begin"))
        self._find_blocks()
        if self.problems:
            raise DefinitionError(self.problems)
        from .assemble import assemble

        data = assemble(self, starts)
        if self.problems:
            raise DefinitionError(self.problems)
        return Imported(data, dict(self.ids.renamed), self.state_ids(), self.ways,
                        tuple(self.warnings), dict(self.pool_departments))

    def state_ids(self) -> dict[str, str]:
        return {bpmn: self.ids.given[bpmn] for bpmn, node in self.nodes.items()
                if bpmn in self.ids.given}

    def _check_elements(self) -> None:
        thrown = {d.attributes.get("signalRef") for n in self.nodes.values()
                  if n.kind in ("intermediateThrowEvent", "endEvent")
                  for d in n.element.children if d.tag == "signalEventDefinition"}
        for node in self.nodes.values():
            self._check_activity(node)
            self._check_gateway(node)
            self._check_event(node, thrown)
            if node.kind in ACTIVITIES | {"intermediateCatchEvent", "startEvent",
                                          "intermediateThrowEvent"}:
                self._check_conditional_flows(node)

    def _check_activity(self, node: Node) -> None:
        element = node.element
        if element.find("multiInstanceLoopCharacteristics") is not None:
            self._refuse(node, "a multi-instance activity: policy-kit cases have one "
                         "instance of each step", "one instance")
        if element.find("standardLoopCharacteristics") is not None:
            self._refuse(node, "a looping activity", "done once")
        if element.attributes.get("isForCompensation") == "true" or \
                "compensate" in node.events:
            self._refuse(node, "compensation has no counterpart in policy-kit", "left out")
        if node.kind == "subProcess" and node.attribute("triggeredByEvent") == "true":
            self._refuse(node, "an event sub-process", "left out")
        if node.kind == "adHocSubProcess":
            self._refuse(node, "an ad-hoc sub-process", "its content in sequence")

    def _check_gateway(self, node: Node) -> None:
        if node.kind == "complexGateway":
            self._refuse(node, "a complex gateway", "an exclusive choice")
        if node.kind == "inclusiveGateway" and len(node.outgoing) >= 2:
            self._refuse(node, "an inclusive gateway: any subset of its branches may run, "
                         "and its join cannot be matched in a state machine",
                         "an exclusive choice of one branch")
        if node.kind == "inclusiveGateway":
            self.demoted.add(node.id)

    def _check_event(self, node: Node, thrown: set[str | None]) -> None:
        if node.kind in ("intermediateCatchEvent", "boundaryEvent") and node.event == "signal":
            ref = next((d.attributes.get("signalRef") for d in node.element.children
                        if d.tag == "signalEventDefinition"), None)
            if ref not in thrown:
                self._refuse(node, "waits for a signal thrown outside this process (a "
                             "cross-process signal)", "a wait for a named event")
        if node.kind == "boundaryEvent" and node.attribute("cancelActivity", "true") == "false":
            self._refuse(node, "a non-interrupting boundary event: the activity goes on "
                         "while another path starts", "an alternative way out of the "
                         "activity (the activity is interrupted)")

    def _check_conditional_flows(self, node: Node) -> None:
        """Conditional flows out of an activity: one condition beside the default flow is
        an exclusive choice; more, or beside an unconditional flow, may run several."""
        default = node.attribute("default")
        conditional = [f for f in node.outgoing if self.graph.flows[f].condition is not None
                       and f != default]
        plain = [f for f in node.outgoing if f not in conditional and f != default]
        if conditional and (len(conditional) > 1 or plain):
            self._refuse(node, "conditional sequence flows leave it (an implicit inclusive "
                         "split: several may be taken)", "an exclusive choice by the "
                         "conditions")

    # -- parallel blocks ---------------------------------------------------------------

    def _find_blocks(self) -> None:
        """Each parallel fork with the branches it starts, or a problem where the split is
        not block-structured (with ``lenient``: the fork is read as an exclusive choice)."""
        while True:
            self.blocks = {}
            failed = None
            for node in self.nodes.values():
                if self._is_parallel(node) and len(node.outgoing) >= 2:
                    block, reason = self._block(node)
                    if block is None:
                        failed = (node, reason)
                        break
                    self.blocks[node.id] = block
            if failed is None:
                return
            node, reason = failed
            self._refuse(node, f"the parallel split is not block-structured: {reason}",
                         "an exclusive choice of one branch (and its joins as merges)")
            if not self.lenient:
                return
            self.demoted.add(node.id)
            self.demoted.update(n.id for n in self.nodes.values()
                                if n.kind == "parallelGateway" and len(n.incoming) >= 2
                                and n.scope == node.scope and not self._joins_ok(n))

    def _joins_ok(self, join: Node) -> bool:
        return any(b.join is join for b in self.blocks.values())

    def _block(self, fork: Node) -> tuple[Block | None, str]:
        first_state = self.nodes[self.graph.flows[fork.outgoing[0]].target]
        pk_stage = (self.pk.state(first_state.element) or {}).get("stage")
        stage = self.ids(pk_stage) if pk_stage else self.ids(fork.id)
        regions: list[Region] = []
        branch_of: dict[str, Region] = {}
        joins: set[str] = set()
        ends = False
        for number, flow_id in enumerate(fork.outgoing, 1):
            arrivals = self.follower.follow(self.graph.flows[flow_id], fork.scope)
            states = [a for a in arrivals if a.reached == "state"]
            if any(a.reached == "fork" for a in arrivals):
                return None, "a branch opens another parallel split"
            joins.update(a.node for a in arrivals if a.reached == "join")
            ends |= any(a.reached == "end" for a in arrivals)
            if not states:
                continue
            if len(states) > 1:
                return None, f"branch {number} starts at several states"
            first = self.pk.state(self.nodes[states[0].node].element) or {}
            region = Region(self.ids.fresh(first.get("region") or f"{stage}_{number}"),
                            states[0].node, [])
            seen, reason = self._explore(states[0].node, fork, joins)
            if reason:
                return None, reason
            if first.get("region"):
                self._pk_region(first["region"], region, seen, joins, fork)
            for state in seen:
                if state in branch_of:
                    return None, f"`{state}` is reached from two branches"
                branch_of[state] = region
            region.states = seen
            regions.append(region)
            ends |= any(a.reached == "end" for s in seen for a in self._arrivals(s, fork.scope))
        join, reason = self._join_of(fork, joins, ends, branch_of)
        if reason:
            return None, reason
        return Block(fork, stage, regions, join, branch_of), ""

    def _join_of(self, fork: Node, joins: set[str], ends: bool,
                 branch_of: dict[str, Region]) -> tuple[Node | None, str]:
        """The one join every branch reaches, if any, or why the block is not one."""
        if len(joins) > 1:
            return None, f"its branches meet at {len(joins)} different joins"
        join = self.nodes[next(iter(joins))] if joins else None
        if join is not None and len(join.incoming) != len(fork.outgoing):
            return None, (f"the join `{join.id}` has {len(join.incoming)} incoming flows "
                          f"for {len(fork.outgoing)} branches")
        if join is not None and ends and not self.lenient:
            terminating = all(self._terminates(a.node) for s in branch_of
                              for a in self._arrivals(s, fork.scope) if a.reached == "end")
            if not terminating:
                return None, "a branch ends before the join, which then waits forever"
        return join, ""

    def _pk_region(self, name: str, region: Region, seen: list[str], joins: set[str],
                   fork: Node) -> None:
        """policy-kit's export says where every state sits: a region's states and finals
        that no way reaches are still the region's."""
        for node_id, node in self.nodes.items():
            pk = self.pk.state(node.element) or {}
            if pk.get("region") != name:
                continue
            if self._is_state(node) and node_id not in seen:
                seen.append(node_id)
            elif pk.get("kind") == "final":
                region.finals.setdefault(node_id, self.ids(node_id))
        joins.update(a.node for state in seen for a in self._arrivals(state, fork.scope)
                     if a.reached == "join")

    def _explore(self, first: str, fork: Node, joins: set[str]) -> tuple[list[str], str]:
        seen = [first]
        index = 0
        while index < len(seen):
            for arrival in self._arrivals(seen[index], fork.scope):
                if arrival.reached == "fork":
                    return seen, "a branch opens another parallel split"
                if arrival.reached == "join":
                    joins.add(arrival.node)
                elif arrival.reached == "state" and arrival.node not in seen:
                    seen.append(arrival.node)
            index += 1
        return seen, ""

    def _terminates(self, end: str) -> bool:
        return "terminate" in self.nodes[end].events

    # -- exits of a state ----------------------------------------------------------------

    def exits(self, node: Node) -> list[tuple[Flow, Node | None]]:
        """The flows a token may leave ``node``'s state along, each with the catch or
        boundary event that names the way (``None`` when the flow itself does)."""
        found: list[tuple[Flow, Node | None]] = []
        if node.kind == "eventBasedGateway":
            for flow_id in node.outgoing:
                catch = self.nodes[self.graph.flows[flow_id].target]
                found.extend((self.graph.flows[f], catch) for f in catch.outgoing)
        else:
            found.extend((self.graph.flows[f], None) for f in node.outgoing)
        host: Node | None = node
        while host is not None:
            for boundary_id in host.boundaries:
                boundary = self.nodes[boundary_id]
                if "compensate" in boundary.events:
                    continue
                found.extend((self.graph.flows[f], boundary) for f in boundary.outgoing)
            host = self.nodes[host.scope] if host.scope is not None else None
        return found

    def _arrivals(self, state: str, scope: str | None) -> list[Arrival]:
        return [a for flow, _ in self.exits(self.nodes[state])
                for a in self.follower.follow(flow, scope)]

    # -- names and guards ----------------------------------------------------------------

    def outcome(self, end: Node) -> str:
        if end.id in self.outcomes:
            return self.outcomes[end.id]
        pk = self.pk.state(end.element)
        if pk is not None and pk.get("outcome"):
            return pk["outcome"]
        text = end.name.lower()
        for outcome, words in _OUTCOME_WORDS:
            if any(w in text for w in words):
                return outcome
        if "terminate" in end.events or "error" in end.events:
            return slug(end.name) or "terminated"
        return slug(end.name) or "completed"

    def trigger_word(self, event: Node) -> str:
        return slug(event.name) or slug(self._message_name(event)) or \
            _EVENT_TRIGGERS.get(event.event, "complete")

    def _message_name(self, event: Node) -> str:
        for definition in event.element.children:
            ref = definition.attributes.get("messageRef")
            if ref:
                message = next((m for m in self.graph.root.findall("message") if m.id == ref),
                               None)
                return (message.attributes.get("name", "") if message else "") or ""
        return ""

    def condition(self, flow: Flow) -> Translated | None | bool:
        """The flow's guard; ``True`` when it has none, ``None`` when it cannot be read."""
        if flow.condition is None:
            return True
        text = flow.condition.text
        if not text:
            return None
        if text.strip().lower() == "true":
            return True
        return translate(text, flow.condition.attributes.get("language", ""))

    def note_attributes(self, translated: Translated) -> None:
        for name, kind in translated.names.items():
            known = self.attributes.get(name)
            if isinstance(known, frozenset) and isinstance(kind, frozenset):
                self.attributes[name] = known | kind
            elif known is None:
                self.attributes[name] = kind

    def limit_of(self, event: Node) -> int | None:
        """Days of a timer event's ``timeDuration``; a warning when they are rounded."""
        definition = next((d for d in event.element.children
                           if d.tag == "timerEventDefinition"), None)
        if definition is None:
            return None
        duration = definition.find("timeDuration")
        if duration is None or not duration.text:
            if definition.children:
                self.info.append(f"{event.location}: timer `{event.id}` gives a date or a "
                                 "cycle, not a duration: no time limit")
            return None
        days = days_of(duration.text)
        if days is None:
            self.info.append(f"{event.location}: timer `{event.id}`: `{duration.text}` is no "
                             "ISO 8601 duration: no time limit")
            return None
        whole, exact = days
        if not exact:
            self.info.append(f"{event.location}: timer `{event.id}`: {duration.text} rounded "
                             f"up to {whole} natural days")
        return whole

    def text(self, name: str) -> dict[str, str]:
        """A name in the language it is written in: Chinese when it has Chinese
        characters, else the language the user says the model is written in."""
        if any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in name):
            return {"zh": name}
        return {"en" if self.lang == "en" else "zh": name}
