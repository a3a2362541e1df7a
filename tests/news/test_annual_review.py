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


@pytest.fixture
def figures_2018_and_2019():
    return [
        SnapshotFactory(
            year=2018,
            figures={
                "student_grant_yuan": Decimal("800000"),
                "citywide_aid_yuan": Decimal("13104000"),
            },
        ),
        SnapshotFactory(
            year=2019,
            figures={
                "student_grant_yuan": Decimal("910000"),
                "citywide_aid_yuan": Decimal("15000000"),
            },
        ),
    ]


def flags_on_review_page(client, article) -> str:
    return client.get(reverse("admin:news_article_review", args=[article.pk])).content.decode()


def test_a_number_is_checked_against_the_year_its_sentence_names(
    client, reviewer, figures_2018_and_2019
):
    article = ArticleFactory(
        title="市总工会帮扶工作回顾",
        body="<p>2018年，市总工会发放助学金80万元，全市各级工会投入帮扶资金合计1310.4万元。</p>",
        publish_at=datetime(2019, 3, 1, 1, 0, tzinfo=UTC),
        status=Article.Status.SUBMITTED,
    )
    client.force_login(reviewer)
    assert "不一致" not in flags_on_review_page(client, article)  # right for 2018, not for 2019

    article.body = "<p>2018年，市总工会发放助学金90万元，全市帮扶资金合计1310.4万元。</p>"
    article.save()
    page = flags_on_review_page(client, article)
    assert "1 处手写数字与年度统计不一致" in page
    assert "2018年“" in page and "90万元" in page and "80万元" in page
    assert "2019年“" not in page


def test_the_paragraph_or_the_title_names_the_year_when_the_sentence_does_not(
    client, reviewer, figures_2018_and_2019
):
    client.force_login(reviewer)
    in_paragraph = ArticleFactory(
        body="<p>2019年工作回顾。市总工会发放助学金80万元。</p>",
        publish_at=datetime(2020, 1, 5, tzinfo=UTC),
        status=Article.Status.SUBMITTED,
    )
    page = flags_on_review_page(client, in_paragraph)
    assert "1 处手写数字" in page and "2019年“" in page and "91万元" in page

    in_title = ArticleFactory(
        title="2018年帮扶工作综述",
        body="<p>市总工会发放助学金91万元。</p>",
        publish_at=datetime(2019, 1, 5, tzinfo=UTC),
        status=Article.Status.SUBMITTED,
    )
    page = flags_on_review_page(client, in_title)
    assert "1 处手写数字" in page and "2018年“" in page and "2019年“" not in page


def test_without_a_named_year_a_number_right_for_one_reported_year_is_not_flagged(
    client, reviewer, figures_2018_and_2019
):
    client.force_login(reviewer)
    article = ArticleFactory(
        title="帮扶工作回顾",
        body="<p>市总工会发放助学金80万元。</p><p>市总工会发放助学金70万元。</p>",
        publish_at=datetime(2019, 3, 1, tzinfo=UTC),  # reports on 2018 and 2019
        status=Article.Status.SUBMITTED,
    )
    page = flags_on_review_page(client, article)
    assert "2 处手写数字" in page  # 70万元 is neither year's: shown against both
    assert page.count("正文写作 <strong>70万元") == 2
    assert "正文写作 <strong>80万元" not in page


def changelist_action(client, action: str, articles, **extra):
    return client.post(
        reverse("admin:news_article_changelist"),
        {"action": action, "_selected_action": [article.pk for article in articles], **extra},
    )


def test_bulk_approval_shows_each_articles_flags_before_approving(
    client, reviewer, figures_2018_and_2019
):
    flagged = ArticleFactory(
        title="2018年帮扶工作综述",
        body="<p>市总工会发放助学金91万元。</p>",
        status=Article.Status.SUBMITTED,
    )
    clean = ArticleFactory(title="职工书屋建设", status=Article.Status.SUBMITTED)
    client.force_login(reviewer)

    page = changelist_action(client, "approve_selected", [flagged, clean])

    assert page.status_code == 200
    text = page.content.decode()
    assert "2018年帮扶工作综述" in text and "91万元" in text and "80万元" in text
    assert "职工书屋建设" in text and "未发现" in text
    flagged.refresh_from_db()
    clean.refresh_from_db()
    assert flagged.status == clean.status == Article.Status.SUBMITTED

    changelist_action(client, "approve_selected", [flagged, clean], confirm="unflagged")
    flagged.refresh_from_db()
    clean.refresh_from_db()
    assert (flagged.status, clean.status) == (Article.Status.SUBMITTED, Article.Status.APPROVED)

    changelist_action(client, "approve_selected", [flagged], confirm="all")
    flagged.refresh_from_db()
    assert flagged.status == Article.Status.APPROVED


def test_bulk_approval_of_articles_without_flags_needs_no_confirmation(
    client, reviewer, figures_2018_and_2019
):
    clean = ArticleFactory(title="职工书屋建设", status=Article.Status.SUBMITTED)
    client.force_login(reviewer)
    response = changelist_action(client, "approve_selected", [clean])
    assert response.status_code == 302
    clean.refresh_from_db()
    assert clean.status == Article.Status.APPROVED
