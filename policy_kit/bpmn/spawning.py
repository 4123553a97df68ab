"""Non-interrupting boundary events: the activity goes on while the event starts a branch
beside it, which is a concurrent stage entered where the activity is.

Part of load (**load** → …), used by ``translate``. BPMN's reading: while the activity
runs, the event may happen; then a token leaves along the event's flow and the activity
goes on. In policy-kit's semantics (docs/semantics.md) that is a concurrent stage, entered
where the activity is entered, with one region for the activity and the path after it,
and one per event: a ``wait`` for the event, whose way on holds only while the activity
has not been left (``not done(activity)``), and a way `<activity>_finished` to the
region's end once it has (the event can no longer happen). The stage is joined when every
region has ended; the case's outcome is the end event the activity's path reached.

Exact where the branches stay apart until they end; refused otherwise, with the reason
(``--lenient`` reads the event as interrupting, as before). Approximated even when mapped:
an event that happens several times starts one branch, not one per time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..check.findings import Words
from .blocks import Block, Region, explore
from .graph import Node

if TYPE_CHECKING:
    from .translate import _Translator

__all__ = ["find_spawning", "spawns"]


def spawns(node: Node) -> bool:
    """A boundary event that does not interrupt its activity (and is no compensation)."""
    return node.kind == "boundaryEvent" and \
        node.attribute("cancelActivity", "true") == "false" and "compensate" not in node.events


def find_spawning(t: _Translator) -> None:
    """A concurrent stage for each activity with non-interrupting boundary events, where
    one says exactly what BPMN does; a refusal (or the interrupting reading) elsewhere."""
    for host in list(t.nodes.values()):
        events = [t.nodes[b] for b in host.boundaries if spawns(t.nodes[b])]
        if not events:
            continue
        t.spawned.update(e.id for e in events)
        block = _unplaceable(t, host) or _block(t, host, events)
        if isinstance(block, Words):
            t.spawned.difference_update(e.id for e in events)
            for event in events:
                t.refuse(event, Words("非中断边界事件：活动继续进行的同时另一条路径开始，"
                                      f"而{block.zh}",
                                      "a non-interrupting boundary event: the activity goes "
                                      f"on while another path starts, and {block.en}"),
                         Words("活动的另一条出路（活动被中断）",
                               "an alternative way out of the activity (the activity is "
                               "interrupted)"))
            continue
        t.blocks[host.id] = block


def _unplaceable(t: _Translator, host: Node) -> Words | None:
    """Why the activity cannot start a concurrent stage, or ``None``."""
    if not t.is_state(host):
        return Words("它附在一个有内容的子流程上（阶段不能嵌套）",
                     "it sits on a sub-process with content (stages do not nest)")
    if host.scope is not None:
        return Words("它的活动位于子流程之中（阶段不能嵌套）",
                     "its activity sits inside a sub-process (stages do not nest)")
    for block in t.blocks.values():
        if host.id in block.branch_of:
            return Words(f"它的活动已在并发阶段（`{block.stage}`）中运行，而阶段不能嵌套",
                         f"its activity already runs in a concurrent stage (`{block.stage}`), "
                         "and stages do not nest")
    return None


def _block(t: _Translator, host: Node, events: list[Node]) -> Block | Words:
    """The stage of ``host`` and its events, or why their paths do not stay apart."""
    name = t.ids(host.id)
    starts = [(host, t.ids.fresh(f"{name}_path"))]
    starts += [(e, t.ids.fresh(f"{t.ids(e.id)}_branch")) for e in events]
    regions: list[Region] = []
    branch_of: dict[str, Region] = {}
    for first, region_id in starts:
        joins: set[str] = set()
        seen, reason = explore(t, first.id, host.scope, joins)
        if reason or joins:
            opens = Words("打开了并行分支", "opens a parallel split") if reason else \
                Words("到达了并行汇合", "reaches a parallel join")
            return Words(f"它之后的一条路径{opens.zh}（阶段不能嵌套）",
                         f"a path after it {opens.en} (stages do not nest)")
        region = Region(region_id, first.id, seen)
        for state in seen:
            if state in branch_of:
                return Words(f"它的分支与活动的路径在 `{state}` 相遇（二者直到结束都分开时，"
                             "policy-kit 才能映射）",
                             f"its branch and the activity's path meet at `{state}` "
                             "(policy-kit maps it when they stay apart until they end)")
            branch_of[state] = region
        regions.append(region)
    for block in t.blocks.values():
        shared = next((s for s in branch_of if s in block.branch_of), None)
        if shared is not None:
            return Words(f"它的路径到达 `{shared}`，那是并发阶段 `{block.stage}` 的状态",
                         f"its paths reach `{shared}`, a state of the concurrent stage "
                         f"`{block.stage}`")
    return Block(host, t.ids.fresh(f"{name}_events"), regions, None, branch_of, tuple(events))
