"""Tests for policy_kit.calendar: statutory working days, estimates, overrides and office hours."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit.calendar import (
    DATA_YEARS,
    LOCAL_DAY_OFF,
    Calendar,
    ChineseCalendar,
    WeeklyCalendar,
    calendar_for,
    load_holidays,
)
from policy_kit.errors import DefinitionError, PolicyKitError, UsageError

CN = ChineseCalendar()
WEEKLY = WeeklyCalendar()

# Days inside the published data, far enough from its end that 400 working days still fit.
published_days = st.dates(min_value=date(2004, 1, 1), max_value=date(2024, 6, 30))
counts = st.integers(min_value=0, max_value=400)


# --- the verified statutory cases -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "count_first_day", "expected"),
    [
        # National Day 2023: 09-29..10-06 off, Saturday 10-07 and Sunday 10-08 worked.
        (date(2023, 9, 28), 5, True, date(2023, 10, 10)),
        (date(2023, 9, 28), 5, False, date(2023, 10, 11)),
        # Spring Festival 2024: 02-10..02-17 off, Sunday 02-04 and Sunday 02-18 worked;
        # 除夕 (Friday 02-09) was an ordinary working day.
        (date(2024, 2, 8), 1, False, date(2024, 2, 9)),
        (date(2024, 2, 8), 2, False, date(2024, 2, 18)),
        (date(2024, 2, 8), 3, True, date(2024, 2, 18)),
        (date(2024, 2, 2), 1, False, date(2024, 2, 4)),
        (date(2024, 2, 8), 5, False, date(2024, 2, 21)),
        # Starting on a holiday: the count begins with the next working day either way.
        (date(2024, 2, 12), 1, False, date(2024, 2, 18)),
        (date(2024, 2, 12), 1, True, date(2024, 2, 18)),
        (date(2024, 2, 12), 2, True, date(2024, 2, 19)),
        # Zero days: the same day, or the next working day when the start is not one.
        (date(2023, 9, 28), 0, False, date(2023, 9, 28)),
        (date(2023, 9, 28), 0, True, date(2023, 9, 28)),
        (date(2023, 10, 1), 0, False, date(2023, 10, 7)),
        (date(2024, 2, 12), 0, True, date(2024, 2, 18)),
        # A year boundary: 2025-01-01 is off.
        (date(2024, 12, 31), 1, False, date(2025, 1, 2)),
    ],
    ids=[
        "notice-national-day-2023",
        "limit-national-day-2023",
        "limit-1-before-spring-2024",
        "limit-2-across-spring-2024",
        "notice-3-across-spring-2024",
        "limit-1-to-makeup-sunday-2024",
        "limit-5-across-spring-2024",
        "limit-from-holiday",
        "notice-from-holiday",
        "notice-2-from-holiday",
        "zero-on-working-day",
        "zero-notice-on-working-day",
        "zero-on-holiday",
        "zero-notice-on-holiday",
        "limit-across-new-year",
    ],
)
def test_add_working_days_statutory(
    start: date, days: int, count_first_day: bool, expected: date
) -> None:
    assert CN.add_working_days(start, days, count_first_day=count_first_day) == expected
    assert chinese_calendar.is_workday(expected)


def test_research_cases_agree_with_chinese_calendar() -> None:
    assert len(chinese_calendar.get_workdays(date(2023, 9, 28), date(2023, 10, 10))) == 5
    assert CN.working_days_between(date(2023, 9, 28), date(2023, 10, 10)) == 5
    assert chinese_calendar.find_workday(4, date(2023, 9, 28)) == date(2023, 10, 10)


@pytest.mark.parametrize(
    ("year", "expected"), [(2024, 251), (2025, 248), (2026, 248)], ids=["2024", "2025", "2026"]
)
def test_working_days_per_year(year: int, expected: int) -> None:
    assert CN.working_days_between(date(year, 1, 1), date(year, 12, 31)) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 2, 9), date(2024, 2, 18), 2),
        (date(2024, 2, 10), date(2024, 2, 17), 0),
        (date(2024, 2, 18), date(2024, 2, 18), 1),
        (date(2024, 2, 18), date(2024, 2, 17), 0),
        (date(2023, 12, 29), date(2024, 1, 2), 2),
    ],
    ids=["spring-2024", "inside-holiday", "single-day", "reversed", "across-years"],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert CN.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 12), "春节"),
        (date(2024, 2, 11), "春节"),  # a Sunday inside the holiday block
        (date(2024, 2, 4), None),  # make-up working Sunday
        (date(2024, 2, 3), None),  # plain Saturday
        (date(2024, 2, 5), None),  # plain working Monday
        (date(2023, 10, 1), "国庆节"),
        (date(2023, 9, 29), "中秋"),
    ],
    ids=["holiday", "weekend-in-holiday", "makeup-day", "weekend", "workday", "national", "mid"],
)
def test_holiday_name(day: date, expected: str | None) -> None:
    assert CN.holiday_name(day) == expected


def test_a_notice_spanning_national_day() -> None:
    # A 6-working-day public notice posted on Monday 2024-09-30: 10-01..10-07 are off.
    end = CN.add_working_days(date(2024, 9, 30), 6, count_first_day=True)
    assert end == date(2024, 10, 12)  # Saturday 10-12 is a make-up working day
    assert CN.working_days_between(date(2024, 9, 30), end) == 6
    assert CN.add_working_days(date(2024, 9, 30), 7, count_first_day=True) == date(2024, 10, 14)


@pytest.mark.parametrize(
    ("start", "days", "count_first_day", "expected"),
    [
        (date(2024, 2, 1), 9, False, date(2024, 2, 18)),  # 02-10 is off: moves to 02-18
        (date(2024, 2, 1), 10, True, date(2024, 2, 18)),
        (date(2024, 2, 1), 0, False, date(2024, 2, 1)),
        (date(2024, 1, 20), 5, False, date(2024, 1, 25)),
        (date(2024, 9, 14), 0, True, date(2024, 9, 14)),  # make-up Saturday
    ],
    ids=["lands-on-holiday", "counting-first-day", "zero", "plain", "zero-on-makeup-day"],
)
def test_add_natural_days(start: date, days: int, count_first_day: bool, expected: date) -> None:
    assert CN.add_natural_days(start, days, count_first_day=count_first_day) == expected


@pytest.mark.parametrize(
    ("day", "include_today", "expected"),
    [
        (date(2024, 2, 9), True, date(2024, 2, 9)),
        (date(2024, 2, 9), False, date(2024, 2, 18)),
        (date(2024, 2, 10), True, date(2024, 2, 18)),
    ],
    ids=["today", "after-today", "holiday"],
)
def test_next_working_day(day: date, include_today: bool, expected: date) -> None:
    assert CN.next_working_day(day, include_today=include_today) == expected


# --- beyond the published data ------------------------------------------------------------


def test_data_years() -> None:
    assert range(2004, 2027) == DATA_YEARS


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda c: c.add_working_days(date(2026, 12, 28), 10), 2027),
        (lambda c: c.is_working_day(date(2027, 3, 3)), 2027),
        (lambda c: c.holiday_name(date(2003, 10, 1)), 2003),
        (lambda c: c.working_days_between(date(2026, 12, 1), date(2027, 1, 5)), 2027),
    ],
    ids=["deadline-into-2027", "day-in-2027", "day-in-2003", "span-into-2027"],
)
def test_strict_refuses_years_without_data(call: object, year: int) -> None:
    strict = ChineseCalendar("strict")
    message = (
        rf"no statutory holiday data for {year}: .*covers 2004–2026 only; "
        r"choose the lenient mode \(path: --calendar-mode lenient; a scenario: "
        r"`calendar: \{mode: lenient\}`\) or add a holidays file"
    )
    with pytest.raises(PolicyKitError, match=message):
        call(strict)  # type: ignore[operator]
    assert strict.estimated_years == frozenset()


def test_strict_answers_inside_the_data() -> None:
    strict = ChineseCalendar("strict")
    assert strict.add_working_days(date(2023, 9, 28), 5) == date(2023, 10, 11)


def _rule_spring_festival(year: int) -> set[date]:
    found = holidays.country_holidays("CN", years=year, language="zh_CN")
    return {d for d, name in found.items() if "春节" in name or "除夕" in name}


def test_lenient_estimates_2027() -> None:
    lenient = ChineseCalendar("lenient")
    assert lenient.estimated_years == frozenset()
    first = lenient.add_working_days(date(2026, 12, 31), 1)
    assert lenient.estimated_years == frozenset({2027})
    assert first == date(2027, 1, 4)  # 01-01 is New Year's Day, then a weekend
    assert first.weekday() < 5
    assert first != date(2027, 1, 1)
    spring = _rule_spring_festival(2027)
    assert date(2027, 2, 6) in spring  # 正月初一 2027
    after = lenient.add_working_days(date(2027, 2, 4), 1)
    assert after.weekday() < 5
    assert after not in spring
    assert after > max(spring)
    assert lenient.holiday_name(date(2027, 2, 6)) == "春节"
    assert lenient.holiday_name(date(2027, 1, 1)) == "元旦"


def test_lenient_uses_the_data_where_it_exists() -> None:
    lenient = ChineseCalendar("lenient")
    assert lenient.add_working_days(date(2023, 9, 28), 5) == date(2023, 10, 11)
    assert lenient.estimated_years == frozenset()


def test_lenient_estimate_drops_swapped_days_off() -> None:
    # holidays knows 2003's swap (02-06 off for 02-08 worked) but not the worked Saturday;
    # the estimate keeps neither half.
    lenient = ChineseCalendar("lenient")
    assert lenient.is_working_day(date(2003, 2, 6))
    assert not lenient.is_working_day(date(2003, 2, 8))
    assert lenient.estimated_years == frozenset({2003})


# --- overrides and holidays files -------------------------------------------------------------


def test_overrides_change_answers() -> None:
    plain = ChineseCalendar()
    assert plain.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    local = ChineseCalendar(overrides={date(2024, 10, 8): False, date(2024, 10, 2): True})
    assert local.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 2)
    assert local.add_working_days(date(2024, 9, 30), 2) == date(2024, 10, 9)
    assert local.holiday_name(date(2024, 10, 8)) == LOCAL_DAY_OFF
    assert local.holiday_name(date(2024, 10, 2)) is None
    assert local.name == "cn-lenient+overrides"


def test_strict_accepts_a_year_declared_by_overrides() -> None:
    declared = ChineseCalendar(
        "strict", {date(2027, 1, 1): False, date(2027, 2, 8): False, date(2027, 2, 20): True}
    )
    assert declared.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert declared.add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 9)
    assert declared.is_working_day(date(2027, 2, 20))  # a Saturday made a working day
    assert declared.holiday_name(date(2027, 2, 8)) == "春节"  # named by rule where it can be
    assert declared.estimated_years == frozenset()
    with pytest.raises(PolicyKitError, match="no statutory holiday data for 2028"):
        declared.is_working_day(date(2028, 1, 3))


YAML_2024 = """\
source: 本地通知（测试）
holidays: [2024-10-08]
workdays:
  - 2024-10-02
