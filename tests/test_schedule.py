"""Tests for policy_kit.schedule: dating a walk on the statutory calendar, and limits' use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from policy_kit.calendar import ChineseCalendar, WeeklyCalendar
from policy_kit.calendar.protocol import Calendar
from policy_kit.errors import PolicyKitError
from policy_kit.loader import load
from policy_kit.machine import compile
from policy_kit.schedule import DatedPath, DatedStep, date_walk
from policy_kit.walker import walk

FIXTURES = Path(__file__).parent / "fixtures"
DATED = FIXTURES / "dated.yaml"
NOTICE = FIXTURES / "dated-notice.yaml"
PARALLEL = FIXTURES / "dated-parallel.yaml"
CN = ChineseCalendar()


def dated_path(spec: str | Path, start: date, calendar: Calendar | None = None,
               choose: tuple[str, ...] = (), **attributes: object) -> DatedPath:
    definition = load(spec)
    result = walk(compile(definition), attributes, choose)
    return date_walk(definition.structure, result, calendar or ChineseCalendar(), start)


def step(path: DatedPath, state: str, visit: int = 1) -> DatedStep:
    found = [s for s in path.steps if s.state == state]
    return found[visit - 1]


def usage(dated: DatedStep, scope: str) -> tuple[int, int]:
    found = next(u for u in dated.usage if u.scope == scope)
    return found.used, found.remaining


# --- the calendar's published cases, through a path ------------------------------------------


def test_notice_counts_its_first_day_across_national_day() -> None:
    path = dated_path(NOTICE, date(2023, 9, 28))
    notice = step(path, "notice")
    assert (notice.start, notice.end) == (date(2023, 9, 28), date(2023, 10, 10))
    assert notice.clock == "statutory"
    assert notice.counted == (date(2023, 9, 28), date(2023, 10, 10))


def test_limit_from_receipt_does_not_count_the_day_of_receipt() -> None:
    path = dated_path(DATED, date(2023, 9, 28))
    review = step(path, "review")
    assert (review.start, review.end) == (date(2023, 9, 28), date(2023, 10, 11))
    assert review.counted == (date(2023, 9, 29), date(2023, 10, 11))


@pytest.mark.parametrize(("start", "end"), [
    # Feb 9 worked, Feb 10-17 off, Sunday Feb 18 a make-up working day.
    (date(2024, 2, 8), date(2024, 2, 21)),
    (date(2024, 2, 6), date(2024, 2, 19)),
    # Sunday Feb 4 was a make-up working day: received then, the office starts then.
    (date(2024, 2, 4), date(2024, 2, 9)),
], ids=["received-before-eve", "received-tuesday", "received-on-make-up-sunday"])
def test_review_across_the_2024_spring_festival(start: date, end: date) -> None:
    review = step(dated_path(DATED, start), "review")
    assert (review.start, review.end) == (start, end)


def test_path_starting_on_a_holiday_starts_on_the_next_working_day() -> None:
    path = dated_path(DATED, date(2024, 2, 10))  # 春节 (day one)
    review = step(path, "review")
    assert review.start == date(2024, 2, 18)  # the make-up working Sunday
    assert review.end == date(2024, 2, 23)
    assert path.start == date(2024, 2, 10)


def test_the_step_after_ends_on_the_day_the_step_before_ended() -> None:
    path = dated_path(NOTICE, date(2023, 9, 28))
    decide = step(path, "decide")
    assert decide.start == date(2023, 10, 10)
    assert decide.end == date(2023, 10, 17)
    assert path.finish == date(2023, 10, 17)


# --- clocks ---------------------------------------------------------------------------------


def test_correction_stops_the_government_clock() -> None:
    path = dated_path(DATED, date(2023, 9, 28), choose=("request_correction",))
    first, correction, second = step(path, "review"), step(path, "correction"), step(
        path, "review", 2)
    assert correction.clock == "applicant"
    # 10 natural days from 10-11 is Saturday 10-21: the deadline moves to Monday 10-23.
    assert (correction.start, correction.end) == (date(2023, 10, 11), date(2023, 10, 23))
    assert (second.start, second.end) == (date(2023, 10, 23), date(2023, 10, 30))
    assert usage(first, "stage") == (5, 3)
    assert usage(correction, "stage") == (5, 3)  # the clock stood still
    assert usage(second, "stage") == (10, -2)  # two full reviews overrun the stage's 8
    assert usage(second, "process") == (10, 2)
    assert usage(correction, "task") == (10, 0)


def test_statutory_notice_is_excluded_from_the_office_limit() -> None:
    path = dated_path(NOTICE, date(2023, 9, 28))
    assert usage(step(path, "notice"), "process") == (0, 5)
    assert usage(step(path, "decide"), "process") == (5, 0)
    assert [(u.scope, u.used, u.remaining) for u in path.limits] == [("process", 5, 0)]


def test_same_day_steps_share_one_date() -> None:
    path = dated_path(DATED, date(2024, 2, 6))
    notice, sign, stamp, archive = (step(path, s) for s in ("notice", "sign", "stamp",
                                                            "archive"))
    assert notice.end == date(2024, 2, 23)
    assert {sign.start, sign.end, stamp.start, stamp.end} == {date(2024, 2, 23)}
    assert sign.counted is None and stamp.counted is None
    assert usage(sign, "task") == (0, 0)


def test_step_without_limit_is_flagged_and_takes_no_time() -> None:
    path = dated_path(DATED, date(2024, 2, 6))
    archive = step(path, "archive")
    assert archive.no_limit
    assert archive.start == archive.end == date(2024, 2, 23)
    assert path.unlimited == ("archive",)
    assert not any(s.no_limit for s in path.steps if s.state != "archive")
    assert [u.scope for u in archive.usage] == ["process"]  # no task limit to measure


def test_promised_dates_use_each_limit_in_full() -> None:
    path = dated_path("xianyang-culture-subsidy", date(2024, 2, 19))
    assert all(u.remaining == 0 for s in path.steps for u in s.usage if u.scope == "task")
    assert path.finish == path.steps[-1].end
    submission = step(path, "submission")
    assert submission.clock == "applicant"
    # 30 natural days from 02-19 is Thursday 03-20.
    assert (submission.start, submission.end) == (date(2024, 2, 19), date(2024, 3, 20))


# --- concurrent regions ---------------------------------------------------------------------


def test_regions_run_in_parallel_and_the_join_waits_for_the_slowest() -> None:
    path = dated_path(PARALLEL, date(2024, 2, 6))
    receive, fire, plan = step(path, "receive"), step(path, "fire_check"), step(
        path, "plan_check")
    assert fire.start == plan.start == receive.end == date(2024, 2, 8)
    assert fire.end == date(2024, 2, 21)
    assert plan.end == date(2024, 2, 28)
    join = step(path, "reviews")
    assert join.kind == "join" and join.clock is None
    assert join.start == join.end == date(2024, 2, 28)
    assert join.waited_for == "plan_review"
    grant = step(path, "grant")
    assert grant.start == date(2024, 2, 28)
    assert grant.end == date(2024, 3, 4)
    assert step(path, "decide").start == date(2024, 2, 28)


def test_parallel_days_count_once_and_show_the_limit_at_risk() -> None:
    path = dated_path(PARALLEL, date(2024, 2, 6))
    assert usage(step(path, "fire_check"), "stage") == (5, 3)
    assert usage(step(path, "plan_check"), "stage") == (10, -2)
    # 2 + 10 (the reviews overlap) + 3, not 2 + 5 + 10 + 3.
    assert usage(step(path, "grant"), "process") == (15, -1)
    totals = {(u.scope, u.id): (u.used, u.remaining, u.over) for u in path.limits}
    assert totals == {("stage", "reviews"): (10, -2, True),
                      ("process", "dated-parallel-fixture"): (15, -1, True)}


def test_stage_use_at_a_step_counts_days_of_regions_walked_later() -> None:
    """The fire review is walked first, but the planning review ran on the same days."""
    path = dated_path(PARALLEL, date(2024, 2, 6))
    assert usage(step(path, "fire_check"), "process") == (7, 7)


def test_leaving_a_concurrent_stage_early_ends_the_other_regions(
        write: Callable[[str, str], Path]) -> None:
    text = PARALLEL.read_text(encoding="utf-8").replace(
        "{from: plan_check, to: plan_done, on: approve}",
        "{from: plan_check, to: plan_done, on: approve, when: done(fire_check)}")
    path = dated_path(write(text, "p.yaml"), date(2024, 2, 6), choose=("reject",))
    assert path.walk.outcome == "rejected"
    assert [s.state for s in path.steps] == ["receive", "fire_check"]
    assert path.finish == date(2024, 2, 21)


# --- calendars ------------------------------------------------------------------------------


def test_strict_calendar_refuses_years_beyond_its_data() -> None:
    with pytest.raises(PolicyKitError, match="no statutory holiday data for 2027"):
        dated_path(DATED, date(2027, 3, 1), ChineseCalendar("strict"))


def test_strict_calendar_refuses_a_path_that_runs_into_2027() -> None:
    with pytest.raises(PolicyKitError, match="2027"):
        dated_path("xianyang-culture-subsidy", date(2026, 12, 1), ChineseCalendar("strict"))


def test_lenient_calendar_estimates_and_says_so() -> None:
    path = dated_path(DATED, date(2026, 12, 28), ChineseCalendar("lenient"))
    assert path.estimated_years == (2027,)
    review = step(path, "review")
    # 12-29, 12-30, 12-31, then 01-01 is New Year's Day (by rule), 01-04 and 01-05.
    assert review.end == date(2027, 1, 5)
    assert dated_path(DATED, date(2026, 3, 2)).estimated_years == ()


def test_holiday_overrides_move_the_dates() -> None:
    calendar = ChineseCalendar("lenient", {date(2023, 10, 9): False})
    review = step(dated_path(DATED, date(2023, 9, 28), calendar), "review")
    assert review.end == date(2023, 10, 12)


def test_weekly_calendar_knows_no_holidays() -> None:
    review = step(dated_path(DATED, date(2023, 9, 28), WeeklyCalendar()), "review")
    assert review.end == date(2023, 10, 5)


def test_stuck_walk_has_no_finish(write: Callable[[str, str], Path]) -> None:
    text = DATED.read_text(encoding="utf-8").replace(
        "{from: notice, to: sign, on: no_objection}",
        "{from: notice, to: sign, on: no_objection, when: score > 90}")
    path = dated_path(write(text, "stuck.yaml"), date(2024, 3, 4))
    assert path.walk.stuck
    assert path.finish is None
    assert [s.state for s in path.steps] == ["review"]
