"""Editors write [[figure:2018:key]] in an article; readers see the current snapshot's value."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from tests.reports.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


def render(body, safe=True):
    template = Template("{% load live_figures %}{{ body|live_figures }}")
    return template.render(Context({"body": mark_safe(body) if safe else body}))


def test_a_token_shows_the_formatted_value_of_the_current_snapshot(
    test_figures, django_assert_num_queries
):
    SnapshotFactory(figures={"test_grant_yuan": Decimal("700000"), "test_enterprises": 1})
    SnapshotFactory(figures={"test_grant_yuan": Decimal("725700"), "test_enterprises": 2720})
    body = (
        "<p>发放助学金[[figure:2018:test_grant_yuan]]，[[figure:2018:test_enterprises]]参赛。</p>"
    )
    with django_assert_num_queries(1):
        html = render(body)
    assert "72.57万元</a>" in html
    assert "2720家</a>" in html
    assert "70万元" not in html
    assert 'title="市总工会本级发放助学金：725,700元（2018年），点击查看指标说明"' in html


def test_a_second_article_on_the_same_page_costs_no_query(test_figures, django_assert_num_queries):
    SnapshotFactory(figures={"test_enterprises": 2720})
    render("[[figure:2018:test_enterprises]]")
    with django_assert_num_queries(0):
        assert "2720家" in render("[[figure:2018:test_enterprises]]")


def test_a_missing_figure_or_year_shows_a_clear_placeholder(test_figures):
    SnapshotFactory(figures={"test_enterprises": 2720})
    html = render("<p>[[figure:2018:retired_key]] [[figure:2017:test_enterprises]]</p>")
    assert '<span class="figure-missing">〔数据暂缺：retired_key〕</span>' in html
    assert '<span class="figure-missing">〔数据暂缺：test_enterprises〕</span>' in html


def test_no_snapshot_at_all_never_raises(test_figures):
    assert "〔数据暂缺：test_teams〕" in render("[[figure:2018:test_teams]]")


def test_a_body_without_tokens_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert render("<p>没有数据</p>") == "<p>没有数据</p>"


def test_an_unsafe_string_is_sanitised_not_trusted(test_figures):
    SnapshotFactory(figures={"test_enterprises": 2720})
    html = render(
        '<p onclick="x()">[[figure:2018:test_enterprises]]<script>x()</script></p>', False
    )
    assert "<script>" not in html
    assert "onclick" not in html
    assert "2720家" in html


def test_a_live_figure_links_to_its_definition_page(client, test_figures):
    SnapshotFactory(figures={"test_enterprises": 2720})
    html = render("<p>[[figure:2018:test_enterprises]]参赛。</p>")
    link = '<a class="figure-live" href="/reports/figures/test_enterprises/"'
    assert link in html and ">2720家</a>" in html
    definition = client.get("/reports/figures/test_enterprises/").content.decode()
    assert "<h1>参赛企业</h1>" in definition


# --------------------------------------------------------------------------- correction notices


def corrections(body, since):
    template = Template("{% load live_figures %}{% figure_corrections body since %}")
    return template.render(Context({"body": mark_safe(body), "since": since}))


def snapshot_at(when, **figures):
    snapshot = SnapshotFactory(figures=figures)
    snapshot.computed_at = when
    snapshot.save(update_fields=["computed_at"])
    return snapshot


@pytest.fixture
def moments():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    shanghai = ZoneInfo("Asia/Shanghai")
    return {
        name: datetime(2019, month, day, 10, tzinfo=shanghai)
        for name, month, day in [
            ("first_rollup", 1, 5),
            ("published", 1, 20),
            ("corrected", 3, 2),
            ("corrected_again", 4, 9),
        ]
    }


BODY = "<p>全年[[figure:2018:test_enterprises]]参赛，发放[[figure:2018:test_grant_yuan]]。</p>"


def test_a_figure_changed_after_publication_gets_a_dated_note(test_figures, moments):
    snapshot_at(moments["first_rollup"], test_enterprises=216, test_grant_yuan=Decimal("725700"))
    snapshot_at(moments["corrected"], test_enterprises=217, test_grant_yuan=Decimal("725700"))

    html = corrections(BODY, moments["published"])
    assert "本文数据已于" in html
    assert '<time datetime="2019-03-02T10:00:00+08:00">2019年3月2日</time>更新' in html
    assert (
        '2018年“<a href="/reports/figures/test_enterprises/">参赛企业</a>”由216家改为217家' in html
    )
    assert "助学金" not in html  # unchanged: no note


def test_the_note_tells_what_the_reader_saw_and_what_is_true_now(test_figures, moments):
    snapshot_at(moments["first_rollup"], test_enterprises=216)
    snapshot_at(moments["corrected"], test_enterprises=217)
    snapshot_at(moments["corrected_again"], test_enterprises=220)
    html = corrections(BODY, moments["published"])
    assert "由216家改为220家" in html and "2019年4月9日" in html
    # published after the first correction: the reader saw 217
    assert "由217家改为220家" in corrections(BODY, moments["corrected"])


def test_no_note_when_nothing_changed_after_publication(
    test_figures, moments, django_assert_num_queries
):
    snapshot_at(moments["first_rollup"], test_enterprises=216)
    snapshot_at(moments["published"], test_enterprises=217)  # the article was written with it
    assert corrections(BODY, moments["corrected"]).strip() == ""
    # published before any snapshot: it showed a placeholder, there is nothing to correct
    assert corrections(BODY, moments["first_rollup"].replace(day=1)).strip() == ""
    # a change back to the published value is no change
    snapshot_at(moments["corrected_again"], test_enterprises=217)
    assert corrections(BODY, moments["corrected"]).strip() == ""
    with django_assert_num_queries(0):
        assert corrections("<p>没有实时数据</p>", moments["published"]).strip() == ""


def test_an_article_page_shows_the_note_of_a_rollup_after_it_went_public(
    client, test_figures, moments, django_capture_on_commit_callbacks
):
    from tests.news.factories import ArticleFactory
    from unionportal.cache import public_content_changed

    snapshot_at(moments["first_rollup"], test_enterprises=216)
    article = ArticleFactory(body=BODY, publish_at=moments["published"])
    assert "本文数据已于" not in client.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_at(moments["corrected"], test_enterprises=217)
        public_content_changed()  # what a rollup writing a snapshot does
    page = client.get(article.get_absolute_url()).content.decode()
    assert ">217家</a>" in page
    assert "本文数据已于" in page and "由216家改为217家" in page


def test_the_definition_page_lists_every_published_value(client, test_figures, moments):
    snapshot_at(moments["first_rollup"], test_enterprises=216)
    snapshot_at(moments["corrected"], test_enterprises=217)
    SnapshotFactory(year=2017, figures={"test_enterprises": 180})
    html = client.get("/reports/figures/test_enterprises/").content.decode()
    history = html[html.index("<caption>历次公布的数值</caption>") :]
    first = history.index("2019年1月5日 10:00")
    second = history.index("2019年3月2日 10:00")
    assert first < second
    assert "<td>216家</td><td>首次公布</td>" in history
    assert "<td>217家</td><td>更正（现行）</td>" in history
    assert '<th scope="row">2017年</th>' in history


def test_the_editors_list_the_articles_whose_figures_changed(
    client, test_figures, moments, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from tests.news.factories import ArticleFactory

    snapshot_at(moments["first_rollup"], test_enterprises=216, test_grant_yuan=Decimal("725700"))
    quoting_enterprises = ArticleFactory(
        title="参赛企业的报道", body="<p>[[figure:2018:test_enterprises]]</p>"
    )
    quoting_grants = ArticleFactory(
        title="助学金的报道", body="<p>[[figure:2018:test_grant_yuan]]</p>"
    )
    ArticleFactory(title="没有实时数据的报道")
    for article in (quoting_enterprises, quoting_grants):
        type(article).objects.filter(pk=article.pk).update(publish_at=moments["published"])
    snapshot_at(moments["corrected"], test_enterprises=217, test_grant_yuan=Decimal("725700"))

    client.force_login(get_user_model().objects.create_superuser("chief", password="x" * 12))
    listing = client.get("/admin/news/article/", {"figures_changed": "yes"}).content.decode()
    assert "参赛企业的报道" in listing
    assert "助学金的报道" not in listing and "没有实时数据的报道" not in listing
    everything = client.get("/admin/news/article/").content.decode()
    assert "发布后数据已更新（显示更正说明）" in everything


# --------------------------------------------------------------------------- the editor's picker


def test_the_picker_lists_figures_by_name_and_year_for_staff(client, test_figures):
    from django.contrib.auth import get_user_model

    SnapshotFactory(figures={"test_enterprises": 2720, "test_grant_yuan": Decimal("725700")})
    SnapshotFactory(year=2017, figures={"test_enterprises": 2500})
    editor = get_user_model().objects.create_user("editor", password="x" * 12, is_staff=True)
    client.force_login(editor)

    data = client.get("/reports/figure-picker.json", {"q": "企业"}).json()
    assert data["years"] == [2018, 2017]
    assert [(row["year"], row["code"]) for row in data["figures"]] == [
        (2018, "[[figure:2018:test_enterprises]]"),
        (2017, "[[figure:2017:test_enterprises]]"),
    ]
    assert data["figures"][0]["label"] == "参赛企业"
    assert data["figures"][0]["formatted"] == "2720家"

    of_2018 = client.get("/reports/figure-picker.json", {"year": "2018"}).json()
    assert {row["key"] for row in of_2018["figures"]} == {"test_enterprises", "test_grant_yuan"}
    assert {row["year"] for row in of_2018["figures"]} == {2018}
    grant = client.get("/reports/figure-picker.json", {"q": "助学金"}).json()["figures"]
    assert [row["formatted"] for row in grant] == ["72.57万元"]


def test_the_picker_refuses_readers_and_explains_a_bad_year(client, test_figures):
    from django.contrib.auth import get_user_model

    SnapshotFactory(figures={"test_enterprises": 2720})
    response = client.get("/reports/figure-picker.json")
    assert response.status_code == 403 and response.json() == {"error": "请先登录管理后台。"}
    reader = get_user_model().objects.create_user("reader", password="x" * 12)
    client.force_login(reader)
    assert client.get("/reports/figure-picker.json").status_code == 403

    client.force_login(
        get_user_model().objects.create_user("editor", password="x" * 12, is_staff=True)
    )
    response = client.get("/reports/figure-picker.json", {"year": "18年"})
    assert response.status_code == 400
    assert response.json() == {"error": "年度应为四位数字，例如 2018。"}


def test_the_article_editor_loads_the_picker_beside_the_body(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("chief", password="x" * 12))
    page = client.get("/admin/news/article/add/").content.decode()
    assert 'data-figure-picker="/reports/figure-picker.json"' in page
    assert '<script src="/static/js/figure_picker.js"></script>' in page
