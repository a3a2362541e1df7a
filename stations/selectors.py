"""Reads of the stations app: what a staff user may edit, the public finder, one site's page.

The finder sorts by distance in the database (see ``nearness_expression``: plain arithmetic,
which PostgreSQL and SQLite both do), so only one page of sites is fetched; bench/stations.py
times it on PostgreSQL with 10,000 sites.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    F,
    FloatField,
    Func,
    Prefetch,
    Q,
    QuerySet,
)
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.translation import get_language

from organizations.models import District

# The county-scope rule of every app that keeps union-entered records: one copy, in organizations.
from organizations.selectors import union_scope as union_scope
from organizations.selectors import user_may_act_for as user_may_act_for
from stations import hours
from stations.cards import SITE_CARD_FORMAT, SiteCard, site_card
from stations.models import (
    Facility,
    FinderSettings,
    SpecialDays,
    Station,
    StationKind,
    WeeklyHours,
)
from unionportal.cache import cached, cached_many

# --------------------------------------------------------------------------- staff scope


def station_list(*, user) -> QuerySet[Station]:
    scope = union_scope(user)
    queryset = Station.objects.all()
    return queryset if scope is None else queryset.filter(union__in=scope)


# --------------------------------------------------------------------------- the finder


@dataclass
class Origin:
    """Where distances are measured from, and how the page names it."""

    latitude: float
    longitude: float
    label: str


@dataclass
class FinderFilters:
    kind: str = ""  # StationKind.code
    district: int | None = None
    facilities: list[str] = field(default_factory=list)  # Facility.code, all required
    open_now: bool = False
    origin: Origin | None = None


class Nearness(Func):
    """Orders sites by their distance from a point, nearest first.

    On PostgreSQL: the distance between ``ll_to_earth`` points (the ``cube`` and
    ``earthdistance`` extensions, migration 0005), whose ``<->`` an index answers nearest first,
    so that a page of the nearest sites is read from the index, whatever the filters; the
    straight line through the earth it measures grows with the great-circle distance, so it
    orders the same. Elsewhere (SQLite): the squared equirectangular distance, plain arithmetic,
    which within a city orders as the great-circle distance does (they differ by far less than
    a metre at 100 km). The distance shown is the haversine of the page's sites (cards.py).
    """

    output_field = FloatField()

    def __init__(self, latitude: float, longitude: float):
        self.origin = (float(latitude), float(longitude))
        super().__init__(F("latitude"), F("longitude"))

    def _columns(self, compiler):
        (lat, lat_params), (lng, lng_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return lat, lng, [*lat_params, *lng_params]

    def as_sql(self, compiler, connection, **extra_context):
        lat, lng, params = self._columns(compiler)
        lat0, lng0 = self.origin
        scale = math.cos(math.radians(lat0))
        east, north = f"(({lng} - %s) * %s)", f"({lat} - %s)"
        sql = f"({east} * {east} + {north} * {north})"
        east_params, north_params = [*params[1:], lng0, scale], [*params[:1], lat0]
        return sql, [*east_params, *east_params, *north_params, *north_params]

    def as_postgresql(self, compiler, connection, **extra_context):
        lat, lng, params = self._columns(compiler)
        return f"(ll_to_earth({lat}, {lng}) <-> ll_to_earth(%s, %s))", [*params, *self.origin]


def _with_hours(queryset: QuerySet[Station], day: datetime.date) -> QuerySet[Station]:
    return queryset.select_related("kind", "district").prefetch_related(
        Prefetch("weekly_hours", queryset=WeeklyHours.objects.order_by("weekday", "opens")),
        # the special days that can matter to the states of ``day`` and the day and a half after
        Prefetch(
            "special_days",
            queryset=SpecialDays.objects.filter(
                ends_on__gte=day - datetime.timedelta(days=1),
                starts_on__lte=day + datetime.timedelta(days=2),
            ),
        ),
        Prefetch("facilities", queryset=Facility.objects.order_by("order", "name")),
    )


def station_finder(
    filters: FinderFilters, *, moment: datetime.datetime | None = None
) -> QuerySet[Station]:
    """The sites a reader can visit now (not closed for good), filtered, nearest first when an
    origin is known, else by kind and district (what the page shows of each: ``site_cards``)."""
    moment = moment or timezone.now()
    if filters.open_now:
        queryset = Station.objects.open_at(moment)  # open now, so existing today
    else:
        queryset = Station.objects.existing_on(timezone.localdate(moment))
    if filters.kind:
        queryset = queryset.filter(kind__code=filters.kind)
    if filters.district:
        queryset = queryset.filter(district_id=filters.district)
    for code in filters.facilities:
        # an id list per facility, hashed once (half the time of a correlated EXISTS at 10,000)
        with_it = Station.facilities.through.objects.filter(facility__code=code)
        queryset = queryset.filter(pk__in=with_it.values("station_id"))
    if filters.origin is not None:
        # Nearest first and nothing after it: a tie-breaker would keep the index from answering
        # (two sites at the very same point may then swap between pages).
        queryset = queryset.order_by(Nearness(filters.origin.latitude, filters.origin.longitude))
    else:
        # By kind and district as staff created them, from an index: sorting every site by the
        # kinds' and districts' display order, or by name, cost tens of ms at 10,000 sites.
        queryset = queryset.order_by("kind_id", "district_id", "pk")
    return queryset


def site_cards(ids: list[int], *, moment: datetime.datetime) -> list[SiteCard]:
    """The cards of the sites ``ids``, in that order, for the day of ``moment``: kept per content
    version, those not kept read in one go (four queries however many)."""
    day = hours.local(moment).date()

    def build(missing: list[int]) -> dict[int, SiteCard]:
        stations = _with_hours(Station.objects.filter(pk__in=missing), day)
        return {station.pk: site_card(station, day) for station in stations}

    # the card's address and texts follow the language and the address prefix
    name = (
        f"stations:card:{SITE_CARD_FORMAT}:{get_language()}:{get_urlconf()}:{get_script_prefix()}"
        f":{day}"
    )
    found = cached_many(name, ids, build)
    return [found[pk] for pk in ids if pk in found]


def district_centres() -> dict[int, tuple[float, float]]:
    """The centre of each district's sites (their mean position), in one grouped query, kept
    as a shared part of public pages until the public content changes."""

    def build():
        rows = (
            Station.objects.filter(closed_on__isnull=True)
            .order_by()
            .values("district_id")
            .annotate(latitude=Avg("latitude"), longitude=Avg("longitude"))
        )
        return {row["district_id"]: (row["latitude"], row["longitude"]) for row in rows}

    return cached("stations:district-centres", build)


def district_centre(district: District) -> Origin | None:
    """Where a reader without geolocation who names only their district is taken to be."""
    centre = district_centres().get(district.pk)
    if centre is None:
        return None
    return Origin(*centre, f"{district.name}中心")


def place_find(text: str) -> Origin | None:
    """A typed place: a district (its name, or the name without 区/市/县), else the first site
    whose name or address contains the text. No outside geocoding service is asked."""
    text = text.strip()[:50]
    if not text:
        return None
    for district in District.objects.order_by("order", "name"):
        if text in (district.name, district.name.rstrip("区市县")) or district.name in text:
            return district_centre(district)
    station = (
        Station.objects.filter(closed_on__isnull=True)
        .filter(Q(address__icontains=text) | Q(name__icontains=text))
        .order_by("pk")
        .only("latitude", "longitude", "address")
        .first()
    )
    if station is None:
        return None
    return Origin(station.latitude, station.longitude, f"“{text}”附近")


def finder_settings() -> FinderSettings:
    """The finder's settings (one small query), kept like the choices below."""
    return cached("stations:finder-settings", FinderSettings.current)


def finder_choices() -> dict:
    """The finder's filter choices and settings (four small queries), kept with the other shared
    parts of public pages until the public content changes (staff edits of kinds, facilities
    and settings move it)."""

    def build():
        return {
            "kinds": list(StationKind.objects.values_list("code", "name")),
            "districts": list(District.objects.order_by("order", "name").values_list("pk", "name")),
            "facilities": list(Facility.objects.values_list("code", "name")),
            "settings": FinderSettings.current(),
        }

    return cached("stations:finder-choices", build)


def station_public_get(*, station_id: int) -> Station | None:
    return (
        _with_hours(Station.objects.filter(pk=station_id), timezone.localdate())
        .select_related("union", "union__district")
        .prefetch_related("photos", "honours__honour_type")
        .first()
    )


def station_upcoming_closures(station: Station, *, days: int = 60) -> QuerySet[SpecialDays]:
    today = timezone.localdate()
    return station.special_days.model.objects.filter(
        station=station, ends_on__gte=today, starts_on__lte=today + datetime.timedelta(days=days)
    ).order_by("starts_on")
