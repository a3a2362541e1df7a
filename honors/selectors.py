"""Reads of the honours app for the public pages: a fixed, small number of queries each."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from honors.models import Honour, HonourType, Person


@dataclass(frozen=True)
class LevelGroup:
    slug: str
    label: str
    levels: tuple[str, ...]


Level = Honour.Level
LEVEL_GROUPS = [
    LevelGroup("national", "国家级", (Level.NATIONAL,)),
    LevelGroup("provincial-plus", "省级以上", tuple(Level.at_least(Level.PROVINCIAL))),
    LevelGroup("provincial", "省级", (Level.PROVINCIAL,)),
    LevelGroup("municipal", "市级", (Level.MUNICIPAL,)),
    LevelGroup("county", "县（市、区）级", (Level.COUNTY,)),
]
LEVEL_GROUPS_BY_SLUG = {group.slug: group for group in LEVEL_GROUPS}

#: the headline a roll is named by, e.g. 2018年省级以上五一劳动奖
CATEGORY_TITLES = {
    HonourType.Category.MODEL_WORKER: "劳动模范",
    HonourType.Category.MAY_DAY: "五一劳动奖",
    HonourType.Category.PIONEER: "工人先锋号",
    HonourType.Category.READING: "职工书屋与书香企业",
    HonourType.Category.MORAL: "道德模范与文明职工",
    HonourType.Category.SKILL: "技术能手",
    HonourType.Category.OTHER: "其他荣誉",
}


def _ranked_honours() -> QuerySet[Honour]:
    return (
        Honour.objects.select_related("honour_type")
        .annotate(level_rank=Level.rank_expression())
        .order_by("level_rank", "-year", "honour_type__order", "pk")
    )


def model_worker_list() -> QuerySet[Person]:
    """Model workers for the gallery, each with their honours best first (one prefetch)."""
    return (
        Person.objects.model_workers()
        .order_by("name", "pk")
        .prefetch_related(Prefetch("honours", queryset=_ranked_honours(), to_attr="ranked_honours"))
    )


def person_public_get(*, person_id: int) -> Person:
    """A person with their honours (for the public profile). Any honouree has a page."""
    queryset = (
        Person.objects.filter(honours__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("honours", queryset=_ranked_honours(), to_attr="ranked_honours"))
    )
    return get_object_or_404(queryset, pk=person_id)


def roll_years() -> list[dict]:
    """Years with honours, newest first, with their number of honours per level group."""
    aggregates = {
        group.slug.replace("-", "_"): Count("pk", filter=Q(level__in=group.levels))
        for group in LEVEL_GROUPS
    }
    rows = (
        Honour.objects.order_by()
        .values("year")
        .annotate(total=Count("pk"), **aggregates)
        .order_by("-year")
    )
    return [
        {
            "year": row["year"],
            "total": row["total"],
            "groups": [
                (group, row[group.slug.replace("-", "_")])
                for group in LEVEL_GROUPS
                if row[group.slug.replace("-", "_")]
            ],
        }
        for row in rows
    ]


def honour_roll(*, year: int, group: LevelGroup, category: str | None = None) -> list[Honour]:
    """The honours of one year and level group (and category), in one query."""
    queryset = (
        Honour.objects.filter(year=year, level__in=group.levels)
        .select_related("honour_type", "person", "organization", "district")
        .annotate(level_rank=Level.rank_expression())
        .order_by("honour_type__order", "honour_type__name", "level_rank", "pk")
    )
    if category:
        queryset = queryset.filter(honour_type__category=category)
    return list(queryset)
