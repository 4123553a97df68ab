"""The state a definition's mapping to BPMN is built in, and the helpers both halves use.

Part of render: ``mapping`` drives it; ``nodes`` (what each state becomes) and ``flows``
(the ways out of each node) are the two halves, each a subclass of ``MapperBase`` reading
and adding to the same ``Draft``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..loader import Definition
from ..semantics import Semantics, default_way
from ..structure import Move, Place
from .graph import Draft, Extension, Node
from .guards import Conditions
from .notes import Language, move_notes
from .tidy import gateway_name

__all__ = ["MapperBase", "awaited_way", "free_name", "waits"]


class MapperBase:
    """The draft being built, the definition it is built from, and the choices made so
    far (messages, the choice variable, errors, escapes from regions)."""

    def __init__(self, definition: Definition, lang: Language, net: bool = False) -> None:
        self.definition = definition
        self.net = net
        """The workflow-net profile: tasks, exclusive and parallel gateways, one end per
        outcome, no events in between, no cancellation."""
        self.escapes: dict[str, dict[str, str]] = {}
        """For each concurrent stage, the case ends reached from inside its regions: by
        outcome end, the gateway after the join that leads there (workflow-net profile)."""
        self.structure = definition.structure
        self.lang = lang
        self.draft = Draft()
        self.nodes = self.draft.nodes
        self.flows = self.draft.flows
        self.follows = self.draft.follows
        self.messages: dict[str, None] = {}
        self.variable = free_name("trigger", list(definition.process.attributes))
        self.nested = False
        """Stages as sub-processes (``subprocesses``), not groups."""
        self.errors: dict[str, str] = {}
        self.semantics = Semantics(self.structure)
        self.conditions = Conditions(self.semantics, self.variable)

    def _add(self, node: Node, follows: str | None = None) -> str:
        return self.draft.add(node, follows)

    def _end_of(self, place: Place) -> str:
        return f"End-{place.state.outcome or place.id}"

    def _message(self, event: str) -> str:
        self.messages[event] = None
        return event

    def _gateway_name(self, kind: str, subject: str) -> str:
        return gateway_name(kind, subject, self.lang)

    def _flow(self, source: str, target: str, name: str = "", condition: str | None = None,
              move: Move | None = None, extensions: tuple[Extension, ...] = ()) -> str:
        documentation = ""
        if move is not None:
            documentation, extensions = move_notes(self.definition, move, self.lang)
        return self.draft.flow(source, target, name, condition, documentation, extensions)


def free_name(wanted: str, taken: Sequence[str]) -> str:
    """``wanted``, or ``wanted_``, … : the first name no attribute of the process uses."""
    name = wanted
    while name in taken:
        name += "_"
    return name


def awaited_way(ways: Sequence[Move]) -> Move:
    """The way a receive task with boundary events waits for: the default, else the first."""
    return default_way(ways, lambda m: m.default)


def waits(place: Place) -> bool:
    """The office waits for someone else: a ``wait`` state, or a step the applicant does."""
    return place.state.kind == "wait" or place.state.actor == "applicant"
