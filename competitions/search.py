"""What of the competitions app the portal's search finds: competitions, their listed results
and the enterprises with honours, entries or results (their public pages live here), and the
competition pages the XML sitemap lists (declared here, indexed by news)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from competitions.models import Competition, Entry, Result
from organizations.models import Organization
from unionportal.search_registry import Document, SearchKind, registry


def _of_keys(queryset, keys):
    return queryset if keys is None else queryset.filter(pk__in=[int(key) for key in keys])


def competition_documents(keys=None):
    for competition in _of_keys(Competition.objects.order_by("pk"), keys).iterator(2000):
        yield Document(
            key=str(competition.pk),
            title=competition.name,
            url=competition.get_absolute_url(),
            text=" ".join(
                [
                    competition.get_kind_display(),
                    competition.get_level_display(),
                    competition.organiser,
                    competition.trade,
                    competition.description,
                ]
            ),
            summary=f"{competition.year}年　{competition.get_level_display()}"
            f"{competition.get_kind_display()}",
            year=competition.year,
            date=competition.end_date or competition.start_date,
        )


def result_documents(keys=None):
    results = _of_keys(
        Result.objects.select_related("competition", "organisation").order_by("pk"), keys
    )
    for result in results.iterator(2000):
        prize = result.get_prize_display() if result.prize else ""
        yield Document(
            key=str(result.pk),
            title=f"{result.contestant_name}：{result.competition.name}第{result.rank}名",
            url=result.competition.get_absolute_url(),
            text=" ".join([result.organisation.name, result.new_grade]),
            summary="　".join(part for part in [result.organisation.name, prize] if part),
            year=result.competition.year,
            date=result.competition.end_date,
        )


def enterprise_documents(keys=None):
    organisations = _of_keys(
        Organization.objects.filter(
            Q(honours__isnull=False)
            | Q(competition_entries__isnull=False)
            | Q(competition_results__isnull=False)
        )
        .distinct()
        .select_related("district")
        .order_by("pk"),
        keys,
    )
    for organisation in organisations.iterator(2000):
        district = organisation.district.name if organisation.district else ""
        yield Document(
            key=str(organisation.pk),
            title=organisation.name,
            url=reverse("competitions:enterprise", args=[organisation.pk]),
            text=" ".join([organisation.credit_code, organisation.industry, district]),
            summary="　".join(part for part in [district, organisation.industry] if part),
        )


def competition_pages() -> list[str]:
    return [
        reverse("competitions:index"),
        reverse("competitions:champions"),
        reverse("competitions:enterprise_list"),
    ]


registry.register(
    SearchKind(
        key="competition",
        label=pgettext_lazy("search kind", "竞赛"),
        order=40,
        documents=competition_documents,
        watch={Competition: lambda competition: [str(competition.pk)]},
        pages=competition_pages,
    )
)
registry.register(
    SearchKind(
        key="result",
        label=pgettext_lazy("search kind", "竞赛成绩"),
        order=45,
        documents=result_documents,
        watch={
            Result: lambda result: [str(result.pk)],
            Competition: lambda competition: [
                str(pk) for pk in competition.results.values_list("pk", flat=True)
            ],
        },
        in_sitemap=False,  # shown on the competition's page
    )
)
registry.register(
    SearchKind(
        key="enterprise",
        label=pgettext_lazy("search kind", "企业"),
        order=50,
        documents=enterprise_documents,
        watch={
            Organization: lambda organisation: [str(organisation.pk)],
            Entry: lambda entry: [str(entry.organisation_id)],
            Result: lambda result: [str(result.organisation_id)],
        },
    )
)
