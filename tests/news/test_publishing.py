"""Scheduled publishing and expiry (beat task), view counts in the cache, staff preview."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from news import services, tasks, viewcounts
from news.models import Article
from tests.news.factories import ArticleFactory, UserFactory

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


@pytest.mark.django_db(transaction=True)  # the page cache moves on when a write commits
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


def _seen(client, article):
    """What a reader's browser does on the article page: it shows the counting image."""
    page = client.get(article.get_absolute_url()).content.decode()
    seen = reverse("news:article_seen", args=[article.pk])
    assert f'src="{seen}"' in page
    response = client.get(seen)
    assert response["Content-Type"] == "image/gif" and "no-store" in response["Cache-Control"]


def test_views_are_counted_in_the_cache_and_flushed_by_the_task(client):
    article = ArticleFactory(title="浏览次数")
    for _ in range(3):
        _seen(client, article)
    article.refresh_from_db()
    assert article.view_count == 0  # no database write per view
    assert services.article_pending_views(article_id=article.pk) == 3

    assert tasks.flush_view_counts.delay().get() == 3
    article.refresh_from_db()
    assert article.view_count == 3
    assert not cache.get(services.VIEW_COUNT_KEY.format(article.pk))
    assert services.view_counts_flush() == 0  # nothing counted twice


def test_a_reader_of_a_cached_page_is_counted_too(client):
    article = ArticleFactory(title="浏览次数")
    _seen(client, article)  # rendered
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    client.get(reverse("news:article_seen", args=[article.pk]))
    assert services.article_pending_views(article_id=article.pk) == 2


def test_views_of_an_article_that_is_not_published_are_not_counted(client):
    draft = ArticleFactory(title="草稿", status=Status.DRAFT)
    assert client.get(reverse("news:article_seen", args=[draft.pk])).status_code == 200
    assert client.get(reverse("news:article_seen", args=[987654])).status_code == 200
    assert services.article_pending_views(article_id=draft.pk) == 0
    assert services.view_counts_flush() == 0


def test_views_counted_while_the_cache_is_unreachable_are_kept_for_the_next_time(
    client, monkeypatch
):
    article = ArticleFactory(title="浏览次数")

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(viewcounts.cache, "add", unreachable)
    services.article_view_record(article_id=article.pk)
    viewcounts.counted_views_flush()  # does not raise: the counts wait
    assert viewcounts.counted_here(article.pk) == 1
    monkeypatch.undo()
    viewcounts.counted_views_flush()
    assert viewcounts.counted_here(article.pk) == 0
    assert services.article_pending_views(article_id=article.pk) == 1


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
