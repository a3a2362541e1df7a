"""A process keeps a copy of each shared part of pages it read, for the current content version
only: a page rendered anew asks the shared cache for the version, not again for its header,
footer and kept body; a change anywhere is seen at the next request all the same."""

import io
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command

import unionportal.cache
from unionportal.cache import cached, cached_many, public_content_changed

pytestmark = pytest.mark.django_db


class CountingCache:
    """The shared cache, counting the reads that reach it."""

    def __init__(self, inner):
        self.inner, self.reads = inner, 0

    def get(self, *args, **kwargs):
        self.reads += 1
        return self.inner.get(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        self.reads += 1
        return self.inner.get_many(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture
def shared_cache(monkeypatch):
    counting = CountingCache(cache)
    monkeypatch.setattr(unionportal.cache, "cache", counting)
    return counting


class Footer:
    def __init__(self):
        self.builds = 0

    def __call__(self):
        self.builds += 1
        return f"<footer>第{self.builds}版</footer>"


def test_a_part_is_read_from_the_shared_cache_once_then_from_the_process(shared_cache):
    footer = Footer()
    assert cached("footer-test", footer) == "<footer>第1版</footer>"
    reads = shared_cache.reads
    for _ in range(5):
        assert cached("footer-test", footer) == "<footer>第1版</footer>"
    # outside a request each call reads the version (a request reads it once, with its page)
    assert shared_cache.reads - reads == 5
    assert footer.builds == 1


def test_a_change_is_seen_at_once_though_the_process_kept_a_copy(
    shared_cache, django_capture_on_commit_callbacks
):
    footer = Footer()
    cached("footer-test", footer)
    cached("footer-test", footer)
    with django_capture_on_commit_callbacks(execute=True):
        public_content_changed()
    assert cached("footer-test", footer) == "<footer>第2版</footer>"


def test_a_copy_lives_no_longer_than_the_shared_cache_keeps_its_part(shared_cache, monkeypatch):
    footer = Footer()
    cached("footer-test", footer, seconds=60)
    later = time.monotonic() + 61
    monkeypatch.setattr(time, "monotonic", lambda: later)
    reads = shared_cache.reads
    cached("footer-test", footer, seconds=60)
    assert shared_cache.reads - reads == 2  # the version, then the part itself again


def test_many_parts_are_read_in_one_round_trip_then_from_the_process(shared_cache):
    built = []

    def cards(missing):
        built.extend(missing)
        return {key: f"<li>{key}</li>" for key in missing}

    assert cached_many("cards-test", [1, 2, 3], cards) == {
        1: "<li>1</li>",
        2: "<li>2</li>",
        3: "<li>3</li>",
    }
    reads = shared_cache.reads
    assert cached_many("cards-test", [3, 2, 4], cards) == {
        3: "<li>3</li>",
        2: "<li>2</li>",
        4: "<li>4</li>",
    }
    assert built == [1, 2, 3, 4]
    assert shared_cache.reads - reads == 2  # the version, then card 4 alone


def test_without_process_copies_every_part_is_read_from_the_shared_cache(shared_cache, settings):
    settings.PUBLIC_PARTS_PROCESS_COPIES = 0
    footer = Footer()
    cached("footer-test", footer)
    reads = shared_cache.reads
    for _ in range(3):
        assert cached("footer-test", footer) == "<footer>第1版</footer>"
    assert shared_cache.reads - reads == 6
    assert footer.builds == 1


def test_when_full_the_part_read_least_recently_goes_first(shared_cache, settings):
    settings.PUBLIC_PARTS_PROCESS_COPIES = 2
    header, footer, aside = Footer(), Footer(), Footer()
    cached("header-test", header)
    cached("footer-test", footer)
    cached("header-test", header)  # read again: now the most recent
    cached("aside-test", aside)  # the third: the footer's copy goes
    reads = shared_cache.reads
    cached("header-test", header)
    assert shared_cache.reads - reads == 1  # the version only
    cached("footer-test", footer)
    assert shared_cache.reads - reads == 3  # the version, then the footer from the shared cache
    assert (header.builds, footer.builds, aside.builds) == (1, 1, 1)


def test_a_deploy_makes_every_kept_part_stale(shared_cache, django_capture_on_commit_callbacks):
    """Kept parts are HTML of the release that rendered them: the deploy step moves the version."""
    footer = Footer()
    cached("footer-test", footer)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("refresh_public_pages", stdout=out)
    assert "公开内容版本已更新" in out.getvalue()
    assert cached("footer-test", footer) == "<footer>第2版</footer>"
