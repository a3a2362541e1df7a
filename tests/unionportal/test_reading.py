"""The 关怀版 (care mode) and the two languages, as a reader meets them."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.news.factories import ArticleFactory, ChannelFactory
from unionportal.reading import reading_mode

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_channel():
    return ChannelFactory(name="工会动态", slug="union-news")


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """An English request leaves English active in this thread; the next test starts in Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_a_link_from_the_wechat_account_turns_on_care_mode_and_drops_the_parameter(client):
    response = client.get("/?mode=care&page=2&from=timeline")
    assert response.status_code == 302
    assert response["Location"] == "/?page=2&from=timeline"
    cookie = response.cookies["portal_mode"]
    assert cookie.value == "care" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] >= 30 * 24 * 3600  # it persists
    assert "no-store" in response["Cache-Control"]

    page = client.get("/").content.decode()
    assert 'class="mode-care"' in page and "返回标准版" in page
    assert "关怀版（大字）" not in page


def test_standard_mode_is_the_default_and_can_be_chosen_back(client):
    page = client.get("/").content.decode()
    assert 'class="mode-care"' not in page and "关怀版（大字）" in page
    client.get("/?mode=care")
    response = client.get("/channel/x/?mode=standard")
    assert response["Location"] == "/channel/x/"
    assert response.cookies["portal_mode"].value == "standard"
    assert 'class="mode-care"' not in client.get("/").content.decode()


def test_a_page_says_it_differs_by_cookie_so_no_browser_shows_the_other_mode(client):
    client.get("/")
    assert "Cookie" in client.get("/")["Vary"]  # rendered, then from the page cache
    client.cookies["portal_mode"] = "care"
    assert "Cookie" in client.get("/")["Vary"]


def test_an_unknown_mode_is_ignored(client):
    response = client.get("/?mode=<script>")
    assert response.status_code == 200 and "portal_mode" not in response.cookies


def test_reading_mode_reads_only_the_cookie(rf):
    assert reading_mode(rf.get("/")) == "standard"
    assert reading_mode(rf.get("/", HTTP_COOKIE="portal_mode=care")) == "care"
    assert reading_mode(rf.get("/", HTTP_COOKIE="portal_mode=standard")) == "standard"
    assert reading_mode(rf.get("/", HTTP_COOKIE="portal_mode=huge")) == "standard"


def test_the_page_cache_never_serves_one_mode_s_page_in_the_other(news_channel):
    article = ArticleFactory(channel=news_channel, title="劳模座谈会")
    standard, care = Client(), Client()
    care.cookies["portal_mode"] = "care"
    for _ in range(2):  # the second round is served from the cache
        assert 'class="mode-care"' not in standard.get(article.get_absolute_url()).content.decode()
        assert 'class="mode-care"' in care.get(article.get_absolute_url()).content.decode()
        assert 'class="mode-care"' in care.get("/").content.decode()
        assert 'class="mode-care"' not in standard.get("/").content.decode()


def test_care_mode_uses_plain_labels_and_drops_the_feed_links(client, news_channel):
    ArticleFactory(channel=news_channel)
    client.cookies["portal_mode"] = "care"
    page = client.get("/").content.decode()
    assert "重要新闻" in page and ">要闻<" not in page
    assert ">RSS<" not in page.split('id="main"')[1].split("</main>")[0]


def test_english_lives_under_en_and_links_to_the_same_page_in_chinese(client, news_channel):
    article = ArticleFactory(channel=news_channel, title="劳模座谈会")
    response = client.get(f"/en/article/{article.pk}/")
    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in page
    assert "Skip to the content" in page and "跳到正文" not in page
    assert "劳模座谈会" in page  # the article itself stays in Chinese
    assert f'href="/article/{article.pk}/" hreflang="zh-CN" lang="zh-CN">中文<' in page

    chinese = client.get(f"/article/{article.pk}/").content.decode()
    assert '<html lang="zh-CN"' in chinese and "跳到正文" in chinese
    assert f'href="/en/article/{article.pk}/" hreflang="en" lang="en">English<' in chinese


def test_every_existing_address_still_answers_in_chinese(client, news_channel):
    article = ArticleFactory(channel=news_channel)
    for address in ("/", article.get_absolute_url(), "/search/?q=劳模", "/photos/", "/reports/"):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, address
        assert response["Content-Language"] == "zh-hans", address
        assert "Accept-Language" not in response.get("Vary", ""), address
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/en/healthz").status_code == 404  # the admin and probes are not prefixed


def test_english_headers_footers_and_fragments_are_kept_apart_from_chinese(news_channel):
    article = ArticleFactory(channel=news_channel)
    reader = Client()
    for _ in range(2):
        english = reader.get(f"/en/article/{article.pk}/").content.decode()
        chinese = reader.get(f"/article/{article.pk}/").content.decode()
        assert "Home" in english and "Related news" in english and "相关新闻" not in english
        assert "相关新闻" in chinese and "Related news" not in chinese
        assert 'href="/en/"' in english and 'href="/en/"' not in chinese.replace(
            'href="/en/article', ""
        )


def test_the_english_404_page_is_english(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="en"' in page and "Sorry" in page


def test_the_kept_reading_bar_links_each_page_to_itself_in_the_other_language(
    client, news_channel, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered, its bar kept
    channel = news_channel.get_absolute_url()
    for path in ("/", channel, "/search/?q=<劳模>", channel):
        page = client.get(path).content.decode()
        bar = page[page.index('class="reading-bar"') :]
        expected = "/en" + path.split("?")[0]
        assert f'href="{expected}" hreflang="en" lang="en">English</a>' in bar
    page = client.get("/en" + channel).content.decode()
    assert f'href="{channel}" hreflang="zh-CN" lang="zh-CN">中文</a>' in page
    client.cookies["portal_mode"] = "care"
    page = client.get(channel).content.decode()
    assert "返回标准版" in page and f'href="/en{channel}" hreflang="en"' in page
