"""Public pages: competitions by year and kind, one competition, 技术状元, enterprises.

The lists are GET forms with paging; every query parameter a view reads is listed in its
page-cache mark.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from competitions import selectors
from competitions.forms import ChampionFilterForm, CompetitionFilterForm, EnterpriseFilterForm
from competitions.models import Competition
from organizations.models import Organization
from unionportal.cache import cache_public_page

PAGE_SIZE = 50


def _page(request, queryset):
    """The page the reader asked for; a page number out of range or not a number shows the
    nearest page rather than an error."""
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@cache_public_page(params=("year", "kind", "page"))
def competition_index(request):
    form = CompetitionFilterForm(request.GET or None, years=selectors.competition_years())
    year = kind = None
    if form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"] or None
    competitions = selectors.competition_list(year=year, kind=kind)
    page = _page(request, competitions)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "competitions/index.html",
        # not "query": the site header shows a context's "query" in its search box
        {
            "form": form,
            "page": page,
            "filters_query": query.urlencode(),
            "year": year,
            "kind": kind,
        },
    )


@cache_public_page
def competition_detail(request, pk: int):
    competition = get_object_or_404(Competition, pk=pk)
    return render(
        request,
        "competitions/detail.html",
        {
            "competition": competition,
            "totals": selectors.competition_entry_totals(competition=competition),
            "results": selectors.competition_results(competition=competition),
            "awards_champion": competition.is_skills_contest
            and competition.level == Competition.Level.MUNICIPAL,
        },
    )


@cache_public_page(params=("q", "year", "trade", "district", "industry", "page"))
def champion_roll(request):
    form = ChampionFilterForm(request.GET)
    page = _page(request, selectors.champion_roll(filters=form.filters))
    return render(
        request,
        "competitions/champions.html",
        {"form": form, "page_obj": page, "champions": page.object_list},
    )


@cache_public_page(params=("q", "district", "industry", "page"))
def enterprise_list(request):
    form = EnterpriseFilterForm(request.GET)
    page = _page(request, selectors.enterprise_directory(form.filters))
    return render(
        request,
        "competitions/enterprise_list.html",
        {"form": form, "page_obj": page, "enterprises": page.object_list},
    )


@cache_public_page
def enterprise_detail(request, pk: int):
    organisation = get_object_or_404(Organization.objects.select_related("district"), pk=pk)
    return render(
        request,
        "competitions/enterprise.html",
        {
            "organisation": organisation,
            "entries": selectors.organisation_entries(organisation=organisation),
            "results": selectors.organisation_results(organisation=organisation),
            "honours": selectors.organisation_honours(organisation=organisation),
        },
    )
