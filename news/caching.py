"""Cached public pages, invalidated by moving a version number.

Every public page (and the navigation and footer it shows) is cached against the current public
version; ``public_cache_bump()`` makes all of them stale at once. The services bump it after a
commit that changes what the public sees (an article approved, edited, withdrawn; a channel,
photo or the site settings changed) and the beat task bumps it when an approved article's publish
or expiry time has come. A page is also stale once the reports generation moves (a rollup wrote
a snapshot): the annual report pages and the live figures in articles come from snapshots.

Views mark themselves with ``@cache_public_page`` (unionportal.cache, so that any app may);
``PublicPageCacheMiddleware`` serves and stores their pages. It sits before the session,
authentication and CSRF middleware so that a hit costs at most one cache round trip (the two
version numbers and the page, read together) and none of the per-user machinery; a page the same
process served within the last second costs none (``unionportal.cache.process_pages``). Only
requests without a session cookie use the cache: a logged-in editor always has one, so staff
never get a cached page and their pages are never stored.

Article views are counted in the process and added to the shared cache at most once a second,
in one round trip with every article's count (``count_view``); ``view_counts_flush`` in
news.services writes them to the database.
"""

import atexit
import hashlib
import threading
import time
from collections import Counter
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation

from reports.selectors import GENERATION_CACHE_KEY
from reports.selectors import generation as reports_generation
from unionportal.cache import PUBLIC_PAGE_MARK, counters_add, process_pages

VERSION_KEY = "news:public:version"
PAGE_SECONDS = 10 * 60
VIEW_COUNT_KEY = "news:views:{}"  # an article's views not yet written to the database
VIEW_COUNTS_SECONDS = 1.0


# The public version and reports generation a public request read with its page (set by the
# middleware for the length of the request): the navigation and footer it shows are looked up
# under the same version, without another round trip.
_request_versions: ContextVar[tuple[int, int] | None] = ContextVar(
    "public_request_versions", default=None
)
# Shared fragments already unpickled in this process, by versioned key: a key of an older version
# is never asked for again, so they cannot go stale; the dict is emptied now and then.
_process_copies: dict[str, tuple[object, float]] = {}
PROCESS_COPIES_MAX = 256


def public_request_versions() -> tuple[int, int] | None:
    """(public version, reports generation) of the public page being rendered; None when the
    request is not one the page cache serves (a logged-in editor's, a preview, a shell)."""
    return _request_versions.get()


def public_version() -> int:
    versions = _request_versions.get()
    if versions is not None:
        return versions[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        # Nanoseconds: a version made anew after the cache was emptied never repeats an old one.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def public_cache_bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)
    process_pages.forget()


def public_cache_bump_on_commit() -> None:
    """Bump now (this transaction's readers) and again after the commit (readers that cached the
    old content meanwhile). Outside a transaction on_commit runs at once."""
    public_cache_bump()
    transaction.on_commit(public_cache_bump)


def versioned_key(name: str) -> str:
    return f"news:public:{public_version()}:{name}"


def public_fragment(name: str, build, seconds: int):
    """What every public page shares (navigation, footer settings, photo strip): built once per
    public version, kept in the shared cache and then in this process, each for ``seconds`` (so
    a change made without a bump, from a shell say, still shows within twice that time)."""
    key = versioned_key(name)
    value, expires = _process_copies.get(key, (None, 0.0))
    if value is None or expires < time.monotonic():
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, seconds)
        if len(_process_copies) >= PROCESS_COPIES_MAX:
            _process_copies.clear()
        _process_copies[key] = (value, time.monotonic() + seconds)
    return value


class _ViewCounts:
    """Views counted in this process, not yet added to the shared cache."""

    def __init__(self):
        self.counts = Counter()
        self.added_at = time.monotonic()
        self.lock = threading.Lock()

    def add(self, article_id: int) -> None:
        with self.lock:
            self.counts[article_id] += 1

    def flush(self, *, unless_recent: bool = False) -> None:
        """Add the counts to the shared cache (one round trip); with ``unless_recent``, only if
        the last time was ``VIEW_COUNTS_SECONDS`` ago or more."""
        if not self.counts or (
            unless_recent and time.monotonic() - self.added_at < VIEW_COUNTS_SECONDS
        ):
            return
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.added_at = time.monotonic()
        try:
            counters_add({VIEW_COUNT_KEY.format(pk): count for pk, count in counts.items()})
        except Exception:  # the shared cache is unreachable: keep them for the next time
            with self.lock:
                self.counts.update(counts)
            raise


