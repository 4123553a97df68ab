"""A BPMN process as a policy-kit definition: which nodes become states, and the paths
between them.

Part of load (**load** → check → …): from a ``FlowGraph`` to the plain data of a
definition file, which the loader then checks like any other. The steps, each a module:
``refusals`` (what cannot be said exactly), ``blocks`` (parallel splits as concurrent
stages), ``spawning`` (non-interrupting boundary events as concurrent stages), then
``assemble`` (states, ways, stages) with ``reading`` (what each element says). The
mapping, element by element, is the support matrix in docs/bpmn.md. Whatever cannot be
said exactly is a ``Problem`` at the element's file:line:col (the import fails), or, with
``lenient``, the nearest thing and a warning in the definition's ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..check.findings import Words
from ..errors import DefinitionError, Problem
from .blocks import Block, find_blocks
from .conditions import Translated
from .graph import SUBPROCESSES, TASKS, Flow, FlowGraph, Node
from .limits import take_limit_timers
from .naming import Ids
from .paths import Arrival, Follower
from .pk import PkFile
from .reading import Reader, said
from .refusals import check_elements
from .spawning import find_spawning

__all__ = ["Imported", "to_definition"]


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
    """What the steps share: the graph, which nodes are states, the blocks found, and the
    problems, warnings and notes gathered on the way."""

    def __init__(self, graph: FlowGraph, lenient: bool, outcomes: dict[str, str], lang: str,
                 process_id: str) -> None:
        self.graph = graph
        self.limit_timers = take_limit_timers(graph)
        """Timers that only say an activity's limit, taken out of the graph (``limits``)."""
        self.nodes = graph.nodes
        self.lenient = lenient
        self.lang = lang
        self.process_id = process_id
        self.pk = PkFile(graph.root)
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.info: list[str] = []
        self.read = Reader(graph, self.pk, outcomes, lang, self.info)
        self.ids = Ids()
        self.department_ids = Ids()
        """Lanes' ids as departments' (a namespace of their own, like documents')."""
        self.document_ids = Ids()
        self.demoted: set[str] = set()
        self.spawned: set[str] = set()
        self.blocks: dict[str, Block] = {}
        self.follower = Follower(graph, self.is_state, self.is_parallel, self.problems,
                                 self._entered)
        self.attributes: dict[str, str | frozenset[str]] = {}
        self.ways: dict[str, tuple[str, str]] = {}
        self.pools: dict[str, tuple[str, str]] = {}
        self.pool_departments: dict[str, str] = {}

    # -- what each node is -------------------------------------------------------------

    def is_state(self, node: Node) -> bool:
        kind = node.kind
        if kind in TASKS:
            return True
        if kind in SUBPROCESSES or kind == "callActivity":
            return not node.expanded
        if kind in ("exclusiveGateway", "inclusiveGateway", "complexGateway"):
            if self.pk.present:  # policy-kit's export: a gateway is a state iff it says so
                return self.pk.state(node.element) is not None
            return len(node.outgoing) >= 2 and node.id not in self.demoted
        if kind == "eventBasedGateway":
            return True
        if kind == "intermediateCatchEvent":
            return node.event != "link" and not self._after_event_gateway(node)
        if kind == "boundaryEvent":  # a non-interrupting one waits beside its activity
            return node.id in self.spawned
        return False

    def limit(self, node: Node) -> dict[str, object] | None:
        """The limit of activity ``node``: policy-kit's ``pk:limit`` (exact), else the days
        of its limit timer (natural days, rounded up)."""
        exact = self.pk.limit(node.element)
        timer = self.limit_timers.get(node.id)
        if exact or timer is None:
            return exact
        days = self.read.limit_of(timer)
        return None if days is None else {"natural_days": days}

    def is_parallel(self, node: Node) -> bool:
        return node.kind == "parallelGateway" and node.id not in self.demoted

    def _entered(self, flow: Flow) -> str | None:
        found = self.pk.extensions(flow.element, "enter") if self.pk.present else []
        return found[0].get("state") if found else None

    def _after_event_gateway(self, node: Node) -> bool:
        return bool(node.incoming) and all(
            self.nodes[self.graph.flows[f].source].kind == "eventBasedGateway"
            for f in node.incoming)

    @cached_property
    def thrown_inside(self) -> frozenset[str]:
        """Error boundary events that catch what an error end event inside their
        sub-process throws: the way out is that end event's, not every state's."""
        return frozenset(catcher.id for catcher in (
            self.follower.catcher(n) for n in self.nodes.values()
            if n.kind == "endEvent" and n.error is not None) if catcher is not None)

    def escapes(self, arrival: Arrival, scope: str | None) -> bool:
        """The path leaves the sub-process ``scope`` by an interrupting boundary event of it
        (or of a sub-process around it), directly or catching an error thrown inside:
        every token inside ends, as a terminate end event ends them."""
        hosts: set[str] = set()
        while scope is not None:
            hosts.add(scope)
            scope = self.nodes[scope].scope
        first = self.nodes[arrival.flows[0].source] if arrival.flows else None
        if first is not None and first.kind == "boundaryEvent" and \
                first.attribute("cancelActivity", "true") != "false" and \
                first.attribute("attachedToRef") in hosts:
            return True  # an interrupting event on the sub-process: every token ends
        for node_id in arrival.through:
            node = self.nodes[node_id]
            catcher = self.follower.catcher(node) if node.kind == "endEvent" else None
            if catcher is not None and catcher.attribute("attachedToRef") in hosts:
                return True
        return False

    def say(self, words: Words) -> str:
        return said(words, self.lang)

    def refuse(self, node: Node | Flow, message: Words, approximation: Words,
               hint: Words | None = None) -> None:
        """A problem, or with ``lenient`` a warning saying what was mapped instead."""
        if self.lenient:
            self.warnings.append(self.say(Words(
                f"{node.location}: `{node.id}`：{message.zh}；近似为：{approximation.zh}",
                f"{node.location}: `{node.id}`: {message.en}; approximated: "
                f"{approximation.en}")))
            return
        hint = hint or Words("--lenient 会映射为最接近的写法，并在输出的 notes 中逐条列出",
                             "--lenient maps the nearest thing and lists it in the output's "
                             "notes")
        self.problems.append(Problem(node.location, f"`{node.id}`: {message.en}", hint.en,
                                     message_zh=f"`{node.id}`：{message.zh}", hint_zh=hint.zh))

    # -- the run -----------------------------------------------------------------------

    def run(self) -> Imported:
        check_elements(self)
        starts = [n for n in self.nodes.values() if n.kind == "startEvent" and n.scope is None]
        if not starts:
            self.problems.append(Problem(
                self.graph.process.location,
                f"process `{self.graph.process.id}` has no start event",
                "a case needs somewhere to begin",
                message_zh=f"流程 `{self.graph.process.id}` 没有开始事件",
                hint_zh="一件申请需要一个起点"))
        find_blocks(self)
        if not self.problems:
            find_spawning(self)
        if self.problems:
            raise DefinitionError(self.problems)
        from .assemble import assemble

        data = assemble(self, starts)
        if self.problems:
            raise DefinitionError(self.problems)
        renamed = {**self.ids.renamed, **self.department_ids.renamed,
                   **self.document_ids.renamed}  # BPMN ids are unique in a file: no clash
        return Imported(data, renamed, self.state_ids(), self.ways,
                        tuple(self.warnings), dict(self.pool_departments))

    def state_ids(self) -> dict[str, str]:
        return {bpmn: self.ids.given[bpmn] for bpmn in self.nodes if bpmn in self.ids.given}

    # -- exits of a state ----------------------------------------------------------------

    def exits(self, node: Node) -> list[tuple[Flow, Node | None]]:
        """The flows a token may leave ``node``'s state along, each with the catch or
        boundary event that names the way (``None`` when the flow itself does)."""
        found: list[tuple[Flow, Node | None]] = []
        if node.kind == "eventBasedGateway":
            for flow_id in node.outgoing:
                catch = self.nodes[self.graph.flows[flow_id].target]
                found.extend((self.graph.flows[f], catch) for f in catch.outgoing)
        elif node.kind == "boundaryEvent":
            found.extend((self.graph.flows[f], node) for f in node.outgoing)
        else:
            found.extend((self.graph.flows[f], None) for f in node.outgoing)
        host: Node | None = node
        while host is not None:
            for boundary_id in host.boundaries:
                boundary = self.nodes[boundary_id]
                if "compensate" in boundary.events or boundary_id in self.spawned or \
                        boundary_id in self.thrown_inside:
                    continue  # (an error thrown inside: reached through its end event)
                found.extend((self.graph.flows[f], boundary) for f in boundary.outgoing)
            host = self.nodes[host.scope] if host.scope is not None else None
        return found

    def arrivals(self, state: str, scope: str | None) -> list[Arrival]:
        return [a for flow, _ in self.exits(self.nodes[state])
                for a in self.follower.follow(flow, scope)]

    def note_attributes(self, translated: Translated) -> None:
        """The names a translated guard reads become attributes (their kinds merged)."""
        for name, kind in translated.names.items():
            known = self.attributes.get(name)
            if isinstance(known, frozenset) and isinstance(kind, frozenset):
                self.attributes[name] = known | kind
            elif known is None:
                self.attributes[name] = kind
