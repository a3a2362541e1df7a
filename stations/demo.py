"""Demo service sites: made-up names and addresses in the city's districts, positions around
32.0°N 120.9°E, hours, facilities, a few closures, and the 职工书屋 linked to their honours.

The 2018 snapshot reproduces the review's figures from these records: 188 安康·爱心驿站 and 94
劳动保护片区服务站 in use at the end of 2018, 63 爱心母婴室 opened in 2018 (the 职工书屋 counts are
honours, see honors/demo.py). Runs after organizations and honors, before reports. Idempotent:
sites are found by kind and name, and a second run adds nothing.
"""

import datetime
import random

from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from honors import codes as honour_codes
from honors.models import Honour
from organizations.models import District, UnionUnit
from stations import codes
from stations.models import Facility, SpecialDays, Station, StationKind, WeeklyHours

DEMO_REASON = "演示数据"

# Rough centres (WGS-84) of the districts the organizations demo makes.
CENTRES = {
    "崇川区": (32.010, 120.865),
    "通州区": (32.065, 121.075),
    "海门区": (31.870, 121.180),
    "如皋市": (32.370, 120.570),
    "海安市": (32.535, 120.465),
    "如东县": (32.330, 121.190),
    "启东市": (31.810, 121.660),
}
PLACES = [
    "和平",
    "青年",
    "工农",
    "人民",
    "长江",
    "濠河",
    "钟秀",
    "文峰",
    "城东",
    "新桥",
    "永兴",
    "唐闸",
    "幸福",
    "秦灶",
    "陈桥",
    "学田",
    "虹桥",
    "任港",
    "天生港",
    "观音山",
    "兴仁",
    "金沙",
    "石港",
    "平潮",
    "刘桥",
    "三厂",
    "临江",
    "正余",
    "常乐",
    "悦来",
    "东港",
    "滨江",
    "南山",
    "北城",
    "西亭",
    "海晏",
    "丰利",
    "栟茶",
    "长沙",
    "白蒲",
    "搬经",
    "磨头",
    "吕四",
    "汇龙",
    "寅阳",
    "南阳",
    "曲塘",
]
STREETS = ["路", "街", "社区", "大道", "广场", "园区"]

# Per kind: {year opened: how many}; (year closed, how many of the earliest) for closures.
# 安康·爱心驿站: 152 before 2018, 2 of them closed in 2018, 38 new → 188 at the end of 2018.
# 劳动保护片区服务站: 94 by the end of 2018, none closed then. 爱心母婴室: 63 opened in 2018.
PLAN = {
    codes.CARE_STATION: (
        {2015: 30, 2016: 52, 2017: 70, 2018: 38, 2019: 25},
        [(2018, 2), (2019, 1)],
    ),
    codes.PROTECTION_STATION: ({2016: 40, 2017: 30, 2018: 24, 2019: 6}, [(2019, 1)]),
    codes.NURSING_ROOM: ({2016: 20, 2017: 35, 2018: 63, 2019: 30}, [(2020, 1)]),
    codes.READING_ROOM: ({2015: 20, 2016: 20, 2017: 20, 2018: 12, 2019: 10}, []),
    codes.SERVICE_CENTRE: ({2013: 8, 2015: 10, 2016: 10}, []),
    codes.LEGAL_AID: ({2016: 7, 2017: 5, 2018: 4}, []),
    codes.STUDIO: ({2016: 6, 2017: 5, 2018: 4}, []),
}

WEEKDAYS = range(0, 5)
HOURS = {
    codes.CARE_STATION: [("每天", [(7, 0, 19, 0)]), ("24小时", []), ("夜班", [(22, 0, 6, 0)])],
    codes.PROTECTION_STATION: [("工作日", [(8, 30, 17, 30)])],
    codes.NURSING_ROOM: [("每天", [(8, 0, 20, 0)]), ("工作日", [(8, 30, 17, 30)])],
    codes.READING_ROOM: [("工作日", [(8, 30, 11, 30), (13, 30, 17, 30)])],
    codes.SERVICE_CENTRE: [("工作日", [(8, 30, 17, 0)])],
    codes.LEGAL_AID: [("工作日", [(9, 0, 17, 0)])],
    codes.STUDIO: [("工作日", [(8, 30, 17, 30)])],
}


def _site_name(kind: StationKind, district: District, place: str, street: str) -> str:
    if kind.code == codes.LEGAL_AID and place == "法院":
        return f"{district.name}人民法院工会法律援助工作站"
    if kind.code == codes.SERVICE_CENTRE and place == "中心":
        return f"{district.name}职工服务中心"
    return f"{district.name[:2]}{place}{street}{kind.short_name or kind.name}"


