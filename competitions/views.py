"""Public pages: competitions by year and kind, one competition, 技术状元, enterprises.

The lists are GET forms with paging; every query parameter a view reads is listed in its
page-cache mark. A list's page reads only its records' ids; each record's row, and a record's page
body, is rendered once per content version and kept (unionportal.cache.cached_html_parts).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from competitions import selectors
from competitions.forms import ChampionFilterForm, CompetitionFilterForm, EnterpriseFilterForm
from competitions.models import Competition
from organizations.models import Organization
from unionportal.cache import (
    cache_public_page,
    cached_html_parts,
    cached_record,
    cached_record_parts,
)

PAGE_SIZE = 50


def _page(request, queryset):
    """The page the reader asked for; a page number out of range or not a number shows the
    nearest page rather than an error."""
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _sections_by_year(request, template_name: str, name: str, page, fetch) -> list[dict]:
    """The rows of a page of (id, year) pairs, joined into one section a year (in the page's
    order: newest year first)."""
    years = dict(page.object_list)
    sections: dict[int, list] = {}
    for pk, html in cached_record_parts(request, template_name, name, years, fetch).items():
        sections.setdefault(years[pk], []).append(html)
    return [{"year": year, "rows": mark_safe("".join(rows))} for year, rows in sections.items()]


@cache_public_page(params=("year", "kind", "page"))
def competition_index(request):
    form = CompetitionFilterForm(request.GET or None, years=selectors.competition_years())
    year = kind = None
    if form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"] or None
    page = _page(request, selectors.competition_rows(year=year, kind=kind))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "competitions/index.html",
        # not "query": the site header shows a context's "query" in its search box
        {
            "form": form,
            "page": page,
            "sections": _sections_by_year(
                request,
                "competitions/_competition_row.html",
                "competition",
                page,
                selectors.competitions_by_id,
            ),
            "filters_query": query.urlencode(),
            "year": year,
            "kind": kind,
        },
    )


def _competition_body(competition: Competition) -> dict:
    return {
        "competition": competition,
        "totals": selectors.competition_entry_totals(competition=competition),
        "results": list(selectors.competition_results(competition=competition)),
        "awards_champion": competition.is_skills_contest
        and competition.level == Competition.Level.MUNICIPAL,
    }


@cache_public_page
def competition_detail(request, pk: int):
    try:
        competition = cached_record("competition", Competition.objects, pk)
    except Competition.DoesNotExist:
        raise Http404("没有这项竞赛。") from None
    body = cached_html_parts(
        request,
        "competitions/_detail_body.html",
        [competition.pk],
        lambda ids: {competition.pk: _competition_body(competition)},
    )
    return render(
        request,
        "competitions/detail.html",
        {"competition": competition, "body": body[competition.pk]},
    )


@cache_public_page(params=("q", "year", "trade", "district", "industry", "page"))
def champion_roll(request):
    form = ChampionFilterForm(request.GET)
    page = _page(request, selectors.champion_rows(filters=form.filters))
    return render(
        request,
        "competitions/champions.html",
        {
            "form": form,
            "page_obj": page,
            "sections": _sections_by_year(
                request,
                "competitions/_champion_row.html",
                "champion",
                page,
                selectors.results_with_honours,
            ),
        },
    )


@cache_public_page(params=("q", "district", "industry", "page"))
def enterprise_list(request):
    form = EnterpriseFilterForm(request.GET)
    page = _page(request, selectors.enterprise_directory_ids(form.filters))
    rows = cached_record_parts(
        request,
        "competitions/_enterprise_row.html",
        "enterprise",
        list(page.object_list),
        selectors.enterprises_with_totals,
    )
    return render(
        request,
        "competitions/enterprise_list.html",
        {"form": form, "page_obj": page, "rows": mark_safe("".join(rows.values()))},
    )


def _enterprise_body(organisation: Organization) -> dict:
    return {
        "organisation": organisation,
        "entries": list(selectors.organisation_entries(organisation=organisation)),
        "results": list(selectors.organisation_results(organisation=organisation)),
        "honours": selectors.organisation_honours(organisation=organisation),
    }


@cache_public_page
def enterprise_detail(request, pk: int):
    try:
        organisation = cached_record(
            "organisation", Organization.objects.select_related("district"), pk
        )
    except Organization.DoesNotExist:
        raise Http404("没有这家单位。") from None
    body = cached_html_parts(
        request,
        "competitions/_enterprise_body.html",
        [organisation.pk],
        lambda ids: {organisation.pk: _enterprise_body(organisation)},
    )
    return render(
        request,
        "competitions/enterprise.html",
        {"organisation": organisation, "body": body[organisation.pk]},
    )
