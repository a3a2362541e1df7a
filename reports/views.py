"""Public annual report pages. They read snapshots only (reports.selectors), never records."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from reports import downloads, selectors
from reports.charts import chart_svg
from unionportal.cache import cache_public_page
from unionportal.http import content_disposition


def _cached_fragment(name: str, year, build):
    """The page body, rendered once per snapshot generation. The whole page is cached too
    (``cache_public_page``, for anonymous readers); this keeps the body when only the site's
    header or footer changed."""
    key = selectors.cache_key("page", name, year)
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, selectors.CACHE_SECONDS)
    return html


@require_safe
@cache_public_page
def index(request):
    def build():
        years = selectors.report_years()
        return render_to_string("reports/_index_body.html", {"years": years})

    return render(request, "reports/index.html", {"body": _cached_fragment("index", "", build)})


@require_safe
@cache_public_page
def year(request, year: int):
    def build():
        report = selectors.year_report(year)
        if report is None:
            return ""
        return render_to_string("reports/_year_body.html", {"report": report})

    body = _cached_fragment("year", year, build)
    if not body:
        raise Http404("该年度暂无统计快照")
    return render(request, "reports/year.html", {"year": year, "body": body})


@require_safe
def chart(request, year: int, chart: str):
    svg = chart_svg(year, chart)
    if svg is None:
        raise Http404("没有这张图表")
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=600"
    return response


def _figures_or_404(year: int) -> list[dict]:
    figures = selectors.year_figures(year)
    if not figures:
        raise Http404("该年度暂无统计快照")
    return figures


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition(filename)
    return response


@require_safe
def download_json(request, year: int):
    body = downloads.as_json(_figures_or_404(year))
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_safe
def download_csv(request, year: int):
    body = downloads.as_csv(_figures_or_404(year))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{year}年统计数据.csv")


@require_safe
def download_xlsx(request, year: int):
    body = downloads.as_xlsx(_figures_or_404(year), year=year)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return _attachment(response, f"{year}年统计数据.xlsx")


@require_safe
def figure(request, key: str):
    definition = selectors.figure_definition(key)
    if definition is None:
        raise Http404("没有这个指标")
    return render(request, "reports/figure.html", definition)
