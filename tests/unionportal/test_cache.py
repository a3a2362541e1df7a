"""The page cache is a speed-up, never a dependency: readers get pages and editors save while
the cache's Redis is down or hung, and nothing stale is served once it is back.

Each test runs the portal in-process against a Redis of its own (tests.outages.OwnRedis), which
it stops, hangs (SIGSTOP) and brings back; the machine's shared Redis is never touched.
"""

import time

import pytest
from django.test import Client
from redis import Redis

from tests.news.factories import ArticleFactory
from tests.outages import REDIS_SERVER, OwnRedis
from unionportal import cache as page_cache

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(REDIS_SERVER is None, reason="needs Debian's redis-server"),
]


@pytest.fixture
def redis(tmp_path, settings):
    server = OwnRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",  # as in production
            "LOCATION": server.url,
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.3, "SOCKET_TIMEOUT": 0.3},
        }
    }
    page_cache.forget_failures()
    yield server
    server.stop()
    page_cache.forget_failures()


def retry_now(monkeypatch):
    """Let the page cache try Redis again at once (it waits RETRY_SECONDS after a failure)."""
    monkeypatch.setattr(page_cache, "RETRY_SECONDS", 0.0)
    page_cache._state.retry_at = 0.0


@pytest.fixture
def article():
    return ArticleFactory(title="职工书屋开放时间调整")


def test_pages_are_cached_in_redis_while_it_is_up(redis, client, article):
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_readers_get_every_page_uncached_while_redis_is_down(redis, client, article):
    client.get(article.get_absolute_url())
    redis.stop()
    for url in ["/", article.get_absolute_url(), article.channel.get_absolute_url(), "/reports/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response
    assert "职工书屋开放时间调整" in client.get(article.get_absolute_url()).content.decode()


def test_a_hung_redis_is_waited_for_once_then_left_alone(redis, client, article):
    client.get(article.get_absolute_url())
    redis.pause()
    started = time.monotonic()
    first = client.get(article.get_absolute_url())
    waited = time.monotonic() - started
    assert first.status_code == 200 and "X-Page-Cache" not in first
    assert waited < 2  # one short socket timeout, not Redis's default of forever
    assert not page_cache.shared_cache_available()  # the next readers do not wait on it at all
    assert client.get("/").status_code == 200


def test_an_editor_can_save_while_redis_is_down(redis, article, admin_client):
    redis.stop()
    response = admin_client.post(
        f"/admin/news/channel/{article.channel.pk}/change/",
        {"name": "职工服务", "slug": article.channel.slug, "order": 3, "show_in_nav": "on"},
    )
    assert response.status_code == 302
    assert article.channel.__class__.objects.get(pk=article.channel.pk).name == "职工服务"


def test_a_change_saved_while_redis_hung_shows_once_it_is_back(
    redis, client, article, monkeypatch, django_capture_on_commit_callbacks
):
    assert "职工书屋开放时间调整" in client.get(article.get_absolute_url()).content.decode()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    redis.pause()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "职工书屋全天开放"
        article.save()
        page_cache.public_content_changed()  # the bump cannot be written: it is owed
    redis.resume()  # Redis is back with the page stored before the change
    retry_now(monkeypatch)
    page = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in page
    assert "职工书屋全天开放" in page.content.decode()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"  # cached again


def test_the_page_cache_recovers_without_a_restart(redis, client, article, monkeypatch):
    redis.stop()
    client.get(article.get_absolute_url())
    redis.start()
    retry_now(monkeypatch)
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_healthz_names_the_cache_when_it_is_down(redis):
    reader = Client()
    assert reader.get("/healthz").status_code == 200
    redis.stop()
    response = reader.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]
    assert response.json()["database"] == "ok"


def test_healthz_answers_within_its_deadline_while_the_cache_hangs(redis):
    redis.pause()
    started = time.monotonic()
    response = Client().get("/healthz")
    assert time.monotonic() - started < 3  # the deadline the compose healthcheck relies on
    assert response.status_code == 503 and "cache" in response.json()["down"]


def test_unknown_query_parameters_share_one_stored_page(redis, client, article):
    client.get("/")
    for n in range(20):
        assert client.get(f"/?x={n}&utm_source=wechat")["X-Page-Cache"] == "hit"
    pages = Redis.from_url(redis.url).keys("*public:page:*")
    assert len(pages) == 1


def test_a_parameter_the_view_reads_keys_its_own_page(redis, client, article):
    channel = article.channel.get_absolute_url()
    client.get(channel)
    assert "X-Page-Cache" not in client.get(channel + "?page=2")
    assert client.get(channel + "?page=2&from=timeline")["X-Page-Cache"] == "hit"


# --------------------------------------------------------------------------- kept parts of pages


def _gallery_of(names):
    from tests.honors.factories import HonourFactory, PersonFactory

    for name in names:
        HonourFactory(person=PersonFactory(name=name))


def test_a_list_keeps_its_cards_for_public_requests_and_renders_them_while_redis_is_down(
    redis, settings, monkeypatch
):
    from django.test import RequestFactory
    from django.utils.translation import override

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the page itself is rendered every time
    _gallery_of(["范红霞", "钟卫东"])
    from honors.models import Person

    ids = list(Person.objects.order_by("name").values_list("pk", flat=True))
    rendered = []

    def contexts(missing):
        rendered.extend(missing)
        return {pk: {"person": Person.objects.get(pk=pk)} for pk in missing}

    def view(request):
        from django.http import HttpResponse

        parts = page_cache.cached_html_parts(request, "honors/_person_card.html", ids, contexts)
        return HttpResponse("".join(parts.values()))

    middleware = page_cache.PublicPageCacheMiddleware(view)
    monkeypatch.setattr(page_cache, "_declared_params", lambda *args: ())  # a public page
    request = RequestFactory().get("/honors/models/", HTTP_HOST="testserver")
    with override("zh-hans"):
        first = middleware(request).content.decode()
        assert sorted(rendered) == sorted(ids) and "范红霞" in first
        rendered.clear()
        assert middleware(request).content.decode() == first
        assert rendered == []  # both kept, read together

        request.COOKIES[settings.SESSION_COOKIE_NAME] = "an editor"
        assert middleware(request).content.decode() == first
        assert sorted(rendered) == sorted(ids)  # not a public request: rendered, not kept
        del request.COOKIES[settings.SESSION_COOKIE_NAME]

        rendered.clear()
        redis.stop()
        assert middleware(request).content.decode() == first  # Redis away: rendered
        assert sorted(rendered) == sorted(ids)
