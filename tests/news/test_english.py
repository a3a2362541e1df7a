"""An editor adds an English title and summary to an article, and an English name to a channel;
English readers see them, Chinese readers never do, and what stays Chinese is marked as such."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from news.models import Article
from tests.news.factories import ArticleFactory, ChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def channel():
    return ChannelFactory(
        name="工会动态", name_en="Union News", slug="union-news", show_on_home=True
    )


def element(page: str, tag: str, marker: str) -> str:
    """The opening tag and text of the first ``tag`` whose opening tag contains ``marker``."""
    match = re.search(rf"<{tag}[^>]*{re.escape(marker)}[^>]*>[^<]*", page)
    assert match, (tag, marker)
    return match.group(0)


def test_the_english_page_of_an_article_shows_the_editor_s_english_title_and_summary(
    client, reviewer, channel, django_capture_on_commit_callbacks
):
    article = ArticleFactory(
        channel=channel,
        title="市总工会召开十六届五次全委会",
        summary="会议总结2018年工作，部署2019年任务。",
        body="<p>会议在市工人文化宫举行。</p>",
    )
    client.force_login(reviewer)
    form = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "英文版" in form and 'name="title_en"' in form and 'name="summary_en"' in form
    data = {
        "title": article.title,
        "channel": channel.pk,
        "summary": article.summary,
        "body": article.body,
        "title_en": "Municipal Federation of Trade Unions holds its plenary meeting",
        "summary_en": "The meeting reviewed 2018 and set the tasks for 2019.",
        "publish_at_0": article.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": article.publish_at.strftime("%H:%M:%S"),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    reader = Client()
    reader.get(f"/en/article/{article.pk}/")  # kept before the change: the change must show
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    english = reader.get(f"/en/article/{article.pk}/").content.decode()
    heading = element(english, "h1", 'id="article-title"')
    assert heading.endswith("Municipal Federation of Trade Unions holds its plenary meeting")
    assert "lang=" not in heading  # English on an English page
    assert "<title>Municipal Federation of Trade Unions holds its plenary meeting ·" in english
    assert 'property="og:title" content="Municipal Federation' in english
    summary = element(english, "p", 'class="article__summary"')
    assert summary.endswith("The meeting reviewed 2018 and set the tasks for 2019.")
    body = element(english, "div", 'id="article-body"')
    assert 'lang="zh-CN"' in body  # the body stays Chinese, and says so
    assert "会议在市工人文化宫举行" in english

    chinese = reader.get(f"/article/{article.pk}/").content.decode()
    assert element(chinese, "h1", 'id="article-title"').endswith("市总工会召开十六届五次全委会")
    assert "Municipal Federation" not in chinese and "The meeting reviewed" not in chinese
    assert 'lang="zh-CN"' not in element(chinese, "div", 'id="article-body"')


def test_an_article_without_an_english_title_shows_its_chinese_title_marked_chinese(channel):
    with_english = ArticleFactory(
        channel=channel, title="甲文章", title_en="Article in English", summary="摘要甲"
    )
    without = ArticleFactory(channel=channel, title="只有中文标题的文章", summary="只有中文摘要")
    reader = Client()
    for address in ("/en/", "/en/channel/union-news/"):
        page = reader.get(address).content.decode()
        english_link = element(page, "a", f'href="/en/article/{with_english.pk}/"')
        assert english_link.endswith("Article in English") and "lang=" not in english_link
        chinese_link = element(page, "a", f'href="/en/article/{without.pk}/"')
        assert chinese_link.endswith("只有中文标题的文章") and 'lang="zh-CN"' in chinese_link
    teaser = element(
        reader.get("/en/channel/union-news/").content.decode(), "p", 'class="teaser__summary"'
    )
    assert 'lang="zh-CN"' in teaser
    chinese = reader.get("/channel/union-news/").content.decode()
    assert "Article in English" not in chinese
    assert chinese.count('lang="zh-CN"') == 1  # the page's own, on <html>


def test_english_navigation_uses_the_channel_s_english_name_and_chinese_keeps_its_own(channel):
    ChannelFactory(name="通知公告", slug="notices")  # no English name yet
    reader = Client()
    english = reader.get("/en/").content.decode()
    chinese = reader.get("/").content.decode()
    assert element(english, "a", 'href="/en/channel/union-news/"').endswith("Union News")
    untranslated = element(english, "a", 'href="/en/channel/notices/"')
    assert untranslated.endswith("通知公告") and 'lang="zh-CN"' in untranslated
    assert element(chinese, "a", 'href="/channel/union-news/"').endswith("工会动态")
    assert "Union News" not in chinese
    page = reader.get("/en/channel/union-news/").content.decode()
    assert element(page, "h1", 'id="channel-title"').endswith("Union News")


def test_the_english_feed_carries_the_english_titles(channel):
    ArticleFactory(channel=channel, title="中文标题", title_en="The English title")
    english = Client().get("/en/rss/").content.decode()
    chinese = Client().get("/rss/").content.decode()
    assert "<title>The English title</title>" in english
    assert "<title>中文标题</title>" in chinese and "The English title" not in chinese


def test_a_list_of_articles_reads_the_english_fields_without_more_queries(
    channel, django_assert_num_queries
):
    for number in range(3):
        ArticleFactory(channel=channel, title=f"文章{number}", title_en=f"Article {number}")
    translation.activate("en")
    articles = list(Article.objects.published().for_listing())
    with django_assert_num_queries(0):
        titles = [(str(a.reader_title), str(a.reader_summary)) for a in articles]
    assert {title for title, _ in titles} == {"Article 0", "Article 1", "Article 2"}
