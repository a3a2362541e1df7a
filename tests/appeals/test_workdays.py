"""Deadlines count working days as the State Council's calendar has them."""

import datetime

import pytest

from appeals import services, workdays
from tests.appeals.factories import kind

D = datetime.date


def test_a_request_sent_before_national_day_is_due_after_the_holiday_on_the_make_up_saturday():
    # 2026: 1–7 October off; Saturday 10 October is a make-up working day (调休上班).
    assert workdays.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_an_ordinary_week_skips_the_weekend():
    # sent on Friday 13 November 2026: Mon, Tue, Wed
    assert workdays.add_working_days(D(2026, 11, 13), 3) == D(2026, 11, 18)


def test_a_make_up_sunday_before_a_holiday_counts():
    # Sunday 4 January 2026 was a working day (调休 for New Year's Day)
    assert workdays.is_working_day(D(2026, 1, 4))
    assert not workdays.is_working_day(D(2026, 1, 1))


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert workdays.working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert workdays.working_days_between(D(2026, 10, 12), D(2026, 10, 12)) == 0


def test_a_year_the_calendar_does_not_know_yet_falls_back_to_weekdays(caplog):
    assert workdays.is_working_day(D(2099, 1, 5))  # a Monday
    assert not workdays.is_working_day(D(2099, 1, 3))  # a Saturday


@pytest.mark.django_db
def test_each_kind_counts_its_own_deadlines_from_the_day_it_is_sent():
    complaint = kind("complaint")
    accept, finish = services.deadlines_for(kind=complaint, sent_on=D(2026, 9, 30))
    assert accept == D(2026, 10, 10)
    # 15 working days: 8, 9, 10 Oct, then 12–16, 19–23 and 26, 27 October
    assert finish == D(2026, 10, 27)
    complaint.finish_days = 5
    assert services.deadlines_for(kind=complaint, sent_on=D(2026, 9, 30))[1] == D(2026, 10, 13)
