"""Public pages: competitions by year and kind, one competition, 技术状元, an enterprise."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from competitions import selectors
from competitions.forms import CompetitionFilterForm
from competitions.models import Competition
from organizations.models import Organization

PAGE_SIZE = 50


def competition_index(request):
    form = CompetitionFilterForm(request.GET or None, years=selectors.competition_years())
    year = kind = None
    if form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"] or None
    competitions = selectors.competition_list(year=year, kind=kind)
    page = Paginator(competitions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "competitions/index.html",
        {"form": form, "page": page, "query": query.urlencode(), "year": year, "kind": kind},
    )


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


def champion_roll(request):
    return render(request, "competitions/champions.html", {"champions": selectors.champion_roll()})


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
