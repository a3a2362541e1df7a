"""Writes of the stations app: a site saved (coordinates to WGS-84, the union's scope checked,
the figures of the years it touches marked stale), its facilities and its weekly hours."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reports.services import figures_changed
from stations import geo
from stations.hours import Range
from stations.models import Facility, FinderSettings, Station, StationKind, WeeklyHours
from stations.selectors import user_may_act_for

Datum = FinderSettings.Datum


def position_to_wgs84(*, latitude: float, longitude: float, datum: str) -> tuple[float, float]:
    """The position as stored (WGS-84), from what staff entered in ``datum``."""
    if datum == Datum.GCJ02:
        latitude, longitude = geo.gcj02_to_wgs84(latitude, longitude)
    return round(latitude, 7), round(longitude, 7)


def facilities_check(*, kind: StationKind, facilities: Iterable[Facility]) -> None:
    """A site may tick only the facilities its kind lists; raises a Chinese ValidationError."""
    allowed = set(kind.facilities.values_list("pk", flat=True))
    foreign = [facility.name for facility in facilities if facility.pk not in allowed]
    if foreign:
        raise ValidationError(
            {
                "facilities": "“%s”不在“%s”的设施清单中（可在站点类型中增加）。"
                % ("、".join(foreign), kind.name)
            }
        )


def years_touched(*dates: datetime.date | None) -> list[int]:
    """A site counts in every year-end figure from its opening on: a change to it touches the
    years from the earliest date involved up to this year."""
    known = [date.year for date in dates if date is not None]
    if not known:
        return []
    return list(range(min(known), max(timezone.localdate().year, max(known)) + 1))


@transaction.atomic
def station_save(
    *, station: Station, user=None, datum: str = Datum.WGS84, previous_dates=()
) -> Station:
    """Create or update a site: its union must be one the user acts for, entered coordinates are
    converted to WGS-84, and the years whose figures it touches are marked for the rollup."""
    if user is not None and station.union_id and not user_may_act_for(user, station.union):
        raise PermissionDenied("只能维护本工会（及下属工会）运营的站点。")
    station.latitude, station.longitude = position_to_wgs84(
        latitude=station.latitude, longitude=station.longitude, datum=datum
    )
    station.full_clean()
    station.save()
    figures_changed(years=years_touched(station.opened_on, station.closed_on, *previous_dates))
    return station


@transaction.atomic
def station_close(*, station: Station, closed_on: datetime.date, user=None) -> Station:
    """Close a site for good: it stays on record and leaves the figures from that day on."""
    station.closed_on = closed_on
    return station_save(station=station, user=user)


def station_set_weekly_hours(
    *, station: Station, always_open: bool, weekly: dict[int, list[Range]]
) -> None:
    """Replace the site's weekly hours (what an import row gives)."""
    if station.always_open != always_open:
        station.always_open = always_open
        station.save(update_fields=["always_open", "updated_at"])
    WeeklyHours.objects.filter(station=station).delete()
    WeeklyHours.objects.bulk_create(
        WeeklyHours(station=station, weekday=day, opens=opens, closes=closes)
        for day, ranges in sorted(weekly.items())
        for opens, closes in ranges
    )
