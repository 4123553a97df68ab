"""A process definition: stages, states, transitions, and what they refer to.

Part of the schema (load → check → …). These models hold only what the file says; the
derived views (where each state sits, the flattened moves, compiled guards) live in
``policy_kit.structure`` so that the schema stays a faithful picture of the file.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, model_validator

from ..errors import Invalid
from .attributes import Attribute
from .common import Frozen, Id, Limit, ProcessId, Provenance, Text, Whole, label
from .properties import Property

__all__ = [
    "Certificate",
    "Clock",
    "Department",
    "Document",
    "Process",
    "Region",
    "Stage",
    "State",
    "StateKind",
    "Suppression",
    "Transition",
]

StateKind = Literal["task", "decision", "wait", "final"]
Clock = Literal["government", "applicant", "statutory"]
Actor = Literal["department", "applicant", "agent"]
CountryCalendarName = Annotated[str, Field(pattern=r"^weekly:[A-Z]{2}(-[A-Z0-9]{1,3})?$")]


class Department(Provenance):
    id: Id
    name: Text


class Document(Provenance):
    id: Id
    name: Text
    from_applicant: StrictBool = Field(
        default=False,
        description="The applicant brings it with the application (no step provides it).")


class Certificate(Provenance):
    id: Id
    name: Text
    department: Id | None = Field(default=None, description="The department that issues it.")
    promised: tuple[Id, ...] = Field(
        default=(), description="Outcomes it is promised with: every way that ends with one "
                                "of them issues it (七证齐发: each approved case gets all seven).")


class State(Provenance):
    """One step of the process.

    ``task``: a department works (government clock by default); ``decision``: a choice
    by guards, taking no time; ``wait``: the process waits for someone outside the
    office, by default the applicant (applicant clock: the office's limit stops);
    ``final``: the case ends with an ``outcome`` (inside a concurrent region a final
    state ends that region instead, and has no outcome).
    """

    id: Id
    kind: StateKind
    name: Text | None = None
    description: Text | None = None
    department: Id | None = Field(
        default=None, description="Who acts; defaults to the region's or stage's department.")
    actor: Actor | None = Field(
        default=None,
        description="Who performs the step: the department, the applicant, or a service "
                    "agent (帮办/代办) acting for the applicant.")
    clock: Clock | None = Field(
        default=None, description="Which clock runs here; default: applicant for `wait`, "
                                  "government otherwise.")
    limit: Limit | None = None
    requires: tuple[Id, ...] = ()
    provides: tuple[Id, ...] = ()
    max_rounds: Whole | None = Field(
        default=None, ge=1, le=20,
        description="How many times a case may enter this state (correction rounds).")
    outcome: Id | None = Field(default=None, description="How the case ends (final states).")

    @model_validator(mode="after")
    def _kind_rules(self) -> State:
        if self.outcome is not None and self.kind != "final":
            raise Invalid("only a `final` state has an `outcome`",
                          "只有 `final` 状态才有 `outcome`")
        if self.kind == "final" and (self.limit or self.requires or self.max_rounds):
            raise Invalid("a `final` state takes no time: no `limit`, `requires` or "
                          "`max_rounds`", "`final` 状态不占用时间：不能有 `limit`、`requires` 或 "
                          "`max_rounds`")
        return self

    @property
    def effective_clock(self) -> Clock:
        if self.clock is not None:
            return self.clock
        return "applicant" if self.kind == "wait" else "government"


class Region(Provenance):
    """One of the concurrent branches of a stage (并联审批): it ends at its final state."""

    id: Id
    name: Text | None = None
    department: Id | None = None
    initial: Id | None = Field(default=None, description="Default: the first state.")
    states: tuple[State, ...] = Field(min_length=1)


class Stage(Provenance):
    """A compound state: its states run in sequence, or its regions run concurrently."""

    id: Id
    name: Text | None = None
    department: Id | None = Field(default=None, description="The lead department (牵头).")
    limit: Limit | None = None
    initial: Id | None = Field(default=None, description="Default: the first state.")
    states: tuple[State, ...] = ()
    regions: tuple[Region, ...] = ()

    @model_validator(mode="after")
    def _states_or_regions(self) -> Stage:
        if bool(self.states) == bool(self.regions):
            raise Invalid("a stage has either `states` (in sequence) or `regions` "
                          "(concurrent), and not both",
                          "阶段要么有 `states`（依次办理），要么有 `regions`（并行办理），"
                          "不能两者都有")
        if self.regions and self.initial is not None:
            raise Invalid("a concurrent stage starts every region; `initial` belongs "
                          "to each region", "并行阶段同时开始每个区域；`initial` 写在各区域中")
        return self

    @property
    def concurrent(self) -> bool:
        return bool(self.regions)


class Transition(Provenance):
    """A way from one state to another.

    ``from`` may name a state; a sequential stage or a region (the way out of each of
    its non-final states, e.g. ``withdraw``); or a concurrent stage, which makes it the
    stage's join: enabled once every region has finished.
    """

    from_: Id = Field(alias="from")
    to: Id
    on: Id = Field(description="The trigger: what happens (approve, reject, resubmit, …).")
    when: str | None = Field(default=None, description="A guard in the guard language.")
    issues: tuple[Id, ...] = Field(default=(), description="Certificates issued here.")
    default: StrictBool = Field(default=False,
                          description="The way a walk takes unless told otherwise.")
    name: Text | None = Field(
        default=None, description="What the way is called ({zh: 补正, en: Ask for more "
                                  "documents}); shown in diagrams, paths and messages "
                                  "instead of the trigger id.")


class Suppression(Frozen):
    """A warning the authors accept, with their reason; errors cannot be suppressed."""

    code: str = Field(pattern=r"^PK[0-9]{3}$")
    id: Id
    reason: str = Field(min_length=3)


class Process(Provenance):
    """A whole definition file."""

    format: Literal[1] = Field(default=1, description=(
        "Version of the definition format (docs/format.md); a file without it is format 1."))
    id: ProcessId
    title: Text
    description: Text | None = None
    calendar: Literal["cn", "weekly"] | CountryCalendarName = Field(
        default="cn", description="cn: China's statutory calendar; weekly: Monday to Friday; "
                                  "weekly:CC: Monday to Friday except country CC's public "
                                  "holidays (weekly:NL).")
    limit: Limit | None = Field(default=None, description="The promised total (government "
                                                          "clock).")
    initial: Id | None = Field(default=None, description="Default: the first stage.")
    attributes: dict[Id, Attribute] = Field(default_factory=dict)
    departments: tuple[Department, ...] = ()
    documents: tuple[Document, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    stages: tuple[Stage, ...] = ()
    states: tuple[State, ...] = Field(default=(), description="States outside any stage.")
    transitions: tuple[Transition, ...] = ()
    triggers: dict[Id, Text] = Field(default_factory=dict, description=(
        "What each trigger is called, given once ({approve: {zh: 通过, en: Approve}}): a "
        "transition without a `name` of its own takes its trigger's name from here."))
    suppress: tuple[Suppression, ...] = ()
    properties: tuple[Property, ...] = Field(
        default=(), description="Claims about every case, proved by `policy-kit validate`.")
    notes: tuple[str, ...] = Field(default=(), description="Modelling notes for readers.")

    @model_validator(mode="before")
    @classmethod
    def _name_ways(cls, data: Any) -> Any:
        """Give each unnamed transition its trigger's name from ``triggers``, so every
        reader of a way's name (diagrams, paths, messages, the BPMN export) sees it."""
        if not isinstance(data, dict):
            return data
        names, ways = data.get("triggers"), data.get("transitions")
        if not isinstance(names, dict) or not isinstance(ways, list | tuple):
            return data
        return {**data, "transitions": [
            {**way, "name": names[way["on"]]}
            if isinstance(way, dict) and way.get("name") is None
            and isinstance(way.get("on"), str) and way["on"] in names else way
            for way in ways]}

    @model_validator(mode="after")
    def _has_states(self) -> Process:
        if not self.stages and not self.states:
            raise Invalid("a process needs at least one stage or state",
                          "流程至少需要一个阶段或状态")
        return self

    def way_label(self, index: int, trigger: str, lang: str) -> str:
        """The name of transition ``index`` in ``lang``, or its trigger id when unnamed."""
        named = self.transitions[index].name if 0 <= index < len(self.transitions) else None
        return label(named, trigger, lang)
