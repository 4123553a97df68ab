"""Findings located at their cause, each planted defect replayed through ``policy-kit path``:
an unbounded loop at the wait that should count its rounds or at the transition closing
it, a deadlock at a join at the guard that blocks it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from policy_kit.check import Finding, check_file
from tests.path_replay import entered, walk

CORPUS = Path(__file__).parent / "checks"


def _only(path: Path, code: str) -> Finding:
    found = [f for f in check_file(path)[0] if f.code == code]
    assert len(found) == 1, found
    return found[0]






def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line and
                not line.startswith("#"))


def test_an_unbounded_correction_loop_stands_at_the_wait(runner: CliRunner) -> None:
    path = CORPUS / "pk206-unbounded-loop.yaml"
    loop = _only(path, "PK206")
    assert loop.location.line == _line(path, "{id: correction,")
    assert loop.hint is not None and "`correction`" in loop.hint.en
    assert entered(walk(runner, path, loop))[:2] == ["correction", "check"]


def test_a_loop_without_a_wait_stands_at_the_transition_closing_it(runner: CliRunner) -> None:
    path = CORPUS / "pk206-loop-closing-transition.yaml"
    loop = _only(path, "PK206")
    assert loop.location.line == _line(path, "on: send_back")
    assert loop.ids == ("review", "senior_review")
    assert entered(walk(runner, path, loop))[:3] == ["review", "senior_review", "review"]


def test_a_deadlock_at_a_join_stands_at_the_guard_that_blocks_it(runner: CliRunner) -> None:
    path = CORPUS / "pk201-join-guard.yaml"
    deadlock = _only(path, "PK201")
    assert deadlock.location.line == _line(path, "when: done(fire_inspection)")
    assert "done(fire_inspection)=false" in deadlock.message.en
    assert deadlock.hint is not None and "`fire_inspection`" in deadlock.hint.en
    walked = walk(runner, path, deadlock)
    assert walked["outcome"] is None and walked["stuck_at"]


def test_a_race_at_a_join_names_the_guard_that_became_false() -> None:
    deadlock = _only(CORPUS / "pk201-deadlock.yaml", "PK201")
    assert "`when: not done(fire_check)` (done(fire_check)=true)" in deadlock.message.en
    assert deadlock.hint is not None


BRANCH = """\
format: 1
id: branch
title: a document from one branch only
documents:
  - {id: site_report, name: 现场报告}
states:
  - {id: intake, kind: task}
  - {id: survey, kind: task, provides: [site_report]}
  - {id: issue, kind: task, requires: [site_report]}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: intake, to: survey, on: inspect}
  - {from: intake, to: issue, on: skip_survey}
  - {from: survey, to: issue, on: approve}
  - {from: issue, to: approved, on: approve}
"""

REGIONS = """\
format: 1
id: regions
title: a document from the other region
documents:
  - {id: site_report, name: 现场报告}
stages:
  - id: reviews
    regions:
      - id: a
        states: [{id: review, kind: task, requires: [site_report]}, {id: a_done, kind: final}]
      - id: b
        states: [{id: survey, kind: task, provides: [site_report]}, {id: b_done, kind: final}]
states:
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: review, to: a_done, on: approve}
  - {from: survey, to: b_done, on: approve}
  - {from: reviews, to: approved, on: join}
"""


def test_a_wait_that_would_deadlock_is_not_suggested(write: Callable[[str, str], Path]) -> None:
    missing = _only(write(BRANCH, "branch.yaml"), "PK113")
    assert missing.hint is not None
    assert "done(" not in missing.hint.en
    assert "not every way to `issue` passes `survey`" in missing.hint.en


def test_a_wait_that_works_is_suggested_and_works(write: Callable[[str, str], Path]) -> None:
    missing = _only(write(REGIONS, "regions.yaml"), "PK113")
    assert missing.hint is not None and "`when: done(survey)`" in missing.hint.en
    fixed = REGIONS.replace("on: approve}\n  - {from: survey",
                            "on: approve, when: done(survey)}\n  - {from: survey")
    findings = check_file(write(fixed, "fixed.yaml"))[0]
    assert not {f.code for f in findings} & {"PK113", "PK201", "PK202", "PK205"}
