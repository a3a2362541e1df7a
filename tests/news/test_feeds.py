"""RSS feeds, sitemap.xml and robots.txt."""

import pytest

from tests.news.factories import ArticleFactory, ChannelFactory

pytestmark = pytest.mark.django_db


def test_rss_lists_the_latest_published_articles(client):
    ArticleFactory(title="公开的新闻")
    ArticleFactory(title="未发布的草稿", status="draft")
    response = client.get("/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "公开的新闻" in body and "未发布的草稿" not in body


def test_each_channel_has_its_own_feed(client):
    notices = ChannelFactory(name="公告活动", slug="notices")
    ArticleFactory(title="公告：疗休养报名", channel=notices)
    ArticleFactory(title="别的栏目")
    body = client.get("/rss/notices/").content.decode()
    assert "公告：疗休养报名" in body and "别的栏目" not in body
    assert client.get("/rss/nope/").status_code == 404


def test_the_sitemap_lists_published_articles_and_channels(client):
    article = ArticleFactory()
    draft = ArticleFactory(status="draft")
    body = client.get("/sitemap.xml").content.decode()
    assert f"/article/{article.pk}/</loc>" in body
    assert f"/article/{draft.pk}/</loc>" not in body
    assert f"{article.channel.get_absolute_url()}</loc>" in body


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /preview/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
