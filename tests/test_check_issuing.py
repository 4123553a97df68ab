"""Certificates on the approved way: a promised certificate missing on a way to its outcome
(PK116, replayed through ``policy-kit path``), a certificate issued only off the approved
ways (PK115), and what does not count (ways no applicant takes, refusal notices accepted)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from policy_kit.check import Finding, check_file
from policy_kit.cli import main

Write = Callable[[str, str], Path]
CORPUS = Path(__file__).parent / "checks"

SEVEN = """\
format: 1
id: seven
title: certificates issued together
attributes:
  floor_area: {type: number, min: 0, example: 1200}
certificates:
  - {id: planning_permit, name: 规划许可证, promised: [approved]}
  - {id: construction_permit, name: 施工许可证, promised: [approved]}
stages:
  - id: joint
    regions:
      - id: planning
        states:
          - {id: planning_review, kind: task}
          - {id: planning_done, kind: final}
      - id: building
        states:
          - {id: building_review, kind: task}
          - {id: building_done, kind: final}
states:
  - {id: bundle, kind: task}
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
transitions:
  - {from: planning_review, to: planning_done, on: approve}
  - {from: planning_review, to: rejected, on: reject}
  - {from: building_review, to: building_done, on: approve}
  - {from: joint, to: bundle, on: join}
  - {from: bundle, to: approved, on: issue_all, issues: [planning_permit, construction_permit]}
suppress:
  - {code: PK203, id: joint, reason: a planning refusal ends the joint review}
"""


def _behaviour(path: Path) -> list[Finding]:
    """Unsuppressed findings about behaviour (not the provenance of numbers, PK7xx)."""
    return [f for f in check_file(path)[0] if not f.code.startswith("PK7")
            and f.suppressed is None]


def test_a_missing_promised_certificate_replays_through_path(runner: CliRunner) -> None:
    path = CORPUS / "pk116-promised-certificate-missing.yaml"
    finding = next(f for f in _behaviour(path) if f.code == "PK116")
    example = finding.counterexample
    assert example is not None
    arguments = ["path", str(path), "--json"]
    for name, value in example.applicant.items():
        arguments += ["--set", f"{name}={value}"]
    for step in example:
        arguments += ["--choose", step.trigger]
    walked = json.loads(runner.invoke(main, arguments).output)
    assert walked["outcome"] == "approved"
    assert "construction_permit" not in walked["certificates"]
    assert "planning_permit" in walked["certificates"]


def test_certificates_issued_together_after_a_join_keep_the_promise(write: Write) -> None:
    assert _behaviour(write(SEVEN, "seven.yaml")) == []


def test_a_way_no_applicant_takes_breaks_no_promise(write: Write) -> None:
    text = SEVEN.replace("suppress:\n", "  - {from: bundle, to: approved, on: quick, when: "
                         "floor_area < 0, issues: [planning_permit]}\nsuppress:\n")
    assert {f.code for f in _behaviour(write(text, "seven.yaml"))} == {"PK204"}


def test_a_promise_broken_inside_a_concurrent_stage_is_found(write: Write) -> None:
    text = SEVEN.replace("  - {from: building_review, to: building_done, on: approve}\n",
                         "  - {from: building_review, to: building_done, on: approve}\n"
                         "  - {from: building_review, to: approved, on: exempt}\n")
    findings = _behaviour(write(text, "seven.yaml"))
    missing = [f for f in findings if f.code == "PK116"]
    assert {f.ids for f in missing} == {("planning_permit", "approved"),
                                        ("construction_permit", "approved")}
    example = missing[0].counterexample
    assert example is not None and [s.event for s in example] == ["building.exempt"]


def test_a_refusal_notice_is_accepted_with_a_suppression(write: Write) -> None:
    text = (CORPUS / "pk115-certificate-off-approved-way.yaml").read_text(encoding="utf-8")
    text += "suppress:\n  - {code: PK115, id: licence, reason: it is the refusal notice here}\n"
    findings = [f for f in check_file(write(text, "suppressed.yaml"))[0] if f.code == "PK115"]
    assert [f.suppressed is not None for f in findings] == [True]


def test_an_unknown_promised_outcome_is_an_unknown_reference(write: Write) -> None:
    text = SEVEN.replace("promised: [approved]}\n  - {id: construction_permit",
                         "promised: [aproved]}\n  - {id: construction_permit")
    findings = check_file(write(text, "seven.yaml"))[0]
    assert [(f.code, f.ids) for f in findings] == [("PK101", ("aproved",))]
    assert findings[0].hint is not None and "approved" in findings[0].hint.en
