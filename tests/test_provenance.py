"""PK701: which provenance covers which number, on planted and covered numbers of every kind
of file, and every bundled file passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from policy_kit.check.provenance import uncovered
from policy_kit.cli import main
from policy_kit.loader import bundled_dir
from policy_kit.source import read_yaml_text

BUNDLED = sorted(bundled_dir().glob("*.yaml"))


def _found(text: str) -> list[tuple[str, int, int, str | None]]:
    data, source = read_yaml_text(text, "t.yaml")
    return [(u.text, u.location.line, u.location.column, u.owner)
            for u in uncovered(data, source)]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_file_says_where_its_numbers_come_from(path: Path) -> None:
    data, source = read_yaml_text(path.read_bytes(), str(path))
    assert [u.key for u in uncovered(data, source)] == []


COVERED = """\
format: 1
id: p
source: the notice
limit: {working_days: 100, reference: Shandong's target}
attributes:
  amount: {type: number, min: 0, example: 10, assumption: a typical firm}
stages:
  - id: s
    source: the notice, section 2
    limit: {working_days: 40, assumption: half the total}
    regions:
      - id: r
        states:
          - {id: a, kind: task, limit: {working_days: 20, reference: 许可法 art. 42}}
          - {id: b, kind: wait, max_rounds: 2, limit: {working_days: 10},
             assumption: two rounds}
transitions:
  - {from: a, to: b, on: ask, when: amount > 30, source: the notice}
  - {from: a, to: c, on: go, when: amount >= 0 and done(b1)}
"""


def test_covered_numbers_raise_nothing() -> None:
    assert _found(COVERED) == []


@pytest.mark.parametrize(("before", "after", "expected"), [
    pytest.param("limit: {working_days: 100, reference: Shandong's target}",
                 "limit: {working_days: 100}", ("100", 4, 23, None), id="file-source-no-cover"),
    pytest.param("limit: {working_days: 40, assumption: half the total}",
                 "limit: {working_days: 40}", ("40", 10, 27, None), id="stage-source-no-cover"),
    pytest.param("max_rounds: 2, limit: {working_days: 10},\n             assumption: two rounds}",
                 "max_rounds: 2, limit: {working_days: 10}}", ("2", 15, 45, "b"),
                 id="state-without-provenance"),
    pytest.param("when: amount > 30, source: the notice}", "when: amount > 30}",
                 ("30", 18, 46, "a → b"), id="number-in-a-guard"),
    pytest.param("example: 10, assumption: a typical firm}", "example: 10}",
                 ("0", 6, 31, "amount"), id="attribute"),
    pytest.param("{working_days: 20, reference: 许可法 art. 42}",
                 "{working_days: 20, reference: ''}",
                 ("20", 14, 55, "a"), id="empty-reference"),
])
def test_a_planted_number_is_found_where_it_stands(
        before: str, after: str, expected: tuple[str, int, int, str | None]) -> None:
    text = COVERED.replace(before, after)
    assert text != COVERED
    assert expected in _found(text)


def test_quoted_text_and_settings_are_not_numbers() -> None:
    text = ('format: 1\nprocess: p\ncases: 300\nreplications: 5\nseed: 1\nhorizon_days: 182\n'
            'title: "20 working days"\nstart: 2024-01-01\n')
    assert _found(text) == []


SCENARIO = """\
format: 1
process: p
source: the seed
arrivals: {per_working_day: 0.25, source: the seed}
staff:
  office: {count: 4, assumption: four officers}
  archive: {count: 2}
durations:
  a: {dist: triangular, low: 1, mode: 3, high: 8, source: the office's records}
  b: {dist: fixed, value: 2}
branches:
  a: {probabilities: {go: 0.9, ask: 0.1}, assumption: one in ten asked}
  c: {probabilities: {go: 0.5, stop: 0.5}}
applicants:
  amount: {distribution: {dist: lognormal, mean: 5, sd: 2}, source: the register}
"""


def test_scenario_entries_cover_their_numbers_and_only_theirs() -> None:
    found = _found(SCENARIO)
    assert sorted((text, owner) for text, _, _, owner in found) == [
        ("0.5", "c"), ("0.5", "c"), ("2", "archive"), ("2", "b")]
    assert ("2", 7, 20, "archive") in found


def test_validate_reports_pk701_and_strict_fails(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "format: 1\nid: p\ntitle: t\nsource: a notice\nlimit: {working_days: 30}\n"
        "states:\n  - {id: a, kind: task, limit: {working_days: 10, reference: rule}}\n"
        "  - {id: done, kind: final, outcome: approved}\n"
        "transitions:\n  - {from: a, to: done, on: approve}\n", encoding="utf-8")
    runner = CliRunner()
    loose = runner.invoke(main, ["validate", str(path), "--lang", "en"])
    assert loose.exit_code == 0
    assert "5:23  PK701" in loose.output and "the number 30" in loose.output
    strict = runner.invoke(main, ["validate", str(path), "--strict"])
    assert strict.exit_code == 1


NUMBERS = st.one_of(st.integers(min_value=0, max_value=10**6),
                    st.decimals(min_value=0, max_value=1000, places=2))


@given(st.lists(st.tuples(st.sampled_from(["limit", "max_rounds", "count", "share"]), NUMBERS),
                min_size=1, max_size=5), st.booleans())
def test_an_entry_with_provenance_covers_all_its_numbers(
        fields: list[tuple[str, object]], sourced: bool) -> None:
    body = ", ".join(f"k{i}_{name}: {value}" for i, (name, value) in enumerate(fields))
    extra = ", assumption: chosen" if sourced else ""
    text = f"format: 1\nstates:\n  - {{id: s, kind: task, {body}{extra}}}\n"
    found = _found(text)
    assert len(found) == (0 if sourced else len(fields))
    assert all(owner == "s" and line == 3 for _, line, _, owner in found)
