"""Scheduled publishing and expiry (beat task), view counts in the cache, staff preview."""

import os
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from news import caching, services, tasks
from news.models import Article
from tests.news.factories import ArticleFactory, UserFactory
from unionportal.cache import PROCESS_PAGE_SECONDS

pytestmark = pytest.mark.django_db

Status = Article.Status


def test_an_approved_future_article_goes_live_when_the_task_runs_at_its_time(client):
    now = timezone.now()
    services.articles_publish_due(now=now)
    article = ArticleFactory(title="明早发布的通知", publish_at=now + timedelta(hours=2))
    assert "明早发布的通知" not in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404

    later = now + timedelta(hours=3)
    assert not Article.objects.published(now).filter(pk=article.pk).exists()
    assert Article.objects.published(later).filter(pk=article.pk).exists()
    assert services.articles_publish_due(now=later) == 1  # cached pages are invalidated


def test_the_home_page_shows_a_due_article_only_after_the_task_ran(client, monkeypatch):
    now = timezone.now()
    services.articles_publish_due(now=now)
    ArticleFactory(title="定时发布的新闻", publish_at=now + timedelta(minutes=30))
    assert "定时发布的新闻" not in client.get("/").content.decode()  # now cached

    later = now + timedelta(minutes=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "定时发布的新闻" not in client.get("/").content.decode()  # still the cached page
    assert tasks.publish_due_articles.delay().get() == 1
    assert "定时发布的新闻" in client.get("/").content.decode()


def test_an_article_expires_at_its_end_time(client):
    now = timezone.now()
    article = ArticleFactory(
        publish_at=now - timedelta(days=1), expires_at=now + timedelta(hours=1)
    )
    assert Article.objects.published(now).filter(pk=article.pk).exists()
    assert not Article.objects.published(now + timedelta(hours=2)).filter(pk=article.pk).exists()
    assert services.articles_publish_due(now=now) >= 1  # first run: everything is "due"
    assert services.articles_publish_due(now=now + timedelta(hours=2)) == 1


def test_drafts_submitted_and_rejected_articles_are_never_public(client):
    for status in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.REJECTED):
        article = ArticleFactory(status=status)
        assert client.get(article.get_absolute_url()).status_code == 404


def test_views_are_counted_in_the_cache_and_flushed_by_the_task(client, django_assert_num_queries):
    article = ArticleFactory(title="浏览次数")
    client.get(article.get_absolute_url())  # renders and caches the page
    with django_assert_num_queries(0):  # later views cost no database write (nor read)
        client.get(article.get_absolute_url())
        client.get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 0
    assert services.article_pending_views(article_id=article.pk) == 3

    assert tasks.flush_view_counts.delay().get() == 3
    article.refresh_from_db()
    assert article.view_count == 3
    assert not cache.get(services.VIEW_COUNT_KEY.format(article.pk))
    assert services.view_counts_flush() == 0  # nothing counted twice


def test_a_reader_of_a_page_gone_stale_is_counted_once(client):
    article = ArticleFactory(title="浏览次数")
    client.get(article.get_absolute_url())  # rendered: 1
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"  # 2
    caching.public_cache_bump()  # something else was published
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())  # rendered anew: 3
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"  # 4
    assert services.article_pending_views(article_id=article.pk) == 4


def test_a_change_made_in_another_process_shows_here_within_a_second(client, monkeypatch):
    article = ArticleFactory(title="浏览次数")
    client.get(article.get_absolute_url())
    cache.incr(caching.VERSION_KEY)  # another worker published something
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"  # kept here

    later = time.monotonic() + PROCESS_PAGE_SECONDS
    monkeypatch.setattr("unionportal.cache.time.monotonic", lambda: later)
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_a_page_asked_for_again_within_a_second_costs_no_redis_round_trip(client, monkeypatch):
    article = ArticleFactory(title="浏览次数")
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    redis_client = cache._cache.get_client()
    commands = []
    execute = redis_client.execute_command

    def counting_execute(*args, **kwargs):
        commands.append(args[0])
        return execute(*args, **kwargs)

    monkeypatch.setattr(redis_client, "execute_command", counting_execute)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get("/").status_code == 200  # rendered, then kept
    assert client.get("/")["X-Page-Cache"] == "hit"
    commands.clear()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert commands == []
    monkeypatch.undo()
    assert services.article_pending_views(article_id=article.pk) == 4


def test_staff_preview_a_draft_exactly_as_the_public_page(client, editor):
    draft = ArticleFactory(title="尚未发布的草稿", status=Status.DRAFT)
    url = f"/preview/{draft.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory(username="visitor", is_staff=False))
    assert client.get(url).status_code == 302

    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response.templates[0].name == "news/article.html"
    page = response.content.decode()
    assert "尚未发布的草稿" in page and "预览" in page
    assert response["Cache-Control"] == "private, no-store"


def test_views_counted_while_the_cache_is_unreachable_are_kept_for_the_next_time(
    client, monkeypatch
):
    article = ArticleFactory(title="浏览次数")
    services.article_view_record(article_id=article.pk)

    def unreachable(deltas):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caching, "counters_add", unreachable)
    with pytest.raises(ConnectionError):
        caching.counted_views_flush()
    monkeypatch.undo()
    assert services.article_pending_views(article_id=article.pk) == 1
