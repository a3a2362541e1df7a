"""The public page cache: one module, one content version.

How a public page is cached, all of it here:

- **nginx in front** (``deploy/nginx/portal.conf.template``) keeps anonymous pages for a few
  seconds, as the ``Cache-Control`` header set below allows, and serves them stale while it renders
  them anew or while the portal is away. It never sees a page rendered for a reader with a session.
- **Behind it, this page cache**, in Django's cache (Redis in production). A view marked
  ``@cache_public_page`` has its pages stored for anonymous GET requests by
  ``PublicPageCacheMiddleware``, keyed on the address, the query parameters the view declares it
  reads (any other is ignored: ``?x=<random>`` is the same page), the language and the reading
  mode. A stored page is good while the **public content version** it was rendered under is the
  current one.
- **The content version** moves with ``public_content_changed()``, the one call every writer makes
  when something the public sees changed (an article approved or edited, a channel, the site
  settings, a rollup that wrote a snapshot …). It moves after the commit, so a reader never gets a
  page of content that was rolled back.
- **Shared parts of pages** (the navigation, the footer, an article's data, the snapshots behind
  the reports) are kept with ``cached(name, build)`` under the same version, many at once with
  ``cached_many``, rendered cards and rows with ``cached_html_parts``. A process keeps a copy of
  each part it read for the current version (``_ProcessCopies``), so a page rendered anew reads
  the version from Redis and little else.

Every cache is a speed-up, never a dependency. Each call to the shared cache goes through
``shared_cache_call``: if the cache is down or hung (short socket timeouts in settings), the call
gives up, the page is rendered uncached, and the cache is left alone for ``RETRY_SECONDS`` so that
readers do not wait on it one call after another. A process that saw the cache fail moves the
content version once it reaches the cache again, so a bump that could not be written is not lost:
pages stored before the outage are not served after it.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import get_template
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from redis.exceptions import RedisError

from unionportal.reading import reading_mode

logger = logging.getLogger(__name__)

VERSION_KEY = "public:version"
PAGE_SECONDS = 10 * 60  # how long an article's data may stay unread in the shared cache
FRAGMENT_SECONDS = 60 * 60
# What nginx (and a browser) may keep a public page for: the bound on how long a change takes to
# reach readers through the front cache. Stale copies may be served while one is rendered anew, or
# while the portal is away.
FRONT_CACHE_SECONDS = 3
FRONT_STALE_SECONDS = 60
FRONT_STALE_IF_ERROR_SECONDS = 24 * 60 * 60
RETRY_SECONDS = 2.0  # after a failure, the shared cache is left alone this long

PUBLIC_PAGE_PARAMS = "public_page_params"  # the attribute the decorator sets on a view

# Errors of a shared cache that is down or hung (Redis raises its own; sockets raise OSError).
CACHE_ERRORS = (RedisError, OSError)


class _SharedCacheState:
    """Whether this process should try the shared cache, and whether it owes a version bump."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.bump_owed = False

    def available(self) -> bool:
        return time.monotonic() >= self.retry_at

    def failed(self, exc: Exception) -> None:
        with self.lock:
            first = not self.bump_owed
            self.retry_at = time.monotonic() + RETRY_SECONDS
            self.bump_owed = True
        if first:
            logger.warning("共享缓存不可用（%s），页面暂不经缓存直接生成", exc.__class__.__name__)

    def reset(self) -> None:
        self.retry_at, self.bump_owed = 0.0, False


_state = _SharedCacheState()


def shared_cache_call(operation, default=None):
    """Run ``operation`` against the shared cache; ``default`` if the cache is down, hung, or
    was a moment ago."""
    if not _state.available():
        return default
    try:
        if _state.bump_owed:
            _move_version()
            _state.bump_owed = False
            logger.warning("共享缓存已恢复，公开内容版本已更新")
        return operation()
    except CACHE_ERRORS as exc:
        _state.failed(exc)
        return default


