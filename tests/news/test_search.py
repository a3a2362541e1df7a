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
