"""Hints for deadlocks (PK201) and loops without a bound (PK206) are checked before they are
offered: following one removes its finding and adds none; where no simple fix does, the
hint says so instead of suggesting one. Planted defects, then random definitions
(hypothesis), each hinted fix applied to the file's data and checked again."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given

from policy_kit.check import CATALOGUE, Finding, check, check_file
from policy_kit.loader import Definition, parse
from policy_kit.resolve import resolve
from policy_kit.source import SourceMap, read_yaml
from tests.test_check_properties import SETTINGS, Generated, definitions

CORPUS = Path(__file__).parent / "checks"
Write = Callable[[str, str], Path]
Key = tuple[str, tuple[str, ...]]

MOVED = """\
format: 1
id: moved
title: relaxing the join only moves the deadlock to the next step
stages:
  - id: reviews
    regions:
      - id: fire
        states: [{id: fire_check, kind: task}, {id: fire_inspection, kind: task},
                 {id: fire_done, kind: final}]
      - id: planning
        states: [{id: plan_check, kind: task}, {id: plan_done, kind: final}]
states:
  - {id: sign_off, kind: task}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: fire_check, to: fire_inspection, on: inspect}
  - {from: fire_check, to: fire_done, on: exempt}
  - {from: fire_inspection, to: fire_done, on: approve}
  - {from: plan_check, to: plan_done, on: approve}
  - {from: reviews, to: sign_off, on: join, when: done(fire_inspection)}
  - {from: sign_off, to: approved, on: approve, when: done(fire_inspection)}
"""

STRANDED = """\
format: 1
id: stranded
title: a loop that some applicants cannot leave and others need not
attributes:
  complete: {type: bool, example: true}
states:
  - {id: check, kind: task}
  - {id: review, kind: task}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: check, to: review, on: forward}
  - {from: review, to: check, on: back}
  - {from: review, to: approved, on: approve, when: complete}
"""


def _only(findings: tuple[Finding, ...], code: str) -> Finding:
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, [(f.code, f.ids) for f in findings]
    return found[0]


def _counted(findings: tuple[Finding, ...]) -> set[Key]:
    """What a fix must not add to (time limits and provenance aside)."""
    return {(f.code, f.ids) for f in findings
            if CATALOGUE[f.code].group not in ("timing", "provenance")}


def _fixed(data: dict[str, Any], finding: Finding) -> dict[str, Any] | None:
    """The file's data with the fix the hint names applied (None: the hint names none)."""
    assert finding.hint is not None
    hint = finding.hint.en
    if "(checked: " not in hint or " not help" in hint or "would leave" in hint:
        return None
    data = {**data, "transitions": [dict(t) for t in data["transitions"]]}
    rounds = re.search(r"set `max_rounds` on `(\w+)`", hint)
    if rounds:
        for container in [data, *data.get("stages", ()),
                          *(r for s in data.get("stages", ()) for r in s.get("regions", ()))]:
            container["states"] = [{**s, "max_rounds": 2} if s["id"] == rounds[1] else s
                                   for s in container.get("states", ())]
        return data
    way = re.search(r"(?:drop it from|write `when: (.+)` on) `(\w+)` --(\w+)--> `(\w+)`", hint)
    assert way is not None, hint
    new, source, trigger, target = way.groups()
    when = re.search(r"`when: (.+?)` (?:waits|can no longer)", hint)
    assert when is not None, hint
    for item in data["transitions"]:
        if (item["from"], item["on"], item["to"], item.get("when")) == (
                source, trigger, target, when[1]):
            item.pop("when")
            if new is not None:
                item["when"] = new
            return data
    raise AssertionError(f"no transition {source} --{trigger}--> {target} with {when[1]}")


def _check_data(data: dict[str, Any]) -> tuple[Finding, ...]:
    source = SourceMap("fixed.yaml")
    process = parse(data, source)
    return check(Definition(process, resolve(process, source), source, None))


def _mends(data: dict[str, Any], finding: Finding, before: tuple[Finding, ...]) -> None:
    fixed = _fixed(data, finding)
    assert fixed is not None, finding.hint
    after = _check_data(fixed)
    assert (finding.code, finding.ids) not in _counted(after)
    assert _counted(after) <= _counted(before), _counted(after) - _counted(before)