def shared_cache_available() -> bool:
    """False for ``RETRY_SECONDS`` after the shared cache failed (health checks, tests)."""
    return _state.available()


def forget_failures() -> None:
    """Forget that the shared cache failed (tests start afresh)."""
    _state.reset()


# --------------------------------------------------------------------------- the content version

# The version the current public request read with its page: the shared parts it shows are looked
# up under the same version, without another round trip.
_request_version: ContextVar[int | None] = ContextVar("public_request_version", default=None)


def _move_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # missing (the cache was emptied): a number no earlier version had
        cache.set(VERSION_KEY, time.time_ns(), None)


def _bump() -> None:
    try:
        _move_version()
    except CACHE_ERRORS as exc:
        _state.failed(exc)  # owed: moved once the cache answers again


def public_content_changed() -> None:
    """What the public sees changed: every stored page and shared part becomes stale once the
    current transaction commits (at once outside one; never if it rolls back)."""
    transaction.on_commit(_bump)


def content_version() -> int | None:
    """The current public content version; None while the shared cache is unreachable."""
    version = _request_version.get()
    if version is not None:
        return version

    def read():
        value = cache.get(VERSION_KEY)
        if value is None:
            cache.add(VERSION_KEY, time.time_ns(), None)
            value = cache.get(VERSION_KEY)
        return value

    return shared_cache_call(read)


