"""Public pages of the portal (home, channels, articles, search, photos) and the staff preview.

Views stay thin: reads come from news.selectors, public pages are served from the versioned page
cache (unionportal.cache: ``@cache_public_page`` marks them, its middleware serves them) and views
are counted in the cache (news.services.article_view_record), on cache hits too.
"""

import io
from datetime import datetime, time
from urllib.parse import urlencode

import segno
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from news import search, selectors, services
from news.models import Article, Channel, Gallery, SearchEntry
from news.sanitize import html_to_text
from news.uploads import EditorImageStorage, image_check
from unionportal.cache import cache_public_page
from unionportal.search_registry import registry as search_registry

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
    channel = get_object_or_404(Channel.objects.select_related("parent"), slug=slug)
    articles = selectors.published_articles().in_channels(selectors.channel_family(channel))
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    children = list(channel.children.filter(show_in_nav=True)) if not channel.parent_id else []
    return render(
        request,
        "news/channel.html",
        {
            "channel": channel,
            "children": children,
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


@require_safe
@cache_public_page(params=("q", "kind", "year", "channel", "from", "to", "page"))
def search_view(request):
    """站内搜索 across the portal: articles and every kind the apps declare (people, honours,
    competitions, enterprises, figures …), in tabs by kind, filtered by year; the articles' tab
    also by channel and date."""
    query = request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
    terms = search.query_terms(query)
    kinds = {kind.key: kind for kind in search_registry.kinds()}
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds or kind == ARTICLES else ""
    year = _parse_year(request.GET.get("year", ""))
    channel_slug = request.GET.get("channel", "")
    channel = Channel.objects.filter(slug=channel_slug).first() if channel_slug else None
    date_from = _parse_date(request.GET.get("from", ""))
    date_to = _parse_date(request.GET.get("to", ""))

    articles = Article.objects.published().select_related("channel", "source")
    if channel:
        articles = articles.in_channels(selectors.channel_family(channel))
    tz = timezone.get_current_timezone()
    if date_from:
        articles = articles.filter(
            publish_at__gte=timezone.make_aware(datetime.combine(date_from, time.min), tz)
        )
    if date_to:
        articles = articles.filter(
            publish_at__lte=timezone.make_aware(datetime.combine(date_to, time.max), tz)
        )
    if year:
        articles = articles.filter(publish_at__year=year)
    entries = SearchEntry.objects.all()
    if year:
        entries = entries.filter(year=year)

    # the overview (全部) shows a few of each kind: it ranks and counts fewer than a kind's tab
    results = search.search_scopes(
        [search.article_scope(articles), *(search.entry_scope(key, entries) for key in kinds)],
        terms,
        limit=None if kind else OVERVIEW_LIMIT,
    )
    tabs = [
        {
            "key": key,
            "label": label,
            "count": len(results[key]),
            "more": results[key].more_than_limit,
        }
        for key, label in [(ARTICLES, "新闻"), *((k.key, k.label) for k in kinds.values())]
    ]
    shown = [kind] if kind else [tab["key"] for tab in tabs]
    page = None
    if kind:
        page = Paginator(results[kind], PAGE_SIZE).get_page(request.GET.get("page"))
    sections = [
        {
            **tab,
            "hits": _hits(
                tab["key"], page.object_list if page else results[tab["key"]][:SECTION_SIZE], terms
            ),
        }
        for tab in tabs
        if tab["key"] in shown and (kind or tab["count"])
    ]
    facet_years: dict[int, int] = {}
    for key in shown:
        for found_year, count in results[key].years.items():
            facet_years[found_year] = facet_years.get(found_year, 0) + count
    total = sum(tab["count"] for tab in tabs)
    return render(
        request,
        "news/search.html",
        {
            "query": query,
            "terms": terms,
            "kind": kind,
            "kind_label": {tab["key"]: tab["label"] for tab in tabs}.get(kind, "全部"),
            "tabs": tabs,
            "total": total,
            "more_than_limit": any(tab["more"] for tab in tabs if tab["key"] in shown),
            "sections": sections,
            "page_obj": page,
            "year": year,
            "facet_years": sorted(facet_years.items(), reverse=True),
            "too_short": search.query_too_short(query),
            "suggestion": search.split_suggestion(query) if query and not total else "",
            "channel": channel,
            "channels": Channel.objects.filter(parent__isnull=True, show_in_nav=True),
            "date_from": date_from,
            "date_to": date_to,
        },
    )


ARTICLES = search.ARTICLES
SECTION_SIZE = 5
# Measured (bench/search.py, 100k articles and 200k entries): ranking the newest 200 of every kind
# for the overview cost most where a term matches a few per cent of the rows.
OVERVIEW_LIMIT = 50


def _parse_year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1949 <= int(value) <= 2100 else None


def _hits(kind: str, rows, terms: list[str]) -> list[dict]:
    """What a result shows: its title and a line of text, the matched words marked."""
    hits = []
    for row in rows:
        if kind == ARTICLES:
            text = row.summary or html_to_text(row.body)
            hits.append(
                {
                    "url": row.get_absolute_url(),
                    "title": search.highlight(row.title, terms),
                    "excerpt": search.highlight(search.excerpt(text, terms), terms),
                    "meta": row.channel.name,
                    "date": row.publish_at,
                }
            )
        else:
            shown = search.index_text(row.title, row.summary)
            text = row.summary
            if not all(term in shown for term in terms):
                # where the rest matched: the indexed text after its title and summary
                rest = row.search_text.removeprefix(shown)
                text = "　".join(filter(None, [row.summary, search.excerpt(rest, terms, 80)]))
            hits.append(
                {
                    "url": row.url,
                    "title": search.highlight(row.title, terms),
                    "excerpt": search.highlight(text, terms),
                    "meta": f"{row.year}年" if row.year else "",
                    "date": None,
                }
            )
    return hits


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
