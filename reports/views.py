"""Public annual report pages. They read snapshots only (reports.selectors), never records."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from reports import downloads, selectors
from reports.charts import chart_svg
from unionportal.cache import cache_public_page
from unionportal.http import content_disposition


@require_safe
@cache_public_page
def index(request):
    # The body is kept per content version ({% public_fragment %}): read only when rendered.
    years = SimpleLazyObject(selectors.report_years)
    return render(request, "reports/index.html", {"years": years})


@require_safe
@cache_public_page
def year(request, year: int):
    if year not in selectors.report_years():
        raise Http404("该年度暂无统计快照")
    # The body is kept per content version ({% public_fragment %}): built only when rendered.
    report = SimpleLazyObject(lambda: selectors.year_report(year))
    return render(request, "reports/year.html", {"year": year, "report": report})


@require_safe
def chart(request, year: int, chart: str):
    svg = chart_svg(year, chart)
    if svg is None:
        raise Http404("没有这张图表")
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=600"
    return response


def _figures_or_404(request, year: int) -> list[dict]:
    """The year's figures, each with the address of its definition page."""
    figures = selectors.year_figures(year)
    if not figures:
        raise Http404("该年度暂无统计快照")
    return [
        {
            **row,
            "definition_url": request.build_absolute_uri(
                reverse("reports:figure", args=[row["key"]])
            ),
        }
        for row in figures
    ]


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition(filename)
    return response


@require_safe
def download_json(request, year: int):
    body = downloads.as_json(_figures_or_404(request, year))
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_safe
def download_csv(request, year: int):
    body = downloads.as_csv(_figures_or_404(request, year))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{year}年统计数据.csv")


@require_safe
def download_xlsx(request, year: int):
    body = downloads.as_xlsx(_figures_or_404(request, year), year=year)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return _attachment(response, f"{year}年统计数据.xlsx")


@require_safe
@cache_public_page
def figure(request, key: str):
    definition = selectors.figure_definition(key)
    if definition is None:
        raise Http404("没有这个指标")
    return render(request, "reports/figure.html", definition)


@require_safe
def figure_picker(request):
    """Staff only: the figures an editor may insert into an article, searched by name and year
    (JSON for the picker beside the article editor, static/js/figure_picker.js)."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return JsonResponse({"error": "请先登录管理后台。"}, status=403)
    year = request.GET.get("year", "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        return JsonResponse({"error": "年度应为四位数字，例如 2018。"}, status=400)
    text = request.GET.get("q", "")[:50]
    choices = selectors.figure_picker_choices(text=text, year=int(year) if year else None)
    response = JsonResponse(choices, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response
