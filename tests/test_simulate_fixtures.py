"""Small processes and scenarios for the simulation tests, each small enough to compute by hand."""

from __future__ import annotations

from pathlib import Path

QUEUE = """\
format: 1
id: queue-fixture
title: {zh: 排队示例, en: Queue fixture}
source: test
calendar: weekly
departments:
  - {id: office, name: {zh: 办公室, en: Office}}
stages:
  - id: handling
    states:
      - {id: review, kind: task, department: office, limit: {working_days: 0}}
states:
  - {id: done, kind: final, outcome: approved}
transitions:
  - {from: review, to: done, on: finish}
"""

QUEUE_SCENARIO = """\
format: 1
process: queue-fixture
start: 2025-01-06
arrivals: {interarrival: {dist: fixed, value: 0.5, unit: working_hours}}
staff: {office: {count: 1}}
durations: {review: {dist: fixed, value: 2, unit: working_hours}}
cases: 2
replications: 1
"""

JOIN = """\
format: 1
id: join-fixture
title: {zh: 并联示例, en: Join fixture}
source: test
calendar: weekly
departments:
  - {id: fire, name: 消防}
  - {id: plan, name: 规划}
stages:
  - id: reviews
    regions:
      - id: fire_review
        department: fire
        states: [{id: fire_check, kind: task}, {id: fire_done, kind: final}]
      - id: plan_review
        department: plan
        states: [{id: plan_check, kind: task}, {id: plan_done, kind: final}]
states:
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: fire_check, to: fire_done, on: approve}
  - {from: plan_check, to: plan_done, on: approve}
  - {from: reviews, to: approved, on: join}
"""

JOIN_SCENARIO = """\
format: 1
process: join-fixture
start: 2025-01-06
arrivals: {per_working_day: 1}
durations:
  fire_check: {dist: fixed, value: 1}
  plan_check: {dist: fixed, value: 3}
cases: 5
replications: 2
"""

# Each review waits for the other to be done: every case deadlocks in the stage.
DEADLOCK = JOIN.replace("id: join-fixture", "id: deadlock-fixture").replace(
    "{from: fire_check, to: fire_done, on: approve}",
    "{from: fire_check, to: fire_done, on: approve, when: done(plan_check)}").replace(
    "{from: plan_check, to: plan_done, on: approve}",
    "{from: plan_check, to: plan_done, on: approve, when: done(fire_check)}")
DEADLOCK_SCENARIO = JOIN_SCENARIO.replace("join-fixture", "deadlock-fixture")

# Two joins, each guarded by a different final of the fire review: whichever final it
# rests in, only one join can ever open (the default waits for the other final).
FORKED = """\
format: 1
id: forked-fixture
title: {zh: 分叉会签示例, en: Forked join fixture}
source: test
calendar: weekly
departments:
  - {id: fire, name: 消防}
  - {id: plan, name: 规划}
stages:
  - id: reviews
    regions:
      - id: fire_review
        department: fire
        states:
          - {id: fire_check, kind: task}
          - {id: fire_ok, kind: final}
          - {id: fire_failed, kind: final}
      - id: plan_review
        department: plan
        states: [{id: plan_check, kind: task}, {id: plan_done, kind: final}]
states:
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
transitions:
  - {from: fire_check, to: fire_ok, on: pass}
  - {from: fire_check, to: fire_failed, on: fail}
  - {from: plan_check, to: plan_done, on: approve}
  - {from: reviews, to: approved, on: join, when: done(fire_ok)}
  - {from: reviews, to: rejected, on: refuse, when: done(fire_failed), default: true}
"""

FORKED_SCENARIO = """\
format: 1
process: forked-fixture
start: 2025-01-06
arrivals: {per_working_day: 1}
durations:
  fire_check: {dist: fixed, value: 1}
  plan_check: {dist: fixed, value: 2}
branches:
  fire_check: {probabilities: {pass: 0.5, fail: 0.5}}
cases: 40
replications: 2
"""

# The planning review may wait for the fire review's extra inspection (its default way),
# or go on at once. The quick fire review has mostly skipped the inspection by the time
# planning is done: then the waiting way can never open and planning must go on.
SKIPPED = """\
format: 1
id: skipped-fixture
title: {zh: 跳过示例, en: Skipped state fixture}
source: test
calendar: weekly
departments:
  - {id: fire, name: 消防}
  - {id: plan, name: 规划}
stages:
  - id: reviews
    regions:
      - id: fire_review
        department: fire
        states:
          - {id: fire_check, kind: task}
          - {id: fire_inspection, kind: task}
          - {id: fire_done, kind: final}
      - id: plan_review
        department: plan
        states: [{id: plan_check, kind: task}, {id: plan_done, kind: final}]
states:
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: fire_check, to: fire_inspection, on: inspect}
  - {from: fire_check, to: fire_done, on: approve}
  - {from: fire_inspection, to: fire_done, on: approve}
  - {from: plan_check, to: plan_done, on: after_inspection, when: done(fire_inspection),
     default: true}
  - {from: plan_check, to: plan_done, on: approve}
  - {from: reviews, to: approved, on: join}
"""

SKIPPED_SCENARIO = """\
format: 1
process: skipped-fixture
start: 2025-01-06
arrivals: {per_working_day: 1}
durations:
  fire_check: {dist: fixed, value: 1}
  fire_inspection: {dist: fixed, value: 1}
  plan_check: {dist: fixed, value: 3}
branches:
  fire_check: {probabilities: {inspect: 0.5, approve: 0.5}}
cases: 40
replications: 2
"""


def pair(folder: Path, process: str, scenario: str, name: str) -> Path:
    """Write a process and its scenario beside it; return the process's path."""
    path = folder / f"{name}.yaml"
    path.write_text(process, encoding="utf-8")
    (folder / f"{name}.scenario.yaml").write_text(scenario, encoding="utf-8")
    return path


def test_every_fixture_loads_with_its_scenario(tmp_path: Path) -> None:
    from policy_kit import load
    from policy_kit.simulate import prepare

    for name, (process, scenario) in {"queue": (QUEUE, QUEUE_SCENARIO),
                                      "join": (JOIN, JOIN_SCENARIO),
                                      "deadlock": (DEADLOCK, DEADLOCK_SCENARIO),
                                      "forked": (FORKED, FORKED_SCENARIO),
                                      "skipped": (SKIPPED, SKIPPED_SCENARIO)}.items():
        model = prepare(load(pair(tmp_path, process, scenario, name)))
        assert model.scenario.process == model.definition.id
