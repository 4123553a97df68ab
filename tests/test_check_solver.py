"""Guards that compute, decided by the solver: planted gaps and overlaps found with a
witness that replays through ``policy-kit path``, correct guards left silent, and the
solver's classes against brute force over small integer domains (hypothesis)."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_kit.check import Finding, check_file
from policy_kit.check.applicants import applicants, truth
from policy_kit.expr import Value
from policy_kit.loader import load
from tests.path_replay import entered, walk

Write = Callable[[str, str], Path]

HEAD = """\
format: 1
id: solved
title: solved
attributes:
  floor_area: {type: number, min: 0, example: 1200}
  key_project: {type: bool, example: false}
  land: {type: number, min: 0, max: 1000, example: 10}
  building: {type: number, min: 0, max: 1000, example: 10}
  staff: {type: integer, min: 0, max: 500, example: 10}
  opened: {type: date, min: 2020-01-01, max: 2030-12-31, example: 2024-01-01}
  sector: {type: enum, values: [film, music, games], example: film}
states:
  - {id: intake, kind: task}
  - {id: check, kind: decision}
  - {id: simple, kind: final, outcome: approved}
  - {id: full, kind: final, outcome: rejected}
transitions:
  - {from: intake, to: check, on: accept}
"""


def _way(source: str, target: str, trigger: str, when: str) -> str:
    return f"  - {{from: {source}, to: {target}, on: {trigger}, when: '{when}'}}\n"


def _findings(write: Write, *ways: str) -> tuple[Path, tuple[Finding, ...]]:
    """The findings about behaviour and guards (not the provenance of numbers, PK7xx)."""
    path = write(HEAD + "".join(ways), "solved.yaml")
    return path, tuple(f for f in check_file(path)[0] if not f.code.startswith("PK7"))






def test_the_issue_example_overlaps_between_3000_and_3500(write: Write,
                                                          runner: CliRunner) -> None:
    path, findings = _findings(
        write, _way("check", "simple", "route_simple", "floor_area / 1000 >= 3 or not key_project"),
        _way("check", "full", "route_full", "floor_area < 3500 and key_project"))
    assert [f.code for f in findings] == ["PK302"]
    overlap = findings[0]
    example = overlap.counterexample
    assert example is not None
    assert example.applicant["key_project"] is True
    assert Decimal(3000) <= example.applicant["floor_area"] < Decimal(3500)  # type: ignore[operator]
    for trigger, target in (("route_simple", "simple"), ("route_full", "full")):
        assert entered(walk(runner, path, overlap, trigger))[-1] == target


def test_a_gap_between_samples_is_found_at_its_one_point(write: Write,
                                                          runner: CliRunner) -> None:
    path, findings = _findings(
        write, _way("check", "simple", "small", "land + building < 100"),
        _way("check", "full", "large", "land + building > 100"))
    assert [f.code for f in findings] == ["PK301"]
    gap = findings[0]
    assert gap.location.line == 14 and gap.ids == ("check",)
    example = gap.counterexample
    assert example is not None
    total = example.applicant["land"] + example.applicant["building"]  # type: ignore[operator]
    assert total == 100
    walked = walk(runner, path, gap)
    assert walked["outcome"] is None and entered(walked) == ["check"]


def test_a_division_by_zero_is_found_without_sampling(write: Write) -> None:
    _, findings = _findings(
        write, _way("check", "simple", "approve", "1000 / staff > 5"),
        _way("check", "full", "refuse", "staff >= 200"))
    codes = [f.code for f in findings]
    assert "PK207" in codes and "PK208" not in codes
    failing = next(f for f in findings if f.code == "PK207")
    assert failing.counterexample is not None
    assert failing.counterexample.applicant["staff"] == 0


def test_dates_and_enums_are_solved(write: Write, runner: CliRunner) -> None:
    path, findings = _findings(
        write, _way("check", "simple", "young", 'opened + 365 > 2024-06-01 and sector != "film"'),
        _way("check", "full", "old", 'opened + 365 <= 2024-06-01 or sector == "film"'),
        _way("check", "full", "music", 'sector == "music" and opened - 2024-01-01 >= 100'))
    assert [f.code for f in findings] == ["PK302"]
    overlap = findings[0]
    example = overlap.counterexample
    assert example is not None and example.applicant["sector"] == "music"
    assert entered(walk(runner, path, overlap, "music"))[-1] == "full"


def test_exact_guards_raise_no_false_alarm(write: Write) -> None:
    _, findings = _findings(
        write, _way("check", "simple", "route_simple", "floor_area / 1000 >= 3 or not key_project"),
        _way("check", "full", "route_full", "floor_area < 3000 and key_project"))
    assert findings == ()


def test_time_limits_are_decided_once_the_solver_decides(write: Write) -> None:
    text = HEAD.replace("  - {id: intake, kind: task}",
                        "  - {id: intake, kind: task, limit: {working_days: 3}}")
    text = text.replace("title: solved\n", "title: solved\nlimit: {working_days: 2}\n")
    path = write(text + _way("check", "simple", "a", "land * 2 > building")
                 + _way("check", "full", "b", "land * 2 <= building"), "timed.yaml")
    codes = {f.code for f in check_file(path)[0]}
    assert "PK401" in codes or "PK402" in codes
    assert not codes & {"PK208", "PK404"}


# -- the solver against brute force ---------------------------------------------------------

VARIABLES = ("x", "y")
LOW, HIGH = 0, 6


@st.composite
def terms(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 5))
    x, y = draw(st.permutations(VARIABLES))
    a, b = draw(st.integers(-3, 3)), draw(st.integers(1, 4))
    return [f"{x}", f"{a} * {x} + {y}", f"{x} * {y}", f"{x} / {b} - {y}",
            f"max({x}, {y}) - {b}", f"abs({x} - {y} * {b})"][kind]


@st.composite
def guards(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 2))):
        op = draw(st.sampled_from(("<", "<=", "==", "!=", ">", ">=")))
        parts.append(f"{draw(terms())} {op} {draw(st.integers(-4, 12))}")
    if draw(st.integers(0, 5)) == 0:
        parts.append(f"10 / (x - {draw(st.integers(LOW, HIGH))}) > 1")
    joined = f" {draw(st.sampled_from(('and', 'or')))} ".join(parts)
    return f"not ({joined})" if draw(st.booleans()) else joined


def _definition(rules: list[str]) -> str:
    ways = "".join(_way("check", "end", f"w{k}", rule) for k, rule in enumerate(rules))
    return f"""\
