"""What the finder and a site's page show of a site: its state now, distance, map-app links."""

import datetime
import json
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from stations import geo, hours
from stations.models import Station

APP_NAME = "unionportal"  # the "src"/"referer" the map apps ask callers to name


def distance_text(metres: float | None) -> str:
    if metres is None:
        return ""
    if metres < 1000:
        return f"{max(10, round(metres, -1)):.0f}米"
    return f"{metres / 1000:.1f}公里"


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
    return [("高德地图", amap), ("百度地图", baidu), ("腾讯地图", tencent)]


@dataclass
class StationCard:
    station: Station
    open_now: bool
    changes: str  # JSON [[iso time, open?], …] for the page's script
    distance: str
    links: list[tuple[str, str]]


def station_card(station: Station, moment: datetime.datetime) -> StationCard:
    schedule = station.schedule()
    changes = [[when.isoformat(), state] for when, state in hours.state_changes(schedule, moment)]
    return StationCard(
        station=station,
        open_now=hours.is_open(schedule, moment),
        changes=json.dumps(changes),
        distance=distance_text(getattr(station, "distance_m", None)),
        links=navigation_links(station),
    )
