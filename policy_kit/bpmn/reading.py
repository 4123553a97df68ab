"""What a BPMN element says in words and numbers: an end event's outcome, the trigger a
catch or boundary event names, a flow's condition, a timer's days, a name's language.

Part of load (**load** → …), used by ``translate`` and ``assemble``. Each reading is
kept here once, so that every way and state reads an element the same way; what cannot be
read exactly goes to ``info`` (a note in the output), never silently.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from ..check.findings import Words
from ..errors import Location
from .conditions import Translated, translate
from .graph import Flow, FlowGraph, Node
from .naming import days_of, slug, word
from .pk import PkFile

__all__ = ["Reader", "cited", "said", "warning_line"]

_OUTCOME_WORDS = (
    ("rejected", ("reject", "refus", "deni", "declin", "不予", "驳回", "拒绝", "否决", "不通过",
                  "未通过", "退回", "不合格", "不符合")),
    ("withdrawn", ("withdraw", "cancel", "abort", "撤回", "撤销", "取消")),
    ("lapsed", ("lapse", "expire", "失效", "逾期", "过期", "超期")),
    ("approved", ("approv", "grant", "accept", "issued", "批准", "通过", "准予", "许可", "办结",
                  "核准", "同意")),
)
_APPLICANT_LANES = ("申请人", "申请单位", "申请企业", "申报单位", "申报企业", "申报人", "建设单位",
                    "applicant", "customer", "citizen")
"""Words that name the applicant's lane (a lane is otherwise a department)."""
_EVENT_TRIGGERS = {"timer": "timeout", "message": "message", "error": "error",
                   "escalation": "escalation", "signal": "signal", "conditional": "condition",
                   "none": "complete"}


def said(words: Words, lang: str) -> str:
    """A note of the import in its language: English only with ``--lang en`` (the notes
    sit beside the names, which follow the same choice), else Chinese."""
    return words.pick("en" if lang == "en" else "zh")


def warning_line(warning: str, lang: str) -> str:
    """A ``--lenient`` warning as the output's notes and the command's stderr give it."""
    return said(Words(f"警告：{warning}", f"warning: {warning}"), lang)


def cited(location: Location, bpmn_id: str) -> str:
    """Where an imported number or guard stands in the BPMN file: its provenance."""
    return f"{Path(location.file).name}:{location.line}:{location.column} (`{bpmn_id}`)"


