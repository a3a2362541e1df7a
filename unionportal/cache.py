"""The portal's Redis cache backend (settings.CACHES uses it when REDIS_URL is set), counters
added in one round trip, the mark of a public page that the page cache may serve
(``news.caching.PublicPageCacheMiddleware``) and that cache's copies in each process' memory."""

import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedRedisClient(RedisCacheClient):
    """Django's Redis client builds a new ``redis.Redis`` object for every command; building one
    costs more CPU than a cached page's whole round trip. One per connection pool is enough
    (``redis.Redis`` is thread-safe, its pool notices a fork)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    """Django's RedisCache with one reused Redis client, and counters in one round trip."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedRedisClient

    def count_many(self, deltas: dict[str, int]) -> None:
        """Add to counters that never expire, starting each at 0 if missing: one INCRBY each, all
        in one round trip (Django's ``add`` then ``incr`` is three round trips per counter). The
        values stay plain integers, which ``get`` reads back as Django's serializer writes them."""
        names = {self.make_and_validate_key(key): delta for key, delta in deltas.items()}
        if not names:
            return
        pipeline = self._cache.get_client(next(iter(names)), write=True).pipeline(transaction=False)
        for name, delta in names.items():
            pipeline.incrby(name, delta)
        pipeline.execute()


def counters_add(deltas: dict[str, int]) -> None:
    """Add to counters in the default cache (one round trip on the portal's Redis cache)."""
    if hasattr(cache, "count_many"):
        cache.count_many(deltas)
        return
    for key, delta in deltas.items():
        cache.add(key, 0, None)
        try:
            cache.incr(key, delta)
        except ValueError:  # evicted between add and incr
            cache.set(key, delta, None)


PUBLIC_PAGE_MARK = "public_page_cache"


def cache_public_page(view):
    """Mark a public view: ``news.caching.PublicPageCacheMiddleware`` serves its pages to
    anonymous readers from the cache and stores them (GET, 200, no cookie set, no CSP nonce
    used). Here rather than in news so that any app can mark its pages without importing news."""
    setattr(view, PUBLIC_PAGE_MARK, True)  # functools.wraps copies it onto outer decorators
    return view


# How long a process serves public pages from its own memory without asking the shared cache
# whether they changed: a change made in another process shows here within this time.
PROCESS_PAGE_SECONDS = 1.0


class ProcessPages:
    """Public pages this process served lately, kept in its memory, so that a hit of a page asked
    for again within a second costs no round trip to the shared cache.

    The page cache (news.caching) reads the public version numbers with every page it asks the
    shared cache for and calls ``trust`` with them; for ``PROCESS_PAGE_SECONDS`` after that, pages
    kept under those versions are served from here. Whoever moves a version calls ``forget``, so
    that this process never serves the old pages again (other processes within the second).
    """

    MAX_PAGES = 512  # about 10 MB of pages

    def __init__(self):
        self.versions = None
        self.trusted_until = 0.0
        self.pages = {}

    def get(self, key: str):
        if time.monotonic() >= self.trusted_until:
            return None
        return self.pages.get(key)

    def trust(self, versions) -> None:
        """The shared cache's versions, just read: trust them for a while."""
        if versions != self.versions:
            self.pages = {}
            self.versions = versions
        self.trusted_until = time.monotonic() + PROCESS_PAGE_SECONDS

    def keep(self, key: str, stored: dict) -> None:
        if stored["versions"] != self.versions:
            return
        if len(self.pages) >= self.MAX_PAGES:
            self.pages = {}
        self.pages[key] = stored

    def forget(self) -> None:
        self.trusted_until = 0.0


process_pages = ProcessPages()
