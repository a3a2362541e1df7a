"""站内搜索 in Chinese: any substring of two characters or more, through character bigrams
(PostgreSQL) or a substring match (SQLite); title matches first, then the newest."""

from datetime import UTC, datetime

import pytest
from django.utils.html import strip_tags

from news import search
from news.models import Article
from news.search import highlight, query_terms
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


def found(client, params: dict) -> list[str]:
    """The titles of the articles a search finds (the 新闻 tab)."""
    return titles(client.get("/search/", {"kind": "article", **params}))


def titles(response, kind="article"):
    """The titles found, as the reader sees them (marks taken off), in the kind's section."""
    return [
        strip_tags(hit["title"])
        for section in response.context["sections"]
        if section["key"] == kind
        for hit in section["hits"]
    ]


# A paragraph of the 2018 annual review, as published.
REVIEW = (
    "普惠服务更贴近职工：提供免费就业服务2.3万人次，开展就业创业和技能培训1.2万人次，帮助3200人"
    "取得职业资格证书；建成“安康·爱心驿站”120个。市总工会与交通运输部门联合开展“司机之家”建设，"
    "走访慰问高温一线作业劳动者5.6万人次。"
)
SENTENCES = [sentence + "。" for sentence in REVIEW.split("。") if sentence]


def test_query_terms_are_the_words_typed_between_spaces():
    assert query_terms("困难职工 助学金") == ["困难职工", "助学金"]
    assert query_terms("“劳模”  ＡＢＣ") == ["劳模", "abc"]  # quotes off, 全角 → 半角, lower case
    assert query_terms("职工 职工书屋") == ["职工书屋"]  # a term inside another adds nothing
    assert query_terms("书。") == ["书。"]  # punctuation stays when it is what was typed
    assert query_terms("劳") == [] and search.query_too_short("劳")


def test_any_substring_of_two_to_six_characters_finds_the_article():
    article = ArticleFactory(title="2018年工作综述", body=f"<p>{REVIEW}</p>")
    ArticleFactory(title="职工书屋建设", body="<p>新建市级职工书屋十家。</p>")
    published = Article.objects.published()
    substrings = {
        sentence[start : start + length]
        for sentence in SENTENCES[:2]
        for length in range(2, 7)
        for start in range(len(sentence) - length + 1)
    }
    assert len(substrings) > 300
    missed = [
        text
        for text in sorted(substrings)
        if article.pk not in search.search_articles(published, query_terms(text)).ids
    ]
    assert missed == []
    assert search.search_articles(published, query_terms("资格职业")).ids == []


def test_a_word_inside_a_longer_word_is_found_on_the_search_page(client):
    ArticleFactory(title="2018年工作综述", body=f"<p>{REVIEW}</p>")
    for query in ["职业资格", "运输部", "爱心驿站", "5.6万", "“司机之家”", "业资格证"]:
        assert found(client, {"q": query}) == ["2018年工作综述"], query


def test_a_phrase_that_is_not_in_any_article_suggests_its_words(client, articles):
    page = client.get("/search/", {"kind": "article", "q": "困难职工助学金"})
    assert titles(page) == []
    assert "试试分开搜索" in page.content.decode()
    assert "q=%E5%9B%B0%E9%9A%BE%E8%81%8C%E5%B7%A5+%E5%8A%A9%E5%AD%A6%E9%87%91" in (
        page.content.decode()
    )
    assert found(client, {"q": "困难职工 助学金"}) == ["市总工会发放困难职工子女助学金"]


def test_a_one_character_query_asks_for_two(client, articles):
    page = client.get("/search/", {"kind": "article", "q": "劳"})
    assert page.status_code == 200
    assert "请输入至少两个字" in page.content.decode()


def test_a_chinese_query_finds_articles_holding_every_word(client, articles):
    assert found(client, {"q": "助学金"}) == ["市总工会发放困难职工子女助学金"]
    assert found(client, {"q": "技能竞赛"}) == ["全市职业技能竞赛圆满落幕"]
    both = found(client, {"q": "困难职工"})
    assert set(both) == {"市总工会发放困难职工子女助学金", "法律援助站点派驻法院"}
    assert found(client, {"q": "助学金 法院"}) == []
    assert found(client, {"q": "劳模"}) == []
    assert found(client, {"q": "学金"}) == ["市总工会发放困难职工子女助学金"]


