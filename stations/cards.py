"""What the finder, the map and a site's page show of a site: its state, distance, map-app links.

The finder's and the map's card of a site (``SiteCard``) is the same for every reader on a day: it
is kept per content version (``selectors.site_cards``), with the site's opening states through
the day; what changes with the reader and the clock (``FinderCard``: the state now, the changes
ahead, the distance) is worked out from it on each request.
"""

import datetime
import json
import re
import zlib
from dataclasses import dataclass, fields
from urllib.parse import quote, urlencode

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from stations import geo, hours
from stations.models import Station

APP_NAME = "unionportal"  # the "src"/"referer" the map apps ask callers to name


def distance_text(metres: float | None) -> str:
    if metres is None:
        return ""
    if metres < 1000:
        return _("距离约%(metres)d米") % {"metres": max(10, round(metres, -1))}
    return _("距离约%(km).1f公里") % {"km": metres / 1000}


def navigation_links(station: Station) -> list[tuple[str, str]]:
    """(app, URL) that open the phone's map app at the site, each in the datum it expects:
    高德 takes GCJ-02; 百度 and 腾讯 are told the WGS-84 we store (coord_type)."""
    lat, lng = station.latitude, station.longitude
    gcj_lat, gcj_lng = geo.wgs84_to_gcj02(lat, lng)
    amap = "https://uri.amap.com/marker?" + urlencode(
        {
            "position": f"{gcj_lng:.6f},{gcj_lat:.6f}",
            "name": station.name,
            "src": APP_NAME,
            "coordinate": "gaode",
            "callnative": 1,
        }
    )
    baidu = "https://api.map.baidu.com/marker?" + urlencode(
        {
            "location": f"{lat:.6f},{lng:.6f}",
            "title": station.name,
            "content": station.address,
            "output": "html",
            "coord_type": "wgs84",
            "src": f"webapp.{APP_NAME}",
        }
    )
    tencent = (
        "https://apis.map.qq.com/uri/v1/marker?marker="
        + quote(
            f"coord:{lat:.6f},{lng:.6f};title:{station.name};addr:{station.address}", safe=":,;"
        )
        + "&"
        + urlencode({"coord_type": 1, "referer": APP_NAME})
    )
    return [
        (_("用高德地图导航"), amap),
        (_("用百度地图导航"), baidu),
        (_("用腾讯地图导航"), tencent),
    ]


def changes_json(states: hours.DayStates, moment: datetime.datetime) -> str:
    """The site's openings and closings after ``moment``, as the page's script reads them."""
    return json.dumps([[when.isoformat(), state] for when, state in states.changes_after(moment)])


def phone_link(phone: str) -> str:
    """The phone number as a tel: link wants it."""
    return re.sub(r"[^\d+]", "", phone)


@dataclass
class StationCard:
    """A site's page: its state now and the map-app links."""

    station: Station
    open_now: bool
    changes: str  # JSON [[iso time, open?], …] for the page's script
    links: list[tuple[str, str]]  # (label, URL)
    tel: str


def station_card(station: Station, moment: datetime.datetime) -> StationCard:
    states = hours.day_states(station.schedule(), hours.local(moment).date())
    return StationCard(
        station=station,
        open_now=states.is_open(moment),
        changes=changes_json(states, moment),
        links=navigation_links(station),
        tel=phone_link(station.phone),
    )


@dataclass(frozen=True)
class SiteCard:
    """What the finder and the map show of a site alike to every reader on one day, kept per
    content version (``selectors.site_cards``): the card written out but for its state and
    distance, the site's position, and its opening states through the day."""

    pk: int
    name: str
    url: str
    kind: str
    latitude: float
    longitude: float
    details: str  # the card's HTML under its name: address, facilities, phone, map apps
    states: hours.DayStates


# Part of the name a card is kept under: a card kept by a release whose cards had other fields is
# never read back by this one (it would lack what this one asks of it).
SITE_CARD_FORMAT = zlib.crc32(
    repr([(f.name, f.type) for cls in (SiteCard, hours.DayStates) for f in fields(cls)]).encode()
)


def site_card(station: Station, day: datetime.date) -> SiteCard:
    """``station`` with its kind, district, facilities and the hours of ``day`` prefetched."""
    return SiteCard(
        pk=station.pk,
        name=station.name,
        url=station.get_absolute_url(),
        kind=station.kind.name,
        latitude=station.latitude,
        longitude=station.longitude,
        details=render_to_string(
            "stations/_card_details.html",
            {
                "station": station,
                "tel": phone_link(station.phone),
                "links": navigation_links(station),
            },
        ),
        states=hours.day_states(station.schedule(), day),
    )


@dataclass
class FinderCard:
    """A site in the finder's list or on the map, as a reader sees it now."""

    site: SiteCard
    open_now: bool
    changes: str  # JSON [[iso time, open?], …] for the page's script
    distance: str


def finder_card(
    site: SiteCard, moment: datetime.datetime, origin: tuple[float, float] | None = None
) -> FinderCard:
    return FinderCard(
        site=site,
        open_now=site.states.is_open(moment),
        changes=changes_json(site.states, moment),
        distance=distance_text(
            geo.distance_m(*origin, site.latitude, site.longitude) if origin else None
        ),
    )
