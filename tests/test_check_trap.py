"""A loop with no way out (PK205) stands at what keeps a case in it, for several shapes of
loop: a way out shut by a guard on the applicant or on ``done(...)``, shadowed by a way on
the same trigger, shut by used-up ``max_rounds``; a loop with no way out at all, at the
transition that closes it (back to where a case first enters it); a loop inside a region.
Each counterexample replays on the ``transitions`` machine into the loop, and ``policy-kit
path`` taking the same ways never gets out (it stops at its step limit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit import compile, load
from policy_kit.check import Finding, check_file
from policy_kit.cli import main

Write = Callable[[str, str], Path]

GUARD = """\
format: 1
id: guard
title: a correction loop whose way out needs a complete file
attributes:
  complete: {type: bool, example: true}
states:
  - {id: check, kind: task}
  - {id: correction, kind: wait}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: check, to: approved, on: approve, when: complete}
  - {from: check, to: correction, on: request_correction, when: not complete}
  - {from: correction, to: check, on: resubmit}
"""

NEVER_PASSED = """\
format: 1
id: never-passed
title: a way out that waits for a visit some cases skip
states:
  - {id: intake, kind: task}
  - {id: site_visit, kind: task}
  - {id: review, kind: task}
  - {id: revise, kind: wait}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: intake, to: site_visit, on: visit}
  - {from: intake, to: review, on: skip_visit}
  - {from: site_visit, to: review, on: report}
  - {from: review, to: approved, on: approve, when: done(site_visit)}
  - {from: review, to: revise, on: send_back}
  - {from: revise, to: review, on: resubmit}
"""

SHADOWED = """\
format: 1
id: shadowed
title: a way out on the trigger of the way back
states:
  - {id: check, kind: task}
  - {id: panel, kind: task}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: check, to: panel, on: refer}
  - {from: panel, to: check, on: decide}
  - {from: panel, to: approved, on: decide}
"""

SPENT = """\
format: 1
id: spent
title: the panels' only way out asks for a supplement already used
states:
  - {id: check, kind: task}
  - {id: supplement, kind: wait, max_rounds: 1}
  - {id: panel_a, kind: task}
  - {id: panel_b, kind: task}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: check, to: approved, on: approve}
  - {from: check, to: supplement, on: request}
  - {from: supplement, to: check, on: resubmit}
  - {from: check, to: panel_a, on: refer}
  - {from: panel_a, to: panel_b, on: refer}
  - {from: panel_b, to: panel_a, on: refer_back}
  - {from: panel_b, to: supplement, on: ask_applicant}
"""

THREE = """\
format: 1
id: three
title: a loop of three entered in its middle
states:
  - {id: intake, kind: task}
  - {id: a, kind: task}
  - {id: b, kind: task}
  - {id: c, kind: task}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: intake, to: approved, on: approve}
  - {from: a, to: b, on: forward}
  - {from: intake, to: b, on: refer}
  - {from: b, to: c, on: forward}
  - {from: c, to: a, on: forward}
"""

REGION = """\
format: 1
id: region
title: a region whose recheck loop has a way out only for low risk
attributes:
  risk: {type: integer, min: 1, max: 5, example: 1}
stages:
  - id: reviews
    regions:
      - id: fire
        states: [{id: fire_check, kind: task}, {id: fire_recheck, kind: task},
                 {id: fire_done, kind: final}]
      - id: plan
        states: [{id: plan_check, kind: task}, {id: plan_done, kind: final}]
states:
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: fire_check, to: fire_recheck, on: recheck}
  - {from: fire_recheck, to: fire_check, on: again}
  - {from: fire_recheck, to: fire_done, on: approve, when: risk < 3}
  - {from: plan_check, to: plan_done, on: approve}
  - {from: reviews, to: approved, on: join}
"""


def _trap(write: Write, text: str) -> tuple[Path, Finding]:
    path = write(text, "loop.yaml")
    found = [f for f in check_file(path)[0] if f.code == "PK205"]
    assert len(found) == 1, [(f.code, f.ids, f.message.en) for f in check_file(path)[0]]
    return path, found[0]


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(("text", "at", "says", "hint"), [
    (GUARD, "on: approve, when: complete",
     "its way out `check` --approve--> `approved` is shut by `when: complete` "
     "(complete=false)", "add a way out for such cases"),
    (NEVER_PASSED, "when: done(site_visit)", "(done(site_visit)=false)",
     "waits for `site_visit`, which a case circling here never passes"),
    (SHADOWED, "to: check, on: decide",
     "its way out `panel` --decide--> `approved` never fires: `panel` --decide--> `check`",
     "give the way out a trigger of its own"),
    (SPENT, "max_rounds: 1",
     "enters `supplement`, whose `max_rounds` are used up", "raise `max_rounds`"),
    (THREE, "{from: a, to: b",
     "back into it by `a` --forward--> `b`", "give a state of the loop (`a`, say)"),
    (REGION, "when: risk < 3", "is shut by `when: risk < 3` (risk=", "add a way out"),
], ids=["guard", "done-never-passed", "shadowed", "rounds-used-up", "no-way-out", "region"])
def test_a_loop_with_no_way_out_stands_at_its_cause(write: Write, runner: CliRunner, text: str,
                                                      at: str, says: str, hint: str) -> None:
    path, loop = _trap(write, text)
    assert loop.location.line == _line(path, at)
    assert says in loop.message.en
    assert loop.hint is not None and hint in loop.hint.en
    assert loop.message.zh.startswith("案件可能在") and loop.hint.zh
    _replays_into_the_loop(runner, path, loop)


def _replays_into_the_loop(runner: CliRunner, path: Path, loop: Finding) -> None:
    example = loop.counterexample
    assert example is not None
    application = compile(load(path)).start(dict(example.applicant))
    assert application.states == example.start
    for step in example:
        application.fire(step.event)
        assert application.states == step.states
    circled = [step.source for step in example][-len(loop.ids):]
    assert circled == list(loop.ids) and loop.ids[0] in application.states
    arguments = ["path", str(path), "--lang", "en"]
    for name, value in example.applicant.items():
        arguments += ["--set", f"{name}={str(value).lower()}"]
    for step in example:
        arguments += ["--choose", step.event]
    result = runner.invoke(main, arguments)
    assert result.exit_code == 1 and "did not end within" in result.output


def test_the_loop_starts_where_a_case_first_enters_it(write: Write) -> None:
    _, loop = _trap(write, THREE)
    assert loop.ids == ("b", "c", "a")
    assert loop.counterexample is not None
    assert [s.source for s in loop.counterexample] == ["intake", "b", "c", "a"]


def test_a_guard_true_for_this_applicant_is_not_blamed(write: Write) -> None:
    """The way out shut for high risk only: the low-risk applicant has no PK205 at all."""
    _, loop = _trap(write, REGION)
    assert loop.counterexample is not None
    assert int(str(loop.counterexample.applicant["risk"])) >= 3
