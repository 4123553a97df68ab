"""What each BPMN node that stands for a state says about it: its kind, name, who acts
(a department, the applicant), its time limit, and the documents it reads and writes.

Part of load (**load** → …): the first half of ``assemble`` (which then joins the states
by ways and stages). The departments and documents the states name are gathered here, so
that the document lists each once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..check.findings import Words
from .graph import Node, called_element
from .reading import cited

if TYPE_CHECKING:
    from .translate import _Translator

__all__ = ["States"]


class States:
    """States of one import, and the departments and documents they name."""

    def __init__(self, t: _Translator) -> None:
        self.t = t
        self.departments = t.department_ids
        self.department_names: dict[str, str] = {}
        self.documents = t.document_ids
        self.document_names: dict[str, str] = {}
        self.used_documents: dict[str, set[str]] = {"requires": set(), "provides": set()}

    def of(self, node: Node) -> dict[str, Any]:
        """The state ``node`` stands for: kind, name, who acts, limit, documents."""
        pk = self.t.pk.state(node.element) or {}
        state: dict[str, Any] = {"id": self.t.ids(node.id), "kind": pk.get("kind") or
                                 self._kind(node)}
        if node.name:
            state["name"] = self.t.read.text(node.name)
        self._who(node, pk, state)
        if pk.get("maxRounds"):
            state["max_rounds"] = int(pk["maxRounds"])
        limit = self.t.limit(node) or self._timer_limit(node)
        if limit:
            state["limit"] = limit
            state["source"] = cited(node.location, node.id)
        self._documents(node, state)
        if node.kind == "callActivity" and not node.expanded:
            called = called_element(node.element)
            self.t.info.append(self.t.say(Words(
                f"{node.location}: 调用活动 `{node.id}` 调用 `{called or '（未命名）'}`："
                "作为一个任务导入",
                f"{node.location}: call activity `{node.id}` calls "
                f"`{called or '(nothing named)'}`: imported as one task")))
        if node.kind in ("intermediateCatchEvent", "boundaryEvent") and \
                node.event == "timer" and not pk:
            state["clock"] = "statutory"
            state["assumption"] = self.t.say(Words(
                "定时器：规则规定的一段期间，不计入办理部门的时限",
                "a timer: a period fixed by rule, not counted against the office's limit"))
        return state

    def _kind(self, node: Node) -> str:
        if node.kind in ("exclusiveGateway", "inclusiveGateway", "complexGateway"):
            return "decision"
        if node.kind in ("receiveTask", "eventBasedGateway", "intermediateCatchEvent",
                         "boundaryEvent"):
            return "wait"
        return "task"

    def _lane(self, node: Node) -> str | None:
        """The node's lane: its own, its activity's (a boundary event), or its
        sub-process's."""
        lane_id = node.lane
        if lane_id is None and node.kind == "boundaryEvent":  # drawn on its activity
            lane_id = self.t.nodes[node.attribute("attachedToRef")].lane
        current: Node | None = node
        while lane_id is None and current is not None and current.scope is not None:
            current = self.t.nodes[current.scope]
            lane_id = current.lane
        return lane_id

    def _applicants(self, node: Node) -> bool:
        """A lane named for the applicant (申请人, 申请单位, Applicant, …) is no office:
        its steps are the applicant's, and the office's clock stops (noted once)."""
        lane_id = self._lane(node)
        if lane_id is None or not self.t.read.applicants_lane(lane_id):
            return False
        name = self.t.read.lane_name(lane_id)
        note = self.t.say(Words(
            f"泳道 `{lane_id}`（{name}）属于申请人：其中的步骤由申请人办理"
            "（`actor: applicant`，计入申请人时钟）",
            f"lane `{lane_id}` ({name}) is the applicant's: its steps are the applicant's "
            "(`actor: applicant`, on the applicant's clock)"))
        if note not in self.t.info:
            self.t.info.append(note)
        return True

    def _department(self, node: Node) -> str | None:
        """The lane's department; without a lane, the simulation's resource pool's."""
        lane_id = self._lane(node)
        pool = self.t.pools.get(node.id)
        if lane_id is None and pool is None:
            return None
        if lane_id is not None:
            department = self.departments(lane_id)
            self.department_names[department] = self.t.read.lane_name(lane_id) or lane_id
        else:
            assert pool is not None
            department = self.departments(pool[0])
            self.department_names[department] = pool[1]
        if pool is not None:
            self.t.pool_departments.setdefault(pool[0], department)
        return department

    def _document_id(self, ref: str) -> str:
        document = self.documents(ref)
        self.document_names[document] = self.t.graph.documents[ref][0] or ref
        return document

    def _timer_limit(self, node: Node) -> dict[str, int] | None:
        events = [self.t.nodes[b] for b in node.boundaries if b not in self.t.spawned]
        if node.kind == "eventBasedGateway":
            events += [self.t.nodes[self.t.graph.flows[f].target] for f in node.outgoing]
        if node.kind in ("intermediateCatchEvent", "boundaryEvent"):
            events.append(node)
        days = [d for d in (self.t.read.limit_of(e) for e in events if e.event == "timer")
                if d is not None]
        return {"natural_days": min(days)} if days else None

    def _who(self, node: Node, pk: dict[str, str], state: dict[str, Any]) -> None:
        """Who acts: policy-kit's own record, the applicant (in the applicant's lane), or
        the lane's department."""
        if not self.t.pk.present and self._applicants(node):
            state["actor"] = "applicant"
            if state["kind"] == "task":
                state["clock"] = "applicant"
        else:
            department = pk.get("department") if self.t.pk.present else \
                self._department(node)
            if department:
                state["department"] = department
        for key in ("clock", "actor"):
            if pk.get(key):
                state[key] = pk[key]

    def _documents(self, node: Node, state: dict[str, Any]) -> None:
        """What the step reads and writes: its data associations, or ``pk:`` records."""
        for key, refs in (("requires", self.t.graph.requires.get(node.id, [])),
                          ("provides", self.t.graph.provides.get(node.id, []))):
            documents = [self._document_id(r) for r in refs if r in self.t.graph.documents]
            documents += self.t.pk.documents(node.element, key)
            if documents and state["kind"] in ("task", "wait"):
                state[key] = list(dict.fromkeys(documents))
                self.used_documents[key].update(documents)