def test_a_join_waiting_for_a_skipped_step_is_told_to_drop_the_wait() -> None:
    path = CORPUS / "pk201-join-guard.yaml"
    findings, _ = check_file(path)
    deadlock = _only(findings, "PK201")
    assert deadlock.hint is not None
    assert "drop it from `reviews` --join--> `approved` (checked:" in deadlock.hint.en
    assert "已验证" in deadlock.hint.zh
    _mends(read_yaml(path)[0], deadlock, findings)


def test_a_race_is_told_to_drop_the_guard_that_becomes_false() -> None:
    path = CORPUS / "pk201-deadlock.yaml"
    findings, _ = check_file(path)
    deadlock = _only(findings, "PK201")
    _mends(read_yaml(path)[0], deadlock, findings)


def test_a_relaxed_guard_that_only_moves_the_deadlock_is_not_suggested(write: Write) -> None:
    findings, _ = check_file(write(MOVED, "moved.yaml"))
    deadlock = next(f for f in findings if f.code == "PK201" and f.ids[0] == "reviews")
    assert deadlock.hint is not None
    assert "relaxing it alone does not help (checked)" in deadlock.hint.en
    assert "drop it" not in deadlock.hint.en and "write `when" not in deadlock.hint.en


def test_an_unbounded_loop_is_bounded_where_no_case_gets_stuck() -> None:
    for name in ("pk206-unbounded-loop.yaml", "pk206-loop-closing-transition.yaml"):
        path = CORPUS / name
        findings, _ = check_file(path)
        loop = _only(findings, "PK206")
        assert loop.hint is not None and "(checked: once they are used up" in loop.hint.en
        _mends(read_yaml(path)[0], loop, findings)


def test_a_bound_that_would_strand_cases_is_not_suggested(write: Write) -> None:
    findings, _ = check_file(write(STRANDED, "stranded.yaml"))
    loop = _only(findings, "PK206")
    assert loop.hint is not None
    assert "would leave cases stuck once the rounds are used up (checked)" in loop.hint.en
    assert "set `max_rounds` on `" not in loop.hint.en


@SETTINGS
@given(definitions())
def test_every_checked_hint_mends_its_finding_and_adds_none(generated: Generated) -> None:
    """On random definitions: a PK201 or PK206 hint that names a fix names one that works,
    judged by the whole checker on the edited data."""
    before = check(generated.definition)
    for finding in before:
        if finding.code in ("PK201", "PK206") and finding.hint is not None and \
                _fixed(generated.data, finding) is not None:
            _mends(generated.data, finding, before)


def test_an_accepted_loop_is_not_fixed(write: Write) -> None:
    """A suppressed PK206 (the rules allow unlimited rounds) costs no trial fixes."""
    text = (CORPUS / "pk206-unbounded-loop.yaml").read_text(encoding="utf-8") + (
        "suppress:\n  - {code: PK206, id: correction, reason: the rules set no limit}\n")
    findings, _ = check_file(write(text, "accepted.yaml"))
    loop = _only(findings, "PK206")
    assert loop.suppressed == "the rules set no limit"
    assert loop.hint is None


def _many_loops(count: int) -> str:
    """``count`` loops of three states, each of which any bound would strand."""
    lines = ["format: 1", "id: many-loops", "title: many loops", "attributes:",
             "  complete: {type: bool, example: true}", "states:",
             "  - {id: intake, kind: task}"]
    lines += [f"  - {{id: {s}{i}, kind: task}}" for i in range(count) for s in "abc"]
    lines += ["  - {id: approved, kind: final, outcome: approved}", "transitions:"]
    for i in range(count):
        lines += [f"  - {{from: intake, to: a{i}, on: go{i}}}",
                  f"  - {{from: a{i}, to: b{i}, on: next}}",
                  f"  - {{from: b{i}, to: c{i}, on: next}}",
                  f"  - {{from: c{i}, to: a{i}, on: back}}",
                  f"  - {{from: c{i}, to: approved, on: approve, when: complete}}"]
    return "\n".join(lines) + "\n"


def test_a_file_with_many_findings_is_not_checked_again_without_end(write: Write) -> None:
    """Six loops, three states each, every bound stranding cases: 18 trial checks are more
    than a file is allowed, so the last hints say that no fix was checked."""
    findings, _ = check_file(write(_many_loops(6), "many.yaml"))
    hints = [f.hint.en for f in findings if f.code == "PK206" and f.hint is not None]
    assert len(hints) == 6
    assert sum("no fix was checked" in h for h in hints) >= 1
    assert all("no fix was checked" in h or "(checked)" in h for h in hints)
    assert not any("set `max_rounds` on `" in h for h in hints)
