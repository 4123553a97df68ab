"""What a BPMN element says in words and numbers: an end event's outcome, the trigger a
catch or boundary event names, a flow's condition, a timer's days, a name's language.

Part of load (**load** → …), used by ``translate`` and ``assemble``. Each reading is
kept here once, so that every way and state reads an element the same way; what cannot be
read exactly goes to ``info`` (a note in the output), never silently.
"""

from __future__ import annotations

from .conditions import Translated, translate
from .graph import Flow, FlowGraph, Node
from .naming import days_of, slug
from .pk import PkFile

__all__ = ["Reader"]

_OUTCOME_WORDS = (
    ("rejected", ("reject", "refus", "deni", "declin", "不予", "驳回", "拒绝", "否决", "不通过")),
    ("withdrawn", ("withdraw", "cancel", "abort", "撤回", "撤销", "取消")),
    ("approved", ("approv", "grant", "accept", "issued", "批准", "通过", "准予", "许可", "办结",
                  "核准", "同意")),
)
_EVENT_TRIGGERS = {"timer": "timeout", "message": "message", "error": "error",
                   "escalation": "escalation", "signal": "signal", "conditional": "condition",
                   "none": "complete"}


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
        text = end.name.lower()
        for outcome, words in _OUTCOME_WORDS:
            if any(w in text for w in words):
                return outcome
        if "terminate" in end.events or "error" in end.events:
            return slug(end.name) or "terminated"
        return slug(end.name) or "completed"

    def trigger_word(self, event: Node) -> str:
        """The trigger a catch or boundary event names: its name, its message's, its kind."""
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

    @staticmethod
    def condition(flow: Flow) -> Translated | None | bool:
        """The flow's guard; ``True`` when it has none, ``None`` when it cannot be read."""
        if flow.condition is None:
            return True
        text = flow.condition.text
        if not text:
            return None
        if text.strip().lower() == "true":
            return True
        return translate(text, flow.condition.attributes.get("language", ""))

    def limit_of(self, event: Node) -> int | None:
        """Days of a timer event's ``timeDuration``; a note when they are rounded."""
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
        if self.chinese(name):
            return {"zh": name}
        return {"en" if self.lang == "en" else "zh": name}

    @staticmethod
    def chinese(name: str) -> bool:
        return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in name)
