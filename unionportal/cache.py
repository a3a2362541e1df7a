"""The portal's Redis cache backend (settings.CACHES uses it when REDIS_URL is set), and the mark
of a public page that the page cache may serve (``news.caching.PublicPageCacheMiddleware``)."""

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

    def count(self, key, delta=1, version=None) -> int:
        """Add ``delta`` to a counter that never expires, starting it at 0 if missing: one
        INCRBY (Django's ``add`` then ``incr`` is three round trips). The value stays a plain
        integer, which ``get`` reads back as Django's Redis serializer writes integers."""
        key = self.make_and_validate_key(key, version=version)
        return self._cache.get_client(key, write=True).incr(key, delta)


PUBLIC_PAGE_MARK = "public_page_cache"


def cache_public_page(view):
    """Mark a public view: ``news.caching.PublicPageCacheMiddleware`` serves its pages to
    anonymous readers from the cache and stores them (GET, 200, no cookie set, no CSP nonce
    used). Here rather than in news so that any app can mark its pages without importing news."""
    setattr(view, PUBLIC_PAGE_MARK, True)  # functools.wraps copies it onto outer decorators
    return view
