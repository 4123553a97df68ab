"""Time limits drawn as timers that change nothing: a non-interrupting timer on an
activity's border whose only way ends at once.

Part of load (**load** → …), used by ``translate`` before anything reads the boundary
events. That is how a modeller (and policy-kit's own ``--bpmn-stages subprocess`` export)
draws a promised limit: when the time passes the work goes on, and the token the timer
starts ends at a none end event (超过阶段时限, "SLA breached"). Read as a branch beside the
activity (``spawning``) it would add a concurrent stage that waits for nothing, and on a
sub-process it could not be placed at all (stages do not nest); read as what it means, it
is the activity's ``limit``: the stage's, for a sub-process with content, the state's for
a task. policy-kit's ``pk:limit`` on the activity, exact in working days, wins over the
timer's natural days.

A timer whose way does something (a reminder task, an escalation) is a branch, as before.
"""

from __future__ import annotations

from .graph import FlowGraph, Node

__all__ = ["take_limit_timers"]


def take_limit_timers(graph: FlowGraph) -> dict[str, Node]:
    """Each activity's limit timer, by the activity's id, taken out of ``graph`` with its
    end event (the first, where an activity carries several)."""
    found: dict[str, Node] = {}
    for node in list(graph.nodes.values()):
        host_id = node.attribute("attachedToRef")
        if host_id in found or not _limit_timer(graph, node):
            continue
        end = graph.nodes[graph.flows[node.outgoing[0]].target]
        graph.nodes[host_id].boundaries.remove(node.id)
        del graph.flows[node.outgoing[0]]
        for gone in (node, end):
            del graph.nodes[gone.id]
            if gone.scope is not None:
                graph.nodes[gone.scope].children.remove(gone.id)
        found[host_id] = node
    return found


def _limit_timer(graph: FlowGraph, node: Node) -> bool:
    if node.kind != "boundaryEvent" or node.events != ("timer",) or \
            node.attribute("cancelActivity", "true") != "false" or len(node.outgoing) != 1 \
            or node.attribute("attachedToRef") not in graph.nodes:
        return False
    end = graph.nodes.get(graph.flows[node.outgoing[0]].target)
    return end is not None and end.kind == "endEvent" and not end.events and \
        len(end.incoming) == 1 and not end.outgoing and not end.boundaries
