"""Parallel blocks: a parallel fork, the branches it starts and the join they meet at,
each to be one concurrent stage with one region per branch.

Part of load (**load** → …), used by ``translate``. A split is a block when every branch
reaches one join (with one incoming flow per branch) or every branch ends, no branch opens
another split, and no state is reached from two branches; otherwise it is refused at the
fork, or with ``--lenient`` read as an exclusive choice of one branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..check.findings import Words
from .graph import Node

if TYPE_CHECKING:
    from .translate import _Translator

__all__ = ["OPENS_SPLIT", "Block", "Region", "explore", "find_blocks"]

OPENS_SPLIT = Words("一个分支又打开了另一个并行分支", "a branch opens another parallel split")


@dataclass
class Region:
    id: str
    initial: str
    states: list[str]
    finals: dict[str, str] = field(default_factory=dict)


@dataclass
class Block:
    """A parallel fork and the branches it starts: one concurrent stage. For an activity
    with non-interrupting boundary events (``spawning``), ``fork`` is the activity and
    ``events`` its events, one region each after the activity's own."""

    fork: Node
    stage: str
    regions: list[Region]
    join: Node | None
    branch_of: dict[str, Region]
    events: tuple[Node, ...] = ()


def find_blocks(t: _Translator) -> None:
    """Each parallel fork with the branches it starts, or a problem where the split is
    not block-structured (with ``lenient``: the fork is read as an exclusive choice)."""
    while True:
        t.blocks = {}
        failed = None
        for node in t.nodes.values():
            if t.is_parallel(node) and len(node.outgoing) >= 2:
                block, reason = _block(t, node)
                if block is None:
                    assert reason is not None  # _block says why it found none
                    failed = (node, reason)
                    break
                t.blocks[node.id] = block
        if failed is None:
            return
        node, reason = failed
        t.refuse(node, Words(f"并行分支不是块结构：{reason.zh}",
                             f"the parallel split is not block-structured: {reason.en}"),
                 Words("在分支中排他地选一条（其汇合作为合并）",
                       "an exclusive choice of one branch (and its joins as merges)"))
        if not t.lenient:
            return
        t.demoted.add(node.id)
        t.demoted.update(n.id for n in t.nodes.values()
                         if n.kind == "parallelGateway" and len(n.incoming) >= 2
                         and n.scope == node.scope and not _joins_ok(t, n))


def _joins_ok(t: _Translator, join: Node) -> bool:
    return any(b.join is join for b in t.blocks.values())


def _block(t: _Translator, fork: Node) -> tuple[Block | None, Words | None]:
    first_state = t.nodes[t.graph.flows[fork.outgoing[0]].target]
    pk_stage = (t.pk.state(first_state.element) or {}).get("stage")
    stage = t.ids(pk_stage) if pk_stage else t.ids(fork.id)
    regions: list[Region] = []
    branch_of: dict[str, Region] = {}
    joins: set[str] = set()
    ends = False
    for number, flow_id in enumerate(fork.outgoing, 1):
        arrivals = t.follower.follow(t.graph.flows[flow_id], fork.scope)
        states = [a for a in arrivals if a.reached == "state"]
        if any(a.reached == "fork" for a in arrivals):
            return None, OPENS_SPLIT
        joins.update(a.node for a in arrivals if a.reached == "join")
        ends |= any(a.reached == "end" for a in arrivals)
        if not states:
            continue
        if len(states) > 1:
            return None, Words(f"第 {number} 个分支从几个状态开始",
                               f"branch {number} starts at several states")
        first = t.pk.state(t.nodes[states[0].node].element) or {}
        region = Region(t.ids.fresh(first.get("region") or f"{stage}_{number}"),
                        states[0].node, [])
        seen, reason = explore(t, states[0].node, fork.scope, joins)
        if reason:
            return None, reason
        if first.get("region"):
            _pk_region(t, first["region"], region, seen, joins, fork)
        for state in seen:
            if state in branch_of:
                return None, Words(f"`{state}` 可从两个分支到达",
                                   f"`{state}` is reached from two branches")
            branch_of[state] = region
        region.states = seen
        regions.append(region)
        ends |= any(a.reached == "end" for s in seen for a in t.arrivals(s, fork.scope))
    join, reason = _join_of(t, fork, joins, ends, branch_of)
    if reason:
        return None, reason
    return Block(fork, stage, regions, join, branch_of), None


def _join_of(t: _Translator, fork: Node, joins: set[str], ends: bool,
             branch_of: dict[str, Region]) -> tuple[Node | None, Words | None]:
    """The one join every branch reaches, if any, or why the block is not one."""
    if not joins and t.pk.present:  # policy-kit's own join, though no branch reaches it
        join = t.nodes.get(f"Join-{fork.id.removeprefix('Fork-')}")
        if join is not None and join.scope == fork.scope:
            joins.add(join.id)
    if len(joins) > 1:
        return None, Words(f"它的分支在 {len(joins)} 个不同的汇合处相遇",
                           f"its branches meet at {len(joins)} different joins")
    join = t.nodes[next(iter(joins))] if joins else None
    if join is not None and len(join.incoming) != len(fork.outgoing):
        return None, Words(f"汇合 `{join.id}` 有 {len(join.incoming)} 条进入的流，"
                           f"而分支有 {len(fork.outgoing)} 条",
                           f"the join `{join.id}` has {len(join.incoming)} incoming flows "
                           f"for {len(fork.outgoing)} branches")
    if join is not None and ends and not t.lenient:
        terminating = all("terminate" in t.nodes[a.node].events or t.escapes(a, fork.scope)
                          for s in branch_of for a in t.arrivals(s, fork.scope)
                          if a.reached == "end")
        if not terminating:
            return None, Words("一个分支在汇合之前结束，汇合将永远等待",
                               "a branch ends before the join, which then waits forever")
    return join, None


def _pk_region(t: _Translator, name: str, region: Region, seen: list[str], joins: set[str],
               fork: Node) -> None:
    """policy-kit's export says where every state sits: a region's states and finals
    that no way reaches are still the region's."""
    for node_id, node in t.nodes.items():
        pk = t.pk.state(node.element) or {}
        if pk.get("region") != name:
            continue
        if t.is_state(node) and node_id not in seen:
            seen.append(node_id)
        elif pk.get("kind") == "final":
            region.finals.setdefault(node_id, t.ids(node_id))
    joins.update(a.node for state in seen for a in t.arrivals(state, fork.scope)
                 if a.reached == "join")


def explore(t: _Translator, first: str, scope: str | None,
            joins: set[str]) -> tuple[list[str], Words | None]:
    """The states a token reaches from ``first`` (itself first), adding the joins it
    meets to ``joins``; a reason when it opens a parallel split."""
    seen = [first]
    index = 0
    while index < len(seen):
        for arrival in t.arrivals(seen[index], scope):
            if arrival.reached == "fork":
                return seen, OPENS_SPLIT
            if arrival.reached == "join":
                joins.add(arrival.node)
            elif arrival.reached == "state" and arrival.node not in seen:
                seen.append(arrival.node)
        index += 1
    return seen, None
