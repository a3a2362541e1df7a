"""The rights figures of the annual review (维权), from the records of this app.

A contract counts at the end of a year when it is in force on 31 December; the other figures
count the year's visits, samples and activities. One aggregate query per group (the
legal-service group two: its distinct enterprises come from the activities' enterprise list,
whose join would multiply the workers summed in the first), one for each district breakdown.

Legal-aid cases (法律援助案件) belong to the requests app (``appeals``) once it exists: it will
declare their figures in its own figures.py with ``theme=Theme.RIGHTS``, so that they appear in
this section of the report beside these; nothing here needs to change.
"""

import datetime

from django.db.models import Count, Q, Sum

from reports.registry import Figure, Theme, figure_group
from rights.models import (
    CollectiveContract,
    LegalServiceActivity,
    MonitoringSample,
    SupervisionVisit,
)

Kind = CollectiveContract.Kind


def _in_force(year: int) -> Q:
    last = datetime.date(year, 12, 31)
    return Q(valid_from__lte=last, valid_to__gte=last)


def _by_district(rows, keys, district_field) -> dict[str, dict[str, int]]:
    """{key: {district: value}} from rows already aggregated by district (a handful of rows);
    records of no district go into “其他”."""
    breakdown: dict[str, dict[str, int]] = {key: {} for key in keys}
    for row in rows:
        name = row[district_field] or "其他"
        for key in keys:
            if row[key]:
                breakdown[key][name] = breakdown[key].get(name, 0) + int(row[key])
    return breakdown


def contracts_by_district(year: int) -> dict[str, dict[str, int]]:
    rows = (
        CollectiveContract.objects.filter(_in_force(year))
        .order_by()
        .values("enterprise__district__name")
        .annotate(
            collective_contract_enterprises=Count("enterprise", distinct=True),
            wage_contract_enterprises=Count("enterprise", distinct=True, filter=Q(kind=Kind.WAGE)),
        )
    )
    return _by_district(
        rows,
        ("collective_contract_enterprises", "wage_contract_enterprises"),
        "enterprise__district__name",
    )


@figure_group(
    Figure(
        "collective_contract_enterprises",
        "签订集体合同企业",
        unit="家",
        theme=Theme.RIGHTS,
        definition="年末有集体合同（任何类别）在有效期内的企业数，同一企业只计一次。",
        aliases=("集体合同企业",),
    ),
    Figure(
        "wage_contract_enterprises",
        "签订工资专项集体合同企业",
        unit="家",
        theme=Theme.RIGHTS,
        definition="年末有工资专项集体合同在有效期内的企业数。",
        aliases=("工资专项集体合同企业",),
    ),
    breakdown=contracts_by_district,
)
def contracts_in_force(year: int) -> dict[str, int]:
    return CollectiveContract.objects.filter(_in_force(year)).aggregate(
        collective_contract_enterprises=Count("enterprise", distinct=True),
        wage_contract_enterprises=Count("enterprise", distinct=True, filter=Q(kind=Kind.WAGE)),
    )


@figure_group(
    Figure(
        "sample_enterprises_monitored",
        "劳动关系采集监测样本企业",
        unit="家",
        theme=Theme.RIGHTS,
        definition="当年列入劳动关系采集监测样本的企业数。",
        aliases=("样本企业",),
    ),
)
def monitoring_sample(year: int) -> dict[str, int]:
    return MonitoringSample.objects.filter(year=year).aggregate(
        sample_enterprises_monitored=Count("enterprise", distinct=True)
    )


SUPERVISION_KEYS = (
    "legal_supervision_enterprises",
    "legal_opinion_letters",
    "illegal_employment_corrected",
)


def _supervision_totals():
    return {
        "legal_supervision_enterprises": Count("enterprise", distinct=True),
        "legal_opinion_letters": Count("pk", filter=Q(opinion_letter=True)),
        "illegal_employment_corrected": Sum("workers_corrected"),
    }


def supervision_by_district(year: int) -> dict[str, dict[str, int]]:
    rows = (
        SupervisionVisit.objects.filter(visited_on__year=year)
        .order_by()
        .values("enterprise__district__name")
        .annotate(**_supervision_totals())
    )
    return _by_district(rows, SUPERVISION_KEYS, "enterprise__district__name")


@figure_group(
    Figure(
        "legal_supervision_enterprises",
        "开展劳动法律监督企业",
        unit="家",
        theme=Theme.RIGHTS,
        definition="市、县、乡三级工会劳动法律监督组织当年监督的企业数，同一企业只计一次。",
        aliases=("劳动法律监督",),
    ),
    Figure(
        "legal_opinion_letters",
        "发出劳动法律监督意见书",
        unit="份",
        theme=Theme.RIGHTS,
        definition="当年监督中发出劳动法律监督意见书的份数。",
        aliases=("监督意见书",),
    ),
    Figure(
        "illegal_employment_corrected",
        "纠正违法用工",
        unit="人次",
        theme=Theme.RIGHTS,
        definition="当年经工会劳动法律监督纠正违法用工的职工人次。",
    ),
    breakdown=supervision_by_district,
)
def supervision(year: int) -> dict[str, int]:
    totals = SupervisionVisit.objects.filter(visited_on__year=year).aggregate(
        **_supervision_totals()
    )
    return {key: int(value or 0) for key, value in totals.items()}


@figure_group(
    Figure(
        "legal_service_teams",
        "工会法律阳光志愿服务队",
        unit="支",
        theme=Theme.RIGHTS,
        definition="当年开展过活动的工会法律志愿服务队数。",
        aliases=("志愿服务队",),
    ),
    Figure(
        "legal_service_towns",
        "法律志愿服务深入乡镇（街道）、社区",
        unit="个",
        theme=Theme.RIGHTS,
        definition="当年服务队活动到过的不同乡镇（街道）、社区数。",
    ),
    Figure(
        "legal_service_enterprises",
        "法律志愿服务深入企业",
        unit="家",
        theme=Theme.RIGHTS,
        definition="当年服务队走访的不同企业数。",
    ),
    Figure(
        "legal_service_workers",
        "法律志愿服务直接服务职工",
        unit="人次",
        theme=Theme.RIGHTS,
        definition="当年服务队各次活动直接服务职工人次之和。",
    ),
)
def legal_services(year: int) -> dict[str, int]:
    activities = LegalServiceActivity.objects.filter(held_on__year=year)
    totals = activities.aggregate(
        legal_service_teams=Count("team", distinct=True),
        legal_service_towns=Count("place", distinct=True),
        legal_service_workers=Sum("workers_served"),
    )
    visited = LegalServiceActivity.enterprises.through.objects.filter(
        legalserviceactivity__held_on__year=year
    ).aggregate(legal_service_enterprises=Count("organization", distinct=True))
    return {key: int(value or 0) for key, value in (totals | visited).items()}
