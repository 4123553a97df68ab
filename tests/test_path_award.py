"""``path`` on a process with a policy file shows what the paid case is awarded."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from policy_kit.cli import main


def test_paid_path_shows_the_award(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--year", "2023",
                                  "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "award (2023): 500,000.00 元  (capital_medium 500,000.00)" in result.output


def test_award_in_json_is_a_decimal_string(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--year", "2023",
                                  "--json", "--set", "paid_in_capital=12000000"])
    award = json.loads(result.output)["award"]
    assert award["year"] == 2023
    assert isinstance(award["amount"], str)
    assert award["amount"] == "1000000.00"


@pytest.mark.parametrize(("start", "year"), [
    pytest.param("2024-02-19", 2023, id="the-seeds-february-2024-round-pays-2023"),
    pytest.param("2024-02-01", 2023, id="the-day-the-round-opens"),
    pytest.param("2024-01-31", 2022, id="january-belongs-to-the-round-before"),
    pytest.param("2023-03-01", 2022, id="march-2023-round-pays-2022"),
])
def test_the_policy_year_follows_the_round(runner: CliRunner, start: str, year: int) -> None:
    """The policy's `round`: opens 1 February, pays the year before (seed)."""
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--start", start,
                                  "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["award"]["year"] == year


def test_year_given_wins_over_the_round(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--start", "2024-02-19",
                                  "--year", "2024", "--json"])
    assert json.loads(result.output)["award"]["year"] == 2024


def test_unpaid_case_has_no_award(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--json", "--set",
                                  "expert_score=10"])
    assert "award" not in json.loads(result.output)


def test_year_without_parameters_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--year", "2019",
                                  "--lang", "en"])
    assert result.exit_code == 2  # a year the policy does not cover is a usage error
    assert "no parameters for 2019" in result.output
    assert "Traceback" not in result.output


def test_process_without_policy_has_no_award(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "jining-construction-start", "--json"])
    assert "award" not in json.loads(result.output)
