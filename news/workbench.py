"""The newsroom on the 工作台: articles awaiting my review, articles sent back to me, and the
way to write a new one."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from news import selectors
from news.models import Article
from unionportal.workbench import Item, changelist_url, workbench

workbench.task_group(key="news", title=_("新闻发布"), order=10, members=("news",))


@workbench.box(
    key="articles",
    title=_("稿件"),
    order=10,
    permissions=("news.review_article", "news.submit_article"),
)
def article_items(user) -> list[Item]:
    counts = selectors.article_counts_waiting_for(user=user)
    items = []
    if user.has_perm("news.review_article"):
        items.append(
            Item(
                label=_("待我审核"),
                count=counts["to_review"],
                unit=_("篇"),
                url=changelist_url("news", "article", status__exact=Article.Status.SUBMITTED),
                note=_("他人提交的稿件；自己提交的须由另一位审核人通过。"),
            )
        )
    if user.has_perm("news.submit_article"):
        items.append(
            Item(
                label=_("退回给我修改"),
                count=counts["returned"],
                unit=_("篇"),
                url=changelist_url(
                    "news",
                    "article",
                    status__exact=Article.Status.RETURNED,
                    submitted_by__id__exact=user.pk,
                ),
                urgent=counts["returned"] > 0,
            )
        )
    if user.has_perm("news.add_article"):
        items.append(Item(label=_("写新稿件"), url=reverse("admin:news_article_add")))
    return items
