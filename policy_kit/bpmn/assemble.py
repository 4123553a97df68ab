"""The definition's data from a translated BPMN process: states in their stages and
regions, the ways between them, departments, documents, attributes and notes.

Part of load (**load** → …): the second half of ``translate``, which decides what each
node is; here each path between states becomes a transition, named after the flow, the
catch or boundary event, or the gateway's condition that tells it apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..check.findings import Words
from ..errors import Problem
from .conditions import Translated
from .graph import Flow, Node
from .naming import slug, word
from .paths import Arrival
from .reading import cited
from .refusals import LEFT_OUT
from .states import States

if TYPE_CHECKING:
    from .blocks import Block, Region
    from .translate import _Translator

__all__ = ["assemble"]


def assemble(t: _Translator, starts: list[Node]) -> dict[str, Any]:
    return _Assembly(t).build(starts)


class _Assembly:
    def __init__(self, t: _Translator) -> None:
        self.t = t
        self.nodes = t.nodes
        self.states: dict[str, dict[str, Any]] = {}
        self.finals: dict[str, dict[str, Any]] = {}
        self.transitions: list[dict[str, Any]] = []
        self.people = States(t)
        """What each node is as a state, with the departments and documents it names."""
        self.region_of: dict[str, tuple[Block, Region]] = {
            state: (block, region) for block in t.blocks.values()
            for state, region in block.branch_of.items()}
        self.stage_of: dict[str, str] = {}
        self.branch_ends: set[str] = set()
        """End events that end a branch of a concurrent stage."""
        self.stages: dict[str, dict[str, Any]] = {}

    # -- states and stages ---------------------------------------------------------------

    def build(self, starts: list[Node]) -> dict[str, Any]:
        state_nodes = [n for n in self.nodes.values() if self.t.is_state(n)]
        for node in state_nodes:
            self.states[node.id] = self.people.of(node)
        self._sequential_stages()
        for node in state_nodes:
            if self.states[node.id]["kind"] != "final":
                self._ways_from(node)
        for block in self.t.blocks.values():
            self._join(block)
        initial = self._start(starts)
        for node in self.nodes.values():  # every end event is an outcome, reached or not,
            if node.kind == "endEvent" and node.scope is None and (  # but a branch's end
                    node.id in self.finals or node.id not in self.branch_ends):
                self._case_final(node)
        return self._document(initial)

    def _sequential_stages(self) -> None:
        """Each top-level sub-process with content becomes a stage, unless a parallel
        block or a branch lies in it (stages do not nest): then its content is flattened."""
        for node in self.nodes.values():
            if not node.expanded:
                continue
            inside = self._subtree(node)
            if node.scope is not None:
                continue
            if any(n in self.t.blocks for n in inside) or any(n in self.region_of
                                                                for n in inside):
                self.t.info.append(self.t.say(Words(
                    f"{node.location}: 子流程 `{node.id}` 含有并行分支或位于分支之中：其内容被展平",
                    f"{node.location}: sub-process `{node.id}` holds a parallel split or "
                    "sits in a branch: its content is flattened")))
                continue
            states = [n for n in inside if n in self.states]
            if not states:
                continue
            pk_stage = self.t.pk.extensions(node.element, "stage")
            stage = self.t.ids(pk_stage[0].get("ref") or node.id) if pk_stage else \
                self.t.ids(node.id)
            named = {"name": self.t.read.text(node.name)} if node.name else {}
            limit = self.t.limit(node)
            timed = {"limit": limit, "source": cited(node.location, node.id)} if limit else {}
            self.stages[node.id] = {"id": stage, **named, **timed, "states": states}
            for state in states:
                self.stage_of[state] = node.id
        for node in self.nodes.values():
            if node.expanded and node.scope is not None:
                self.t.info.append(self.t.say(Words(
                    f"{node.location}: 子流程 `{node.id}` 嵌在另一个子流程中：其内容并入外层阶段",
                    f"{node.location}: sub-process `{node.id}` inside another: its content "
                    "joins the outer stage")))

    def _subtree(self, node: Node) -> list[str]:
        found: list[str] = []
        for child in node.children:
            found.append(child)
            found.extend(self._subtree(self.nodes[child]))
        return found

    # -- ways ----------------------------------------------------------------------------

    def _ways_from(self, node: Node) -> None:
        where = self.region_of.get(node.id)
        scope = where[0].fork.scope if where else None
        used: dict[str, str] = {}
        for flow, via in self.t.exits(node):
            for arrival in self.t.follower.follow(flow, scope):
                if any(self.t.pk.extensions(f.element, "waitAgain") for f in arrival.flows):
                    continue  # the export's "no guard held: wait on", no way of its own
                target = self._target(node, arrival, where)
                if target is not None:
                    self._transition(self.t.ids(node.id), node, via, arrival, target, used)

    def _target(self, source: Node, arrival: Arrival,
                where: tuple[Block, Region] | None) -> str | None:
        target = self.nodes[arrival.node]
        if arrival.reached == "state":
            inside = self.region_of.get(target.id)
            if inside is not None and inside[0].events and target is inside[0].fork and (
                    where is None or where[0] is not inside[0]):
                return inside[0].stage  # the activity's stage, with its events' waits
            if inside is not None and (where is None or where[1] is not inside[1]):
                self.t.refuse(arrival.flows[-1], Words(
                    f"从外部进入并行分支 `{inside[0].fork.id}` 的分支 `{inside[1].id}`",
                    f"enters branch `{inside[1].id}` of the parallel split "
                    f"`{inside[0].fork.id}` from outside it"), LEFT_OUT)
                return None
            return self.t.ids(target.id)
        if arrival.reached == "fork":
            return self.t.blocks[target.id].stage
        if arrival.reached == "join":
            if where is None or where[0].join is not target:
                self.t.refuse(arrival.flows[-1], Words(
                    f"在它所汇合的分支之外到达并行汇合 `{target.id}`",
                    f"reaches the parallel join `{target.id}` outside the branches it "
                    "joins"), LEFT_OUT)
                return None
            return self._region_final(where[1], arrival)
        if where is not None and "terminate" not in target.events and \
                not self.t.escapes(arrival, where[0].fork.scope):
            if where[0].join is not None:
                self.t.refuse(target, Words(
                    "一个分支在并行汇合之前于此结束，汇合将永远等待",
                    "a branch ends here before the parallel join, which then waits "
                    "forever"), Words("该分支的结束", "the branch's end"))
            return self._region_final(where[1], arrival, by_end=bool(where[0].events))
        return self._case_final(target)

    def _region_final(self, region: Region, arrival: Arrival, by_end: bool = False) -> str:
        """The region's final state a path ends in: the export's milestone, else one
        ``_done`` per region, or with ``by_end`` one per end event (so that the join can
        lead on to the outcome that end event names)."""
        milestone = next((self.nodes[n] for n in arrival.through
                          if (self.t.pk.state(self.nodes[n].element) or {}).get("kind")
                          == "final"), None)
        key = milestone.id if milestone is not None else arrival.node if by_end else "_done"
        self.branch_ends.add(arrival.node)
        if key not in region.finals:
            final = self.t.ids(milestone.id) if milestone is not None else \
                self.t.ids.fresh(f"{region.id}_done")
            region.finals[key] = final
        return region.finals[key]

    def _case_final(self, end: Node) -> str:
        final = self.t.ids(end.id)
        if end.id not in self.finals:
            state: dict[str, Any] = {"id": final, "kind": "final",
                                     "outcome": self.t.read.outcome(end)}
            if end.name:
                state["name"] = self.t.read.text(end.name)
            self.finals[end.id] = state
        return final

    def _transition(self, source: str, node: Node, via: Node | None, arrival: Arrival,
                    target: str, used: dict[str, str]) -> None:
        way: dict[str, Any] = {"from": source, "to": target}
        pk = next((self.t.pk.transition(f.element) for f in reversed(arrival.flows)
                   if self.t.pk.transition(f.element)), None)
        if pk is not None:
            trigger = pk["trigger"]
            guard = pk.get("when")
            default = pk.get("default") == "true"
        else:
            trigger, guard, default = self._way_of(node, via, arrival)
            if node.id in self.t.spawned:  # the event happens only while its activity runs
                host = f"not done({self.t.ids(node.attribute('attachedToRef'))})"
                guard = f"{host} and ({guard})" if guard else host
        if trigger in used and used[trigger] != target and pk is None:
            trigger = next(f"{trigger}_{n}" for n in range(2, 999)
                           if f"{trigger}_{n}" not in used)
        if used.get(trigger) == target and pk is None:
            self._widen(source, trigger, target, guard, default)
            return
        used[trigger] = target
        way["on"] = trigger
        if guard:
            way["when"] = guard
            way["source"] = cited(arrival.flows[0].location, arrival.flows[0].id)
        if default:
            way["default"] = True
        named = next((f.name for f in arrival.flows if f.name), "") or (via.name if via else "")
        if named and word(named) != trigger:
            way["name"] = self.t.read.text(named)
        for flow in arrival.flows:
            self.t.ways.setdefault(flow.id, (source, trigger))
        if via is not None:
            self.t.ways.setdefault(via.id, (source, trigger))
        self.transitions.append(way)

    def _widen(self, source: str, trigger: str, target: str, guard: str | None,
               default: bool) -> None:
        """Another path to the same state on the same trigger (two flows of a split that
        meet again before it): the way holds when either path's guard holds."""
        way = next(w for w in self.transitions
                   if w["from"] == source and w["on"] == trigger and w["to"] == target)
        known = way.get("when")
        if known is None or not guard:
            way.pop("when", None)
            way.pop("source", None)
        elif known != guard:
            way["when"] = f"({known}) or ({guard})"
        if default:
            way["default"] = True

    def _way_of(self, node: Node, via: Node | None,
                arrival: Arrival) -> tuple[str, str | None, bool]:
        guards: list[str] = []
        default = False
        trigger = ""
        for flow in arrival.flows:
            source = self.nodes[flow.source]
            if source.attribute("default") == flow.id:
                default = True
                negated = self._otherwise(source, flow)
                if negated:
                    guards.append(negated)
                continue
            condition = self.t.read.condition(flow)
            if condition is None:
                trigger = trigger or word(flow.name) or self.t.ids.fresh(
                    slug(flow.id) or "way")
                why = self.t.read.untranslated(flow)
                self.t.info.append(self.t.say(Words(
                    f"{flow.location}: `{flow.id}` 的条件{why.zh}；这条路以触发 `{trigger}` 表示",
                    f"{flow.location}: the condition of `{flow.id}` {why.en}; the way is the "
                    f"trigger `{trigger}`")))
            elif isinstance(condition, Translated) and condition.text != "true":
                self.t.note_attributes(condition)
                guards.append(condition.text)
        if not trigger:
            named = next((f.name for f in arrival.flows if word(f.name)), "")
            if via is not None:
                trigger = self.t.read.trigger_word(via)
            elif named:
                trigger = word(named)
            elif node.kind == "parallelGateway" or node.kind == "startEvent":
                trigger = "join" if node.kind == "parallelGateway" else "start"
            elif self.states[node.id]["kind"] == "decision" or len(node.outgoing) > 1:
                trigger = f"to_{self.t.ids(arrival.node)}"[:80]
            else:
                trigger = "complete"
        if len(guards) > 1:
            guard: str | None = " and ".join(f"({g})" for g in guards)
        else:
            guard = guards[0] if guards else None
        return trigger, guard, default

    def _otherwise(self, gateway: Node, default: Flow) -> str | None:
        """A default flow is taken when no other condition holds: ``not (a or b)``."""
        others = []
        for flow_id in gateway.outgoing:
            if flow_id == default.id:
                continue
            condition = self.t.read.condition(self.t.graph.flows[flow_id])
            if not isinstance(condition, Translated):
                return None
            others.append(condition.text)
        if not others:
            return None
        return f"not ({' or '.join(others)})" if len(others) > 1 else f"not ({others[0]})"

    def _join(self, block: Block) -> None:
        if block.events:
            self._spawning_join(block)
            return
        used: dict[str, str] = {}
        if block.join is not None:
            # after the join, an end event of the sub-process around it leaves the
            # sub-process: the case goes on along the sub-process's flows
            around = block.join.scope and self.nodes[block.join.scope].scope
            for flow_id in block.join.outgoing:
                for arrival in self.t.follower.follow(self.t.graph.flows[flow_id], around):
                    target = self._target(block.join, arrival, None)
                    if target is not None:
                        self._transition(block.stage, block.join, None, arrival, target, used)
            return
        fork = block.fork
        if fork.scope is not None and self.nodes[fork.scope].outgoing:
            host = self.nodes[fork.scope]
            for flow_id in host.outgoing:
                for arrival in self.t.follower.follow(self.t.graph.flows[flow_id], host.scope):
                    target = self._target(host, arrival, None)
                    if target is not None:
                        self._transition(block.stage, host, None, arrival, target, used)
            return
        final = self.t.ids.fresh(f"{block.stage}_end")
        self.finals[f"{block.fork.id}#end"] = {"id": final, "kind": "final",
                                               "outcome": "completed"}
        self.transitions.append({"from": block.stage, "to": final, "on": "join"})

    def _spawning_join(self, block: Block) -> None:
        """An activity's stage with its events' branches: each event's wait ends once the
        activity has been left, and the join leads to the end event the activity's path
        reached (the first, by ``done``, when it can reach several)."""
        host = self.t.ids(block.fork.id)
        words = block.fork.name or host
        finished = f"{words}已结束" if self.t.read.chinese(words) else f"{words} finished"
        for event, region in zip(block.events, block.regions[1:], strict=True):
            final = self.t.ids.fresh(f"{region.id}_not_needed")
            region.finals[f"{event.id}#finished"] = final
            self.transitions.append({"from": self.t.ids(event.id), "to": final,
                                     "on": f"{host}_finished"[:80],
                                     "when": f"done({host})",
                                     "name": self.t.read.text(finished)})
        ends = [(key, final) for key, final in block.regions[0].finals.items()
                if key in self.nodes and self.nodes[key].kind == "endEvent"]
        for key, final in ends:
            way: dict[str, Any] = {"from": block.stage, "to": self._case_final(self.nodes[key]),
                                   "on": "join"}
            if len(ends) > 1:
                way["when"] = f"done({final})"
            self.transitions.append(way)

    # -- start and the document ----------------------------------------------------------

    def _start(self, starts: list[Node]) -> str:
        entries: list[tuple[Node, Arrival, str]] = []
        for start in starts:
            for flow_id in start.outgoing:
                for arrival in self.t.follower.follow(self.t.graph.flows[flow_id]):
                    target = self._target(start, arrival, None)
                    if target is not None:
                        entries.append((start, arrival, target))
        if not entries:
            first = starts[0] if starts else None
            self.t.problems.append(Problem(first.location if first else
                                           self.t.graph.process.location,
                                           "the start event leads nowhere",
                                           "connect the start event to the first task",
                                           message_zh="开始事件没有通向任何地方",
                                           hint_zh="把开始事件连到第一个任务"))
            return ""
        if len(entries) == 1:
            return entries[0][2]
        choice = self.t.ids.fresh("start")
        self.states[f"{choice}#start"] = {"id": choice, "kind": "decision",
                                          "name": {"zh": "开始", "en": "Start"}}
        used: dict[str, str] = {}
        for start, arrival, target in entries:
            self._transition(choice, start, start, arrival, target, used)
        self.t.info.append(self.t.say(Words(
            f"流程有 {len(starts)} 个开始事件：一件申请从决策 `{choice}` 开始，每个开始事件一条路",
            f"the process has {len(starts)} start events: a case begins at the decision "
            f"`{choice}`, one way per start event")))
        return choice

    def _document(self, initial: str) -> dict[str, Any]:
        from .document import document

        return document(self, initial)

    def state_list(self, ids: list[str]) -> list[dict[str, Any]]:
        return [self.states[i] for i in ids if i in self.states]
