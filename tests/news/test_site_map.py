"""网站地图 for readers, sitemap.xml for crawlers, and the footer's filing numbers."""

import re
from decimal import Decimal

import pytest

from news.search_index import search_entries_sync
from tests.competitions.factories import EntryFactory, SkillsContestFactory
from tests.honors.factories import HonourFactory
from tests.news.factories import ArticleFactory, ChannelFactory, SiteSettingsFactory
from tests.reports.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    news = ChannelFactory(name="新闻中心", slug="news")
    ChannelFactory(name="工会动态", slug="union-news", parent=news)
    ChannelFactory(name="不在导航的栏目", slug="hidden", show_in_nav=False)
    honour = HonourFactory(year=2018)
    contest = SkillsContestFactory(name="2018年全市电工职业技能竞赛")
    entry = EntryFactory(competition=contest)
    SnapshotFactory(year=2018, figures={"student_grant_yuan": Decimal("725700")})
    search_entries_sync()
    return {"person": honour.person, "contest": contest, "enterprise": entry.organisation}


def links(page: str) -> dict[str, str]:
    return {label: url for url, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', page)}


def test_the_footer_leads_readers_to_a_readable_site_map(client, portal):
    home = client.get("/").content.decode()
    assert '<a href="/sitemap/">网站地图</a>' in home

    page = client.get("/sitemap/").content.decode()
    found = links(page)
    assert found["新闻中心"] == "/channel/news/" and found["工会动态"] == "/channel/union-news/"
    assert found["不在导航的栏目"] == "/channel/hidden/"
    assert found["劳模风采"] == "/honors/models/" and found["荣誉榜"] == "/honors/rolls/"
    assert found["竞赛"] == "/competitions/" and found["技术状元"] == "/competitions/champions/"
    assert found["企业名录"] == "/competitions/enterprises/"
    assert found["年度统计"] == "/reports/" and found["2018年统计数据"] == "/reports/2018/"
    assert found["站内搜索"] == "/search/"
    assert "<h1" in page and "网站地图" in page


def locations(client, url: str) -> list[str]:
    body = client.get(url).content.decode()
    return [loc.replace("http://testserver", "") for loc in re.findall(r"<loc>([^<]+)</loc>", body)]


def test_the_xml_sitemap_is_an_index_covering_every_public_page_type(client, portal):
    article = ArticleFactory()
    draft = ArticleFactory(status="draft")
    sections = locations(client, "/sitemap.xml")
    assert "/sitemap-articles.xml" in sections and "/sitemap-person.xml" in sections
    pages = [url for section in sections for url in locations(client, section)]

    assert f"/article/{article.pk}/" in pages and f"/article/{draft.pk}/" not in pages
    assert "/channel/news/" in pages and "/channel/union-news/" in pages
    for url in [
        "/",
        "/sitemap/",
        "/reports/",
        "/reports/2018/",
        "/honors/models/",
        "/honors/rolls/",
        "/honors/rolls/2018/provincial/",
        "/competitions/",
        "/competitions/champions/",
        "/competitions/enterprises/",
        f"/honors/people/{portal['person'].pk}/",
        f"/competitions/{portal['contest'].pk}/",
        f"/competitions/enterprises/{portal['enterprise'].pk}/",
    ]:
        assert url in pages, url
    assert not any(url.startswith("/search/") for url in pages)
    assert all(client.get(url).status_code == 200 for url in pages if not url.startswith("/a"))


def test_a_large_section_is_split_into_pages(client, portal, monkeypatch):
    monkeypatch.setattr("news.sitemaps.ArticleSitemap.limit", 2)
    articles = ArticleFactory.create_batch(5)
    sections = locations(client, "/sitemap.xml")
    assert "/sitemap-articles.xml?p=3" in sections
    pages = [url for n in (1, 2, 3) for url in locations(client, f"/sitemap-articles.xml?p={n}")]
    assert sorted(pages) == sorted(article.get_absolute_url() for article in articles)


def test_the_footer_links_both_filing_numbers_and_shows_the_site_code(client):
    SiteSettingsFactory(police_number="苏公网安备 32060202000123号", site_code="3206000001")
    page = client.get("/").content.decode()
    assert (
        '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=32060202000123"'
        in page
    )
    assert ">苏公网安备 32060202000123号</a>" in page
    assert '<a href="https://beian.miit.gov.cn/"' in page
    assert "网站标识码：3206000001" in page
