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


def test_a_counter_starts_at_zero_counts_and_reads_back_as_a_number(redis_cache):
    assert redis_cache.count("views:7") == 1
    assert redis_cache.count("views:7", 2) == 3
    assert redis_cache.get("views:7") == 3
    assert redis_cache.get_many(["views:7", "views:8"]) == {"views:7": 3}
    redis_cache.incr("views:7")  # Django's own counter methods still agree
    assert redis_cache.get("views:7") == 4


def test_commands_share_one_client(redis_cache):
    redis_cache.set("page", b"<html>", 60)
    client = redis_cache._cache.get_client("page")
    assert redis_cache._cache.get_client("other") is client
    assert redis_cache.get("page") == b"<html>"
