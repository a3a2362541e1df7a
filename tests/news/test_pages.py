"""The public site as a reader sees it: home, channels, article pages, 404; cached but fresh."""

import re

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils.html import escape

from news import services
from tests.news.factories import (
    ArticleFactory,
    AttachmentFactory,
    ChannelFactory,
    GalleryFactory,
    PhotoFactory,
    SiteSettingsFactory,
    SourceFactory,
    TagFactory,
)
from unionportal.cache import cache_public_page, public_content_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_channel():
    parent = ChannelFactory(name="新闻", slug="news", show_on_home=True)
    return ChannelFactory(name="工会动态", slug="union-news", parent=parent)


def test_the_home_page_shows_headlines_pinned_channels_photos_and_footer(client, news_channel):
    SiteSettingsFactory()
    ArticleFactory(title="头条：职工技能大赛开幕", channel=news_channel, is_headline=True)
    ArticleFactory(title="置顶：春送岗位", channel=news_channel, is_pinned=True)
    ArticleFactory(title="草稿不该出现", channel=news_channel, status="draft")
    PhotoFactory(caption="劳模工匠进校园", alt_text="劳模给学生讲解焊接")
    page = client.get("/").content.decode()
    assert "头条：职工技能大赛开幕" in page
    important = page.split('id="pinned-title"')[1].split("</section>")[0]
    assert important.count("置顶：春送岗位") == 1  # pinned first, not listed again below
    assert important.index("置顶：春送岗位") < important.index("头条：职工技能大赛开幕")
    assert "草稿不该出现" not in page
    assert ">新闻</a>" in page and ">工会动态</a>" in page  # two-level navigation from the DB
    assert 'alt="劳模给学生讲解焊接"' in page and "酷图热图" in page
    assert "示例市总工会" in page and "苏ICP备00000000号" in page and "免责声明" in page
    assert "年度报告" in page
    assert "<script>" not in page and "onclick" not in page


def test_a_channel_page_lists_its_own_and_its_childrens_articles_with_pagination(
    client, news_channel
):
    ArticleFactory.create_batch(21, channel=news_channel)
    page1 = client.get("/channel/news/").content.decode()
    assert "第 1 / 2 页" in page1 and "下一页" in page1
    page2 = client.get("/channel/news/?page=2").content.decode()
    assert page2.count('class="teaser"') == 1
    assert client.get("/channel/nope/").status_code == 404


