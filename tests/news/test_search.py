"""站内搜索 in Chinese: jieba words; PostgreSQL full-text search or the SQLite fallback."""

from datetime import UTC, datetime

import pytest

from news.search import highlight, query_terms, segment
from tests.news.factories import ArticleFactory, ChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    news = ChannelFactory(name="新闻", slug="news")
    rights = ChannelFactory(name="维权服务", slug="rights")
    return {
        "grant": ArticleFactory(
            title="市总工会发放困难职工子女助学金",
            body="<p>今年向困难家庭子女发放助学金，帮助他们顺利入学。</p>",
            channel=news,
            publish_at=datetime(2018, 8, 20, 2, 0, tzinfo=UTC),
        ),
        "skills": ArticleFactory(
            title="全市职业技能竞赛圆满落幕",
            body="<p>十六项职业技能竞赛产生技术状元。</p>",
            channel=news,
            publish_at=datetime(2018, 11, 2, 2, 0, tzinfo=UTC),
        ),
        "law": ArticleFactory(
            title="法律援助站点派驻法院",
            summary="为职工提供法律援助，帮助困难职工维权。",
            channel=rights,
            publish_at=datetime(2019, 3, 1, 2, 0, tzinfo=UTC),
        ),
    }


def titles(response):
    return [hit["article"].title for hit in response.context["hits"]]


def test_segmentation_cuts_chinese_into_words():
    assert "助学金" in segment("发放助学金").split()
    assert query_terms("困难职工的助学金") == ["困难职工", "助学金"]  # 的 is a stop word


def test_a_chinese_query_finds_articles_holding_every_word(client, articles):
    assert titles(client.get("/search/", {"q": "助学金"})) == ["市总工会发放困难职工子女助学金"]
    assert titles(client.get("/search/", {"q": "技能竞赛"})) == ["全市职业技能竞赛圆满落幕"]
    both = titles(client.get("/search/", {"q": "困难职工"}))
    assert set(both) == {"市总工会发放困难职工子女助学金", "法律援助站点派驻法院"}
    assert titles(client.get("/search/", {"q": "助学金 法院"})) == []
    assert titles(client.get("/search/", {"q": "劳模"})) == []


def test_results_are_filtered_by_channel_and_date(client, articles):
    assert titles(client.get("/search/", {"q": "困难职工", "channel": "rights"})) == [
        "法律援助站点派驻法院"
    ]
    assert titles(
        client.get("/search/", {"q": "困难职工", "from": "2018-01-01", "to": "2018-12-31"})
    ) == ["市总工会发放困难职工子女助学金"]
    bad_dates = client.get("/search/", {"q": "困难职工", "from": "not-a-date"})
    assert bad_dates.status_code == 200 and len(titles(bad_dates)) == 2


def test_matches_are_highlighted_and_escaped(client, articles):
    ArticleFactory(title="<b>助学金</b>发放名单公示", channel=articles["grant"].channel)
    page = client.get("/search/", {"q": "助学金"}).content.decode()
    assert "<mark>助学金</mark>" in page
    assert "&lt;b&gt;<mark>助学金</mark>&lt;/b&gt;" in page
    assert highlight("<i>x</i> 工会", ["工会"]) == "&lt;i&gt;x&lt;/i&gt; <mark>工会</mark>"


def test_drafts_are_never_found_and_an_empty_query_finds_nothing(client, articles):
    ArticleFactory(title="草稿里的助学金", status="draft")
    assert "草稿里的助学金" not in titles(client.get("/search/", {"q": "助学金"}))
    assert client.get("/search/").context["hits"] == []


def test_on_postgresql_results_are_ranked_by_relevance_then_recency(client, articles):
    from django.db import connection

    many = ArticleFactory(
        title="助学金助学金：助学金发放工作总结",
        body="<p>助学金，助学金，助学金。</p>",
        publish_at=datetime(2016, 1, 1, tzinfo=UTC),
    )
    found = titles(client.get("/search/", {"q": "助学金"}))
    if connection.vendor == "postgresql":
        assert found[0] == many.title  # most relevant first, although oldest
    else:
        assert found[-1] == many.title  # the fallback orders by recency only


def summary_line(response) -> str:
    page = response.content.decode()
    start = page.index('<p class="search-summary"')
    return page[start : page.index("</p>", start)]


def test_a_reader_pages_through_every_match_once(client):
    for number in range(23):
        ArticleFactory(
            title=f"劳模事迹报告会第{number}场",
            publish_at=datetime(2018, 1, 1 + number, tzinfo=UTC),
        )
    ArticleFactory(title="职工书屋建设")

    first = client.get("/search/", {"q": "劳模"})
    second = client.get("/search/", {"q": "劳模", "page": 2})

    assert "相关的文章 23 篇" in summary_line(first)
    assert "第 1 / 2 页" in first.content.decode()
    assert len(titles(first)) == 20 and len(titles(second)) == 3
    seen = titles(first) + titles(second)
    assert len(set(seen)) == 23 and all("劳模" in title for title in seen)


def test_when_too_many_match_the_page_says_so_and_ranks_the_newest(client, monkeypatch):
    monkeypatch.setattr("news.search.RANKED_LIMIT", 2)
    for day, title in [(1, "劳模座谈会"), (2, "劳模表彰大会"), (3, "劳模疗休养")]:
        ArticleFactory(title=title, publish_at=datetime(2018, 5, day, tzinfo=UTC))

    response = client.get("/search/", {"q": "劳模"})

    assert "超过 2 篇，按相关度列出其中最新的 2 篇" in summary_line(response)
    assert set(titles(response)) == {"劳模表彰大会", "劳模疗休养"}


def test_when_all_matches_are_ranked_the_exact_count_is_shown(client, articles, monkeypatch):
    monkeypatch.setattr("news.search.RANKED_LIMIT", 2)
    response = client.get("/search/", {"q": "困难职工"})
    assert "相关的文章 2 篇" in summary_line(response)
    assert "超过" not in summary_line(response)


def test_a_search_costs_the_same_queries_however_many_articles_match(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(25):
        ArticleFactory(title=f"劳模事迹报告会第{number}场")
    ArticleFactory(title="职工书屋建设")
    client.get("/search/", {"q": "工会"})  # navigation and footer now cached

    with CaptureQueriesContext(connection) as one_match:
        assert len(titles(client.get("/search/", {"q": "职工书屋"}))) == 1
    with CaptureQueriesContext(connection) as many_matches:
        assert len(titles(client.get("/search/", {"q": "劳模"}))) == 20
    assert len(many_matches) == len(one_match)


def test_searching_a_first_level_channel_finds_its_children_articles(client, articles):
    rights = articles["law"].channel
    counselling = ChannelFactory(name="心理咨询", slug="counselling", parent=rights)
    ArticleFactory(title="困难职工心理咨询热线开通", channel=counselling)

    found = titles(client.get("/search/", {"q": "困难职工", "channel": "rights"}))

    assert set(found) == {"法律援助站点派驻法院", "困难职工心理咨询热线开通"}
