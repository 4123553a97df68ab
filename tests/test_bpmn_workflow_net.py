"""The ``workflow-net`` BPMN profile: what process-mining tools read (tasks, exclusive and
parallel gateways, start and end events), one end event per outcome, and, converted to a
Petri net as those tools convert it, a sound workflow net with one source and one sink.

The conversion here is the textbook one (and pm4py's, whose code is not used): a place
for every sequence flow, an entry and an exit place for every node but a parallel
gateway, a transition for every node, and silent transitions from a flow into its target
and from a node into each flow leaving it (an exclusive choice or merge); a parallel
gateway is one transition from all its incoming flows to all its outgoing ones; the start
event takes the source place's token, every end event gives the sink place one.
Soundness is checked on the reachability graph: from every reachable marking the final
one (one token in the sink) is reachable, a marking with a token in the sink has no other
token, and every transition can fire. pm4py's own verdict (Woflan) was taken by hand:
docs/bpmn.md.
"""

from __future__ import annotations

import shutil
from collections import Counter, deque
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from policy_kit.export.bpmn import to_bpmn_xml
from policy_kit.export.writer import NAMESPACES
from policy_kit.loader import bundled, load

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="the export needs dot")

FIXTURES = Path(__file__).parent / "fixtures"
PROCESSES = [*bundled(), str(FIXTURES / "parallel.yaml")]
MINING_KINDS = {"startEvent", "endEvent", "userTask", "receiveTask", "exclusiveGateway",
                "parallelGateway"}
MAX_MARKINGS = 5_000
"""Beyond this, the reachability graph is not built (Jining's seven concurrent reviews);
the block reduction below still decides."""

Marking = tuple[tuple[str, int], ...]
Transition = tuple[str, Counter[str], Counter[str]]


@cache
def _process(spec: str) -> etree._Element:
    return _parsed(to_bpmn_xml(load(spec), lang="en", profile="workflow-net"))


def _parsed(xml: bytes) -> etree._Element:
    process = etree.fromstring(xml).find("bpmn:process", NAMESPACES)
    assert process is not None
    return process


def _kinds(process: etree._Element) -> dict[str, str]:
    return {str(e.get("id")): etree.QName(e).localname for e in process
            if e.get("id") and etree.QName(e).localname not in (
                "sequenceFlow", "laneSet", "group")}


def petri_net(process: etree._Element) -> list[Transition]:
    """The process as a Petri net, converted as process-mining tools convert BPMN."""
    kinds = _kinds(process)
    flows = [(str(f.get("id")), str(f.get("sourceRef")), str(f.get("targetRef")))
             for f in process.findall("bpmn:sequenceFlow", NAMESPACES)]
    transitions: list[Transition] = []
    for node, kind in kinds.items():
        if kind == "parallelGateway":
            transitions.append((node, Counter(f"flow {f}" for f, _, t in flows if t == node),
                                Counter(f"flow {f}" for f, s, _ in flows if s == node)))
            continue
        entry = "source" if kind == "startEvent" else f"in {node}"
        leave = "sink" if kind == "endEvent" else f"out {node}"
        transitions.append((node, Counter([entry]), Counter([leave])))
    for flow, source, target in flows:
        if kinds[source] != "parallelGateway":
            transitions.append((f"leave {flow}", Counter([f"out {source}"]),
                                Counter([f"flow {flow}"])))
        if kinds[target] != "parallelGateway":
            transitions.append((f"enter {flow}", Counter([f"flow {flow}"]),
                                Counter([f"in {target}"])))
    return transitions


def _successors(marking: Counter[str], net: list[Transition]) -> Iterator[tuple[str, Marking]]:
    for name, takes, gives in net:
        if all(marking[p] >= n for p, n in takes.items()):
            after = marking - takes + gives
            yield name, tuple(sorted(after.items()))


def soundness(net: list[Transition]) -> list[str]:
    """What keeps ``net`` from being a sound workflow net (nothing, when it is one)."""
    start: Marking = (("source", 1),)
    final: Marking = (("sink", 1),)
    edges: dict[Marking, list[Marking]] = {}
    fired: set[str] = set()
    todo = deque([start])
    while todo:
        marking = todo.popleft()
        if marking in edges:
            continue
        if len(edges) > MAX_MARKINGS:
            return ["too many markings"]
        edges[marking] = []
        for name, after in _successors(Counter(dict(marking)), net):
            fired.add(name)
            edges[marking].append(after)
            todo.append(after)
    problems = [f"{dict(m)}: a token in the sink beside others" for m in edges
                if dict(m).get("sink") and m != final]
    reaches_final = {final}
    backwards: dict[Marking, list[Marking]] = {}
    for marking, afters in edges.items():
        for after in afters:
            backwards.setdefault(after, []).append(marking)
    todo = deque([final])
    while todo:
        for before in backwards.get(todo.popleft(), []):
            if before not in reaches_final:
                reaches_final.add(before)
                todo.append(before)
    stuck = [m for m in edges if m not in reaches_final]
    if stuck:
        problems.append(f"{len(stuck)} reachable markings cannot complete, e.g. {dict(stuck[0])}")
    dead = sorted({name for name, _, _ in net} - fired)
    if dead:
        problems.append(f"dead transitions: {', '.join(dead[:5])}")
    return problems


@pytest.mark.parametrize("spec", PROCESSES, ids=lambda s: Path(s).stem)
def test_only_what_mining_tools_read_and_one_end_per_outcome(spec: str) -> None:
    process = _process(spec)
    kinds = _kinds(process)
    assert set(kinds.values()) <= MINING_KINDS, set(kinds.values()) - MINING_KINDS
    assert list(kinds.values()).count("startEvent") == 1
    outcomes = {p.state.outcome for p in load(spec).structure.places.values()
                if p.case_final}
    ends = [n for n, k in kinds.items() if k == "endEvent"]
    assert sorted(ends) == sorted(f"End-{o}" for o in outcomes)
    assert process.find(".//bpmn:terminateEventDefinition", NAMESPACES) is None


