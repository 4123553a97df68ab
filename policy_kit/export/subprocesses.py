"""Stages as collapsed sub-processes (``--bpmn-stages subprocess``): the flat export's
nodes of each stage moved inside a ``subProcess`` of their own, as a modeller draws them.

Part of render (load → … → **render**), pure: it rewrites the flows the mapping made,
before the merges are added. A sequence flow cannot cross a sub-process's border, so
every flow that did becomes something BPMN lets cross it, and nothing the case can do is
lost (the round trip in tests/test_bpmn_roundtrip.py holds it to that):

- a way into the stage goes to the sub-process; inside, its start event leads to the
  stage's first node, or, when the stage is entered at several of its nodes, through a
  routing gateway (``进入{stage}?``) whose flows carry ``pk:enter state=…`` and the
  condition ``entry == "…"`` (``entry`` is the process variable an engine sets from the
  ``pk:enter`` of the flow that entered the sub-process);
- a way out of the stage ends the sub-process: the usual way on (after a concurrent
  stage, one the join leads to) at a none end event, the sub-process's own outgoing flow
  then going on; every other way out (a return to an earlier stage, a withdrawal, a
  rejection from inside a region) at an error end event whose error an interrupting
  boundary event on the sub-process catches, one error per place it leads to. An error
  ends every token of the sub-process, so a rejection inside one region also stops the
  others, as leaving a concurrent stage does in the state machine.

The case's end events stay at the top level: one inside a sub-process would end the
sub-process, not the case.

A stage's ``limit`` is a **non-interrupting** timer boundary event on its sub-process,
leading to a none end event (超过阶段时限): the limit is a promise the office keeps or
breaks, measured on the government clock; when it passes the case does not move
(docs/semantics.md: only transitions move a case), the work goes on and the breach is
what is counted. The timer is in natural days (working days at 7 for 5, as ``deadlines``
does); the exact limit stays in the sub-process's ``pk:limit``, which the importer
prefers.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace

from ..loader import Definition
from ..model import Lang, Stage
from .deadlines import timer_duration
from .graph import Draft, Extension, Flow, Node
from .notes import Language, label, stage_notes, word
from .tidy import gateway_name

__all__ = ["ENTRY_VARIABLE", "nest_stages"]

ENTRY_VARIABLE = "entry"
"""The process variable a stage's routing gateway reads (made free of attribute names)."""


def nest_stages(definition: Definition, nested: Draft, errors: dict[str, str],
                lang: Language, entry_variable: str) -> None:
    """Move each stage's nodes into a sub-process of its own (see the module's text);
    ``errors`` gets each error a sub-process throws, by id, with its name."""
    stages = {stage.id: stage for stage in definition.process.stages}
    member_of = {n.id: n.stage for n in nested.nodes.values()
                 if n.stage in stages and n.kind != "endEvent"}
    for stage in stages.values():
        members = {node for node, of in member_of.items() if of == stage.id}
        if members:
            _Nesting(definition, nested, errors, lang, entry_variable, stage, members).run()
    for node in nested.nodes.values():  # the case's ends: nothing else runs beside them
        if node.terminate and node.scope is None:
            nested.nodes[node.id] = replace(node, terminate=False)


