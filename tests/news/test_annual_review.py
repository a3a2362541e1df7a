"""Figures in articles: staff draft the annual review from a year's figures; a reviewer is warned
about numbers typed by hand that contradict them; the published article shows live values."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from news.models import Article
from tests.news.factories import ArticleFactory, ChannelFactory
from tests.reports.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_2018():
    return SnapshotFactory(
        year=2018,
        figures={
            "student_grant_recipients": 194,
            "student_grant_yuan": Decimal("725700"),
            "municipal_may_day_awards": 134,
        },
    )


@pytest.fixture
def review_channel():
    return ChannelFactory(name="年度综述", slug="annual-review")


def test_an_editor_drafts_the_annual_review_with_every_figure_live(
    client, editor, figures_2018, review_channel
):
    client.force_login(editor)
    page = client.get(reverse("admin:news_article_changelist"))
    assert "从年度统计生成综述草稿" in page.content.decode()

    response = client.post(reverse("admin:news_article_draft_annual_review"), {"year": 2018})

    article = Article.objects.get()
    assert response.status_code == 302
    assert article.status == Article.Status.DRAFT
    assert article.channel == review_channel
    assert "2018年工作综述" in article.title
    for key in ["student_grant_recipients", "student_grant_yuan", "municipal_may_day_awards"]:
        assert f"[[figure:2018:{key}]]" in article.body
    preview = client.get(reverse("news:preview", args=[article.pk])).content.decode()
    assert "194人" in preview and "72.57万元" in preview
    assert "[[figure" not in preview


def test_a_year_without_figures_cannot_be_drafted(client, editor, figures_2018, review_channel):
    client.force_login(editor)
    response = client.post(reverse("admin:news_article_draft_annual_review"), {"year": 2016})
    assert response.status_code == 200
    assert Article.objects.count() == 0


def test_the_reviewer_is_warned_of_a_hand_typed_number_that_contradicts_a_figure(
    client, reviewer, figures_2018
):
    article = ArticleFactory(
        body="<p>市总工会本级发放助学金72.75万元，资助困难家庭子女194人。</p>",
        publish_at=datetime(2019, 1, 10, 1, 25, tzinfo=UTC),
        status=Article.Status.SUBMITTED,
    )
    client.force_login(reviewer)
    page = client.get(reverse("admin:news_article_review", args=[article.pk])).content.decode()
    assert "1 处手写数字与年度统计不一致" in page
    assert "72.75万元" in page and "72.57万元" in page


def test_numbers_that_agree_with_the_figures_raise_no_warning(client, reviewer, figures_2018):
    article = ArticleFactory(
        body="<p>发放助学金72.57万元，资助194人；助学金[[figure:2018:student_grant_yuan]]。</p>",
        publish_at=datetime(2019, 1, 10, 1, 25, tzinfo=UTC),
        status=Article.Status.SUBMITTED,
    )
    client.force_login(reviewer)
    page = client.get(reverse("admin:news_article_review", args=[article.pk])).content.decode()
    assert "不一致" not in page
