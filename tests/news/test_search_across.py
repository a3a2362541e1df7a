"""Search across the portal: a reader looking for a name, an enterprise or a figure finds
people, honours, competitions and their results, enterprises and annual figures beside the
news, in tabs by kind, narrowed by year, with the matched words marked."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from competitions.models import Competition
from honors import codes
from honors.models import Honour, RecipientKind
from news import search as news_search
from news.models import SearchEntry
from news.search_index import search_entries_sync
from tests.competitions.factories import ResultFactory, SkillsContestFactory
from tests.honors.factories import HonourFactory, OrganizationFactory, PersonFactory, honour_type
from tests.news.factories import ArticleFactory
from tests.reports.factories import SnapshotFactory
from unionportal.cache import public_content_changed
from unionportal.search_registry import Document, SearchKind, registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    grid = OrganizationFactory(name="国网市供电公司", industry="电力")
    wang = PersonFactory(name="王建国", workplace="国网市供电公司", occupation="配电运维班长")
    HonourFactory(person=wang, year=2018, honour_type=honour_type(codes.MAY_DAY_MEDAL))
    HonourFactory(
        person=None,
        organization=grid,
        recipient_kind=RecipientKind.COLLECTIVE,
        year=2017,
        level=Honour.Level.MUNICIPAL,
        honour_type=honour_type(codes.MAY_DAY_CERTIFICATE),
        workplace="国网市供电公司",
    )
    contest = SkillsContestFactory(name="2018年全市电力线路工职业技能竞赛", year=2018)
    ResultFactory(competition=contest, contestant_name="王建国", organisation=grid, rank=1)
    SnapshotFactory(year=2018, figures={"student_grant_yuan": Decimal("725700")})
    ArticleFactory(
        title="王建国：守护万家灯火的供电人",
        body="<p>国网市供电公司配电运维班长王建国获五一劳动奖章。</p>",
        publish_at=datetime(2018, 5, 1, 2, 0, tzinfo=UTC),
    )
    search_entries_sync()
    return {"grid": grid, "wang": wang, "contest": contest}


def section(response, kind):
    return next((s for s in response.context["sections"] if s["key"] == kind), None)


def titles(response, kind):
    found = section(response, kind)
    return [strip_tags(hit["title"]) for hit in found["hits"]] if found else []


def test_a_name_finds_the_person_their_honours_results_and_the_news(client, portal):
    response = client.get("/search/", {"q": "王建国"})
    page = response.content.decode()

    assert titles(response, "article") == ["王建国：守护万家灯火的供电人"]
    assert titles(response, "person") == ["王建国"]
    assert titles(response, "honour") == ["王建国：2018年省级五一劳动奖章"]
    assert titles(response, "result") == ["王建国：2018年全市电力线路工职业技能竞赛第1名"]
    assert section(response, "enterprise") is None  # no enterprise has that name
    assert f'href="/honors/people/{portal["wang"].pk}/"' in page
    assert "<mark>王建国</mark>" in page
    tabs = {tab["key"]: tab["count"] for tab in response.context["tabs"]}
    assert {"competition", "enterprise", "figure"} <= set(tabs)  # every kind has its tab
    # found in these kinds only, whatever other apps add kinds of their own
    assert {key: count for key, count in tabs.items() if count} == {
        "article": 1,
        "person": 1,
        "honour": 1,
        "result": 1,
    }


def test_words_inside_longer_words_find_enterprises_competitions_and_figures(client, portal):
    assert titles(client.get("/search/", {"q": "供电公"}), "enterprise") == ["国网市供电公司"]
    assert titles(client.get("/search/", {"q": "线路工"}), "competition") == [
        "2018年全市电力线路工职业技能竞赛"
    ]
    figures = client.get("/search/", {"q": "助学金"})
    assert titles(figures, "figure") == ["2018年市总工会本级发放助学金"]
    assert "72.57万元" in figures.content.decode()
    # an enterprise is found by its 统一社会信用代码 too
    code = portal["grid"].credit_code
    assert titles(client.get("/search/", {"q": code[4:12]}), "enterprise") == ["国网市供电公司"]


def test_a_kind_tab_pages_its_results_and_the_year_narrows_them(client, portal):
    by_kind = client.get("/search/", {"q": "供电", "kind": "honour"})
    assert [s["key"] for s in by_kind.context["sections"]] == ["honour"]
    assert len(titles(by_kind, "honour")) == 2
    assert dict(by_kind.context["facet_years"]) == {2018: 1, 2017: 1}

    in_2017 = client.get("/search/", {"q": "供电", "kind": "honour", "year": "2017"})
    assert titles(in_2017, "honour") == ["国网市供电公司：2017年市级五一劳动奖状"]
    everything_2018 = client.get("/search/", {"q": "供电", "year": "2018"})
    assert "国网市供电公司：2017年市级五一劳动奖状" not in everything_2018.content.decode()
    assert titles(everything_2018, "article") == ["王建国：守护万家灯火的供电人"]


def test_marks_are_escaped_html(client, portal):
    PersonFactory(name="<b>李四</b>", workplace="测试").honours.create(
        honour_type=honour_type(codes.MAY_DAY_MEDAL),
        level=Honour.Level.PROVINCIAL,
        year=2019,
        recipient_kind=RecipientKind.INDIVIDUAL,
    )
    search_entries_sync(kinds=["person"])
    page = client.get("/search/", {"q": "李四", "kind": "person"}).content.decode()
    assert "&lt;b&gt;<mark>李四</mark>&lt;/b&gt;" in page
    assert "<b>李四" not in page


def test_an_admin_edit_shows_in_the_search_after_its_commit(
    client, portal, django_capture_on_commit_callbacks
):
    assert titles(client.get("/search/", {"q": "王建设"}), "person") == []  # now kept cached
    with django_capture_on_commit_callbacks(execute=True):
        portal["wang"].name = "王建设"
        portal["wang"].save()
    found = client.get("/search/", {"q": "王建设"})
    assert titles(found, "person") == ["王建设"]
    assert titles(found, "honour") == ["王建设：2018年省级五一劳动奖章"]
    with django_capture_on_commit_callbacks(execute=True):
        portal["contest"].delete()
    assert titles(client.get("/search/", {"q": "线路工"}), "competition") == []


def test_a_sync_writes_only_what_changed_and_drops_what_is_gone(portal):
    assert set(search_entries_sync().values()) == {0}  # nothing changed since the fixture's
    Competition.objects.filter(pk=portal["contest"].pk).update(name="2018年全市配电线路工竞赛")
    assert search_entries_sync()["competition"] == 1
    Competition.objects.filter(pk=portal["contest"].pk).delete()  # a bulk delete: no signal
    assert search_entries_sync()["competition"] == 1
    assert not SearchEntry.objects.filter(kind="competition").exists()


def test_another_app_can_register_its_own_kind(client, portal):
    # (the stations app registers the real "station" kind: this one is made up)
    bus_stops = SearchKind(
        key="bus_stop",
        label="公交驿站",
        order=70,
        documents=lambda keys: [
            Document(key="1", title="崇川区公交司机爱心驿站", url="/bus/1/", year=2019)
        ],
    )
    registry.register(bus_stops)
    try:
        search_entries_sync(kinds=["bus_stop"])
        response = client.get("/search/", {"q": "爱心驿站"})
        assert titles(response, "bus_stop") == ["崇川区公交司机爱心驿站"]
        assert "公交驿站（1）" in response.content.decode()
    finally:
        registry.unregister("bus_stop")


def test_a_search_across_kinds_costs_the_same_few_queries_however_much_it_finds(client, portal):
    client.get("/search/", {"q": "工会"})  # navigation and footer now cached
    for number in range(10):
        PersonFactory(name=f"供电工{number}").honours.create(
            honour_type=honour_type(codes.MAY_DAY_MEDAL),
            level=Honour.Level.PROVINCIAL,
            year=2019,
            recipient_kind=RecipientKind.INDIVIDUAL,
        )
    search_entries_sync()

    with CaptureQueriesContext(connection) as little:
        found = client.get("/search/", {"q": "王建国"})  # the news, the person, an honour, a result
    with CaptureQueriesContext(connection) as much:
        many = client.get("/search/", {"q": "供电"})  # people, honours, the news …

    assert sum(tab["count"] for tab in found.context["tabs"]) == 4
    assert sum(len(section["hits"]) for section in many.context["sections"]) > 10
    # the ranked ids of every kind, the articles shown, the entries shown
    assert len(much) == len(little) <= 4


def test_a_search_asked_again_in_another_spelling_is_run_once_per_content_version(
    client, portal, monkeypatch, django_capture_on_commit_callbacks
):
    runs = []
    run = news_search.search_results
    monkeypatch.setattr(
        news_search, "search_results", lambda query: runs.append(query) or run(query)
    )

    # the same words, however typed, and whatever else the address carries
    for spelled in ["王建国", " 王建国 ", "“王建国”", "王建国 王建"]:
        page = client.get("/search/", {"q": spelled, "utm_source": spelled})
        assert titles(page, "person") == ["王建国"]
    assert len(runs) == 1
    client.get("/search/", {"q": "王建国", "year": "2018"})  # another search: run
    assert len(runs) == 2

    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="王建国获评全国劳动模范")  # a change readers see
        public_content_changed()
    news = titles(client.get("/search/", {"q": "“王建国”"}), "article")
    assert news == ["王建国获评全国劳动模范", "王建国：守护万家灯火的供电人"]
    assert len(runs) == 3


def test_an_english_page_marks_the_chinese_titles_and_lines_it_finds(client, portal):
    english = client.get("/en/search/", {"q": "王建国"}).content.decode()
    chinese = client.get("/search/", {"q": "王建国"}).content.decode()

    # the person's page in the page's language
    person = f'<h3 lang="zh-CN"><a href="/en/honors/people/{portal["wang"].pk}/">'
    assert person in english and '<p lang="zh-CN">国网市供电公司' in english
    assert '<p class="meta" lang="zh-CN">2018年' in english  # an honour's year, written 年
    assert 'lang="zh-CN"' not in chinese.split("<main", 1)[1]  # the page is Chinese already


def test_an_english_page_names_the_kinds_in_english_and_shows_english_titles(client, portal):
    ArticleFactory(
        title="王建国带徒传艺",
        title_en="Wang Jianguo passes on his craft",
        summary="一线供电人的师徒故事。",
        summary_en="A line worker and his apprentices.",
    )
    english = client.get("/en/search/", {"q": "王建国"}).content.decode()
    assert ">Wang Jianguo passes on his craft</a></h3>" in english
    assert "<h3><a " in english and "<p>A line worker and his apprentices.</p>" in english
    for label in ("News (", "People (", "Honours ("):
        assert label in english, label
    assert "人物 (" not in english and "新闻 (" not in english
    chinese = client.get("/search/", {"q": "王建国"}).content.decode()
    assert "<mark>王建国</mark>带徒传艺" in chinese and "Wang Jianguo" not in chinese
    assert "人物（" in chinese


def test_a_model_worker_is_found_by_the_short_word_readers_type(client, portal):
    worker = PersonFactory(name="赵铁柱", workplace="市公交集团")
    HonourFactory(person=worker, honour_type=honour_type(codes.MUNICIPAL_MODEL_WORKER))
    search_entries_sync()
    found = client.get("/search/", {"q": "劳模 公交"})
    assert titles(found, "person") == ["赵铁柱"]
    assert titles(found, "honour") == ["赵铁柱：2018年省级市劳动模范"]


def test_the_overview_counts_a_few_of_each_kind_and_the_tab_counts_them_all(
    client, portal, monkeypatch
):
    monkeypatch.setattr("news.search.OVERVIEW_LIMIT", 2)
    for number in range(3):
        ArticleFactory(title=f"供电服务进社区第{number}站")
    overview = client.get("/search/", {"q": "供电服务"})
    assert "新闻（2+）" in overview.content.decode()
    tab = client.get("/search/", {"q": "供电服务", "kind": "article"})
    assert "新闻（3）" in tab.content.decode() and len(titles(tab, "article")) == 3


def test_a_hit_found_in_the_text_shows_where(client, portal):
    page = client.get("/search/", {"q": "一线二十", "kind": "person"}).content.decode()
    # the biography (made by the factory), after the workplace and occupation line
    assert "国网市供电公司　配电运维班长　" in page and "<mark>一线二十</mark>" in page
    code = portal["grid"].credit_code
    page = client.get("/search/", {"q": code, "kind": "enterprise"}).content.decode()
    assert f"<mark>{code.lower()}</mark>" in page.lower()


def test_the_tabs_and_years_link_to_the_same_search_with_one_thing_changed(client, portal):
    params = {"q": "供电", "year": "2018", "kind": "honour", "page": "1", "utm_source": "wechat"}
    page = client.get("/search/", params).content.decode()
    asked = "?q=%E4%BE%9B%E7%94%B5"  # 供电

    assert f'href="{asked}&amp;year=2018"' in page  # 全部, in the same year
    assert f'href="{asked}&amp;year=2018&amp;kind=person"' in page  # 人物, in the same year
    assert f'href="{asked}&amp;kind=honour"' in page  # 不限年份, honours still
    assert f'href="{asked}&amp;kind=honour&amp;year=2018"' in page  # the year found
    # each link starts its list at the first page, and carries only what the page reads: a page
    # kept for this address is given to every reader of 供电 in 2018, whatever else they carry
    links = page.split('class="search-tabs"', 1)[1]
    assert "page=" not in links and "utm_source" not in links


def test_the_tab_and_year_being_read_are_marked_and_the_overview_links_to_the_rest(
    client, portal, monkeypatch
):
    monkeypatch.setattr("news.search.SECTION_SIZE", 1)  # the overview shows one hit of a kind
    for number in range(3):
        ArticleFactory(
            title=f"供电服务进社区第{number}站", publish_at=datetime(2019, 3, 1, 2, tzinfo=UTC)
        )
    asked = "?q=%E4%BE%9B%E7%94%B5%E6%9C%8D%E5%8A%A1"  # 供电服务

    overview = client.get("/search/", {"q": "供电服务"}).content.decode()
    assert f'<a href="{asked}" aria-current="page">全部（3）</a>' in overview
    assert f'<a href="{asked}&amp;kind=article">新闻（3）</a>' in overview  # a tab, not current
    assert f'<a href="{asked}&amp;kind=article">查看全部新闻（3）›</a>' in overview
    assert f'<a href="{asked}" aria-current="page">不限年份</a>' in overview

    tab = client.get("/search/", {"q": "供电服务", "kind": "article", "year": "2019"})
    page = tab.content.decode()
    assert (
        f'<a href="{asked}&amp;year=2019&amp;kind=article" aria-current="page">新闻（3）</a>'
        in page
    )
    assert (
        f'<a href="{asked}&amp;kind=article&amp;year=2019" aria-current="page">2019年（3）</a>'
        in page
    )
    tabs = page.split('class="search-tabs"', 1)[1].split("</nav>", 1)[0]
    years = page.split('class="search-years"', 1)[1].split("</nav>", 1)[0]
    assert tabs.count("aria-current") == 1 and years.count("aria-current") == 1
    assert "查看全部" not in page  # the tab lists them all
    assert len(titles(tab, "article")) == 3


def test_a_phrase_found_nowhere_links_to_its_words_searched_apart(client, portal):
    page = client.get("/search/", {"q": "王建国电力", "kind": "person", "year": "2018"})
    html = page.content.decode()
    assert page.context["total"] == 0
    # 王建国 and 电力 are each found; together, in this order, nowhere
    assert 'href="?q=%E7%8E%8B%E5%BB%BA%E5%9B%BD+%E7%94%B5%E5%8A%9B"' in html