class _Nesting:
    def __init__(self, definition: Definition, nested: Draft, errors: dict[str, str],
                 lang: Language, entry_variable: str, stage: Stage,
                 members: set[str]) -> None:
        self.definition = definition
        self.nested = nested
        self.errors = errors
        self.lang = lang
        self.entry_variable = entry_variable
        self.stage = stage
        self.stages = tuple(s.id for s in definition.process.stages)
        self.members = members
        self.sub = f"Stage-{stage.id}"
        self.title = label(stage.name, stage.id, lang)

    def run(self) -> None:
        nodes = self.nested.nodes
        for member in self.members:
            nodes[member] = replace(nodes[member], scope=self.sub)
        documentation, extensions = stage_notes(self.definition, self.stage, self.lang)
        nodes[self.sub] = Node(self.sub, "subProcess", self.title, stage=self.stage.id,
                               documentation=documentation, extensions=extensions)
        entries: dict[str, list[int]] = {}
        exits: dict[str, list[int]] = {}
        for index, flow in enumerate(self.nested.flows):
            inside = (flow.source in self.members, flow.target in self.members)
            if inside == (False, True):
                entries.setdefault(flow.target, []).append(index)
            elif inside == (True, False):
                exits.setdefault(flow.target, []).append(index)
        if entries:
            self._entries(entries)
        after = self._after_join()
        natural = self._natural(exits, after)
        for target, indices in exits.items():
            if target != natural:
                self._exit(target, indices, False)
                continue
            # of a concurrent stage, a region's own way to the same place stops the others
            regions = [i for i in indices if self.nested.flows[i].source not in after]
            self._exit(target, [i for i in indices if i not in regions], True)
            if regions:
                self._exit(target, regions, False)
        if natural is None:
            self._dead_ends()
        if self.stage.limit is not None:
            self._limit()

    def _limit(self) -> None:
        """The stage's limit as a non-interrupting timer on the sub-process's border."""
        limit = self.stage.limit
        assert limit is not None
        shown: dict[Lang, str] = {"zh": f"阶段时限 {limit.describe('zh')}",
                                  "en": f"Stage limit: {limit.describe('en')}"}
        timer = f"{self.sub}-limit"
        self.nested.nodes[timer] = Node(timer, "boundaryEvent", word(shown, self.lang),
                                        attached_to=self.sub, timer=timer_duration(
                                            limit) if limit.days else "P1D",  # 当日: by night
                                        interrupting=False)
        self.nested.follows[timer] = self.sub
        passed = f"{self.sub}-limit-passed"
        self.nested.nodes[passed] = Node(passed, "endEvent", word(
            {"zh": "超过阶段时限", "en": "Stage limit passed"}, self.lang))
        self.nested.follows[passed] = timer
        self._add_flow(timer, passed)

    def _dead_ends(self) -> None:
        """A stage no way leaves normally still holds a none end event, for engines
        require one; nothing leads to it, as nothing in the definition does: a join with
        no way on stays a dead end (the case is stuck there, which BPMN cannot say)."""
        end = f"{self.sub}-end"
        self.nested.nodes[end] = Node(end, "endEvent", self._gateway_name("Merge", self.title),
                                      scope=self.sub)

    def _gateway_name(self, kind: str, subject: str) -> str:
        return gateway_name(kind, subject, self.lang)

    def _add_flow(self, source: str, target: str, name: str = "", condition: str | None = None,
                  extensions: tuple[Extension, ...] = ()) -> None:
        flows = self.nested.flows
        flows.append(Flow(f"Flow-{len(flows) + 1}", source, target, name, condition,
                          extensions=extensions))

    def _entries(self, entries: dict[str, list[int]]) -> None:
        """Ways in go to the sub-process; inside, the start leads on (or routes)."""
        nodes, flows = self.nested.nodes, self.nested.flows
        start = f"{self.sub}-start"
        nodes[start] = Node(start, "startEvent", self.title, scope=self.sub)
        self.nested.follows[self.sub] = next(iter(entries))
        routed = len(entries) > 1
        for target, indices in entries.items():
            for index in indices:
                flow = flows[index]
                enter: tuple[Extension, ...] = (("enter", (("state", target),)),) \
                    if routed else ()
                flows[index] = replace(flow, target=self.sub,
                                       extensions=(*flow.extensions, *enter))
        if not routed:
            self._add_flow(start, next(iter(entries)))
            return
        route = f"{self.sub}-route"
        nodes[route] = Node(route, "exclusiveGateway",
                            self._gateway_name("Route", self.title), scope=self.sub)
        self.nested.follows[route] = start
        self._add_flow(start, route)
        for target in entries:
            self._add_flow(route, target, nodes[target].name or target,
                           f'{self.entry_variable} == "{target}"',
                           (("enter", (("state", target),)),))

    def _natural(self, exits: dict[str, list[int]], after: set[str]) -> str | None:
        """The way out that ends the sub-process normally, as a modeller draws it: of a
        concurrent stage, one its join leads to (a region's own way out must stop the
        other regions); not back to an earlier stage; on to a next step rather than to an
        end of the case; else the first."""
        candidates = [t for t in exits
                      if any(self.nested.flows[i].source in after for i in exits[t])]
        order = list(self.stages)
        forward = [t for t in candidates if self.nested.nodes[t].stage not in order[
            :order.index(self.stage.id)]]
        going_on = [t for t in forward if self.nested.nodes[t].kind != "endEvent"]
        best = going_on or forward or candidates
        return best[0] if best else None

    def _after_join(self) -> set[str]:
        """The nodes whose ways out may end the sub-process normally: of a concurrent
        stage those after its join, of a sequential one all."""
        if not self.stage.concurrent:
            return set(self.members)
        # not through the fork: a join that leads back into the stage starts the regions
        # again, and a region's way out stays a region's (it must stop the others)
        return self._reached_from(f"Join-{self.stage.id}", f"Fork-{self.stage.id}")

    def _reached_from(self, node: str, fork: str) -> set[str]:
        after: dict[str, list[str]] = {}
        for flow in self.nested.flows:
            if flow.source in self.members:
                after.setdefault(flow.source, []).append(flow.target)
        seen = {node}
        queue = deque([node])
        while queue:
            for target in after.get(queue.popleft(), ()):
                if target in self.members and target not in seen and target != fork:
                    seen.add(target)
                    queue.append(target)
        return seen

    def _exit(self, target: str, indices: list[int], natural: bool) -> None:
        nodes, flows = self.nested.nodes, self.nested.flows
        where = nodes[target].name or target
        if natural:
            end = f"{self.sub}-end"
            nodes[end] = Node(end, "endEvent", self._gateway_name("Merge", self.title),
                              scope=self.sub)
            origin = self.sub
        else:
            error = f"Error-{target}"
            self.errors.setdefault(error, where)
            end = f"{self.sub}-exit-{target}"
            nodes[end] = Node(end, "endEvent", where, scope=self.sub, error=error)
            origin = f"{self.sub}-on-{target}"
            nodes[origin] = Node(origin, "boundaryEvent", where, attached_to=self.sub,
                                 error=error)
            self.nested.follows[origin] = self.sub
        for index in indices:
            flows[index] = replace(flows[index], target=end)
        self._add_flow(origin, target)
