"""编辑 writes and submits; 审核 approves, returns with a comment or rejects."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from news import services
from news.models import Article
from news.roles import EDITOR, REVIEWER
from tests.news.factories import ArticleFactory, ChannelFactory, UserFactory
from unionportal.roles import roles_sync

pytestmark = pytest.mark.django_db

Status = Article.Status


def test_roles_are_groups_with_the_workflow_permissions(groups):
    editor_perms = set(
        Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True)
    )
    reviewer_perms = set(
        Group.objects.get(name=REVIEWER).permissions.values_list("codename", flat=True)
    )
    assert "submit_article" in editor_perms
    assert "review_article" not in editor_perms
    assert "review_article" in reviewer_perms
    roles_sync()  # a second run changes nothing
    assert Group.objects.filter(name__in=[EDITOR, REVIEWER]).count() == 2


def test_editor_submits_but_cannot_approve(editor):
    article = ArticleFactory(status=Status.DRAFT)
    services.article_submit(article=article, user=editor)
    assert article.status == Status.SUBMITTED

    with pytest.raises(PermissionDenied, match="没有审核通过"):
        services.article_approve(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_reviewer_approves_and_the_article_is_published(reviewer):
    article = ArticleFactory(status=Status.SUBMITTED)
    services.article_approve(article=article, user=reviewer)
    assert article.status == Status.APPROVED
    assert article.reviewed_by == reviewer
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_nobody_approves_an_article_they_submitted_themselves(client, groups, reviewer):
    """A chief editor who writes and reviews still needs a second reviewer for their own piece."""
    chief = UserFactory(username="chief-editor")
    chief.groups.add(groups[EDITOR], groups[REVIEWER])
    article = ArticleFactory(status=Status.DRAFT, title="主编自己写的稿件")
    services.article_submit(article=article, user=chief)

    with pytest.raises(PermissionDenied, match="不能审核通过自己提交的稿件"):
        services.article_approve(article=article, user=chief)
    client.force_login(chief)
    review_page = client.get(reverse("admin:news_article_review", args=[article.pk]))
    assert 'value="approve"' not in review_page.content.decode()
    assert 'value="return"' in review_page.content.decode()  # sending it back stays possible
    assert not Article.objects.published().filter(pk=article.pk).exists()

    services.article_approve(article=article, user=reviewer)
    assert article.status == Status.APPROVED and article.reviewed_by == reviewer


def test_reviewer_returns_with_a_comment_the_editor_sees_and_resubmits(reviewer, editor):
    article = ArticleFactory(status=Status.SUBMITTED)
    with pytest.raises(ValidationError, match="必须填写审核意见"):
        services.article_return(article=article, user=reviewer, comment="  ")
    services.article_return(article=article, user=reviewer, comment="第二段数据请核实。")
    assert article.status == Status.RETURNED
    assert article.review_comment == "第二段数据请核实。"
    services.article_submit(article=article, user=editor)
    assert article.status == Status.SUBMITTED


def test_reviewer_rejects_and_a_rejected_article_cannot_be_approved(reviewer):
    article = ArticleFactory(status=Status.SUBMITTED)
    services.article_reject(article=article, user=reviewer, comment="与本网定位不符")
    assert article.status == Status.REJECTED
    with pytest.raises(ValidationError, match="不能审核通过"):
        services.article_approve(article=article, user=reviewer)


def test_an_editor_posting_status_approved_in_the_admin_does_not_publish(client, editor):
    channel = ChannelFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:news_article_add"),
        {
            "title": "想直接发布的稿件",
            "channel": channel.pk,
            "body": "<p>正文</p>",
            "publish_at_0": "2018-01-01",
            "publish_at_1": "08:00:00",
            "status": "approved",
            "review_comment": "自己批准",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(title="想直接发布的稿件")
    assert article.status == Status.DRAFT
    assert article.review_comment == ""
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_editor_cannot_edit_a_live_article_but_a_reviewer_can(client, editor, reviewer):
    article = ArticleFactory(title="已发布的文章")
    client.force_login(editor)
    url = reverse("admin:news_article_change", args=[article.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="title"' not in response.content.decode()  # shown read-only
    with pytest.raises(PermissionDenied):
        services.article_save(article=article, user=editor)
    client.force_login(reviewer)
    assert 'name="title"' in client.get(url).content.decode()


def test_saving_keeps_the_stored_status_whatever_the_form_says(reviewer):
    article = ArticleFactory(status=Status.SUBMITTED)
    article.status = Status.APPROVED
    services.article_save(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


def test_the_review_page_offers_only_permitted_buttons_and_applies_them(client, editor, reviewer):
    article = ArticleFactory(status=Status.SUBMITTED)
    url = reverse("admin:news_article_review", args=[article.pk])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert 'value="approve"' not in page
    response = client.post(url, {"action": "approve"})
    assert "没有审核通过" in response.content.decode() or response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED

    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page
    client.post(url, {"action": "return", "comment": "标题太长"})
    article.refresh_from_db()
    assert article.status == Status.RETURNED and article.review_comment == "标题太长"


def test_every_save_keeps_a_revision_and_staff_can_restore_one(admin_client):
    article = ArticleFactory(title="初稿标题", status=Status.DRAFT)
    article.title = "改过的标题"
    services.article_save(article=article, user=article_admin_user(admin_client))
    assert article.history.count() == 2
    first = article.history.earliest()
    history_url = reverse("admin:news_article_history", args=[article.pk])
    assert "初稿标题" in admin_client.get(history_url).content.decode()
    revert_url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
    form = admin_client.get(revert_url)
    assert form.status_code == 200
    data = {
        "title": "初稿标题",
        "channel": article.channel_id,
        "body": article.body,
        "publish_at_0": article.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": article.publish_at.strftime("%H:%M:%S"),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    assert admin_client.post(revert_url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "初稿标题"
    assert article.history.count() == 3


def article_admin_user(admin_client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")
