"""Shared fixtures: every test gets its own MEDIA_ROOT, an empty cache and eager Celery; the
city federation and two county unions under it (海门区, 启东市) are there for the tests of
records a union enters and sees (aid, requests).

Tests marked ``celery_integration`` run against a real worker instead (see
tests/unionportal/test_celery.py); they need REDIS_URL.
"""

import pytest
from django.core.cache import cache

from news.viewcounts import discard_counted_views
from tests.assistance.factories import CityFederationFactory, CountyUnionFactory, DistrictFactory
from unionportal.cache import forget_failures
from unionportal.celery import app as celery_app


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, nothing kept in this process' memory (the page cache's
    failures it saw, counted views) from the test before."""
    cache.clear()
    forget_failures()
    yield
    cache.clear()
    forget_failures()
    discard_counted_views()


@pytest.fixture(autouse=True)
def eager_celery(request):
    if request.node.get_closest_marker("celery_integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def city(db):
    return CityFederationFactory()


@pytest.fixture
def haimen(city):
    return CountyUnionFactory(district=DistrictFactory(name="海门区"), parent=city)


@pytest.fixture
def qidong(city):
    return CountyUnionFactory(district=DistrictFactory(name="启东市"), parent=city)
