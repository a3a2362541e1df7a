"""The service-site figures of the annual review, from the sites on record.

A site counts at the end of a year when it opened by 31 December and had not closed by then; it
is new in the year it opened. Kinds are found by code (stations/codes.py). One aggregate query
for the values, one for the district breakdown.
"""

import datetime

from django.db.models import Count, Q

from reports.registry import Figure, Theme, figure_group
from stations import codes
from stations.models import Station

# figure key → (kind code, "open" at the year's end or "new" in the year)
FIGURES = {
    "care_stations": (codes.CARE_STATION, "open"),
    "protection_stations": (codes.PROTECTION_STATION, "open"),
    "nursing_rooms_new": (codes.NURSING_ROOM, "new"),
    "nursing_rooms": (codes.NURSING_ROOM, "open"),
    "reading_room_sites": (codes.READING_ROOM, "open"),
    "legal_aid_points": (codes.LEGAL_AID, "open"),
    "service_centres": (codes.SERVICE_CENTRE, "open"),
}


def _conditions(year: int) -> dict[str, Q]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    open_at_end = Q(opened_on__lte=last) & (Q(closed_on__isnull=True) | Q(closed_on__gt=last))
    new_in_year = Q(opened_on__gte=first, opened_on__lte=last)
    return {
        key: Q(kind__code=kind) & (open_at_end if measure == "open" else new_in_year)
        for key, (kind, measure) in FIGURES.items()
    }


def stations_by_district(year: int) -> dict[str, dict[str, int]]:
    conditions = _conditions(year)
    rows = (
        Station.objects.order_by()
        .values("district__name")
        .annotate(**{key: Count("pk", filter=condition) for key, condition in conditions.items()})
    )
    breakdown: dict[str, dict[str, int]] = {key: {} for key in FIGURES}
    for row in rows:  # one row a district (seven or so), already aggregated
        for key in FIGURES:
            if row[key]:
                breakdown[key][row["district__name"]] = row[key]
    return breakdown


@figure_group(
    Figure(
        "care_stations",
        "“安康·爱心驿站”",
        unit="家",
        theme=Theme.SERVICES,
        definition="年末在用的“安康·爱心驿站”（户外劳动者服务点）数，按服务站点记录统计。",
        aliases=("爱心驿站",),
    ),
    Figure(
        "protection_stations",
        "劳动保护片区服务站",
        unit="家",
        theme=Theme.SERVICES,
        definition="年末在用的劳动保护片区服务站数，按服务站点记录统计。",
        aliases=("片区服务站",),
    ),
    Figure(
        "nursing_rooms_new",
        "新增“爱心母婴室”",
        unit="家",
        theme=Theme.SERVICES,
        definition="当年建成的“爱心母婴室”数，按服务站点记录的建成日期统计。",
        aliases=("母婴室",),
    ),
    Figure(
        "nursing_rooms",
        "“爱心母婴室”",
        unit="家",
        theme=Theme.SERVICES,
        definition="年末在用的“爱心母婴室”数。",
    ),
    Figure(
        "reading_room_sites",
        "职工书屋（服务站点）",
        unit="家",
        theme=Theme.READING,
        definition="年末在用、登记为服务站点的职工书屋数（示范点等命名见荣誉统计）。",
    ),
    Figure(
        "legal_aid_points",
        "工会法律援助站点",
        unit="个",
        theme=Theme.RIGHTS,
        definition="年末在用的工会法律援助站点数（含派驻法院等工作站）。",
    ),
    Figure(
        "service_centres",
        "职工服务中心",
        unit="个",
        theme=Theme.SERVICES,
        definition="年末在用的市、县（市、区）、镇（街道）职工服务中心数。",
    ),
    breakdown=stations_by_district,
)
def stations_of_the_year(year: int) -> dict[str, int]:
    conditions = _conditions(year)
    return Station.objects.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
    )
