"""Reads of the competitions app for the public pages: each a fixed, small number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from competitions.models import Competition, Entry, Result
from honors.models import Honour
from organizations.models import Organization
from organizations.selectors import organization_search
from unionportal.cache import cached


def competition_years() -> list[int]:
    """Years with competitions, newest first (one query, kept per content version: a filter)."""
    return cached(
        "choices:competition-years",
        lambda: list(
            Competition.objects.order_by("-year").values_list("year", flat=True).distinct()
        ),
    )


def competition_list(*, year: int | None = None, kind: str | None = None) -> QuerySet:
    competitions = Competition.objects.all()
    if year:
        competitions = competitions.filter(year=year)
    if kind:
        competitions = competitions.filter(kind=kind)
    return competitions.order_by("-year", "kind", "level", "name")


def competition_rows(*, year: int | None = None, kind: str | None = None) -> list[tuple[int, int]]:
    """(id, year) of the listed competitions in order, kept per content version for each year
    and kind (choices the form validated)."""
    return cached(
        f"competition-list:{year}:{kind}",
        lambda: list(competition_list(year=year, kind=kind).values_list("pk", "year")),
    )


@dataclass
class EntryTotals:
    enterprises: int
    workers: int
    teams: int
    suggestions: int
    innovations: int
    advanced_methods: int
    economic_benefit_yuan: Decimal

    @property
    def any(self) -> bool:
        return self.enterprises > 0


def competition_entry_totals(*, competition: Competition) -> EntryTotals:
    """What all enterprises entered in a competition report together (one query)."""
    totals = Entry.objects.filter(competition=competition).aggregate(
        enterprises=Count("organisation", distinct=True),
        workers=Sum("workers"),
        teams=Sum("teams"),
        suggestions=Sum("suggestions"),
        innovations=Sum("innovations"),
        advanced_methods=Sum("advanced_methods"),
        economic_benefit_yuan=Sum("economic_benefit_yuan"),
    )
    benefit = totals.pop("economic_benefit_yuan") or Decimal("0")
    return EntryTotals(
        **{key: int(value or 0) for key, value in totals.items()},
        economic_benefit_yuan=benefit,
    )


def with_person_honours(results: QuerySet) -> QuerySet:
    """Results with the honours of their linked person (one more query, whatever the rows)."""
    return results.select_related("person").prefetch_related(
        Prefetch(
            "person__honours",
            queryset=Honour.objects.select_related("honour_type").order_by(
                "-year", "honour_type__order"
            ),
        )
    )


def competition_results(*, competition: Competition) -> QuerySet:
    results = (
        Result.objects.filter(competition=competition)
        .select_related("competition", "organisation")
        .order_by("rank", "contestant_name")
    )
    return with_person_honours(results)


def champion_years() -> list[int]:
    """Years with a 技术状元, newest first (one query, kept per content version: a filter)."""
    return cached(
        "choices:champion-years",
        lambda: list(
            Result.objects.champions()
            .order_by("-competition__year")
            .values_list("competition__year", flat=True)
            .distinct()
        ),
    )


def champion_trades() -> list[str]:
    """The trades 技术状元 were named in, alphabetically (one query, kept per content version)."""
    return cached(
        "choices:champion-trades",
        lambda: list(
            Result.objects.champions()
            .exclude(competition__trade="")
            .order_by("competition__trade")
            .values_list("competition__trade", flat=True)
            .distinct()
        ),
    )


def champion_roll(*, year: int | None = None, filters: dict | None = None) -> QuerySet:
    """技术状元, newest year first (their rows: ``results_with_honours``).

    ``filters`` (from competitions.forms.ChampionFilterForm): ``year``, ``trade``, ``district``
    and ``industry`` (of the champion's enterprise), ``q`` (the champion's name, enterprise or
    trade).
    """
    filters = filters or {}
    year = year or filters.get("year")
    champions = Result.objects.champions()
    if year:
        champions = champions.filter(competition__year=year)
    if filters.get("trade"):
        champions = champions.filter(competition__trade=filters["trade"])
    if filters.get("district"):
        champions = champions.filter(organisation__district_id=filters["district"])
    if filters.get("industry"):
        champions = champions.filter(organisation__industry=filters["industry"])
    if filters.get("q"):
        text = filters["q"]
        champions = champions.filter(
            Q(contestant_name__icontains=text)
            | Q(organisation__name__icontains=text)
            | Q(competition__trade__icontains=text)
        )
    return champions.order_by("-competition__year", "competition__trade", "competition__name")


def champion_rows(*, filters: dict | None = None) -> list[tuple[int, int]]:
    """(id, year) of the 技术状元 in order. Kept per content version for each combination of the
    menus' choices (validated by the form); a search text is looked up every time."""
    filters = filters or {}

    def rows():
        return list(champion_roll(filters=filters).values_list("pk", "competition__year"))

    if filters.get("q"):
        return rows()
    choices = ",".join(f"{name}={value}" for name, value in sorted(filters.items()))
    return cached(f"champions:{choices}", rows)


