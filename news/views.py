"""Public pages of the portal (home, channels, articles, search, photos) and the staff preview.

Views stay thin: reads come from news.selectors, public pages are served from the versioned page
cache (unionportal.cache: ``@cache_public_page`` marks them, its middleware serves them) and views
are counted in the cache (news.services.article_view_record), on cache hits too.
"""

import io
from datetime import datetime
from urllib.parse import urlencode

import segno
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from news import search, selectors, services
from news.models import Article, Channel, Gallery
from news.uploads import EditorImageStorage
from unionportal.cache import PAGE_SECONDS, cache_public_page, cached, request_version
from unionportal.search_registry import registry as search_registry
from unionportal.uploads import image_check

PAGE_SIZE = 20


@require_safe
@cache_public_page
def home(request):
    # The page's body is kept whole per content version ({% public_fragment "home" %}): its lists
    # are read (and unpickled from the shared cache) only when that fragment must be built.
    home_content = SimpleLazyObject(selectors.published_home_content)
    return render(
        request,
        "news/home.html",
        {"home": home_content, "canonical_url": request.build_absolute_uri("/")},
    )


@require_safe
@cache_public_page(params=("page",))
def channel_detail(request, slug):
    try:
        channel_page = selectors.published_channel_page(slug=slug)
    except Channel.DoesNotExist:
        raise Http404("没有这个栏目。") from None
    channel = channel_page.channel
    page = Paginator(selectors.CountedArticles(channel_page), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "news/channel.html",
        {
            "channel": channel,
            "children": channel_page.children,
            "page_obj": page,
            "canonical_url": request.build_absolute_uri(channel.get_absolute_url())
            + (f"?page={page.number}" if page.number > 1 else ""),
        },
    )


def _article_context(request, article: Article, description: str, page) -> dict:
    url = request.build_absolute_uri(article.get_absolute_url())
    return {
        "article": article,
        "channel": article.channel,
        "page": page,  # the page's lists, shown only inside its kept parts
        "view_count": article.view_count + services.article_pending_views(article_id=article.pk),
        "canonical_url": url,
        "meta_description": description,
        "og_image": request.build_absolute_uri(article.cover_url("960")) if article.cover else "",
        "weibo_url": "https://service.weibo.com/share/share.php?"
        + urlencode({"url": url, "title": article.reader_title}),
    }


@require_safe
@cache_public_page
def article_detail(request, pk):
    try:
        head = selectors.published_article_head(pk=pk)
    except Article.DoesNotExist:
        raise Http404("文章不存在或尚未发布。") from None
    # read only when a kept part of the page ({% public_fragment %}) must be built
    page = SimpleLazyObject(lambda: selectors.published_article_page(head))
    return render(
        request,
        "news/article.html",
        _article_context(request, head.article, head.description, page),
    )


# A transparent 1×1 GIF: the article page shows it, so that a view served by nginx or the page
# cache is counted too.
SEEN_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@require_safe
@never_cache
def article_seen(request, pk):
    if Article.objects.published().filter(pk=pk).exists():
        services.article_view_record(article_id=pk)
    return HttpResponse(SEEN_GIF, content_type="image/gif")


