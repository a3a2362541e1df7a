"""Template tags of the public site: header, footer, links to apps that may not exist yet.

The header, the footer and the photo strip look the same on every public page of a public
version (the header in a few variants: which channel or app is current), so they are rendered
once per version and kept (``unionportal.cache.cached``) rather than rendered per request;
``{% public_fragment %}`` does the same for a part of a page.
"""

import hashlib
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from news import selectors
from unionportal.cache import PAGE_SECONDS, cached, declared_page_params, request_version
from unionportal.reading import reading_mode

register = template.Library()

# Links of the header to other apps' pages, shown only once their URL names resolve.
APP_LINKS = [
    (_("劳模风采"), "honors:model_worker_list"),
    (_("竞赛"), "competitions:index"),
    (_("企业名录"), "competitions:enterprise_list"),
    (_("年度报告"), "reports:index"),
]


def _reverse_or_empty(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _reader(request) -> str:
    """The language and reading mode a kept fragment was rendered for: part of its name, so that
    an English or 关怀版 page never shows a fragment kept for another."""
    mode = reading_mode(request) if request is not None else "standard"
    return f"{translation.get_language()}:{mode}"


@lru_cache(maxsize=16)
def _app_links(
    urlconf: str | None, script_prefix: str, language: str | None
) -> tuple[tuple[str, str], ...]:
    """(label, url) of the apps that exist; the same for a URL configuration and language."""
    return tuple((label, url) for label, name in APP_LINKS if (url := _reverse_or_empty(name)))


@register.simple_tag
def optional_url(name, *args):
    """``{% optional_url "reports:index" as url %}``: the URL, or "" while it does not exist."""
    return _reverse_or_empty(name, *args)


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    channel = context.get("channel")
    current_slug = ""
    if channel is not None:
        current_slug = channel.parent.slug if channel.parent_id else channel.slug
    path = request.path if request else ""
    query = context.get("query", "")
    links = _app_links(get_urlconf(), get_script_prefix(), translation.get_language())
    # the most specific link is current: /competitions/enterprises/ is 企业名录's, not 竞赛's
    current = max(
        (url for _, url in links if url != "/" and path.startswith(url)), key=len, default=""
    )
    app_links = [{"name": label, "url": url, "is_current": url == current} for label, url in links]
    is_home = path == reverse("news:home")

    def build(search_value):
        return render_to_string(
            "includes/header.html",
            {
                "site": selectors.site_settings_get(),
                "nav": selectors.nav_channels(),
                "app_links": app_links,
                "current_slug": current_slug,
                "is_home": is_home,
                "query": search_value,
            },
        )

    current_app = "".join("1" if link["is_current"] else "0" for link in app_links)
    variant = (
        f"{current_slug}:{is_home}:{current_app}:{get_urlconf()}:{get_script_prefix()}"
        f":{_reader(request)}"
    )
    if not query:
        return cached(f"header:{variant}", lambda: build(""), selectors.NAV_SECONDS)
    # The search box shows the reader's words: the header is kept with a mark in their place.
    mark = _kept_mark("search-box")
    header = cached(f"header:{variant}:search", lambda: build(mark), selectors.NAV_SECONDS)
    return mark_safe(header.replace(mark, conditional_escape(query)))


@register.simple_tag(takes_context=True)
def reading_bar(context):
    """The bar above every page (关怀版, the other language, font sizes, read aloud): kept per
    reader, with a mark where the link to this page in the other language goes, put in per
    request (its eight translated strings cost more than the rest of a kept page's chrome)."""
    reading = context.get("reading") or {}
    mark = _kept_mark("other-language")
    bar = cached(
        f"reading-bar:{_reader(context.get('request'))}",
        lambda: render_to_string(
            "includes/reading_bar.html", {"reading": {**reading, "other_language_url": mark}}
        ),
        selectors.NAV_SECONDS,
    )
    return mark_safe(bar.replace(mark, conditional_escape(reading.get("other_language_url", ""))))


@lru_cache(maxsize=4)
def _kept_mark(purpose: str) -> str:
    """Stands for what one reader's request puts into a kept part (their search words, this
    page's address): the same in every process, and nothing a record's text could hold by chance
    or on purpose (derived from the secret key)."""
    return "q" + hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).hexdigest()[:24]


@register.simple_tag(takes_context=True)
def site_footer(context):
    year = timezone.localdate().year  # the copyright line ends with the current year
    return cached(
        f"footer:{year}:{_reader(context.get('request'))}",
        lambda: render_to_string(
            "includes/footer.html", {"site": selectors.site_settings_get(), "year": year}
        ),
        selectors.NAV_SECONDS,
    )


@register.simple_tag(takes_context=True)
def photo_strip(context):
    """酷图热图 beside an article: the newest photos of the home page's galleries."""
    return cached(
        f"photo-strip-html:{_reader(context.get('request'))}",
        lambda: render_to_string(
            "includes/photo_strip.html", {"photos": selectors.photo_strip(limit=8)}
        ),
        selectors.NAV_SECONDS,
    )


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, parts: list):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        if request_version() is None or context.get("preview"):
            return self.nodelist.render(context)
        parts = "|".join(
            [_reader(context.get("request")), *(str(part.resolve(context)) for part in self.parts)]
        )
        digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
        return cached(
            f"{self.name}:{digest}",
            lambda: self.nodelist.render(context),
            PAGE_SECONDS,
        )


@register.tag("public_fragment")
def public_fragment_tag(parser, token):
    """``{% public_fragment "name" value… %}…{% endpublic_fragment %}``: the block rendered once
    per public content version (for each set of values: whatever else it shows
    must be one of them) and kept, as a page is. Anonymous public requests only: a logged-in
    editor's page and a preview are always rendered, so a draft never lands in a kept block."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("public_fragment needs a name")
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return PublicFragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])


@register.simple_tag
def site_name():
    return selectors.site_settings_get().site_name


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The URL of page ``number`` keeping the other query parameters the page reads (a list's
    filters); any other (``?utm_source=…``) is dropped: it is not part of the kept page."""
    request = context["request"]
    params = request.GET.copy()
    declared = declared_page_params(request)
    if declared is not None:
        for name in set(params) - set(declared):
            del params[name]
    params["page"] = number
    return "?" + params.urlencode()