def results_with_honours(result_ids) -> dict[int, Result]:
    """Results by id with their competition, enterprise and person's honours (two queries)."""
    results = with_person_honours(
        Result.objects.filter(pk__in=list(result_ids)).select_related("competition", "organisation")
    )
    return {result.pk: result for result in results}


def _records_of(model, field: str):
    """How many ``model`` rows name the organisation in ``field``, as a subquery (0 if none)."""
    counted = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted), 0)


def enterprise_directory(filters: dict | None = None) -> QuerySet[Organization]:
    """Organisations with honours, competition entries or results, by name, one query a page
    (their rows: ``enterprises_with_totals``).

    ``filters`` (from competitions.forms.EnterpriseFilterForm): ``q`` (a name or the start of a
    统一社会信用代码), ``district`` and ``industry``.
    """
    filters = filters or {}
    # "id in" each table's ids, read once, not an EXISTS probed for each of the organisations
    # (a tenth of them are in the directory): a quarter of the time on SQLite
    organisations = Organization.objects.filter(
        Q(pk__in=Honour.objects.values("organization"))
        | Q(pk__in=Entry.objects.values("organisation"))
        | Q(pk__in=Result.objects.values("organisation"))
    )
    if filters.get("q"):
        organisations = organization_search(organisations, text=filters["q"])
    if filters.get("district"):
        organisations = organisations.filter(district_id=filters["district"])
    if filters.get("industry"):
        organisations = organisations.filter(industry=filters["industry"])
    return organisations.order_by("name", "pk")


def enterprise_directory_ids(filters: dict | None = None) -> list[int]:
    """The ids of the directory's organisations in order. Kept per content version for each
    district and industry (choices the form validated); a search is run every time."""
    filters = filters or {}

    def ids():
        return list(enterprise_directory(filters).values_list("pk", flat=True))

    if filters.get("q"):
        return ids()
    return cached(f"enterprise-directory:{filters.get('district')}:{filters.get('industry')}", ids)


def enterprises_with_totals(organisation_ids) -> dict[int, Organization]:
    """Organisations by id with their district and parent, annotated with ``honour_total``,
    ``entry_total`` and ``result_total`` (one query)."""
    organisations = (
        Organization.objects.filter(pk__in=list(organisation_ids))
        .select_related("district", "parent")
        .annotate(
            honour_total=_records_of(Honour, "organization"),
            entry_total=_records_of(Entry, "organisation"),
            result_total=_records_of(Result, "organisation"),
        )
    )
    return {organisation.pk: organisation for organisation in organisations}


def organisation_entries(*, organisation: Organization) -> QuerySet:
    return (
        Entry.objects.filter(organisation=organisation)
        .select_related("competition")
        .order_by("-competition__year", "competition__name")
    )


def organisation_results(*, organisation: Organization) -> QuerySet:
    return with_person_honours(
        Result.objects.filter(organisation=organisation)
        .select_related("competition")
        .order_by("-competition__year", "competition__name", "rank")
    )


def organisation_honours(*, organisation: Organization) -> list:
    """The honours of the enterprise itself (collective honours), newest first."""
    return list(
        Honour.objects.filter(organization=organisation)
        .select_related("honour_type")
        .order_by("-year", "honour_type__order")
    )


def competitions_by_id(competition_ids) -> dict[int, Competition]:
    return Competition.objects.in_bulk(list(competition_ids))
