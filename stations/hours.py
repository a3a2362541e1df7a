"""Opening hours as data, and whether a site is open at a moment (Asia/Shanghai time).

A site's hours are plain data (``Schedule``): open round the clock, or weekly ranges (several a
day; a range whose closing time is not after its opening time runs overnight into the next day,
so 22:00–06:00 is one range and 08:00–00:00 closes at midnight), with special days on top: a
holiday closure, or other hours for some dates (a range of dates, each day the same). A special
day replaces the weekly hours of its own date; a night that began the day before still runs into
it. The database asks the same question in ``StationQuerySet.open_at``; tests hold the two to the
same cases.
"""

import datetime
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

Range = tuple[datetime.time, datetime.time]


@dataclass(frozen=True)
class SpecialDays:
    starts_on: datetime.date
    ends_on: datetime.date
    closed: bool
    opens: datetime.time | None = None
    closes: datetime.time | None = None
    note: str = ""

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass
class Schedule:
    always_open: bool = False
    weekly: dict[int, list[Range]] = field(default_factory=dict)  # weekday (Mon=0) → ranges
    special: list[SpecialDays] = field(default_factory=list)
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None  # the first day the site no longer exists

    def exists_on(self, day: datetime.date) -> bool:
        return (self.opened_on is None or self.opened_on <= day) and (
            self.closed_on is None or day < self.closed_on
        )

    def ranges_on(self, day: datetime.date) -> list[Range]:
        """The ranges that start on ``day``: its special hours if any special day covers it."""
        specials = [entry for entry in self.special if entry.covers(day)] if self.special else []
        if specials:
            return [
                (entry.opens, entry.closes)
                for entry in specials
                if not entry.closed and entry.opens and entry.closes
            ]
        if self.always_open:
            return [(datetime.time(0), datetime.time(0))]
        return self.weekly.get(day.weekday(), [])


def overnight(opens: datetime.time, closes: datetime.time) -> bool:
    return closes <= opens


