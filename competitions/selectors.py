"""Reads of the competitions app for the public pages: each a fixed, small number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum

from competitions.models import Competition, Entry, Result
from honors.models import Honour
from organizations.models import Organization


def competition_years() -> list[int]:
    return list(Competition.objects.order_by("-year").values_list("year", flat=True).distinct())


def competition_list(*, year: int | None = None, kind: str | None = None) -> QuerySet:
    competitions = Competition.objects.all()
    if year:
        competitions = competitions.filter(year=year)
    if kind:
        competitions = competitions.filter(kind=kind)
    return competitions.order_by("-year", "kind", "level", "name")


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


def champion_roll(*, year: int | None = None) -> QuerySet:
    """技术状元, newest year first."""
    champions = Result.objects.champions().select_related("competition", "organisation")
    if year:
        champions = champions.filter(competition__year=year)
    return with_person_honours(
        champions.order_by("-competition__year", "competition__trade", "competition__name")
    )


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