"""

CSV_2027 = "date,kind\n2027-01-01,holiday\n2027-02-08, Holiday\n\n# a comment\n2027-02-20,workday\n"


def test_yaml_file_changes_an_answer(tmp_path: Path) -> None:
    path = tmp_path / "local.yaml"
    path.write_text(YAML_2024, encoding="utf-8")
    assert load_holidays(path) == {date(2024, 10, 8): False, date(2024, 10, 2): True}
    calendar = calendar_for("cn", "strict", path)
    assert calendar.add_working_days(date(2024, 9, 30), 2) == date(2024, 10, 9)


def test_csv_file_with_bom_declares_a_year(tmp_path: Path) -> None:
    path = tmp_path / "2027.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV_2027.encode("utf-8"))
    assert load_holidays(path) == {
        date(2027, 1, 1): False,
        date(2027, 2, 8): False,
        date(2027, 2, 20): True,
    }
    calendar = calendar_for("cn", "strict", path)
    assert calendar.add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 9)
    assert calendar.estimated_years == frozenset()


def test_csv_file_without_bom_or_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("2027-01-01,holiday\n", encoding="utf-8")
    assert load_holidays(str(path)) == {date(2027, 1, 1): False}


@pytest.mark.parametrize(
    ("name", "content", "where", "message"),
    [
        ("bad.yaml", "holidays:\n  - 2027-01-01\n  - 2027-13-01\n", ":3:5", "'2027-13-01' is not"),
        ("bad.yaml", "holidays: [2027-01-01, tomorrow]\n", ":1:24", "'tomorrow' is not a date"),
        ("bad.yaml", "holiday: [2027-01-01]\n", ":1:1", "unknown key 'holiday'"),
        ("bad.yaml", "holidays: 2027-01-01\n", ":1:11", "expected a list of dates"),
        ("bad.yaml", "- 2027-01-01\n", ":1:1", "must be a mapping"),
        ("bad.yaml", "holidays: [2027-01-01\n", ":2:1", "YAML syntax error"),
        ("bad.yaml", "holidays: [[2027-01-01]]\n", ":1:12", "found a list or mapping"),
        (
            "bad.yaml",
            "holidays: [2027-02-14]\nworkdays: [2027-02-14]\n",
            ":2:12",
            "listed both as a holiday and as a workday",
        ),
        ("bad.csv", "date,kind\n2027-01-01,holiday\n2027-02-30,holiday\n", ":3:1", "not a date"),
        ("bad.csv", "date,kind\n2027-01-01,vacation\n", ":2:1", "kind 'vacation' is neither"),
        ("bad.csv", "2027-01-01\n", ":1:1", "expected 2 columns"),
        ("bad.csv", "27-1-1,holiday\n", ":1:1", "'27-1-1' is not a date"),
    ],
    ids=[
        "yaml-bad-date-in-block-list",
        "yaml-bad-date-in-flow-list",
        "yaml-unknown-key",
        "yaml-scalar-not-list",
        "yaml-root-not-mapping",
        "yaml-syntax",
        "yaml-nested-list",
        "yaml-conflict",
        "csv-bad-date",
        "csv-bad-kind",
        "csv-one-column",
        "csv-short-date",
    ],
)
def test_bad_holidays_file(
    tmp_path: Path, name: str, content: str, where: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DefinitionError, match=re.escape(f"{path}{where}: ") + ".*" + message):
        load_holidays(path)


def test_bad_holidays_file_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("x,holiday\n2027-01-01,holiday\ny,workday\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"two\.csv:1:1: .*\n.*\n.*two\.csv:3:1") as caught:
        load_holidays(path)
    assert len(caught.value.problems) == 2


def test_missing_holidays_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyKitError, match="holidays file not found: .*nowhere.yaml"):
        load_holidays(tmp_path / "nowhere.yaml")


def test_holidays_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("date,kind\n2027-01-01,假日\n".encode("gbk"))
    with pytest.raises(DefinitionError, match=r"gbk\.csv:2:1: not UTF-8 text"):
        load_holidays(path)


@pytest.mark.parametrize(
    "content",
    ["", "source: only a source\n", "holidays:\nworkdays: []\n"],
    ids=["empty", "source", "none"],
)
def test_empty_yaml_holidays_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.yml"
    path.write_text(content, encoding="utf-8")
    assert load_holidays(path) == {}


# --- calendar_for and refusals --------------------------------------------------------------


def test_calendar_for() -> None:
    cn = calendar_for("cn", "strict")
    assert isinstance(cn, ChineseCalendar)
    assert cn.name == "cn-strict"
    weekly = calendar_for("weekly")
    assert isinstance(weekly, WeeklyCalendar)
    assert weekly.name == "weekly Mon,Tue,Wed,Thu,Fri 09:00-17:00"
    assert isinstance(cn, Calendar)
    assert isinstance(weekly, Calendar)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: calendar_for("weekly", holidays_file="x.yaml"), UsageError, "needs the cn"),
        (lambda: calendar_for("monthly"), UsageError, "unknown calendar 'monthly'"),  # type: ignore[arg-type]
        (lambda: ChineseCalendar("loose"), PolicyKitError, "must be 'strict' or 'lenient'"),  # type: ignore[arg-type]
        (lambda: CN.add_working_days(date(2024, 1, 1), -1), PolicyKitError, "-1 working days"),
        (lambda: CN.add_natural_days(date(2024, 1, 1), -3), PolicyKitError, "-3 days is neg"),
        (lambda: WEEKLY.add_working_hours(datetime(2024, 1, 1), -1), PolicyKitError, "-1 work"),
        (
            lambda: WEEKLY.add_working_hours(datetime(2024, 1, 1), float("nan")),
            PolicyKitError,
            "nan",
        ),
        (lambda: WeeklyCalendar(()), PolicyKitError, "at least one working weekday"),
        (lambda: WeeklyCalendar((0, 7)), PolicyKitError, r"\[7\] is not one of them"),
        (lambda: WeeklyCalendar(start=time(17), end=time(9)), PolicyKitError, "end after"),
        (lambda: WEEKLY.add_working_days(date(9999, 12, 30), 5), PolicyKitError, "end of year"),
        (lambda: WEEKLY.add_natural_days(date(9999, 12, 30), 5), PolicyKitError, "out of range"),
    ],
    ids=[
        "weekly-with-file",
        "unknown-kind",
        "unknown-mode",
        "negative-working-days",
        "negative-natural-days",
        "negative-hours",
        "nan-hours",
        "no-weekdays",
        "weekday-out-of-range",
        "office-hours-reversed",
        "past-year-9999",
        "natural-past-9999",
    ],
)
def test_refusals(call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]


# --- weekly calendar and office hours -------------------------------------------------------


def test_weekly_calendar_ignores_holidays() -> None:
    assert WEEKLY.is_working_day(date(2024, 2, 12))  # Spring Festival Monday
    assert not WEEKLY.is_working_day(date(2024, 2, 4))  # a make-up Sunday
    assert WEEKLY.add_working_days(date(2023, 9, 28), 5) == date(2023, 10, 5)
    assert WEEKLY.holiday_name(date(2024, 2, 12)) is None
    assert WEEKLY.working_days_between(date(2024, 1, 1), date(2024, 12, 31)) == 262
    six_days = WeeklyCalendar((0, 1, 2, 3, 4, 5))
    assert six_days.add_working_days(date(2024, 1, 5), 1) == date(2024, 1, 6)


@pytest.mark.parametrize(
    ("moment", "hours", "expected"),
    [
        (datetime(2024, 1, 8, 10), 2, datetime(2024, 1, 8, 12)),
        (datetime(2024, 1, 8, 16), 1, datetime(2024, 1, 8, 17)),  # ends at closing time
        (datetime(2024, 1, 8, 16), 3, datetime(2024, 1, 9, 11)),
        (datetime(2024, 1, 8, 7), 1.5, datetime(2024, 1, 8, 10, 30)),  # before opening
        (datetime(2024, 1, 8, 18), 1, datetime(2024, 1, 9, 10)),  # after closing
        (datetime(2024, 1, 8, 17), 8, datetime(2024, 1, 9, 17)),
        (datetime(2024, 1, 12, 16), 3, datetime(2024, 1, 15, 11)),  # over a weekend
        (datetime(2024, 1, 13, 16), 17, datetime(2024, 1, 17, 10)),  # from a Saturday
        (datetime(2024, 1, 8, 9), 40, datetime(2024, 1, 12, 17)),  # one working week
        (datetime(2024, 1, 8, 9), 40.25, datetime(2024, 1, 15, 9, 15)),
        (datetime(2024, 1, 13, 16), 0, datetime(2024, 1, 13, 16)),  # zero: unchanged
    ],
    ids=[
        "within-day",
        "to-closing",
        "overnight",
        "before-opening",
        "after-closing",
        "from-closing",
        "over-weekend",
        "from-saturday",
        "whole-week",
        "week-and-a-bit",
        "zero",
    ],
)
def test_weekly_add_working_hours(moment: datetime, hours: float, expected: datetime) -> None:
    assert WEEKLY.add_working_hours(moment, hours) == expected


def test_working_hours_keep_the_time_zone() -> None:
    china = timezone(timedelta(hours=8))
    result = WEEKLY.add_working_hours(datetime(2024, 1, 8, 16, tzinfo=china), 2)
    assert result == datetime(2024, 1, 9, 10, tzinfo=china)
    assert result.tzinfo is china


def test_custom_office_hours() -> None:
    short = WeeklyCalendar(start=time(8, 30), end=time(12))
    assert short.working_hours_per_day == 3.5
    assert short.add_working_hours(datetime(2024, 1, 8, 11), 2) == datetime(2024, 1, 9, 9, 30)


def test_chinese_calendar_hours_skip_the_spring_festival() -> None:
    assert CN.working_hours_per_day == 8.0
    assert CN.office_hours_assumed
    assert CN.add_working_hours(datetime(2024, 2, 9, 16), 3) == datetime(2024, 2, 18, 11)
    custom = ChineseCalendar(office_start=time(8, 30), office_end=time(17, 30))
    assert not custom.office_hours_assumed


# --- properties -----------------------------------------------------------------------------

CALENDARS = [CN, WEEKLY]


@pytest.mark.parametrize("calendar", CALENDARS, ids=["cn", "weekly"])
@given(start=published_days, days=counts)
def test_deadline_is_a_working_day_n_working_days_later(
    calendar: Calendar, start: date, days: int
) -> None:
    result = calendar.add_working_days(start, days)
    assert calendar.is_working_day(result)
    assert result >= start
    if days > 0:
        assert result > start
        assert calendar.working_days_between(start + timedelta(days=1), result) == days
    else:
        assert result == calendar.next_working_day(start)


@pytest.mark.parametrize("calendar", CALENDARS, ids=["cn", "weekly"])
@given(start=published_days, days=st.integers(min_value=1, max_value=400))
def test_notice_counts_its_first_working_day(calendar: Calendar, start: date, days: int) -> None:
    result = calendar.add_working_days(start, days, count_first_day=True)
    assert calendar.is_working_day(result)
    assert calendar.working_days_between(start, result) == days
    # A working start is day 1; otherwise counting starts on the next working day.
    if calendar.is_working_day(start):
        assert result == calendar.add_working_days(start, days - 1)
    else:
        assert result == calendar.add_working_days(start, days)


@pytest.mark.parametrize("calendar", CALENDARS, ids=["cn", "weekly"])
@given(start=published_days, days=st.integers(min_value=0, max_value=399))
def test_deadlines_grow_with_the_limit(calendar: Calendar, start: date, days: int) -> None:
    # Strictly growing from 1 on; 0 and 1 meet when the start is not a working day.
    earlier, later = (
        calendar.add_working_days(start, days),
        calendar.add_working_days(start, days + 1),
    )
    assert earlier < later or (
        days == 0 and earlier == later and not calendar.is_working_day(start)
    )
    first = calendar.add_working_days(start, days, count_first_day=True)
    assert first <= calendar.add_working_days(start, days)


@given(start=published_days, days=st.integers(min_value=0, max_value=100))
def test_agrees_with_chinese_calendar_find_workday(start: date, days: int) -> None:
    # find_workday(n, d) is the (n+1)-th working day counting d itself.
    expected = chinese_calendar.find_workday(days, start)
    assert CN.add_working_days(start, days + 1, count_first_day=True) == expected


@given(day=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
def test_is_working_day_agrees_with_chinese_calendar(day: date) -> None:
    assert CN.is_working_day(day) == chinese_calendar.is_workday(day)


@given(start=published_days, days=st.integers(min_value=0, max_value=400))
def test_natural_days_land_on_the_first_working_day_after(start: date, days: int) -> None:
    result = CN.add_natural_days(start, days)
    assert CN.is_working_day(result)
    assert result >= start + timedelta(days=days)
    assert CN.working_days_between(start + timedelta(days=days), result) == 1


@given(
    day=st.dates(min_value=date(2004, 1, 1), max_value=date(2024, 6, 30)),
    minute=st.integers(min_value=0, max_value=24 * 60 - 1),
    first=st.integers(min_value=1, max_value=200 * 60),
    second=st.integers(min_value=1, max_value=200 * 60),
)
@settings(max_examples=200)
def test_working_hours_add_up(day: date, minute: int, first: int, second: int) -> None:
    moment = datetime.combine(day, time()) + timedelta(minutes=minute)
    for calendar in CALENDARS:
        middle = calendar.add_working_hours(moment, first / 60)
        end = calendar.add_working_hours(moment, (first + second) / 60)
        assert calendar.add_working_hours(middle, second / 60) == end
        assert calendar.is_working_day(end.date())
        assert time(9) < end.time() <= time(17)


def test_duplicate_key_in_holidays_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text("holidays: [2027-01-01]\nholidays: [2027-01-02]\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"h.yaml:2:1: duplicate key `holidays`"):
        load_holidays(path)


def test_swapped_csv_header_is_named(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("kind,date\nholiday,2027-01-01\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"h.csv:1:1: the header must be date,kind"):
        load_holidays(path)
