"""A limit drawn as a timer that changes nothing: a non-interrupting timer on an
activity's border whose way ends at once (as bpmn.io/Camunda users draw an SLA, and as
``render --bpmn-stages subprocess`` draws a stage's limit) imports as the activity's
limit; a timer whose way does something stays a branch beside the activity."""

from __future__ import annotations

from pathlib import Path

from policy_kit.bpmn import import_bpmn
from policy_kit.check import check

TOOLS = Path(__file__).parent / "fixtures" / "bpmn" / "tools"
SLA = TOOLS / "bpmnio-sla-timers.bpmn"
"""A sub-process with a P15D timer and a task with a PT72H one, each ending at once."""
REMINDER = TOOLS / "bpmnio-sla-reminder.bpmn"
"""The same, but the task's timer leads to a 催办 send task first."""


def test_a_timer_that_ends_at_once_is_the_limit_of_its_stage_and_task() -> None:
    definition = import_bpmn(SLA).definition
    stage = definition.process.stages[0]
    assert stage.limit is not None and stage.limit.natural_days == 15
    assert [s.id for s in stage.states] == ["Activity_plan", "Activity_fire"]
    issue = definition.structure.places["Activity_issue"].state
    assert issue.limit is not None and issue.limit.natural_days == 3
    finals = {p.id for p in definition.structure.places.values() if p.state.kind == "final"}
    assert finals == {"Event_done"}  # no 超过时限 outcome, no branch
    assert not [f for f in check(definition) if f.severity == "error"]


def test_a_timer_whose_way_does_something_stays_a_branch() -> None:
    definition = import_bpmn(REMINDER).definition
    assert "Activity_urge" in definition.structure.places
    stage = next(s for s in definition.process.stages if s.regions)
    assert len(stage.regions) == 2  # the issuing and, beside it, the reminder
