"""nginx in front: readers get cached pages at nginx's speed, and still see a change within a
few seconds (the page's max-age plus one render); editors are never served from its cache."""

import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from unionportal.cache import FRONT_CACHE_SECONDS

# A change reaches readers within the page's max-age, plus one render and the polling step.
VISIBLE_WITHIN_SECONDS = FRONT_CACHE_SECONDS + 2


def fetch(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read().decode()


# nginx answered from its cache without waiting for the portal: a fresh copy, or a stale one while
# it renders the page anew in the background (a page older than its max-age).
FROM_NGINX = {"HIT", "UPDATING", "STALE"}


def seconds_until_shown(url: str, text: str, limit: float = 30) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if text in fetch(url)[2]:
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not shown at {url} after {limit} s")


def test_nginx_serves_a_public_page_from_its_cache(portal):
    fetch(portal.url + "/competitions/")
    status, headers, _ = fetch(portal.url + "/competitions/")
    assert status == 200 and headers["X-Cache-Status"] in FROM_NGINX
    assert "public" in headers["Cache-Control"]


def test_a_change_by_staff_reaches_readers_within_seconds(portal):
    fetch(portal.url + "/")
    assert fetch(portal.url + "/")[1]["X-Cache-Status"] in FROM_NGINX
    portal.shell(
        "from news.models import SiteSettings\n"
        "from news.services import site_settings_save\n"
        "s = SiteSettings.objects.filter(pk=1).first() or SiteSettings(pk=1)\n"
        "s.phone = '0513-12351000'\n"
        "site_settings_save(site_settings=s)"
    )
    assert seconds_until_shown(portal.url + "/", "0513-12351000") <= VISIBLE_WITHIN_SECONDS


def test_a_rollup_reaches_readers_of_the_report_within_seconds(portal):
    url = portal.url + "/reports/2018/"
    fetch(url)
    assert fetch(url)[1]["X-Cache-Status"] in FROM_NGINX
    portal.shell(
        "from reports.models import Snapshot\n"
        "from reports.services import snapshots_changed\n"
        "s = Snapshot.objects.current().get(year=2018)\n"
        "Snapshot.objects.filter(pk=s.pk).update(computed_at=s.computed_at.replace(year=2031))\n"
        "snapshots_changed()"
    )
    assert seconds_until_shown(url, "2031年") <= VISIBLE_WITHIN_SECONDS


def test_a_request_with_a_session_is_never_served_from_nginx(portal):
    fetch(portal.url + "/")
    status, headers, _ = fetch(portal.url + "/", Cookie="sessionid=not-a-real-session")
    assert status == 200 and headers["X-Cache-Status"] == "BYPASS"


def test_a_burst_of_readers_of_a_new_page_renders_it_once(portal):
    url = portal.url + "/honors/models/?burst=1"
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: fetch(url)[1]["X-Cache-Status"], range(12)))
    assert statuses.count("MISS") == 1, statuses
