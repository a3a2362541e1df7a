"""Working days in mainland China: weekends and public holidays off, make-up working days (调休)
on, as the State Council publishes them each year (the pinned ``chinese-calendar`` package).

The package knows the years published when it was released; for a later year (the calendar is
published each November) the days fall back to Monday–Friday, and a warning is logged once so
that the package gets updated.
"""

import datetime
import logging
from functools import lru_cache

import chinese_calendar

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4096)
def is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


@lru_cache(maxsize=16)
def _warn_unknown_year(year: int) -> None:
    logger.warning("chinese-calendar 未收录%d年的节假日安排，暂按周一至周五计算工作日", year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day ``days`` working days after ``start`` (``start`` itself not counted): a request
    sent on a Friday with 3 days to accept is due on Wednesday."""
    day, remaining = start, days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count
