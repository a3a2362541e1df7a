"""The portal while its PostgreSQL is stopped or hung: pages in the cache are still served, the
others answer 503 with Retry-After and the friendly page, /healthz names the database within its
deadline, and everything recovers without a restart.

The portal runs as in production (gunicorn, DEBUG off) against a PostgreSQL cluster and a Redis
of the test's own (tests.outages), which the test stops, hangs and brings back. It runs in the
PostgreSQL pass of CI (DATABASE_URL names PostgreSQL), where the server tools are installed.
"""

import os
import time
import urllib.error
import urllib.request

import pytest

from tests.outages import REDIS_SERVER, OwnPostgres, OwnRedis
from tests.portal_server import serve_portal

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or REDIS_SERVER is None
    or not OwnPostgres.available(),
    reason="runs in the PostgreSQL pass, with PostgreSQL's server tools and redis-server",
)

ARTICLE_CODE = """
from news.models import Article, Channel
channel = Channel.objects.create(name="工会动态", slug="dongtai")
Article.objects.create(channel=channel, title="职工服务中心开放", body="<p>全天开放。</p>",
                       status="approved")
print(channel.get_absolute_url(), Article.objects.get().get_absolute_url())
"""


def get(url: str) -> tuple[int, dict, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our server
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    return status, headers, body.decode(), time.monotonic() - started


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    postgres = OwnPostgres()
    postgres.init()
    postgres.start()
    redis = OwnRedis(tmp_path_factory.mktemp("redis"))
    redis.start()
    try:
        yield postgres, redis
    finally:
        redis.stop()
        postgres.stop()
        postgres.remove()


@pytest.fixture(scope="module")
def portal(services, tmp_path_factory):
    postgres, redis = services
    with serve_portal(
        tmp_path_factory.mktemp("portal"),
        suffix="outage",
        worker=False,
        front=False,
        seed=False,
        database_server=postgres.url,
        REDIS_URL=redis.url,
        DATABASE_CONNECT_TIMEOUT="2",
    ) as portal:
        channel, article = portal.shell(ARTICLE_CODE).split()
        yield portal, channel, article


def test_a_stopped_database(services, portal):
    postgres, _ = services
    served, channel, article = portal
    for _ in range(2):
        get(served.url + article)
    assert get(served.url + article)[1].get("X-Page-Cache") == "hit"

    postgres.stop()
    try:
        status, headers, body, _ = get(served.url + article)
        assert status == 200 and headers.get("X-Page-Cache") == "hit"
        assert "职工服务中心开放" in body  # a page in the cache is served without the database

        status, headers, body, _ = get(served.url + channel)  # never cached: needs the database
        assert status == 503
        assert int(headers["Retry-After"]) > 0
        assert "请过一会儿再试" in body and "Traceback" not in body

        status, _, body, waited = get(served.url + "/healthz")
        assert status == 503 and '"down": ["database"]' in body
        assert waited < 3
    finally:
        postgres.start()

    status, _, body, _ = get(served.url + channel)  # back without a restart
    assert status == 200 and "职工服务中心开放" in body
    assert get(served.url + "/healthz")[0] == 200


def test_a_hung_database(services, portal):
    postgres, _ = services
    served, channel, article = portal
    get(served.url + article)
    postgres.pause()  # new connections hang; the portal must not
    try:
        status, headers, _, _ = get(served.url + article)
        assert status == 200 and headers.get("X-Page-Cache") == "hit"
        status, _, _, waited = get(served.url + f"{channel}?page=2")
        assert status in (200, 503) and waited < 10  # a connect timeout, not gunicorn's kill
        status, _, body, waited = get(served.url + "/healthz")
        assert status == 503 and '"down": ["database"]' in body and waited < 3
    finally:
        postgres.resume()
    assert get(served.url + "/healthz")[0] == 200
