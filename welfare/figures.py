"""The worker-service figures of the annual review (普惠服务), from the ledger and the
person-level records of this app. One aggregate query per group.

Ledger figures are sums of one measure of one kind over the year's lines (codes in
welfare/codes.py: a campaign added as data gets figures by adding its pair there). Person-level
figures count people (distinct ID-number hashes), never rows typed twice. District breakdowns
of people merge small groups into “其他” as aid's do (``reports.disclosure``).
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from reports.disclosure import publishable_groups
from reports.registry import Figure, Theme, figure_group
from welfare import codes
from welfare.models import (
    Certificate,
    DegreeStudent,
    EventEdition,
    HousedFamily,
    LedgerValue,
    RecuperationBatch,
    RecuperationParticipant,
)

SERVICES = Theme.SERVICES
#: the smallest group of people a district breakdown shows on its own (as aid's)
MIN_PUBLIC_GROUP = 5


def _ledger_sums() -> dict:
    return {
        key: Sum("value", filter=Q(measure__kind__code=kind, measure__code=measure))
        for key, (kind, measure) in codes.LEDGER_FIGURES.items()
    }


def _ledger_value(key: str, value) -> int | Decimal:
    if key in codes.MONEY_FIGURES:
        return Decimal(value or 0).quantize(Decimal("0.01"))
    return int(value or 0)


def ledger_by_district(year: int) -> dict[str, dict]:
    rows = (
        LedgerValue.objects.filter(line__held_on__year=year)
        .order_by()
        .annotate(area=Coalesce("line__district__name", "line__union__district__name"))
        .values("area")
        .annotate(**_ledger_sums())
    )
    breakdown: dict[str, dict] = {key: {} for key in codes.LEDGER_FIGURES}
    for row in rows:  # one row a district, already summed
        for key in codes.LEDGER_FIGURES:
            if row[key]:
                area = row["area"] or "市本级"
                breakdown[key][area] = _ledger_value(key, row[key])
    return breakdown


@figure_group(
    Figure(
        "job_services",
        "免费就业服务",
        unit="人次",
        theme=SERVICES,
        definition="工作台账中当年“免费就业服务”各条记录的服务人次之和。",
        aliases=("就业服务",),
    ),
    Figure(
        "trainings",
        "就业创业和技能培训",
        unit="人次",
        theme=SERVICES,
        definition="工作台账中当年就业创业和技能培训的培训人次之和。",
        aliases=("技能培训",),
    ),
    Figure(
        "women_classes",
        "女职工美丽课堂",
        unit="场次",
        theme=SERVICES,
        definition="工作台账中当年女职工美丽课堂的场次之和。",
        aliases=("美丽课堂",),
    ),
    Figure(
        "heat_visits",
        "走访慰问高温一线作业劳动者",
        unit="名",
        theme=SERVICES,
        definition="工作台账中当年夏季“送清凉”走访慰问的高温一线作业劳动者人数之和。",
        aliases=("高温一线作业劳动者", "高温一线"),
    ),
    Figure(
        "heat_goods_yuan",
        "发放防暑降温用品价值",
        unit="元",
        theme=SERVICES,
        money=True,
        definition="工作台账中当年夏季“送清凉”发放防暑降温用品的价值之和。",
        aliases=("防暑降温用品",),
    ),
    Figure(
        "culture_events",
        "送演出、送展览、送电影进基层",
        unit="场次",
        theme=SERVICES,
        definition="工作台账中当年送演出、送展览、送电影进基层的场次之和。",
        aliases=("送电影进基层",),
    ),
    Figure(
        "culture_tutors",
        "选派文艺骨干到一线辅导",
        unit="人次",
        theme=SERVICES,
        definition="工作台账中当年选派文艺骨干到一线辅导的人次之和。",
        aliases=("文艺骨干",),
    ),
    breakdown=ledger_by_district,
)
def ledger_of_the_year(year: int) -> dict[str, int | Decimal]:
    totals = LedgerValue.objects.filter(line__held_on__year=year).aggregate(**_ledger_sums())
    return {key: _ledger_value(key, value) for key, value in totals.items()}


def recuperation_by_district(year: int) -> dict[str, dict[str, int]]:
    rows = (
        RecuperationParticipant.objects.filter(batch__starts_on__year=year)
        .order_by()
        .values("union__district__name", "union__district__order")
        .annotate(workers=Count("id_number_hash", distinct=True))
        .order_by("union__district__order")
    )
    groups = publishable_groups(
        ((row["union__district__name"], row["workers"], row["workers"]) for row in rows),
        minimum=MIN_PUBLIC_GROUP,
    )
    return {"recuperation_workers": {group.name: group.value for group in groups}}


@figure_group(
    Figure(
        "recuperation_batches",
        "职工疗休养批次",
        unit="批次",
        theme=SERVICES,
        definition="当年开始的一线职工、劳模工匠疗休养批次数。",
    ),
    Figure(
        "recuperation_workers",
        "疗休养职工",
        unit="名",
        theme=SERVICES,
        definition="当年各批次疗休养的一线职工、劳模和工匠人次（每批次一人一条记录）。",
    ),
    breakdown=recuperation_by_district,
)
def recuperation(year: int) -> dict[str, int]:
    return RecuperationBatch.objects.filter(starts_on__year=year).aggregate(
        recuperation_batches=Count("pk", distinct=True),
        recuperation_workers=Count("participants"),
    )


@figure_group(
    Figure(
        "certificates",
        "获得职业资格证书",
        unit="人",
        theme=SERVICES,
        definition="当年取得职业资格证书的参训职工人数（一人取得多本只计一次）。",
        aliases=("职业资格证书",),
    ),
)
def certificates(year: int) -> dict[str, int]:
    return Certificate.objects.filter(obtained_on__year=year).aggregate(
        certificates=Count("id_number_hash", distinct=True)
    )


@figure_group(
    Figure(
        "enrolled_workers",
        "学历提升在读职工",
        unit="名",
        theme=SERVICES,
        definition="优秀一线职工（农民工）学历提升行动中年末在读的一线职工人数。",
        aliases=("在读职工",),
    ),
)
def degree_students(year: int) -> dict[str, int]:
    last = datetime.date(year, 12, 31)
    return DegreeStudent.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=last), enrolled_on__lte=last, front_line=True
    ).aggregate(enrolled_workers=Count("id_number_hash", distinct=True))


@figure_group(
    Figure(
        "migrant_housing_families",
        "优秀农民工拿到经适房钥匙",
        unit="户",
        theme=SERVICES,
        definition="当年拿到经济适用住房钥匙的优秀农民工家庭户数。",
        aliases=("经适房",),
    ),
)
def housed_families(year: int) -> dict[str, int]:
    return HousedFamily.objects.filter(keys_received_on__year=year).aggregate(
        migrant_housing_families=Count("pk")
    )


@figure_group(
    Figure(
        "summer_nights_edition",
        "“濠滨夏夜”举办届数",
        unit="年",
        theme=SERVICES,
        definition="截至当年“濠滨夏夜”广场文化活动连续举办的届数（每年一届）。",
        aliases=("濠滨夏夜",),
    ),
)
def summer_nights(year: int) -> dict[str, int]:
    return EventEdition.objects.filter(series__code=codes.SUMMER_NIGHTS, year__lte=year).aggregate(
        summer_nights_edition=Count("pk")
    )