class _ProcessCopies:
    """This process' copies of the shared parts it read under the current content version.

    A page rendered anew (a page-cache miss) is mostly shared parts: the header, the footer, its
    kept body. Read from Redis, each costs a round trip and an unpickling, together more CPU than
    the rest of the page (bench/RESULTS.md, "Shared parts in process memory"); the version, read
    once per request anyway, says whether this process' copy is still good. The copies are
    dropped as soon as a request sees another version, each lives no longer than the shared
    cache keeps its part, and beyond ``PUBLIC_PARTS_PROCESS_COPIES`` the least recently read go.
    A kept part is shared by every request of the process: it is read, never changed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.parts: OrderedDict[str, tuple[float, object]] = OrderedDict()

    def get(self, version, key: str):
        return self.get_many(version, [key]).get(key)

    def get_many(self, version, keys) -> dict:
        """``{key: part}`` of the keys this process holds a live copy of under ``version``."""
        found = {}
        with self.lock:
            if version != self.version:
                self.version, self.parts = version, OrderedDict()
                return found
            now = time.monotonic()
            for key in keys:
                entry = self.parts.get(key)
                if entry is not None and entry[0] >= now:
                    self.parts.move_to_end(key)  # when full, the least recently read go first
                    found[key] = entry[1]
        return found

    def keep(self, version, key: str, value, seconds: int) -> None:
        self.keep_many(version, {key: value}, seconds)

    def keep_many(self, version, parts: dict, seconds: int) -> None:
        most = settings.PUBLIC_PARTS_PROCESS_COPIES
        if not most or not parts:
            return
        with self.lock:
            if version != self.version:
                self.version, self.parts = version, OrderedDict()
            until = time.monotonic() + seconds
            for key, value in parts.items():
                self.parts[key] = (until, value)
                self.parts.move_to_end(key)
            while len(self.parts) > most:
                self.parts.popitem(last=False)


_process_copies = _ProcessCopies()


def cached(name: str, build, seconds: int = FRAGMENT_SECONDS):
    """A shared part of public pages (navigation, footer, an article's data, snapshots), built once
    per content version and kept in the shared cache (and a copy in this process:
    ``_ProcessCopies``); built every time while the cache is away."""
    version = content_version()
    if version is None:
        return build()
    key = f"public:{version}:{name}"
    value = _process_copies.get(version, key)
    if value is not None:
        return value
    value = shared_cache_call(lambda: cache.get(key))
    if value is None:
        value = build()
        shared_cache_call(lambda: cache.set(key, value, seconds))
    _process_copies.keep(version, key, value, seconds)
    return value


def cached_record(name: str, queryset, pk):
    """The record of ``queryset`` with this primary key, read once per content version: what a
    record's page needs on every request (its 404 too) though its body is kept. ``name`` names
    the queryset (two querysets of a model that select differently need two names). Raises the
    model's DoesNotExist, which is not kept."""
    return cached(f"record:{name}:{int(pk)}", lambda: queryset.get(pk=pk))


def cached_many(name: str, keys, build, seconds: int = FRAGMENT_SECONDS) -> dict:
    """Shared parts of public pages, one per key (the sites of a finder's page …), kept like
    ``cached``'s, read in one round trip: ``build(missing)`` returns ``{key: value}`` for the keys
    not kept under the current version, and they are kept in one more. A key ``build`` leaves out
    is left out of the result. Everything is built every time while the cache is away."""
    keys = list(keys)
    version = content_version()
    if version is None:
        return build(keys)
    names = {key: f"public:{version}:{name}:{key}" for key in keys}
    held = _process_copies.get_many(version, names.values())
    values = {key: held[names[key]] for key in keys if names[key] in held}
    unseen = [names[key] for key in keys if key not in values]
    if not unseen:
        return values
    found = shared_cache_call(lambda: cache.get_many(unseen), default=None) or {}
    fetched = {key: found[names[key]] for key in keys if names[key] in found}
    missing = [key for key in keys if key not in values and key not in fetched]
    built = {}
    if missing:
        built = {key: value for key, value in build(missing).items() if key in names}
        kept = {names[key]: value for key, value in built.items()}
        shared_cache_call(lambda: cache.set_many(kept, seconds))
    new = {**fetched, **built}
    _process_copies.keep_many(version, {names[key]: value for key, value in new.items()}, seconds)
    return {**values, **new}


def request_version() -> int | None:
    """The content version of the anonymous public request being rendered, or None (a logged-in
    editor's request, a preview, a shell, or the cache away): parts of a page kept per version are
    kept only for such requests."""
    return _request_version.get()


def cached_html_parts(request, template_name: str, keys, contexts) -> dict:
    """Parts of an anonymous public page rendered from ``template_name``, one per key (the cards
    or rows of a list, a record's page body), kept with ``cached_many`` under the request's content
    version, language and reading mode, all read in one round trip: ``contexts(missing)`` returns
    ``{key: context}`` for the parts not kept, and only those are rendered. Returns ``{key: html}``
    in the order of ``keys`` (a key ``contexts`` leaves out is left out). Any other request (an
    editor's, a preview, the cache away) gets every part rendered, and nothing it sees is kept. A
    key names what its part shows (a record's id), never raw request input."""
    keys = list(keys)
    template = get_template(template_name)

    def build(missing):
        return {key: template.render(context) for key, context in contexts(missing).items()}

    if request_version() is None:
        parts = build(keys)
    else:
        reader = f"{translation.get_language()}:{reading_mode(request)}"
        parts = cached_many(f"html:{template_name}:{reader}", keys, build, PAGE_SECONDS)
    return {key: mark_safe(parts[key]) for key in keys if key in parts}


def cached_record_parts(request, template_name: str, name: str, ids, fetch) -> dict:
    """``cached_html_parts`` for the rows or cards of a list: each record is rendered alone as
    ``name``; ``fetch(missing)`` reads the records not kept, as ``{id: record}``."""
    return cached_html_parts(
        request,
        template_name,
        ids,
        lambda missing: {pk: {name: record} for pk, record in fetch(missing).items()},
    )


class ShownOnPublicPages:
    """A ModelAdmin mixin for records shown on public pages (channels, photos, districts, honour
    types …): what staff save or delete there makes the cached pages stale.

    A save is marked in ``save_related``, which the admin calls after ``save_model`` for every
    add, change and list edit, so an admin that saves through its service (and never calls
    Django's ``save_model``) is marked too, with its inlines and many-to-many fields saved."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        public_content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_content_changed()


# --------------------------------------------------------------------------- marking public views


def cache_public_page(view=None, *, params: tuple[str, ...] = ()):
    """Mark a public view whose pages may be cached for anonymous readers.

    ``params`` names the query parameters the view reads (``@cache_public_page(params=("page",
    "q"))``); any other parameter does not change the page and is left out of the key. The bare
    ``@cache_public_page`` marks a view that reads none."""

    def mark(function):
        # functools.wraps copies the attribute onto outer decorators
        setattr(function, PUBLIC_PAGE_PARAMS, tuple(sorted(set(params))))
        return function

    return mark(view) if view is not None else mark


@lru_cache(maxsize=1024)
def _declared_params(urlconf: str, path: str, language: str) -> tuple[str, ...] | None:
    """The parameters the view at ``path`` declares, or None if it is not a public page.
    ``language`` is the active one, which ``/en/`` addresses resolve with: part of the key."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, PUBLIC_PAGE_PARAMS, None)


def _language(request) -> str:
    """The language LocaleMiddleware will choose for this request (it runs after this)."""
    from django.conf.urls.i18n import is_language_prefix_patterns_used

    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    i18n_patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    from_path = translation.get_language_from_path(request.path_info)
    if from_path:
        return from_path
    if i18n_patterns_used and not prefixed_default:
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def page_key(request, params: tuple[str, ...]) -> str:
    """The stored page's key: host, path, the declared parameters' values, language, mode."""
    values = "&".join(f"{name}={value}" for name in params for value in request.GET.getlist(name))
    parts = "|".join(
        [
            request.get_host(),
            request.path,
            values,
            _language(request),
            reading_mode(request),  # 关怀版 pages are kept apart from the others
        ]
    )
    return f"public:page:{hashlib.sha256(parts.encode()).hexdigest()}"


def declared_page_params(request) -> tuple[str, ...] | None:
    """The query parameters the public view at this address reads (``@cache_public_page``), or
    None if it is not a public page. Links a page writes (its pagination) keep only these: any
    other parameter is not part of the page's key, so it must not be part of the page."""
    return _declared_params(
        get_urlconf() or settings.ROOT_URLCONF, request.path_info, translation.get_language()
    )


def _public_page_params(request) -> tuple[str, ...] | None:
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    return declared_page_params(request)


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


def _front_cache_headers(response) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=FRONT_CACHE_SECONDS,
        stale_while_revalidate=FRONT_STALE_SECONDS,
        stale_if_error=FRONT_STALE_IF_ERROR_SECONDS,
    )