def reduced(process: etree._Element) -> list[str]:
    """Soundness by block reduction, for nets too big to enumerate: each parallel fork
    with the branches it starts and the one join they all reach (each branch a state
    machine whose every node reaches the join, no flow in or out but through the fork
    and the join) is sound, and is replaced by one node; what is left must be a state
    machine whose every node is reached from the start and reaches an end. What keeps
    the process from reducing, or nothing."""
    kinds = _kinds(process)
    flows = {(str(f.get("sourceRef")), str(f.get("targetRef")))
             for f in process.findall("bpmn:sequenceFlow", NAMESPACES)}
    while True:
        forks = [n for n, k in kinds.items() if k == "parallelGateway"
                 and sum(s == n for s, _ in flows) >= 2]
        if not forks:
            break
        for fork in forks:
            block = _block(fork, kinds, flows)
            if isinstance(block, str):
                continue
            inside, join = block
            kinds = {n: k for n, k in kinds.items() if n not in inside | {join}}
            kinds[fork] = "block"
            flows = {(fork if s == join else s, t) for s, t in flows
                     if s not in inside and t not in inside and t != join}
            break
        else:
            return [f"parallel split `{f}` is no block: {_block(f, kinds, flows)}"
                    for f in forks]
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for s, t in flows:
        after.setdefault(s, set()).add(t)
        before.setdefault(t, set()).add(s)
    start = [n for n, k in kinds.items() if k == "startEvent"]
    ends = {n for n, k in kinds.items() if k == "endEvent"}
    reached = _closure(set(start), after)
    finishing = _closure(ends, before)
    return [f"`{n}` is not reached from the start" for n in kinds if n not in reached] + \
        [f"`{n}` reaches no end" for n in kinds if n not in finishing]


def _closure(nodes: set[str], step: dict[str, set[str]]) -> set[str]:
    found = set(nodes)
    todo = list(nodes)
    while todo:
        for other in step.get(todo.pop(), ()):
            if other not in found:
                found.add(other)
                todo.append(other)
    return found


def _branch(first: str, kinds: dict[str, str], after: dict[str, set[str]],
            joins: set[str]) -> set[str] | str:
    """The nodes a branch reaches up to the parallel gateways (added to ``joins``)."""
    branch: set[str] = set()
    todo = [first]
    while todo:
        node = todo.pop()
        if kinds[node] == "parallelGateway":
            joins.add(node)
        elif kinds[node] == "endEvent":
            return f"a branch reaches `{node}`"
        elif node not in branch:
            branch.add(node)
            todo.extend(after.get(node, ()))
    return branch


def _block(fork: str, kinds: dict[str, str],
           flows: set[tuple[str, str]]) -> tuple[set[str], str] | str:
    after: dict[str, set[str]] = {}
    for s, t in flows:
        after.setdefault(s, set()).add(t)
    branches: list[set[str]] = []
    joins: set[str] = set()
    for first in sorted(after[fork]):
        branch = _branch(first, kinds, after, joins)
        if isinstance(branch, str):
            return branch
        branches.append(branch)
    if len(joins) != 1:
        return f"its branches reach {len(joins)} parallel gateways"
    (join,) = joins
    inside = set().union(*branches)
    if sum(len(b) for b in branches) != len(inside):
        return "two branches share a node"
    if any(t in inside for s, t in flows if s not in inside and s != fork):
        return "a flow enters a branch from outside"
    if sum(t == join for _, t in flows) != len(branches) or any(
            sum((s, join) in flows for s in b) != 1 for b in branches):
        return f"`{join}` does not take one flow from each branch"
    for branch in branches:
        towards: dict[str, set[str]] = {}
        for s, t in flows:
            if s in branch:
                towards.setdefault(t, set()).add(s)
        if _closure({join}, towards) < branch | {join}:
            return "a node of a branch cannot reach the join"
    return inside, join


@pytest.mark.parametrize("spec", PROCESSES, ids=lambda s: Path(s).stem)
def test_the_export_converts_to_a_sound_workflow_net(spec: str) -> None:
    net = petri_net(_process(spec))
    places = {p for _, takes, gives in net for p in (*takes, *gives)}
    sources = {p for p in places if not any(p in gives for _, _, gives in net)}
    sinks = {p for p in places if not any(p in takes for _, takes, _ in net)}
    assert (sources, sinks) == ({"source"}, {"sink"})
    assert reduced(_process(spec)) == []
    assert soundness(net) in ([], ["too many markings"])


def test_the_check_finds_an_end_that_leaves_a_region_running() -> None:
    """The check can fail: Zhaoqing's lapsed contract sent straight to its end, as the
    engine profile's terminating end does, leaves the publication's token behind."""
    xml = to_bpmn_xml(load("zhaoqing-land-supply"), lang="en", profile="workflow-net")
    process = _parsed(xml)
    (exit_flow,) = [f for f in process.findall("bpmn:sequenceFlow", NAMESPACES)
                    if f.get("sourceRef") == "Exit-contract-End-terminated"]
    exit_flow.set("targetRef", "End-terminated")
    problems = soundness(petri_net(process))
    assert any("beside others" in p for p in problems)
    assert any("cannot complete" in p for p in problems)
    assert reduced(process) == ["parallel split `Fork-conclusion` is no block: a branch "
                                "reaches `End-terminated`"]