_view_counts = _ViewCounts()
atexit.register(_view_counts.flush)  # a worker that stops keeps none back


def count_view(article_id: int) -> None:
    """One view of an article: counted here, in the shared cache within a second under traffic
    (with the next page this process asks the shared cache for) and when the process stops."""
    _view_counts.add(article_id)


def counted_here(article_id: int) -> int:
    """The views of an article this process counted and has not yet added to the shared cache."""
    return _view_counts.counts.get(article_id, 0)


def counted_views_flush() -> None:
    """Add this process' counted views to the shared cache now."""
    _view_counts.flush()


def discard_counted_views() -> None:
    """Forget the views counted in this process (tests start afresh)."""
    _view_counts.counts.clear()


def page_counts_view_of(response, *, article_id: int):
    """Ask the page cache to count a view of this article on every hit of this page."""
    response.counts_view_of = article_id
    return response


# Query parameters that share buttons and link trackers add (WeChat's
# from=timeline&isappinstalled=0, utm_*): no public page reads them, so a page with them is the
# page without them, kept once.
TRACKING_PARAMETERS = frozenset(
    {"from", "isappinstalled", "scene", "clicktime", "enterid", "spm", "share_source", "wxfrom"}
)


def _without_tracking(query_string: str) -> str:
    kept = []
    for pair in query_string.split("&"):
        name = pair.split("=", 1)[0]
        if name not in TRACKING_PARAMETERS and not name.startswith("utm_"):
            kept.append(pair)
    return "&".join(kept)


def _page_key(request) -> str:
    """The page's address without tracking parameters, and the language LocaleMiddleware will
    choose (from the reader's Accept-Language): a page rendered for one language is never
    served to a reader of the other."""
    query = request.META.get("QUERY_STRING", "")
    language = translation.get_language_from_request(request)
    address = f"{request.get_host()}|{request.path}?{_without_tracking(query) if query else ''}"
    return f"news:public:page:{language}:{hashlib.sha256(address.encode()).hexdigest()}"


@lru_cache(maxsize=1024)
def _is_public_view(urlconf: str, path: str) -> bool:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, PUBLIC_PAGE_MARK, False)


def _is_public_page(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return _is_public_view(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


def _may_store(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        # A nonce must be new on every response: a page that used one is never replayed.
        and not getattr(request, "csp_nonce", None)
    )


class PublicPageCacheMiddleware:
    """Serve marked public pages from the cache; store them after a render.

    A stored page holds the versions read before it was rendered, so a bump during the render
    leaves it stale rather than fresh-looking. Its headers are those the middleware below this one
    set (content type and length, language, Vary, X-Frame-Options); the ones above (security,
    CSP) are set again on every response, hit or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_public_page(request):
            return self.get_response(request)
        key = _page_key(request)
        stored = process_pages.get(key)
        if stored is not None:
            return self._hit(stored)
        found = cache.get_many([VERSION_KEY, GENERATION_CACHE_KEY, key])
        _view_counts.flush(unless_recent=True)
        versions = (found.get(VERSION_KEY), found.get(GENERATION_CACHE_KEY))
        if None in versions:  # the cache was emptied: make them anew
            versions = (public_version(), reports_generation())
        process_pages.trust(versions)
        stored = found.get(key)
        if stored is not None and stored["versions"] == versions:
            process_pages.keep(key, stored)
            return self._hit(stored)
        token = _request_versions.set(versions)
        try:
            response = self.get_response(request)
        finally:
            _request_versions.reset(token)
        if _may_store(request, response):
            stored = {
                "versions": versions,
                "headers": dict(response.items()),
                "content": response.content,
                "counts_view_of": getattr(response, "counts_view_of", None),
            }
            cache.set(key, stored, PAGE_SECONDS)
            process_pages.keep(key, stored)
        return response

    def _hit(self, stored: dict) -> HttpResponse:
        response = HttpResponse(stored["content"], headers=stored["headers"])
        response["X-Page-Cache"] = "hit"
        if stored["counts_view_of"] is not None:
            count_view(stored["counts_view_of"])
        return response
