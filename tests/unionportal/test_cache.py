"""The portal's Redis cache backend (only where REDIS_URL names a Redis)."""

import os

import pytest

from unionportal.cache import PortalRedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")


@pytest.fixture
def redis_cache():
    backend = PortalRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "cache-test"})
    backend.clear()
    yield backend
    backend.clear()


def test_counters_start_at_zero_count_and_read_back_as_numbers(redis_cache):
    redis_cache.count_many({"views:7": 1})
    redis_cache.count_many({"views:7": 2, "views:9": 5})
    redis_cache.count_many({})
    assert redis_cache.get("views:7") == 3
    assert redis_cache.get_many(["views:7", "views:8", "views:9"]) == {"views:7": 3, "views:9": 5}
    redis_cache.incr("views:7")  # Django's own counter methods still agree
    assert redis_cache.get("views:7") == 4


def test_commands_share_one_client(redis_cache):
    redis_cache.set("page", b"<html>", 60)
    client = redis_cache._cache.get_client("page")
    assert redis_cache._cache.get_client("other") is client
    assert redis_cache.get("page") == b"<html>"