def test_a_channel_page_rendered_again_reads_nothing_until_an_article_is_published(
    client, settings, news_channel, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every request renders the page
    ArticleFactory.create_batch(20, channel=news_channel)
    for address in ("/channel/news/", "/channel/news/?page=2", "/channel/union-news/"):
        client.get(address)
        with django_assert_num_queries(0):
            again = client.get(address)
        assert again.status_code == 200
        assert again.content.decode().count('class="teaser"') == 20, address
        assert "下一页" not in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(channel=news_channel, title="刚刚发布的文章")
        public_content_changed()  # as every publishing path does
    page = client.get("/channel/news/").content.decode()
    assert "刚刚发布的文章" in page and "第 1 / 2 页" in page
    assert client.get("/channel/no-such-channel/").status_code == 404


def test_the_header_s_search_box_shows_each_reader_their_own_words(client, news_channel):
    words = ["劳模", '"><script>alert(1)</script>', "工匠 学院", "劳模"]
    for typed in words:
        page = client.get("/search/", {"q": typed}).content.decode()
        assert f'id="site-search" type="search" name="q" value="{escape(typed)}"' in page
        assert "<script>alert(1)" not in page
    home = client.get("/").content.decode()
    assert 'id="site-search" type="search" name="q" value=""' in home


def test_pagination_links_keep_only_what_the_page_reads(client, news_channel):
    """A shared link's tracking parameter is not part of the page: its pagination (kept per
    content version and shown to every reader) must not carry it to the next reader."""
    ArticleFactory.create_batch(45, channel=news_channel)
    tagged = client.get("/channel/news/?page=2&utm_source=wechat&from=timeline").content.decode()
    assert 'href="?page=3"' in tagged and 'href="?page=1"' in tagged
    assert "utm_source" not in tagged and "timeline" not in tagged
    assert "utm_source" not in Client().get("/channel/news/?page=2").content.decode()


def test_the_article_page_reads_like_the_reference(client, news_channel):
    tag = TagFactory(name="技能竞赛")
    article = ArticleFactory(
        title="全市职工职业技能大赛落幕",
        subtitle="16项竞赛产生16名技术状元",
        channel=news_channel,
        source=SourceFactory(name="本网"),
        author="李文",
        responsible_editor="王青",
        tags=[tag],
        body="<p>比赛<strong>圆满</strong>结束。</p>",
    )
    related = ArticleFactory(title="相关：技能大赛报名", tags=[tag])
    same_channel = ArticleFactory(title="同栏目：工会动态一则", channel=news_channel)
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    crumb = page[page.index('class="breadcrumb"') :]
    crumb = crumb[: crumb.index("</nav>")]
    assert "您的当前位置" in crumb
    assert crumb.index(">首页<") < crumb.index(">新闻<") < crumb.index(">工会动态<")
    assert crumb.index(">工会动态<") < crumb.index(">正文<")
    for text in ("16项竞赛产生16名技术状元", "来源：本网", "作者：李文", "责任编辑：王青"):
        assert text in page
    assert "浏览次数" in page and "<strong>圆满</strong>" in page
    assert 'data-font-size="large"' in page and "打印" in page
    assert "一键分享" in page and "复制链接" in page and "service.weibo.com" in page
    assert f"/article/{article.pk}/qr.svg" in page
    aside = page[page.index('id="related-title"') :]
    assert aside.index("相关：技能大赛报名") < aside.index("同栏目：工会动态一则")
    assert related.title in page and same_channel.title in page
    assert f'<link rel="canonical" href="http://testserver/article/{article.pk}/">' in page
    assert '<meta property="og:title" content="全市职工职业技能大赛落幕">' in page
    assert 'name="description" content="工会组织服务职工的一项活动。"' in page
    assert article.publish_at.astimezone().strftime("%Y-%m-%d %H:%M") in page
    qr = client.get(f"/article/{article.pk}/qr.svg")
    assert qr["Content-Type"].startswith("image/svg+xml")
    # A browser shows an SVG served on its own only if it is XML in the SVG namespace.
    root = ElementTree.fromstring(qr.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert client.head(f"/article/{article.pk}/qr.svg").status_code == 200


def test_the_article_page_time_is_shown_in_shanghai_time(client):
    from datetime import UTC, datetime

    article = ArticleFactory(publish_at=datetime(2019, 1, 10, 1, 25, 45, tzinfo=UTC))
    assert "2019-01-10 09:25:45" in client.get(article.get_absolute_url()).content.decode()


def test_previous_and_next_follow_the_channel_by_time(client, news_channel):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    older = ArticleFactory(title="较早的", channel=news_channel, publish_at=now - timedelta(days=3))
    middle = ArticleFactory(
        title="中间的", channel=news_channel, publish_at=now - timedelta(days=2)
    )
    newer = ArticleFactory(title="较新的", channel=news_channel, publish_at=now - timedelta(days=1))
    page = client.get(middle.get_absolute_url()).content.decode()
    assert f'href="{older.get_absolute_url()}" rel="prev"' in page
    assert f'href="{newer.get_absolute_url()}" rel="next"' in page


def test_a_shared_link_is_served_the_page_already_kept_for_the_article(client, news_channel):
    for index in range(25):
        ArticleFactory(title=f"第{index}篇", channel=news_channel)
    article = ArticleFactory(title="转发到朋友圈", channel=news_channel)
    client.get(article.get_absolute_url())
    shared = client.get(article.get_absolute_url() + "?from=timeline&isappinstalled=0&utm_x=1")
    assert shared["X-Page-Cache"] == "hit" and "转发到朋友圈" in shared.content.decode()

    channel = news_channel.get_absolute_url()
    first = client.get(channel)
    second = client.get(channel + "?page=2&from=singlemessage")  # the page number still counts
    assert "X-Page-Cache" not in second and second.content != first.content
    assert client.get(channel + "?page=2")["X-Page-Cache"] == "hit"


def test_the_language_is_the_address_s_and_each_is_cached_apart(news_channel):
    """Chinese at /…, English at /en/…, whatever the browser asks for (README: the page cache and
    nginx key on the address alone)."""
    address = ArticleFactory(channel=news_channel).get_absolute_url()
    english, chinese = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh")
    page = english.get(address)
    assert page["Content-Language"] == "zh-hans" and "Accept-Language" not in page.get("Vary", "")
    assert chinese.get(address).content == page.content
    in_english = chinese.get("/en" + address)
    assert "X-Page-Cache" not in in_english and in_english["Content-Language"] == "en"
    assert "Previous:" in in_english.content.decode()
    assert chinese.get("/en" + address)["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)  # the page cache moves on when a write commits
def test_an_edited_published_title_shows_immediately(client, reviewer, news_channel):
    article = ArticleFactory(title="旧标题", channel=news_channel)
    assert "旧标题" in client.get(article.get_absolute_url()).content.decode()
    assert "旧标题" in client.get("/").content.decode()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    article.title = "新标题"
    services.article_save(article=article, user=reviewer)
    for url in (article.get_absolute_url(), "/", "/channel/news/"):
        page = client.get(url).content.decode()
        assert "新标题" in page and "旧标题" not in page


@pytest.mark.django_db(transaction=True)  # the page cache moves on when a write commits
def test_site_settings_and_channel_changes_show_immediately(admin_client, client, news_channel):
    SiteSettingsFactory()
    assert "0000-12345678" in client.get("/").content.decode()
    data = {
        "site_name": "市总工会",
        "organiser": "示例市总工会",
        "phone": "0000-87654321",
        "copyright_since": "2009",
    }
    assert admin_client.post("/admin/news/sitesettings/1/change/", data).status_code == 302
    page = client.get("/").content.decode()
    assert "0000-87654321" in page and "0000-12345678" not in page

    response = admin_client.post(
        f"/admin/news/channel/{news_channel.pk}/change/",
        {
            "name": "职工新闻",
            "slug": "union-news",
            "parent": news_channel.parent_id,
            "order": 1,
            "show_in_nav": "on",
        },
    )
    assert response.status_code == 302
    assert ">职工新闻</a>" in client.get("/").content.decode()


def _article_with(n: int, channel):
    tags = [TagFactory() for _ in range(n)]
    article = ArticleFactory(channel=channel, tags=tags)
    for _ in range(n):
        ArticleFactory(channel=channel, tags=tags[:1])
        AttachmentFactory(article=article)
    gallery = GalleryFactory(article=article)
    for _ in range(n):
        PhotoFactory(gallery=gallery)
    return article


@pytest.mark.django_db(transaction=True)  # the page cache moves on when a write commits
def test_an_article_page_costs_a_fixed_number_of_queries(
    client, news_channel, django_assert_num_queries
):
    SiteSettingsFactory()
    small = _article_with(1, news_channel)
    large = _article_with(6, news_channel)
    with CaptureQueriesContext(connection) as first:
        client.get(small.get_absolute_url())  # warms the navigation and settings caches
    # article, tags, attachments, galleries, photos, related, previous, next, photo strip,
    # and (after a change bumped the cache version) the footer settings and the navigation.
    assert len(first) == 11
    public_content_changed()
    with django_assert_num_queries(11):
        assert client.get(small.get_absolute_url()).status_code == 200
    public_content_changed()
    with django_assert_num_queries(11):
        assert client.get(large.get_absolute_url()).status_code == 200
    # A query string the article page does not read is the same page, served from the cache.
    assert client.get(large.get_absolute_url() + "?ref=elsewhere")["X-Page-Cache"] == "hit"
    # While nothing changes, the article's data is read once: the page rendered anew for a
    # reader of the 关怀版 (another stored page) costs no query at all.
    client.cookies["portal_mode"] = "care"
    with django_assert_num_queries(0):
        page = client.get(large.get_absolute_url())
    assert page.status_code == 200
    assert "X-Page-Cache" not in page
    assert page.content.decode().count("<figure><img") == 6  # its six gallery photos


@pytest.mark.django_db(transaction=True)  # the page cache moves on when a write commits
def test_an_article_published_later_shows_at_once_on_its_neighbours_page(
    client, reviewer, news_channel
):
    from datetime import timedelta

    from django.utils import timezone

    tag = TagFactory(name="职工书屋")
    first = ArticleFactory(
        title="第一家职工书屋挂牌",
        channel=news_channel,
        tags=[tag],
        publish_at=timezone.now() - timedelta(days=1),
    )
    page = client.get(first.get_absolute_url() + "?from=home").content.decode()
    assert "下一篇：没有了" in page

    second = ArticleFactory(title="第二家职工书屋挂牌", channel=news_channel, tags=[tag])
    second.status = "submitted"
    second.save()
    services.article_approve(article=second, user=reviewer)
    for url in (first.get_absolute_url(), first.get_absolute_url() + "?from=home"):
        page = client.get(url).content.decode()
        assert f'href="{second.get_absolute_url()}" rel="next"' in page
        aside = page[page.index('id="related-title"') :]
        assert "第二家职工书屋挂牌" in aside


def test_the_navigation_marks_where_the_reader_is_on_every_page(client, news_channel):
    article = ArticleFactory(channel=news_channel)
    other = ChannelFactory(name="通知公告", slug="notices")
    for _ in range(2):  # rendered, then the navigation kept for this version
        home = client.get("/?from=a").content.decode()
        assert '<a href="/" aria-current="page">首页</a>' in home
        assert 'aria-current="true"' not in home
        page = client.get(article.get_absolute_url() + "?from=a").content.decode()
        assert '<a href="/channel/news/" aria-current="true">新闻</a>' in page
        assert 'aria-current="page">首页' not in page
        notices = client.get(other.get_absolute_url() + "?from=a").content.decode()
        assert '<a href="/channel/notices/" aria-current="true">通知公告</a>' in notices
        assert '<a href="/channel/news/" aria-current="true">' not in notices


def test_the_share_links_name_the_address_the_reader_used(client, settings, news_channel):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]
    article = ArticleFactory(channel=news_channel)
    for host in ("testserver", "www.example.org", "testserver"):
        page = client.get(article.get_absolute_url() + "?from=a", HTTP_HOST=host)
        link = f"http://{host}/article/{article.pk}/"
        assert f'data-copy-link="{link}"' in page.content.decode()


def test_public_pages_stay_within_their_query_budget(
    client, news_channel, django_assert_max_num_queries
):
    ArticleFactory.create_batch(5, channel=news_channel, is_headline=True)
    PhotoFactory.create_batch(3)
    for url in ("/", "/channel/news/", "/search/?q=职工", "/photos/"):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_the_404_page_is_in_the_sites_style(client, settings):
    settings.DEBUG = False
    response = client.get("/article/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and "返回首页" in page and "站内搜索" in page


def test_the_500_page_renders_without_a_database(client):
    from django.template.loader import get_template

    page = get_template("500.html").render({})
    assert "服务器暂时出了点问题" in page and "portal.css" in page


@pytest.mark.django_db(transaction=True)  # the page cache moves on when a write commits
def test_a_withdrawn_article_leaves_its_cached_page_and_the_home_page_at_once(
    client, reviewer, news_channel
):
    article = ArticleFactory(title="撤回的通知", channel=news_channel)
    client.get(article.get_absolute_url())
    client.get("/")
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    services.article_return(article=article, user=reviewer, comment="数据有误，撤回核实")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "撤回的通知" not in client.get("/").content.decode()


def test_a_page_from_the_cache_carries_the_same_headers_as_a_rendered_one(client, news_channel):
    article = ArticleFactory(channel=news_channel)
    rendered = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit" and cached.content == rendered.content
    for header in (
        "Content-Type",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Language",
    ):
        assert cached[header] == rendered[header], header


def test_logged_in_staff_never_get_a_cached_page_nor_leave_one(client, editor, news_channel):
    article = ArticleFactory(title="工会动态一则", channel=news_channel)
    reader = Client()
    client.force_login(editor)
    assert not client.get(article.get_absolute_url()).has_header("X-Page-Cache")
    assert not reader.get(article.get_absolute_url()).has_header("X-Page-Cache")  # not stored

    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    staff_page = client.get(article.get_absolute_url())
    assert not staff_page.has_header("X-Page-Cache")
    assert "工会动态一则" in staff_page.content.decode()


@cache_public_page
def page_with_a_script(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'>start()</script>")


urlpatterns = [path("with-script/", page_with_a_script)]


def test_a_page_using_its_csp_nonce_gets_a_new_nonce_every_time(client, settings):
    settings.ROOT_URLCONF = __name__
    nonces = []
    for _ in range(2):
        response = client.get("/with-script/")
        assert not response.has_header("X-Page-Cache")
        nonce = re.search(r"nonce='([^']+)'", response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.django_db(transaction=True)  # the page cache moves on when a write commits
def test_a_deploy_makes_every_kept_page_stale(client):
    """Deploys run migrate; pages kept by the previous code must not outlive it."""
    from django.core.management import call_command

    article = ArticleFactory(title="部署之前")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    call_command("migrate", verbosity=0)

    assert "X-Page-Cache" not in client.get(article.get_absolute_url())
