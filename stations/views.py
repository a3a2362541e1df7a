"""Public pages: the finder (a list that works with no map and no JavaScript), the map, a site.

"Open now" changes with the clock while a page may be served from the page cache for up to its
lifetime: every result carries its next opening and closing times (``data-changes``) and a small
script (static/js/stations.js) sets the state shown from them; without the script the list shows
the state when the page was rendered.
"""

from urllib.parse import urlencode, urlsplit

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from stations import geo, hours, selectors
from stations.cards import finder_card, station_card
from stations.forms import PARAMS, FinderForm
from stations.models import FinderSettings
from unionportal.cache import cache_public_page

PAGE_SIZE = 20
MAP_LIMIT = 500  # the map draws at most this many nearest sites


def _form(request, choices: dict) -> FinderForm:
    return FinderForm(request.GET or None, choices=choices)


def _rounded_redirect(request, form: FinderForm):
    rounded = form.unrounded_position()
    if rounded is None:
        return None
    query = request.GET.copy()
    for key, value in rounded.items():
        query[key] = value
    query.pop("page", None)
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")


def _position(filters) -> tuple[float, float] | None:
    return (filters.origin.latitude, filters.origin.longitude) if filters.origin else None


@cache_public_page(params=PARAMS)
def finder(request):
    choices = selectors.finder_choices()
    form = _form(request, choices)
    redirect = _rounded_redirect(request, form)
    if redirect is not None:
        return redirect
    moment = timezone.now()
    filters = form.filters()
    found = selectors.station_finder(filters, moment=moment).values_list("pk", flat=True)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    settings = choices["settings"]
    map_query = {
        key: value for key, value in request.GET.items() if key in PARAMS and key != "page"
    }
    return render(
        request,
        "stations/finder.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "cards": [
                finder_card(site, moment, _position(filters))
                for site in selectors.site_cards(list(page.object_list), moment=moment)
            ],
            "rendered_at": timezone.localtime(moment),
            "map_url": (
                reverse("stations:map") + ("?" + urlencode(map_query) if map_query else "")
                if settings.tile_url
                else ""
            ),
        },
    )


def tile_source(tile_url: str) -> str:
    """The Content-Security-Policy source the map's tiles come from: the tile address's scheme and
    host, a host whose first label holds a placeholder (t{s}.tianditu.gov.cn) as *.the rest."""
    parts = urlsplit(tile_url)
    host = parts.hostname or ""
    if "{" in host.split(".")[0] or "%7B" in host.split(".")[0].upper():
        host = "*." + host.split(".", 1)[1]
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}" if parts.scheme in ("http", "https") and host else ""


@cache_public_page(params=PARAMS)
def finder_map(request):
    choices = selectors.finder_choices()
    settings = choices["settings"]
    if not settings.tile_url:
        raise Http404("地图未启用。")
    form = _form(request, choices)
    redirect = _rounded_redirect(request, form)
    if redirect is not None:
        return redirect
    moment = timezone.now()
    filters = form.filters()
    found = selectors.station_finder(filters, moment=moment).values_list("pk", flat=True)
    ids = list(found[:MAP_LIMIT])
    to_tiles = geo.wgs84_to_gcj02 if settings.datum == FinderSettings.Datum.GCJ02 else None
    markers = [
        (
            finder_card(site, moment, _position(filters)),
            *(
                to_tiles(site.latitude, site.longitude)
                if to_tiles
                else (site.latitude, site.longitude)
            ),
        )
        for site in selectors.site_cards(ids, moment=moment)
    ]
    response = render(
        request,
        "stations/map.html",
        {
            "form": form,
            "filters": filters,
            "markers": markers,
            "origin": (
                (to_tiles(*_position(filters)) if to_tiles else _position(filters))
                if filters.origin
                else None
            ),
            "map_settings": settings,
            "list_url": reverse("stations:finder")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        },
    )
    # The page may load its tiles from the tile service the settings name, and from nowhere else.
    # django-csp's csp_update decorator marks the response for its middleware, which runs after
    # the page cache has stored the page: a page served from the cache would lose the mark. The
    # header written here, with django-csp's own policy builder, is stored with the page, and the
    # middleware leaves a header already set alone (tests/stations/test_views.py pins both).
    source = tile_source(settings.tile_url)
    if source:
        response[CSP_HEADER] = build_policy(update={"img-src": [source]})
    return response


@cache_public_page
def station_detail(request, pk: int):
    station = selectors.station_public_get(station_id=pk)
    if station is None:
        raise Http404("没有这个站点。")
    moment = timezone.now()
    settings = selectors.finder_settings()
    return render(
        request,
        "stations/detail.html",
        {
            "station": station,
            "card": station_card(station, moment),
            "week": hours.describe_week(station.schedule()),
            "special_days": selectors.station_upcoming_closures(station),
            "report_email": station.contact_email or settings.report_email,
            "report_subject": f"服务站点信息有误：{station.name}",
            "closed_for_good": station.closed_on is not None
            and station.closed_on <= timezone.localdate(moment),
            "canonical_url": request.build_absolute_uri(station.get_absolute_url()),
        },
    )