class PublicPageCacheMiddleware:
    """Serve marked public pages to anonymous readers from the shared cache; store them after a
    render; tell nginx how long it may keep them.

    It sits before the session, authentication and CSRF middleware, so a hit costs one round trip
    to the cache (the content version and the page, read together) and touches no database. A
    stored page holds the version read before it was rendered, so a change committed during the
    render leaves it stale rather than fresh-looking. Its headers are those the middleware below
    this one set; the ones above (security, CSP) are set again on every response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        params = _public_page_params(request)
        if params is None:
            return self.get_response(request)
        key = page_key(request, params)
        found = shared_cache_call(lambda: cache.get_many([VERSION_KEY, key]), default=None)
        version = None
        if found is not None:
            version = found.get(VERSION_KEY)
            if version is None:
                version = content_version()
            stored = found.get(key)
            if version is not None and stored is not None and stored["version"] == version:
                return self._hit(stored)
        token = _request_version.set(version)
        try:
            response = self.get_response(request)
        finally:
            _request_version.reset(token)
        if _may_store(request, response):
            _front_cache_headers(response)
            if version is not None and settings.PUBLIC_PAGE_CACHE_SECONDS:
                stored = {
                    "version": version,
                    "headers": dict(response.items()),
                    "content": response.content,
                }
                seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
                shared_cache_call(lambda: cache.set(key, stored, seconds))
        return response

    @staticmethod
    def _hit(stored: dict) -> HttpResponse:
        response = HttpResponse(stored["content"], headers=stored["headers"])
        response["X-Page-Cache"] = "hit"
        return response