def _plan_sites(kinds, districts, unions, city) -> list[dict]:
    """Every demo site, in a fixed order (the same on every run)."""
    rng = random.Random(2018)
    sites, names = [], set()
    for code, (by_year, closures) in PLAN.items():
        kind = kinds[code]
        opened = []
        for year, count in sorted(by_year.items()):
            for number in range(count):
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=(number * 37) % 360)
                opened.append(day)
        closed_left = dict(closures)
        for index, opened_on in enumerate(opened):
            district = districts[index % len(districts)]
            special_place = None
            if code == codes.LEGAL_AID and index < len(districts):
                special_place = "法院"  # one 派驻法院 station a district
            if code == codes.SERVICE_CENTRE and index < len(districts):
                special_place = "中心"  # one county centre a district
            while True:
                place = special_place or rng.choice(PLACES)
                street = rng.choice(STREETS)
                name = _site_name(kind, district, place, street)
                if (code, name) not in names:
                    break
                special_place = None
            names.add((code, name))
            closed_on = None
            for year in sorted(closed_left):
                if closed_left[year] and opened_on.year < year:
                    closed_on = datetime.date(year, 6, 30)
                    closed_left[year] -= 1
                    break
            centre_lat, centre_lng = CENTRES.get(district.name, (32.0, 120.9))
            union = unions.get(district.pk, city)
            if code == codes.SERVICE_CENTRE and index == 0:
                union, name = city, "市职工服务中心"
            sites.append(
                {
                    "kind": kind,
                    "name": name,
                    "union": union,
                    "district": district,
                    "address": f"{district.name}{place}{street}{rng.randint(1, 399)}号",
                    "latitude": round(centre_lat + rng.uniform(-0.06, 0.06), 6),
                    "longitude": round(centre_lng + rng.uniform(-0.07, 0.07), 6),
                    "phone": f"0513-8{rng.randint(1000000, 9999999)}",
                    "opened_on": opened_on,
                    "closed_on": closed_on,
                    "hours": rng.choice(HOURS[code]),
                    "facilities": rng.sample(
                        sorted(kind.facility_codes), k=min(len(kind.facility_codes), 4)
                    ),
                }
            )
    return sites


def seed() -> None:
    kinds = {}
    for kind in StationKind.objects.prefetch_related("facilities"):
        kind.facility_codes = {facility.code for facility in kind.facilities.all()}
        kinds[kind.code] = kind
    districts = list(District.objects.filter(name__in=CENTRES).order_by("order", "name"))
    city = UnionUnit.objects.filter(kind=UnionUnit.Kind.CITY).first()
    if not districts or city is None or set(PLAN) - set(kinds):
        return
    unions = {
        union.district_id: union
        for union in UnionUnit.objects.filter(kind=UnionUnit.Kind.COUNTY, district__in=districts)
    }
    planned = _plan_sites(kinds, districts, unions, city)
    existing = set(Station.objects.values_list("kind__code", "name"))
    missing = [site for site in planned if (site["kind"].code, site["name"]) not in existing]
    if not missing:
        return
    stations = bulk_create_with_history(
        [
            Station(
                **{key: value for key, value in site.items() if key not in ("hours", "facilities")},
                always_open=site["hours"][0] == "24小时",
                hours_note="法定节假日另行安排" if site["hours"][0] == "工作日" else "",
            )
            for site in missing
        ],
        Station,
        default_change_reason=DEMO_REASON,
    )
    stations = {
        (station.kind_id, station.name): station
        for station in Station.objects.filter(Q(name__in=[site["name"] for site in missing]))
    }
    facilities = {facility.code: facility for facility in Facility.objects.all()}
    hours_rows, facility_rows = [], []
    this_year = datetime.date.today().year
    special_rows = []
    through = Station.facilities.through
    for site in missing:
        station = stations[(site["kind"].pk, site["name"])]
        label, ranges = site["hours"]
        days = range(7) if label in ("每天", "夜班") else WEEKDAYS
        for day in days:
            for opens_h, opens_m, closes_h, closes_m in ranges:
                hours_rows.append(
                    WeeklyHours(
                        station=station,
                        weekday=day,
                        opens=datetime.time(opens_h, opens_m),
                        closes=datetime.time(closes_h, closes_m),
                    )
                )
        if label == "工作日" and site["kind"].code == codes.SERVICE_CENTRE:
            special_rows.append(
                SpecialDays(
                    station=station,
                    starts_on=datetime.date(this_year, 10, 1),
                    ends_on=datetime.date(this_year, 10, 7),
                    closed=True,
                    note="国庆节休息",
                )
            )
        facility_rows.extend(
            through(station_id=station.pk, facility_id=facilities[code].pk)
            for code in site["facilities"]
        )
    WeeklyHours.objects.bulk_create(hours_rows)
    SpecialDays.objects.bulk_create(special_rows)
    through.objects.bulk_create(facility_rows)
    _link_reading_room_honours()


def _link_reading_room_honours() -> None:
    """A 职工书屋 示范点 (or a named 市级职工书屋) is an honour of a site: link the demo's reading
    honours of 2018 to the reading rooms opened before (or in) that year, one honour a site."""
    honours = list(
        Honour.objects.filter(
            year=2018,
            honour_type__code__in=[honour_codes.READING_ROOM_DEMO, honour_codes.READING_ROOM],
            stations__isnull=True,
        ).order_by("pk")
    )
    rooms = list(
        Station.objects.filter(
            kind__code=codes.READING_ROOM, opened_on__year__lte=2018, honours__isnull=True
        ).order_by("opened_on", "pk")
    )
    through = Station.honours.through
    through.objects.bulk_create(
        through(station_id=room.pk, honour_id=honour.pk)
        for room, honour in zip(rooms, honours, strict=False)
    )