class Reader:
    """Readings of one process's elements; ``outcomes`` are the user's (``--outcome``),
    ``lang`` the language names without Chinese characters are written in."""

    def __init__(self, graph: FlowGraph, pk: PkFile, outcomes: dict[str, str], lang: str,
                 info: list[str]) -> None:
        self.graph = graph
        self.pk = pk
        self.outcomes = outcomes
        self.lang = lang
        self.info = info

    def outcome(self, end: Node) -> str:
        """The user's word, the export's ``pk:state outcome``, a word the name contains,
        else the name itself."""
        if end.id in self.outcomes:
            return self.outcomes[end.id]
        pk = self.pk.state(end.element)
        if pk is not None and pk.get("outcome"):
            return pk["outcome"]
        found = self._outcome_word(end.name)
        if found:
            return found
        generic = "terminated" if "terminate" in end.events or "error" in end.events \
            else "completed"
        unnamed = [n for n in self.graph.nodes.values() if n.kind == "endEvent"
                   and n.scope is None and not self._outcome_word(n.name)]
        # a Chinese name says nothing in ASCII: the one such end is `completed`, several
        # are told apart by their ids (their names stay their names)
        return generic if len(unnamed) <= 1 else slug(end.id) or generic

    @staticmethod
    def _outcome_word(name: str) -> str:
        text = name.lower()
        for outcome, words in _OUTCOME_WORDS:
            if any(w in text for w in words):
                return outcome
        return word(name)

    def trigger_word(self, event: Node) -> str:
        """The trigger a catch or boundary event names: its name, its message's, its kind."""
        return word(event.name) or word(self._message_name(event)) or \
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
        """The flow's guard; ``True`` when it has none, ``None`` when it cannot be read, or
        when it reads a field of a task's form: then whoever completes the task decides,
        each time anew, which a guard over the case's fixed attributes cannot say."""
        if flow.condition is None:
            return True
        text = flow.condition.text
        if not text:
            return None
        if text.strip().lower() == "true":
            return True
        translated = translate(text, flow.condition.attributes.get("language", ""))
        if translated is not None and set(translated.names) & self.form_fields:
            return None
        return translated

    def say(self, words: Words) -> str:
        return said(words, self.lang)

    def untranslated(self, flow: Flow) -> Words:
        """Why ``condition`` gave no guard for ``flow``, in words for the notes."""
        assert flow.condition is not None
        translated = translate(flow.condition.text or "",
                               flow.condition.attributes.get("language", ""))
        fields = sorted(set(translated.names) & self.form_fields) if translated else []
        if fields:
            named = ", ".join(f"`{f}`" for f in fields)
            return Words(f"读取由任务表单设定的 {named}：由完成该任务的人决定",
                         f"reads {named}, set by a task's form: whoever completes the task "
                         "decides")
        return Words("不够简单，无法翻译", "is not simple enough to translate")

    @cached_property
    def form_fields(self) -> frozenset[str]:
        """Variables an office's task's form sets (Camunda 7's ``camunda:formField``,
        Flowable's and Activiti's ``formProperty``): that task's outcome. Fields of the
        start event's form or of a step in the applicant's lane are what the applicant
        filed, the case's attributes."""
        return frozenset(
            e.attributes.get("id", "") for node in self.graph.nodes.values()
            if node.kind != "startEvent" and not self.applicants_lane(node.lane)
            for e in node.element.iter()
            if not e.bpmn and e.tag in ("formField", "formProperty") and e.attributes.get("id"))

    def lane_name(self, lane_id: str) -> str:
        lane = next((e for e in self.graph.process.iter() if e.tag == "lane"
                     and e.id == lane_id), None)
        return " ".join((lane.attributes.get("name", "") if lane else "").split())

    def applicants_lane(self, lane_id: str | None) -> bool:
        """A lane named for the applicant (申请人, 申请单位, Applicant, …): no office."""
        name = self.lane_name(lane_id).lower() if lane_id is not None else ""
        return any(w in name for w in _APPLICANT_LANES)

    def limit_of(self, event: Node) -> int | None:
        """Days of a timer event's ``timeDuration``; a note when they are rounded."""
        definition = next((d for d in event.element.children
                           if d.tag == "timerEventDefinition"), None)
        if definition is None:
            return None
        duration = definition.find("timeDuration")
        if duration is None or not duration.text:
            if definition.children:
                self.info.append(self.say(Words(
                    f"{event.location}: 定时器 `{event.id}` 给出的是日期或周期，不是时长：无时限",
                    f"{event.location}: timer `{event.id}` gives a date or a cycle, not a "
                    "duration: no time limit")))
            return None
        days = days_of(duration.text)
        if days is None:
            self.info.append(self.say(Words(
                f"{event.location}: 定时器 `{event.id}`：`{duration.text}` 不是 ISO 8601 时长："
                "无时限",
                f"{event.location}: timer `{event.id}`: `{duration.text}` is no ISO 8601 "
                "duration: no time limit")))
            return None
        whole, exact = days
        if not exact:
            self.info.append(self.say(Words(
                f"{event.location}: 定时器 `{event.id}`：{duration.text} 向上取整为 {whole} 个"
                "自然日",
                f"{event.location}: timer `{event.id}`: {duration.text} rounded up to "
                f"{whole} natural days")))
        return whole

    def text(self, name: str) -> dict[str, str]:
        """A name in the language it is written in: Chinese when it has Chinese
        characters, else the language the user says the model is written in."""
        if self.chinese(name):
            return {"zh": name}
        return {"en" if self.lang == "en" else "zh": name}

    @staticmethod
    def chinese(name: str) -> bool:
        return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in name)
