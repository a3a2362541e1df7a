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
    assert "72.57万元</span>" in html
    assert "2720家</span>" in html
    assert "70万元" not in html
    assert 'title="市总工会本级发放助学金：725,700元（2018年）"' in html


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
