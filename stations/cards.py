"""What the finder and a site's page show of a site: its state now, distance, map-app links."""

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

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


@dataclass
class StationCard:
    station: Station
    open_now: bool
    changes: str  # JSON [[iso time, open?], …] for the page's script
    distance: str
    links: list[tuple[str, str]]  # (label, URL)
    tel: str  # the phone number as a tel: link wants it


def station_card(
    station: Station, moment: datetime.datetime, origin: tuple[float, float] | None = None
) -> StationCard:
    schedule = station.schedule()
    changes = [[when.isoformat(), state] for when, state in hours.state_changes(schedule, moment)]
    return StationCard(
        station=station,
        open_now=hours.is_open(schedule, moment),
        changes=json.dumps(changes),
        distance=distance_text(
            geo.distance_m(*origin, station.latitude, station.longitude) if origin else None
        ),
        links=navigation_links(station),
        tel=re.sub(r"[^\d+]", "", station.phone),
    )
