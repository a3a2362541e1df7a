"""RSS feeds and robots.txt (sitemap.xml: test_site_map.py)."""

import html

import pytest
from defusedxml import ElementTree

from tests.news.factories import ArticleFactory, ChannelFactory, SiteSettingsFactory
from tests.security.hostile import elements

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


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /preview/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def feed_fields(body: bytes) -> dict[str, list[str]]:
    """Every text a reader shows from the feed: {element name: [decoded texts]}."""
    fields = {}
    for element in ElementTree.fromstring(body).iter():
        if element.text and element.text.strip():
            fields.setdefault(element.tag, []).append(element.text)
    return fields


def test_feed_text_reaches_an_html_rendering_reader_as_text_never_as_markup(client):
    SiteSettingsFactory(site_name="<b>工会</b>", description="<img src=x onerror=alert(1)>")
    channel = ChannelFactory(name="<i>通知</i>", slug="notices", description="<script>x</script>")
    ArticleFactory(
        channel=channel,
        title="<svg onload=alert(2)>标题",
        summary="<script>alert(3)</script>摘要",
        author="<a href='javascript:alert(4)'>记者</a>",
    )
    ArticleFactory(
        channel=channel,
        summary="",
        body="<p>示例代码：<code>&lt;img src=x onerror=alert(5)&gt;</code></p>",
    )

    for url in ("/rss/", "/rss/notices/"):
        fields = feed_fields(client.get(url).content)
        shown = [text for texts in fields.values() for text in texts]
        assert all(elements(text) == [] for text in shown), shown
        descriptions = [html.unescape(text) for text in fields["description"]]
        assert "<script>alert(3)</script>摘要" in descriptions
        assert "示例代码：<img src=x onerror=alert(5)>" in descriptions
        titles = [html.unescape(text) for text in fields["title"]]
        assert "<svg onload=alert(2)>标题" in titles


def test_a_title_pasted_with_a_word_line_break_does_not_break_the_feed(client):
    ArticleFactory(title="第一行\x0b第二行", summary="制表\t与换页\x0c")
    response = client.get("/rss/")
    assert response.status_code == 200
    fields = feed_fields(response.content)
    assert "第一行第二行" in fields["title"]
    assert "制表\t与换页" in fields["description"]
