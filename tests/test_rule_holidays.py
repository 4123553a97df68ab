"""Tests for policy_kit.calendar.rule_holidays: China's holidays by rule for estimated years,
from the shipped table while the installed ``holidays`` is its version, else asked live."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest
from click.testing import CliRunner

from policy_kit.calendar import ChineseCalendar
from policy_kit.calendar import rule_holidays as rules
from policy_kit.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[range]:
    """Starts with nothing known in this process; lists the ranges asked of ``holidays``."""
    monkeypatch.setattr(rules, "_KNOWN", {})
    asked: list[range] = []
    live = rules.compute

    def spy(years: range) -> dict[int, dict[date, str]]:
        asked.append(years)
        return live(years)

    monkeypatch.setattr(rules, "compute", spy)
    return asked


def _in_order(years: dict[int, dict[date, str]]) -> dict[int, list[tuple[date, str]]]:
    return {year: list(days.items()) for year, days in years.items()}


def test_the_runtime_answers_what_the_installed_holidays_computes(
    computed: list[range],
) -> None:
    # With the table's version installed the table is read and equals the live answers for
    # every year; with another one the runtime asks the package. Either way: live answers.
    live = rules.compute(rules.RULE_YEARS)
    assert rules.installed_holidays_version() == holidays.__version__  # told without importing
    if rules.table_version() == holidays.__version__:
        table = rules._read_table()
        assert table is not None
        assert _in_order(table) == _in_order(live)
    else:
        assert rules._read_table() is None
    computed.clear()
    answers = {year: rules.rule_holidays(year) for year in rules.RULE_YEARS}
    assert _in_order(answers) == _in_order(live)
    assert bool(computed) == (rules.table_version() != holidays.__version__)


def test_another_holidays_version_is_asked_live(
    monkeypatch: pytest.MonkeyPatch, computed: list[range]
) -> None:
    # A newer holidays may know more (a year the State Council has since published): the
    # table made with an older one is not read then.
    monkeypatch.setattr(rules, "installed_holidays_version", lambda: "999.0")
    assert rules._read_table() is None
    days = rules.rule_holidays(2030)
    assert computed == [range(2030, 2055)]
    assert days[date(2030, 10, 1)] == "国庆节"
    rules.rule_holidays(2054)  # asked with 2030
    assert rules.rule_holidays(2101) == {}  # beyond what holidays knows: not asked
    assert len(computed) == 1


def test_a_version_that_cannot_be_told_is_asked_live(
    monkeypatch: pytest.MonkeyPatch, computed: list[range]
) -> None:
    monkeypatch.setattr(rules, "installed_holidays_version", lambda: None)
    rules.rule_holidays(2030)
    assert computed == [range(2030, 2055)]


def test_without_a_table_holidays_is_asked_live(
    monkeypatch: pytest.MonkeyPatch, computed: list[range], tmp_path: Path
) -> None:
    monkeypatch.setattr(rules, "TABLE", tmp_path / "none.tsv")
    assert rules.table_version() is None
    rules.rule_holidays(2030)
    assert computed == [range(2030, 2055)]


@pytest.mark.parametrize(
    ("folders", "expected"),
    [
        pytest.param({"holidays-1.2.dist-info": "Name: holidays\nVersion: 1.2\n\nVersion: 9"},
                     "1.2", id="one-dist-info"),
        pytest.param({"Holidays-1.2.dist-info": "Metadata-Version: 2.4\nname: Holidays\n"
                                                "version: 1.2.post1\n"},
                     "1.2.post1", id="case-of-the-fields"),
        pytest.param({}, None, id="none"),
        pytest.param({"holidays-1.2.egg-info": "Name: holidays\nVersion: 1.2\n"}, None,
                     id="egg-info"),
        pytest.param({"holidays-1.2.dist-info": "Name: holidays\nVersion: 1.2\n",
                      "holidays-1.3.dist-info": "Name: holidays\nVersion: 1.3\n"}, None,
                     id="two-dist-infos"),
        pytest.param({"holidays-1.2.dist-info": "Name: holidays-extra\nVersion: 1.2\n"}, None,
                     id="another-distribution"),
        pytest.param({"holidays-1.2.dist-info": None}, None, id="no-metadata"),
    ],
)
def test_the_installed_version_is_read_beside_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, folders: dict[str, str | None],
    expected: str | None,
) -> None:
    (tmp_path / "holidays").mkdir()
    (tmp_path / "holidays" / "__init__.py").write_text("", encoding="utf-8")
    for name, metadata in folders.items():
        (tmp_path / name).mkdir()
        if metadata is not None:
            (tmp_path / name / "METADATA").write_text(metadata, encoding="utf-8")
    monkeypatch.delitem(sys.modules, "holidays")  # else find_spec answers the imported one
    monkeypatch.syspath_prepend(str(tmp_path))
    assert rules.installed_holidays_version() == expected


def _simulated(runner: CliRunner) -> str:
    result = runner.invoke(main, ["simulate", "jining-construction-start", "--seed", "3",
                                  "--cases", "400", "--replications", "2", "--workers", "1",
                                  "--json"])
    assert result.exit_code == 0, result.output
    return result.output


def test_table_and_live_simulate_the_same_to_the_byte(
    monkeypatch: pytest.MonkeyPatch, computed: list[range], runner: CliRunner
) -> None:
    table_version = rules.table_version()
    assert table_version is not None
    monkeypatch.setattr(rules, "installed_holidays_version", lambda: table_version)
    from_table = _simulated(runner)
    from_table_year = ChineseCalendar("lenient")._table(2031)
    assert computed == []
    assert 2031 in json.loads(from_table)["calendar"]["estimated_years"]

    monkeypatch.setattr(rules, "_KNOWN", {})
    monkeypatch.setattr(rules, "installed_holidays_version", lambda: None)
    live = _simulated(runner)
    assert computed  # asked live this time
    assert live == from_table
    assert ChineseCalendar("lenient")._table(2031) == from_table_year


def test_an_estimated_day_does_not_import_holidays() -> None:
    # A fresh process: the table answers 2030 while the installed holidays is its version;
    # with any other version, holidays is imported to answer live.
    code = ("import sys\n"
            "from datetime import date\n"
            "from policy_kit.calendar import ChineseCalendar\n"
            "from policy_kit.calendar import rule_holidays as rules\n"
            "assert ChineseCalendar('lenient').holiday_name(date(2030, 10, 1)) == '国庆节'\n"
            "print('holidays' in sys.modules, rules.table_version() == "
            "rules.installed_holidays_version())\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, encoding="utf-8", cwd=ROOT).stdout.split()
    imported, matching = out == ["True", "False"], out == ["False", "True"]
    assert imported or matching, out
    assert matching == (rules.table_version() == holidays.__version__)


@pytest.mark.parametrize("year", [1950, 2003, 2027, 2060, 2099, 2100])
def test_years_asked_live_in_batches_match_one_year_alone(
    monkeypatch: pytest.MonkeyPatch, computed: list[range], year: int
) -> None:
    # Asked live, years come 25 at a time and are built without asking day by day: the
    # calendar must be the one a year asked alone gives (names included).
    monkeypatch.setattr(rules, "installed_holidays_version", lambda: None)
    rules.rule_holidays(year - 7)  # the year below comes out of an earlier batch
    alone = holidays.country_holidays("CN", years=year, language="zh_CN")
    days_off = {d: str(n) for d, n in alone.items() if "调休" not in str(n)}
    table = ChineseCalendar("lenient")._table(year)
    for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
        day = date.fromordinal(ordinal)
        assert table.is_working(day) == (day.weekday() < 5 and day not in days_off), day
    assert table.names == days_off
    assert table.estimated
    assert computed


def test_rule_years_are_those_holidays_knows() -> None:
    # Years outside ``RULE_YEARS`` are plain weekends without asking ``holidays``: a newer
    # ``holidays`` that knows more years must move the range (and the table, regenerated).
    from holidays.countries.china import China

    assert (rules.RULE_YEARS.start, rules.RULE_YEARS.stop - 1) == (China.start_year,
                                                                   China.end_year)
    assert not holidays.country_holidays("CN", years=rules.RULE_YEARS.stop, language="zh_CN")
    lenient = ChineseCalendar("lenient")
    assert date(2103, 1, 1).weekday() == 0
    assert lenient.is_working_day(date(2103, 1, 1))  # New Year's Day is not known then
    assert not lenient.is_working_day(date(2103, 1, 6))  # a Saturday
    assert lenient.estimated_years == frozenset({2103})


def test_the_script_finds_the_table_current() -> None:
    # What scripts/cn-rule-holidays would write is what is shipped (for this holidays).
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "cn-rule-holidays"),
                           "--check"], capture_output=True, text=True, encoding="utf-8")
    current = rules.table_version() == holidays.__version__
    assert done.returncode == (0 if current else 1), done.stderr
