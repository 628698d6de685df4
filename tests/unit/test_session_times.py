"""Session times: London wall-clock in, UTC stored, written as people write them."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from mentorhub.learning.session_times import (
    clock,
    day_text,
    london_today,
    to_london,
    to_utc,
    weekly,
    when_text,
)


def test_winter_and_summer_times_are_stored_in_utc():
    assert to_utc(date(2027, 3, 2), time(18)) == datetime(2027, 3, 2, 18)  # GMT
    assert to_utc(date(2027, 6, 1), time(18)) == datetime(2027, 6, 1, 17)  # BST


def test_stored_times_come_back_as_the_wall_clock():
    for day in (date(2027, 1, 5), date(2027, 7, 6)):
        back = to_london(to_utc(day, time(18, 30)))
        assert (back.date(), back.time()) == (day, time(18, 30))


@pytest.mark.parametrize(
    ("at", "text"),
    [(time(18), "6pm"), (time(18, 30), "6:30pm"), (time(9, 5), "9:05am"), (time(12), "12pm"),
     (time(0), "12am"), (time(11, 59), "11:59am")],
)  # fmt: skip
def test_clock(at, text):
    assert clock(at) == text


def test_when_text_is_written_the_way_people_write_it():
    start, end = to_utc(date(2027, 3, 2), time(18)), to_utc(date(2027, 3, 2), time(20))
    assert when_text(start, end, today=date(2027, 1, 1)) == "Tuesday 2 March, 6pm to 8pm"
    assert when_text(start, end, today=date(2026, 12, 1)) == "Tuesday 2 March 2027, 6pm to 8pm"


def test_summer_sessions_show_london_time_not_utc():
    start, end = to_utc(date(2027, 6, 1), time(18)), to_utc(date(2027, 6, 1), time(19, 45))
    assert when_text(start, end, today=date(2027, 1, 1)) == "Tuesday 1 June, 6pm to 7:45pm"


def test_a_weekly_plan_keeps_the_wall_clock_across_the_change_of_the_clocks():
    days = weekly(date(2027, 3, 23), 3)  # the clocks go forward on 28 March 2027
    assert days == [date(2027, 3, 23), date(2027, 3, 30), date(2027, 4, 6)]
    stored = [to_utc(day, time(18)) for day in days]
    assert [s.hour for s in stored] == [18, 17, 17]
    assert {to_london(s).time() for s in stored} == {time(18)}


def test_an_hour_that_does_not_exist_moves_on_as_the_clocks_do():
    stored = to_utc(date(2027, 3, 28), time(1, 30))  # 1am to 2am is skipped
    assert to_london(stored).time() == time(2, 30)


def test_day_text_adds_the_year_only_when_it_is_not_this_year():
    assert day_text(date(2027, 3, 2)) == "Tuesday 2 March"
    assert day_text(date(2027, 3, 2), today=date(2027, 12, 31)) == "Tuesday 2 March"
    assert day_text(date(2028, 1, 4), today=date(2027, 12, 31)) == "Tuesday 4 January 2028"


def test_london_today_turns_over_at_london_midnight():
    assert london_today(datetime(2027, 6, 1, 23, 30)) == date(2027, 6, 2)  # 00:30 BST
    assert london_today(datetime(2027, 1, 1, 23, 30)) == date(2027, 1, 1)  # GMT
