"""Reads of the honours app for the public pages: a fixed, small number of queries each."""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from honors.models import Honour, HonourType, Person
from unionportal.cache import cached, cached_record


@dataclass(frozen=True)
class LevelGroup:
    slug: str
    label: str
    levels: tuple[str, ...]


Level = Honour.Level
LEVEL_GROUPS = [
    LevelGroup("national", _("国家级"), (Level.NATIONAL,)),
    LevelGroup("provincial-plus", _("省级以上"), tuple(Level.at_least(Level.PROVINCIAL))),
    LevelGroup("provincial", _("省级"), (Level.PROVINCIAL,)),
    LevelGroup("municipal", _("市级"), (Level.MUNICIPAL,)),
    LevelGroup("county", _("县（市、区）级"), (Level.COUNTY,)),
]
LEVEL_GROUPS_BY_SLUG = {group.slug: group for group in LEVEL_GROUPS}

#: the headline a roll is named by, e.g. 2018年省级以上五一劳动奖
CATEGORY_TITLES = {
    HonourType.Category.MODEL_WORKER: _("劳动模范"),
    HonourType.Category.MAY_DAY: _("五一劳动奖"),
    HonourType.Category.PIONEER: _("工人先锋号"),
    HonourType.Category.READING: _("职工书屋与书香企业"),
    HonourType.Category.MORAL: _("道德模范与文明职工"),
    HonourType.Category.SKILL: _("技术能手"),
    HonourType.Category.OTHER: _("其他荣誉"),
}


def _ranked_honours() -> QuerySet[Honour]:
    return (
        Honour.objects.select_related("honour_type")
        .annotate(level_rank=Level.rank_expression())
        .order_by("level_rank", "-year", "honour_type__order", "pk")
    )


def honour_type_choices(*, category: str | None = None) -> list[tuple[int, str]]:
    """(id, name) of the honour types, in their order (one query); of one category if given.
    Kept per content version: the public lists' filters."""
    types = HonourType.objects.order_by("order", "name")
    if category:
        types = types.filter(category=category)
    return cached(
        f"choices:honour-types:{category or ''}", lambda: list(types.values_list("pk", "name"))
    )


def honour_years() -> list[int]:
    """The years with honours, newest first (one query, kept per content version)."""
    return cached(
        "choices:honour-years",
        lambda: list(Honour.objects.order_by("-year").values_list("year", flat=True).distinct()),
    )


def _search_honours(text: str) -> Q:
    return (
        Q(person__name__icontains=text)
        | Q(organization__name__icontains=text)
        | Q(workplace__icontains=text)
        | Q(title__icontains=text)
    )


def model_worker_list(filters: dict | None = None) -> QuerySet[Person]:
    """Model workers for the gallery, by name (their cards: ``people_with_honours``).

    ``filters`` (from honors.forms.ModelWorkerFilterForm): ``level``, ``honour_type``, ``year``
    and ``district`` pick the people holding one honour that matches them all (a 2018 provincial
    honour in 崇川区, not a 2018 honour and another provincial one); ``industry`` is their
    workplace's; ``q`` is found in their name or workplace.
    """
    filters = filters or {}
    people = Person.objects.model_workers()
    honour = {
        field: filters[name]
        for name, field in (
            ("level", "level"),
            ("honour_type", "honour_type_id"),
            ("year", "year"),
            ("district", "district_id"),
        )
        if filters.get(name)
    }
    if honour:
        people = people.filter(Exists(Honour.objects.filter(person=OuterRef("pk"), **honour)))
    if filters.get("industry"):
        people = people.filter(workplace_organization__industry=filters["industry"])
    if filters.get("q"):
        text = filters["q"]
        people = people.filter(Q(name__icontains=text) | Q(workplace__icontains=text))
    return people.order_by("name", "pk")


def _with_ranked_honours() -> Prefetch:
    return Prefetch("honours", queryset=_ranked_honours(), to_attr="ranked_honours")


def _choices_key(filters: dict) -> str:
    return ",".join(f"{name}={value}" for name, value in sorted(filters.items()))


def model_worker_ids(filters: dict | None = None) -> list[int]:
    """The gallery's people's ids in order. Kept per content version for each combination of
    the menus' choices (validated by the form); a search text is looked up every time."""
    filters = filters or {}

    def ids():
        return list(model_worker_list(filters).values_list("pk", flat=True))

    if filters.get("q"):
        return ids()
    return cached(f"model-workers:{_choices_key(filters)}", ids)


def people_with_honours(person_ids) -> dict[int, Person]:
    """The people by id, each with their honours best first (two queries, however many)."""
    people = Person.objects.filter(pk__in=list(person_ids)).prefetch_related(_with_ranked_honours())
    return {person.pk: person for person in people}


def person_public_get(*, person_id: int) -> Person:
    """A person for the public profile (their honours: ``people_with_honours``). Any honouree
    has a page."""
    honoured = Person.objects.filter(Exists(Honour.objects.filter(person=OuterRef("pk"))))
    try:
        return cached_record("honoured-person", honoured, person_id)
    except Person.DoesNotExist:
        raise Http404("没有这位人物。") from None


def roll_years() -> list[dict]:
    """Years with honours, newest first, with their number of honours per level group (one
    query, kept per content version)."""
    return cached("honour-roll-years", _roll_years)


def _roll_years() -> list[dict]:
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


def honour_roll(
    *, year: int, group: LevelGroup, category: str | None = None, filters: dict | None = None
) -> QuerySet[Honour]:
    """The honours of one year and level group (and category), by type (their rows:
    ``honours_by_id``).

    ``filters`` (from honors.forms.HonourFilterForm): ``honour_type``, ``district``, ``industry``
    (the collective's, or the person's workplace's) and ``q`` (recipient, workplace or title).
    """
    filters = filters or {}
    queryset = (
        Honour.objects.filter(year=year, level__in=group.levels)
        .annotate(level_rank=Level.rank_expression())
        .order_by("honour_type__order", "honour_type__name", "level_rank", "pk")
    )
    if category:
        queryset = queryset.filter(honour_type__category=category)
    if filters.get("honour_type"):
        queryset = queryset.filter(honour_type_id=filters["honour_type"])
    if filters.get("district"):
        queryset = queryset.filter(district_id=filters["district"])
    if filters.get("industry"):
        industry = filters["industry"]
        queryset = queryset.filter(
            Q(organization__industry=industry)
            | Q(person__workplace_organization__industry=industry)
        )
    if filters.get("q"):
        queryset = queryset.filter(_search_honours(filters["q"]))
    return queryset


def honour_roll_rows(
    *, year: int, group: LevelGroup, category: str | None = None, filters: dict | None = None
) -> list[tuple[int, str]]:
    """(id, honour type's name) of a roll's honours in order. Kept per content version for a
    year that has honours and each combination of the menus' choices; a search text, or a year
    with no honours (any number in an address), is looked up every time."""
    filters = filters or {}

    def rows():
        honours = honour_roll(year=year, group=group, category=category, filters=filters)
        return list(honours.values_list("pk", "honour_type__name"))

    if filters.get("q") or year not in honour_years():
        return rows()
    return cached(f"honour-roll:{year}:{group.slug}:{category}:{_choices_key(filters)}", rows)


def honours_by_id(honour_ids) -> dict[int, Honour]:
    """Honours by id with their recipient and district (one query)."""
    return Honour.objects.select_related("person", "organization", "district").in_bulk(
        list(honour_ids)
    )