format: 1
id: brute
title: brute
attributes:
  x: {{type: integer, min: {LOW}, max: {HIGH}, example: 0}}
  y: {{type: integer, min: {LOW}, max: {HIGH}, example: 0}}
states:
  - {{id: check, kind: decision}}
  - {{id: end, kind: final, outcome: approved}}
transitions:
{ways}"""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(guards(), min_size=1, max_size=3))
def test_the_solver_finds_exactly_the_behaviours_brute_force_finds(rules: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brute.yaml"
        path.write_text(_definition(rules), encoding="utf-8")
        structure = load(path).structure
    compiled = [m.guard for m in structure.moves if m.guard is not None]

    def behaviour(values: dict[str, Value]) -> tuple[bool | None, ...]:
        return tuple(truth(g, values, 0) for g in compiled)

    found = applicants(structure)
    assert found.exact, "linear and non-linear integer guards over a bounded domain"
    solved = {behaviour(dict(values)) for values in found.classes}
    brute = {behaviour({"x": Decimal(x), "y": Decimal(y)})
             for x, y in itertools.product(range(LOW, HIGH + 1), repeat=2)}
    assert solved == brute


@pytest.mark.parametrize("path", sorted(Path(__file__).parent.parent.glob("processes/*.yaml")),
                         ids=lambda p: p.name)
def test_bundled_processes_need_no_sampling(path: Path) -> None:
    if path.name.count(".") > 1:
        pytest.skip("not a process definition")
    assert applicants(load(path).structure).exact


# -- overlaps at a task ------------------------------------------------------------------


def test_different_rules_at_a_task_overlap_with_a_witness(write: Write,
                                                          runner: CliRunner) -> None:
    path, findings = _findings(
        write, _way("intake", "simple", "sign_off", "staff * 2 <= 200"),
        _way("intake", "full", "refer", "staff >= 100"),
        _way("check", "simple", "approve", "staff >= 0"))
    overlaps = [f for f in findings if f.code == "PK302"]
    assert [f.ids for f in overlaps] == [("intake", "simple", "full")]
    assert overlaps[0].location.line == 20  # the second rule's `when`
    example = overlaps[0].counterexample
    assert example is not None and example.applicant["staff"] == 100
    for trigger, target in (("sign_off", "simple"), ("refer", "full")):
        assert entered(walk(runner, path, overlaps[0], trigger))[-1] == target


@pytest.mark.parametrize("second", ["staff >= 100", None], ids=["same-guard", "unguarded"])
def test_the_same_rule_or_none_at_a_task_is_a_choice(write: Write, second: str | None) -> None:
    other = (_way("intake", "full", "refer", second) if second
             else "  - {from: intake, to: full, on: refer}\n")
    _, findings = _findings(write, _way("intake", "simple", "sign_off", "staff >= 100"), other,
                            _way("check", "simple", "approve", "staff >= 0"))
    assert "PK302" not in {f.code for f in findings}