@staff_member_required
def article_preview(request, pk):
    """A draft exactly as the public will see it (same template), for staff only."""
    if not request.user.has_perm("news.view_article"):
        raise PermissionDenied
    try:
        page = selectors.article_page(pk=pk, published_only=False)
    except Article.DoesNotExist:
        raise Http404 from None
    context = _article_context(request, page.article, page.description, page)
    context["preview"] = True
    response = render(request, "news/article.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def article_qr(request, pk):
    """The article's address as a QR code (SVG), for sharing to WeChat."""
    if not Article.objects.published().filter(pk=pk).exists():
        raise Http404
    url = request.build_absolute_uri(reverse("news:article", kwargs={"pk": pk}))
    svg = io.BytesIO()
    # A standalone image needs the SVG namespace and an XML declaration, unlike inline SVG.
    segno.make(url, error="m").save(svg, kind="svg", scale=4, dark="#222", title="微信扫一扫")
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _parse_date(value: str):
    try:
        return datetime.strptime(value, "%Y-%m-%d").date() if value else None
    except ValueError:
        return None


SEARCH_PARAMS = ("q", "kind", "year", "channel", "from", "to", "page")


@require_safe
@cache_public_page(params=SEARCH_PARAMS)
def search_view(request):
    """站内搜索 across the portal: articles and every kind the apps declare (people, honours,
    competitions, enterprises, figures …), in tabs by kind, filtered by year; the articles' tab
    also by channel and date. What a search finds is kept per public content version under its
    validated parts (``news.search.SearchQuery``), for anonymous readers as pages are."""
    query = request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
    kinds = tuple((kind.key, str(kind.label)) for kind in search_registry.kinds())
    kind = request.GET.get("kind", "")
    kind = kind if kind == search.ARTICLES or kind in dict(kinds) else ""
    channel_slug = request.GET.get("channel", "")
    channel = Channel.objects.filter(slug=channel_slug).first() if channel_slug else None
    search_query = search.SearchQuery(
        terms=tuple(search.query_terms(query)),
        kinds=kinds,
        kind=kind,
        year=_parse_year(request.GET.get("year", "")),
        channels=tuple(selectors.channel_family(channel)) if channel else (),
        date_from=_parse_date(request.GET.get("from", "")),
        date_to=_parse_date(request.GET.get("to", "")),
        page=_parse_page(request.GET.get("page", "")) if kind else 1,
    )
    if search_query.terms and request_version() is not None and KEEP_RESULTS_SECONDS:
        name = f"search:{get_language()}:{search_query.key()}"
        results = cached(name, lambda: _search_results(search_query), KEEP_RESULTS_SECONDS)
    else:
        results = _search_results(search_query)
    links = _search_links(request, results.suggestion)
    return render(
        request,
        "news/search.html",
        {
            "query": query,
            "terms": search_query.terms,
            "kind": kind,
            "kind_label": {tab["key"]: tab["label"] for tab in results.tabs}.get(kind, "全部"),
            "total": results.total,
            "more_than_limit": results.more_than_limit,
            "facet_years": results.facet_years,
            "suggestion": results.suggestion,
            "page_obj": results.page,
            "year": search_query.year,
            "too_short": search.query_too_short(query),
            "channel": channel,
            "channels": selectors.nav_channels() if kind == search.ARTICLES else [],
            "date_from": search_query.date_from,
            "date_to": search_query.date_to,
            "links": links,
            **_search_navigation(results, links, kind=kind, year=search_query.year),
        },
    )


def _search_navigation(results: search.SearchResults, links: dict, *, kind: str, year) -> dict:
    """The tabs, the years and the sections as the page shows them to this reader: each tab and
    year with its address and whether it is the current one, each section with its heading and,
    on the overview, the address of its tab when it shows only some of what was found. Worked
    out here once rather than by the template for every link."""
    return {
        "tabs": [
            {
                **tab,
                "url": links["kind"] + tab["key"],
                "current": tab["key"] == kind,
                "text": tab["label"] + tab["counted"],
            }
            for tab in results.tabs
        ],
        "years": [
            {"url": links["year"] + str(item["year"]), "current": item["year"] == year, **item}
            for item in results.years
        ],
        "sections": [
            {
                **section,
                "heading": section["label"] + ("" if kind else section["counted"]),
                "more_url": links["kind"] + section["key"]
                if not kind and section["count"] > len(section["hits"])
                else "",
            }
            for section in results.sections
        ],
    }


def _search_links(request, suggestion: str) -> dict[str, str]:
    """The addresses the page links to: the reader's search with one thing changed, as
    ``{% querystring %}`` would write them, but built once a page rather than once a link and
    keeping only the parameters the page reads (any other, ``?utm_source=…``, is not part of the
    page the page cache keeps for every reader). ``kind`` and ``year`` end with ``kind=`` and
    ``year=``, for the tabs and the years to add theirs."""
    asked = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in SEARCH_PARAMS:
            asked.setlist(name, values)

    def changed(**values) -> str:
        params = asked.copy()
        for name, value in values.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return f"?{params.urlencode()}"

    links = {"suggestion": changed(q=suggestion, kind=None, year=None, page=None)}
    for name in ("kind", "year"):
        links[f"no_{name}"] = rest = changed(**{name: None, "page": None})
        links[name] = f"{rest}&{name}=" if rest != "?" else f"?{name}="
    return links


# How long what a search found is kept unread (0: not kept; bench/search.py times first renders).
KEEP_RESULTS_SECONDS = PAGE_SECONDS


def _search_results(search_query: search.SearchQuery) -> search.SearchResults:
    """What the search finds, each section's list of hits written out: kept whole, so that a
    page asked again renders none of its hits."""
    results = search.search_results(search_query)
    for section in results.sections:
        section["hits_html"] = render_to_string(
            "news/search_hits.html", {"section": section, "total": results.total}
        )
    return results


def _parse_year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1949 <= int(value) <= 2100 else None


def _parse_page(value: str) -> int:
    """The page asked for, as the paginator reads it (not a number: the first; 0, negative or
    past the last: the last), bounded so that a kept result has few variants."""
    try:
        number = int(value)
    except ValueError:
        return 1
    last = -(-search.RANKED_LIMIT // search.PAGE_SIZE)
    return number if 1 <= number <= last else last if number > last else 0


@require_safe
@cache_public_page(params=("page",))
def photos(request):
    galleries = Gallery.objects.prefetch_related("photos")
    page = Paginator(galleries, 6).get_page(request.GET.get("page"))
    return render(
        request,
        "news/photos.html",
        {"page_obj": page, "canonical_url": request.build_absolute_uri(reverse("news:photos"))},
    )


@require_safe
@cache_public_page
def site_map(request):
    """网站地图: every channel and section, for readers (sitemap.xml is for crawlers)."""
    return render(
        request,
        "news/site_map.html",
        {
            "sections": selectors.site_map_sections(),
            "canonical_url": request.build_absolute_uri(reverse("news:site_map")),
        },
    )


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "Disallow: /ckeditor5/",
        f"Sitemap: {request.build_absolute_uri(reverse('news:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_POST
def editor_image_upload(request):
    """CKEditor 5 image upload: staff only, images only, size and pixel limits, random name."""
    if not (request.user.is_active and request.user.has_perm("news.change_article")):
        return JsonResponse({"error": {"message": "只有编辑和审核人员可以上传图片。"}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "没有收到文件。"}}, status=400)
    try:
        image_check(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    storage = EditorImageStorage()
    name = storage.save(upload.name, upload)
    return JsonResponse({"url": storage.url(name)})
