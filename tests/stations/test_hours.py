"""Whether a site is open, in Shanghai time: weekly ranges, lunch breaks, overnight hours, 24 h,
holidays and special days, opening and closing for good. The database's ``open_at`` is held to
the same cases as the Python rule."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from stations import hours
from stations.hours import Schedule, SpecialDays
from stations.models import Station
from tests.stations.factories import SpecialDaysFactory, StationFactory

T = datetime.time
SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2026-09-28 is a Monday; 2026-10-01..07 the National Day holiday.
MONDAY = datetime.date(2026, 9, 28)


def at(day_offset: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = MONDAY + datetime.timedelta(days=day_offset)
    return datetime.datetime.combine(day, T(hour, minute), tzinfo=SHANGHAI)


OFFICE = {day: [(T(8, 30), T(11, 30)), (T(13, 30), T(17, 30))] for day in range(5)}
NIGHTS = {day: [(T(22), T(6))] for day in range(7)}
FRIDAY_NIGHT = {4: [(T(22), T(6))]}
HOLIDAY = SpecialDays(datetime.date(2026, 10, 1), datetime.date(2026, 10, 7), closed=True)
SHORT_DAY = SpecialDays(datetime.date(2026, 9, 30), datetime.date(2026, 9, 30), False, T(9), T(12))

CASES = [
    # (what, schedule, moment, open?)
    ("office, morning", Schedule(weekly=OFFICE), at(0, 9), True),
    ("office, at opening", Schedule(weekly=OFFICE), at(0, 8, 30), True),
    ("office, lunch break", Schedule(weekly=OFFICE), at(0, 12), False),
    ("office, at closing", Schedule(weekly=OFFICE), at(0, 17, 30), False),
    ("office, Saturday", Schedule(weekly=OFFICE), at(5, 10), False),
    ("nights, late evening", Schedule(weekly=NIGHTS), at(1, 23), True),
    ("nights, small hours", Schedule(weekly=NIGHTS), at(2, 5, 59), True),
    ("nights, at six", Schedule(weekly=NIGHTS), at(2, 6), False),
    ("nights, afternoon", Schedule(weekly=NIGHTS), at(2, 15), False),
    ("Friday night runs into Saturday", Schedule(weekly=FRIDAY_NIGHT), at(5, 2), True),
    ("no Saturday night", Schedule(weekly=FRIDAY_NIGHT), at(5, 23), False),
    ("no Sunday morning", Schedule(weekly=FRIDAY_NIGHT), at(6, 2), False),
    ("round the clock", Schedule(always_open=True), at(6, 3), True),
    ("holiday closes the office", Schedule(weekly=OFFICE, special=[HOLIDAY]), at(3, 9), False),
    ("holiday closes 24h too", Schedule(always_open=True, special=[HOLIDAY]), at(4, 12), False),
    ("after the holiday", Schedule(weekly=OFFICE, special=[HOLIDAY]), at(10, 9), True),
    (
        "the night before a holiday still ends at six",
        Schedule(weekly=NIGHTS, special=[HOLIDAY]),
        at(3, 5),
        True,
    ),
    ("no night on a holiday", Schedule(weekly=NIGHTS, special=[HOLIDAY]), at(3, 23), False),
    ("a short day: morning", Schedule(weekly=OFFICE, special=[SHORT_DAY]), at(2, 10), True),
    ("a short day: afternoon", Schedule(weekly=OFFICE, special=[SHORT_DAY]), at(2, 15), False),
    (
        "not yet opened",
        Schedule(weekly=OFFICE, opened_on=datetime.date(2026, 10, 1)),
        at(0, 9),
        False,
    ),
    (
        "closed for good",
        Schedule(weekly=OFFICE, opened_on=datetime.date(2018, 1, 1), closed_on=MONDAY),
        at(0, 9),
        False,
    ),
]


@pytest.mark.parametrize(
    "schedule, moment, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_open_or_closed(schedule, moment, expected):
    assert hours.is_open(schedule, moment) is expected


def test_a_moment_in_utc_is_read_in_shanghai_time():
    # 2026-09-28 01:00 UTC is 09:00 in Shanghai: the office is open.
    utc = datetime.datetime(2026, 9, 28, 1, 0, tzinfo=datetime.UTC)
    assert hours.is_open(Schedule(weekly=OFFICE), utc)
    assert not hours.is_open(Schedule(weekly=OFFICE), utc.replace(hour=13))  # 21:00 there


def test_the_changes_ahead_are_the_openings_and_closings():
    changes = hours.state_changes(Schedule(weekly=OFFICE), at(0, 7))
    assert [(when.strftime("%a %H:%M"), state) for when, state in changes] == [
        ("Mon 08:30", True),
        ("Mon 11:30", False),
        ("Mon 13:30", True),
        ("Mon 17:30", False),
        ("Tue 08:30", True),
        ("Tue 11:30", False),
        ("Tue 13:30", True),
        ("Tue 17:30", False),
    ]


def test_round_the_clock_never_changes():
    assert hours.state_changes(Schedule(always_open=True), at(0, 7)) == []


def test_an_overnight_range_changes_across_midnight_only_at_its_ends():
    changes = hours.state_changes(Schedule(weekly=NIGHTS), at(0, 12), hours=24)
    assert [(when.strftime("%d %H:%M"), state) for when, state in changes] == [
        ("28 22:00", True),
        ("29 06:00", False),
    ]


SCHEDULES = {
    what: schedule
    for what, schedule, _moment, _open in CASES
    if what.startswith(("office, morning", "nights, late", "Friday", "round", "holiday", "the"))
    or what.startswith(("a short day: morning", "not yet", "closed"))
}


@pytest.mark.parametrize("schedule", SCHEDULES.values(), ids=SCHEDULES.keys())
def test_a_days_states_worked_out_once_answer_as_the_rule_at_every_moment_of_it(schedule):
    """What a finder's card keeps for the day: at any minute of it, the state now and the changes
    of the next 36 hours are those the schedule gives (the days around the holiday, the short
    day, opening and closing for good included)."""
    for offset in range(-1, 11):
        day = MONDAY + datetime.timedelta(days=offset)
        states = hours.day_states(schedule, day)
        for minute in range(0, 24 * 60, 10):
            moment = at(offset, minute // 60, minute % 60)
            assert states.is_open(moment) is hours.is_open(schedule, moment), moment
            assert states.changes_after(moment) == hours.state_changes(schedule, moment), moment
        with pytest.raises(ValueError):
            states.is_open(at(offset + 1, 0))


# --------------------------------------------------------------------------- the database


def station_for(schedule: Schedule) -> Station:
    station = StationFactory(
        weekdays=[],
        always_open=schedule.always_open,
        opened_on=schedule.opened_on or datetime.date(2018, 1, 1),
        closed_on=schedule.closed_on,
    )
    for day, ranges in schedule.weekly.items():
        for opens, closes in ranges:
            station.weekly_hours.create(weekday=day, opens=opens, closes=closes)
    for special in schedule.special:
        SpecialDaysFactory(
            station=station,
            starts_on=special.starts_on,
            ends_on=special.ends_on,
            closed=special.closed,
            opens=special.opens,
            closes=special.closes,
        )
    return station


@pytest.mark.django_db
def test_the_database_agrees_with_the_rule_on_every_case():
    stations = {case[0]: station_for(case[1]) for case in CASES}
    for what, _schedule, moment, expected in CASES:
        found = Station.objects.open_at(moment).filter(pk=stations[what].pk).exists()
        assert found is expected, what


@pytest.mark.django_db
def test_the_database_agrees_with_the_rule_every_half_hour_of_twelve_days():
    stations = {what: station_for(schedule) for what, schedule in SCHEDULES.items()}
    for offset in range(-1, 11):
        for minute in range(0, 24 * 60, 30):
            moment = at(offset, minute // 60, minute % 60)
            found = set(Station.objects.open_at(moment).values_list("pk", flat=True))
            expected = {
                stations[what].pk
                for what, schedule in SCHEDULES.items()
                if hours.is_open(schedule, moment)
            }
            assert found == expected, moment


# --------------------------------------------------------------------------- text (imports)


def test_hours_written_as_staff_write_them_are_read():
    always, weekly = hours.parse_hours("周一至周五 08:30-11:30,13:30-17:30；周六、周日 09:00-16:00")
    assert not always
    assert weekly[0] == [(T(8, 30), T(11, 30)), (T(13, 30), T(17, 30))]
    assert weekly[4] == weekly[0]
    assert weekly[5] == [(T(9), T(16))] == weekly[6]
    assert hours.parse_hours("24小时") == (True, {})
    assert hours.parse_hours("每天 22:00-06:00")[1] == NIGHTS
    assert hours.parse_hours("每天 08:00-24:00")[1][0] == [(T(8), T(0))]


@pytest.mark.parametrize(
    "text, message",
    [
        ("早上八点到晚上六点", "应以星期开头"),
        ("周一至周五", "没有写时间段"),
        ("周五至周一 08:00-17:00", "起止顺序不对"),
        ("周一 25:00-26:00", "不存在"),
        ("每天 08:00-08:00", "24小时"),
    ],
)
def test_hours_that_cannot_be_read_are_refused_in_chinese(text, message):
    with pytest.raises(hours.HoursError, match=message):
        hours.parse_hours(text)


def test_hours_written_out_read_back_the_same():
    always, weekly = hours.parse_hours("周一至周五 08:30-11:30,13:30-17:30；周六 22:00-06:00")
    assert hours.parse_hours(hours.format_hours(always, weekly)) == (always, weekly)