def test_results_are_filtered_by_channel_and_date(client, articles):
    assert found(client, {"q": "困难职工", "channel": "rights"}) == ["法律援助站点派驻法院"]
    assert titles(
        client.get(
            "/search/",
            {"kind": "article", "q": "困难职工", "from": "2018-01-01", "to": "2018-12-31"},
        )
    ) == ["市总工会发放困难职工子女助学金"]
    bad_dates = client.get("/search/", {"kind": "article", "q": "困难职工", "from": "not-a-date"})
    assert bad_dates.status_code == 200 and len(titles(bad_dates)) == 2


def test_matches_are_highlighted_and_escaped(client, articles):
    ArticleFactory(title="<b>助学金</b>发放名单公示", channel=articles["grant"].channel)
    page = client.get("/search/", {"kind": "article", "q": "助学金"}).content.decode()
    assert "<mark>助学金</mark>" in page
    assert "&lt;b&gt;<mark>助学金</mark>&lt;/b&gt;" in page
    assert highlight("<i>x</i> 工会", ["工会"]) == "&lt;i&gt;x&lt;/i&gt; <mark>工会</mark>"


def test_drafts_are_never_found_and_an_empty_query_finds_nothing(client, articles):
    ArticleFactory(title="草稿里的助学金", status="draft")
    assert "草稿里的助学金" not in found(client, {"q": "助学金"})
    assert client.get("/search/").context["sections"] == []


def test_title_matches_come_first_then_the_newest(client, articles):
    old_title = ArticleFactory(
        title="助学金发放工作总结", publish_at=datetime(2016, 1, 1, tzinfo=UTC)
    )
    newer_body = ArticleFactory(
        title="金秋助学",
        body="<p>今年的助学金已经全部发放。</p>",
        publish_at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    result = found(client, {"q": "助学金"})
    assert result == [articles["grant"].title, old_title.title, newer_body.title]


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

    first = client.get("/search/", {"kind": "article", "q": "劳模"})
    second = client.get("/search/", {"kind": "article", "q": "劳模", "page": 2})

    assert "相关的新闻 23 条" in summary_line(first)
    assert "第 1 / 2 页" in first.content.decode()
    assert len(titles(first)) == 20 and len(titles(second)) == 3
    seen = titles(first) + titles(second)
    assert len(set(seen)) == 23 and all("劳模" in title for title in seen)


def test_when_too_many_match_the_page_says_so_and_ranks_the_newest(client, monkeypatch):
    monkeypatch.setattr("news.search.RANKED_LIMIT", 2)
    for day, title in [(1, "劳模座谈会"), (2, "劳模表彰大会"), (3, "劳模疗休养")]:
        ArticleFactory(title=title, publish_at=datetime(2018, 5, day, tzinfo=UTC))

    response = client.get("/search/", {"kind": "article", "q": "劳模"})

    assert "超过 2 条，列出其中最相关、最新的 2 条" in summary_line(response)
    assert set(titles(response)) == {"劳模表彰大会", "劳模疗休养"}


def test_when_all_matches_are_ranked_the_exact_count_is_shown(client, articles, monkeypatch):
    monkeypatch.setattr("news.search.RANKED_LIMIT", 2)
    response = client.get("/search/", {"kind": "article", "q": "困难职工"})
    assert "相关的新闻 2 条" in summary_line(response)
    assert "超过" not in summary_line(response)


def test_a_search_costs_the_same_queries_however_many_articles_match(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(25):
        ArticleFactory(title=f"劳模事迹报告会第{number}场")
    ArticleFactory(title="职工书屋建设")
    client.get("/search/", {"kind": "article", "q": "工会"})  # navigation and footer now cached

    with CaptureQueriesContext(connection) as one_match:
        assert len(found(client, {"q": "职工书屋"})) == 1
    with CaptureQueriesContext(connection) as many_matches:
        assert len(found(client, {"q": "劳模"})) == 20
    assert len(many_matches) == len(one_match)


def test_searching_a_first_level_channel_finds_its_children_articles(client, articles):
    rights = articles["law"].channel
    counselling = ChannelFactory(name="心理咨询", slug="counselling", parent=rights)
    ArticleFactory(title="困难职工心理咨询热线开通", channel=counselling)

    result = found(client, {"q": "困难职工", "channel": "rights"})

    assert set(result) == {"法律援助站点派驻法院", "困难职工心理咨询热线开通"}