def local(moment: datetime.datetime) -> datetime.datetime:
    """The moment in Shanghai time, naive (a naive moment is taken as Shanghai time already)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(SHANGHAI)
    return moment.replace(tzinfo=None)


def is_open(schedule: Schedule, moment: datetime.datetime) -> bool:
    now = local(moment)
    today, time_now = now.date(), now.time()
    if not schedule.exists_on(today):
        return False
    for opens, closes in schedule.ranges_on(today):
        if overnight(opens, closes):
            if time_now >= opens:
                return True
        elif opens <= time_now < closes:
            return True
    yesterday = today - datetime.timedelta(days=1)
    return any(
        overnight(opens, closes) and time_now < closes
        for opens, closes in schedule.ranges_on(yesterday)
    )


CHANGES_HOURS = 36  # how far ahead a page tells its script when a site opens or closes


def state_changes(
    schedule: Schedule, moment: datetime.datetime, *, hours: int = CHANGES_HOURS
) -> list[tuple[datetime.datetime, bool]]:
    """The moments within ``hours`` after ``moment`` at which the site opens (True) or closes
    (False), as aware Shanghai times: a page rendered now can show the state later on."""
    start = local(moment)
    end = start + datetime.timedelta(hours=hours)
    boundaries = set()
    day = start.date() - datetime.timedelta(days=1)
    while day <= end.date():
        boundaries.add(datetime.datetime.combine(day, datetime.time(0)))
        for opens, closes in schedule.ranges_on(day):
            boundaries.add(datetime.datetime.combine(day, opens))
            close_day = day + datetime.timedelta(days=1) if overnight(opens, closes) else day
            boundaries.add(datetime.datetime.combine(close_day, closes))
        day += datetime.timedelta(days=1)
    changes, state = [], is_open(schedule, start)
    for boundary in sorted(b for b in boundaries if start < b <= end):
        new_state = is_open(schedule, boundary)
        if new_state != state:
            changes.append((boundary.replace(tzinfo=SHANGHAI), new_state))
            state = new_state
    return changes


@dataclass(frozen=True)
class DayStates:
    """A site's state through one day and the changes up to 36 hours after it, worked out once
    (kept with the site's card for the day): for any moment of that day, ``is_open`` and
    ``changes_after`` answer what ``is_open`` and ``state_changes`` of the schedule answer."""

    day: datetime.date
    open_at_midnight: bool
    changes: tuple[tuple[datetime.datetime, bool], ...]  # naive Shanghai times, in order

    def _local(self, moment: datetime.datetime) -> datetime.datetime:
        now = local(moment)
        if now.date() != self.day:
            raise ValueError(f"{now} is not on {self.day}")
        return now

    def is_open(self, moment: datetime.datetime) -> bool:
        now, state = self._local(moment), self.open_at_midnight
        for when, new_state in self.changes:
            if when > now:
                break
            state = new_state
        return state

    def changes_after(self, moment: datetime.datetime) -> list[tuple[datetime.datetime, bool]]:
        now = self._local(moment)
        return [
            (when.replace(tzinfo=SHANGHAI), state)
            for when, state in self.changes
            if now < when <= now + datetime.timedelta(hours=CHANGES_HOURS)
        ]


def day_states(schedule: Schedule, day: datetime.date) -> DayStates:
    """The site's states through ``day``: the changes from its midnight to 36 hours after its
    end, each found as ``state_changes`` finds them."""
    midnight = datetime.datetime.combine(day, datetime.time(0))
    return DayStates(
        day=day,
        open_at_midnight=is_open(schedule, midnight),
        changes=tuple(
            (when.replace(tzinfo=None), state)
            for when, state in state_changes(schedule, midnight, hours=24 + CHANGES_HOURS)
        ),
    )


def format_range(opens: datetime.time, closes: datetime.time) -> str:
    text = f"{opens:%H:%M}–{closes:%H:%M}"
    return f"{text}（次日）" if overnight(opens, closes) and closes != datetime.time(0) else text


def describe_week(schedule: Schedule) -> list[tuple[str, str]]:
    """(weekday, hours) for the site's page: 24小时, the ranges, or 休息."""
    if schedule.always_open:
        return [("每天", "24小时开放")]
    return [
        (
            name,
            "、".join(format_range(*r) for r in sorted(schedule.weekly.get(weekday, []))) or "休息",
        )
        for weekday, name in enumerate(WEEKDAY_NAMES)
    ]


# --------------------------------------------------------------------------- text (imports)

_DAY = r"周[一二三四五六日天]"
_DAYS = re.compile(
    rf"^(每天|每日|{_DAY}(?:(?:至|-|~){_DAY})?(?:[、,，]{_DAY}(?:(?:至|-|~){_DAY})?)*)"
)
_RANGE = re.compile(r"(\d{1,2})[:：](\d{2})\s*(?:-|–|—|~|至|到)\s*(\d{1,2})[:：](\d{2})")
_DAY_INDEX = {name[-1]: index for index, name in enumerate(WEEKDAY_NAMES)} | {"天": 6}


class HoursError(ValueError):
    """The hours text cannot be read; the message says why, in Chinese."""


def _days(text: str) -> list[int]:
    if text in ("每天", "每日"):
        return list(range(7))
    days = []
    for part in re.split(r"[、,，]", text):
        ends = re.split(r"至|-|~", part)
        first, last = _DAY_INDEX[ends[0][-1]], _DAY_INDEX[ends[-1][-1]]
        if last < first:
            raise HoursError("“%s”的起止顺序不对（应如“周一至周五”）。" % part)
        days.extend(range(first, last + 1))
    return days


def _time(hour: str, minute: str) -> datetime.time:
    hour_number, minute_number = int(hour), int(minute)
    if hour_number == 24 and minute_number == 0:
        return datetime.time(0)
    if hour_number > 23 or minute_number > 59:
        raise HoursError("时间“%s:%s”不存在。" % (hour, minute))
    return datetime.time(hour_number, minute_number)


def parse_hours(text: str) -> tuple[bool, dict[int, list[Range]]]:
    """Read opening hours written as staff write them in a spreadsheet::

        24小时
        周一至周五 08:30-11:30,13:30-17:30；周六、周日 09:00-16:00
        每天 22:00-06:00

    Returns (always_open, weekly ranges); raises ``HoursError`` with a Chinese message.
    """
    text = text.strip()
    if not text:
        return False, {}
    if re.fullmatch(r"(全天)?24\s*(小时|h|H)(开放|营业)?|全天(开放)?", text):
        return True, {}
    weekly: dict[int, list[Range]] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", text))):
        match = _DAYS.match(part)
        if not match:
            raise HoursError(
                "“%s”应以星期开头，如“周一至周五 08:30-17:30”或“每天 22:00-06:00”。" % part
            )
        ranges = _RANGE.findall(part[match.end() :])
        if not ranges:
            raise HoursError("“%s”没有写时间段，如 08:30-17:30。" % part)
        for opens_h, opens_m, closes_h, closes_m in ranges:
            opens, closes = _time(opens_h, opens_m), _time(closes_h, closes_m)
            if opens == closes:
                raise HoursError(
                    "时间段“%s:%s”开闭相同；全天开放请写“24小时”。" % (opens_h, opens_m)
                )
            for day in _days(match.group(1)):
                weekly.setdefault(day, []).append((opens, closes))
    return False, weekly


def format_hours(always_open: bool, weekly: dict[int, list[Range]]) -> str:
    """The inverse of ``parse_hours`` (exports): one clause per weekday with hours."""
    if always_open:
        return "24小时"
    return "；".join(
        f"{WEEKDAY_NAMES[day]} " + ",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in sorted(weekly[day]))
        for day in sorted(weekly)
        if weekly[day]
    )
