"""Writes of the news app: saving articles, the review workflow, photos, attachments, settings,
scheduled publishing and view counts.

The workflow (status changes only here, never through a form):

    draft ──submit──► submitted ──approve──► approved
    returned ─submit─┘    │  └──return(comment)──► returned ◄──return(comment)── approved
                          └──reject──► rejected

An approved article is published while ``publish_at <= now < expires_at``.

``submit`` needs ``news.submit_article`` (编辑); approve, return and reject need
``news.review_article`` (审核).
"""

import contextlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from news import search
from news.models import Article, Attachment, Photo, SiteSettings
from news.renditions import renditions_delete, renditions_make
from news.sanitize import html_to_text, sanitize_html
from news.viewcounts import VIEW_COUNT_KEY, count_view, counted_here, counted_views_flush
from unionportal.cache import public_content_changed, shared_cache_call
from unionportal.uploads import attachment_check, file_is_new

Status = Article.Status

PUBLISH_DUE_LAST_RUN_KEY = "news:publish-due:last-run"


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    permission: str
    verb: str


TRANSITIONS = {
    "submit": Transition(
        frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, "news.submit_article", "提交"
    ),
    "approve": Transition(
        frozenset({Status.SUBMITTED}), Status.APPROVED, "news.review_article", "审核通过"
    ),
    "return": Transition(
        frozenset({Status.SUBMITTED, Status.APPROVED}),
        Status.RETURNED,
        "news.review_article",
        "退回",
    ),
    "reject": Transition(
        frozenset({Status.SUBMITTED}), Status.REJECTED, "news.review_article", "不予采用"
    ),
}


def _approves_own_submission(*, name: str, article: Article, user) -> bool:
    """Review means a second pair of eyes: nobody approves an article they submitted."""
    return (
        name == "approve"
        and article.submitted_by_id is not None
        and (article.submitted_by_id == user.pk)
    )


def article_allowed_transitions(*, article: Article, user) -> list[str]:
    """The transitions this user may apply to the article now (for buttons; checked again)."""
    return [
        name
        for name, transition in TRANSITIONS.items()
        if article.status in transition.sources
        and user.has_perm(transition.permission)
        and not _approves_own_submission(name=name, article=article, user=user)
    ]


def _transition(*, article: Article, user, name: str, comment: str = "") -> Article:
    transition = TRANSITIONS[name]
    if not user.has_perm(transition.permission):
        raise PermissionDenied("您没有%s文章的权限。" % transition.verb)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.status not in transition.sources:
            raise ValidationError(
                "“%s”的稿件不能%s。" % (locked.get_status_display(), transition.verb),
                code="invalid_transition",
            )
        if _approves_own_submission(name=name, article=locked, user=user):
            raise PermissionDenied("不能审核通过自己提交的稿件，请由其他审核人员审核。")
        locked.status = transition.target
        fields = ["status", "updated_at"]
        if name == "submit":
            locked.submitted_by = user
            fields.append("submitted_by")
        else:
            locked.reviewed_by, locked.reviewed_at = user, timezone.now()
            locked.review_comment = comment
            fields += ["reviewed_by", "reviewed_at", "review_comment"]
        locked._change_reason = "%s%s" % (transition.verb, f"：{comment}" if comment else "")
        locked.save(update_fields=fields)
        public_content_changed()
    article.refresh_from_db()
    return article


def article_submit(*, article: Article, user) -> Article:
    return _transition(article=article, user=user, name="submit")


def article_approve(*, article: Article, user) -> Article:
    return _transition(article=article, user=user, name="approve")


def article_return(*, article: Article, user, comment: str) -> Article:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("退回修改时必须填写审核意见。", code="comment_required")
    return _transition(article=article, user=user, name="return", comment=comment)


def article_reject(*, article: Article, user, comment: str = "") -> Article:
    return _transition(article=article, user=user, name="reject", comment=(comment or "").strip())


def article_save(*, article: Article, user, cover_changed: bool = False) -> Article:
    """Save an article as written in a form: its workflow fields are never taken from the form.

    A new article starts as a draft; an existing one keeps its stored status, review comment and
    reviewer whatever was posted. An approved article can be changed only by a reviewer.
    """
    if article.pk is None:
        if not user.has_perm("news.add_article"):
            raise PermissionDenied("您没有新建文章的权限。")
        article.status, article.review_comment = Status.DRAFT, ""
        article.submitted_by = article.reviewed_by = article.reviewed_at = None
        old_cover = ""
    else:
        if not user.has_perm("news.change_article"):
            raise PermissionDenied("您没有修改文章的权限。")
        stored = Article.objects.only(
            "status", "review_comment", "submitted_by", "reviewed_by", "reviewed_at", "cover"
        ).get(pk=article.pk)
        if stored.status == Status.APPROVED and not user.has_perm("news.review_article"):
            raise PermissionDenied("已通过审核的文章只有审核人员可以修改。")
        article.status, article.review_comment = stored.status, stored.review_comment
        article.submitted_by_id, article.reviewed_by_id = (
            stored.submitted_by_id,
            stored.reviewed_by_id,
        )
        article.reviewed_at = stored.reviewed_at
        old_cover = stored.cover.name
    article.body = sanitize_html(article.body)
    with transaction.atomic():
        article.save()
        if cover_changed or (article.cover and article.cover.name != old_cover):
            article_cover_renditions(article=article)
        article_search_index(article_ids=[article.pk])
        public_content_changed()
    return article


def article_cover_renditions(*, article: Article) -> None:
    renditions_delete(article.cover, article.cover_renditions)
    names = renditions_make(article.cover)[0] if article.cover else {}
    Article.objects.filter(pk=article.pk).update(cover_renditions=names)
    article.cover_renditions = names


def article_search_index(*, article_ids) -> None:
    """Rebuild the articles' search columns (news.search): the normalised text, and on
    PostgreSQL its bigram vector (one query to read, one per batch to write)."""
    articles = list(
        Article.objects.filter(pk__in=article_ids).only("title", "subtitle", "summary", "body")
    )
    fields = ["search_text"]
    for article in articles:
        article.search_text = search.index_text(
            article.title, article.subtitle, article.summary, html_to_text(article.body)
        )
        if search.uses_full_text_search():
            # a literal: bulk_update casts it to the column's type, tsvector
            article.search_vector = search.vector_literal(article.search_text)
    if search.uses_full_text_search():
        fields.append("search_vector")
    Article.objects.bulk_update(articles, fields, batch_size=200)


def photo_save(*, photo: Photo, image_changed: bool | None = None) -> Photo:
    """Save a photo; when its image is new, write its renditions once."""
    if image_changed is None:
        image_changed = file_is_new(photo, "image")
    old = Photo.objects.filter(pk=photo.pk).only("renditions").first() if photo.pk else None
    with transaction.atomic():
        photo.save()
        if image_changed:
            if old is not None:
                renditions_delete(photo.image, old.renditions)
            photo.renditions, (photo.width, photo.height) = renditions_make(photo.image)
            Photo.objects.filter(pk=photo.pk).update(
                renditions=photo.renditions, width=photo.width, height=photo.height
            )
        public_content_changed()
    return photo


def attachment_save(*, attachment: Attachment) -> Attachment:
    if file_is_new(attachment, "file"):
        attachment.kind = attachment_check(attachment.file)
        attachment.size = attachment.file.size
    attachment.full_clean(exclude=["file"])
    attachment.save()
    public_content_changed()
    return attachment


def site_settings_save(*, site_settings: SiteSettings) -> SiteSettings:
    site_settings.save()
    public_content_changed()
    return site_settings


def articles_publish_due(*, now: datetime | None = None) -> int:
    """Make the public pages follow approved articles whose publish or expiry time has come.

    Publication is derived from the time (see news.models), so nothing is written to the
    articles: the cached pages are invalidated when at least one article went live or expired
    since the previous run. Returns how many did.
    """
    now = now or timezone.now()
    last_run = shared_cache_call(lambda: cache.get(PUBLISH_DUE_LAST_RUN_KEY))
    approved = Article.objects.filter(status=Status.APPROVED)
    if last_run is None:  # first run, or the cache forgot (or is away): move the pages anyway
        changed = approved.filter(publish_at__lte=now).count()
        public_content_changed()
    else:
        changed = (
            approved.filter(**{"publish_at__gt": last_run, "publish_at__lte": now}).count()
            + approved.filter(expires_at__gt=last_run, expires_at__lte=now).count()
        )
        if changed:
            public_content_changed()
    shared_cache_call(lambda: cache.set(PUBLISH_DUE_LAST_RUN_KEY, now, None))
    return changed


def article_view_record(*, article_id: int) -> None:
    """Count one view (news.viewcounts); ``view_counts_flush`` writes the counts to the
    database."""
    count_view(article_id)


def article_pending_views(*, article_id: int) -> int:
    """Views not yet in the database: in the shared cache, and counted by this process since
    its last flush (without a round trip to flush them: a render of the article asks)."""
    shared = shared_cache_call(lambda: cache.get(VIEW_COUNT_KEY.format(article_id)))
    return (shared or 0) + counted_here(article_id)


def view_counts_flush() -> int:
    """Add the counted views to ``Article.view_count`` in one UPDATE per batch; returns views."""
    counted_views_flush()  # this process' own first
    ids = list(Article.objects.filter(status=Status.APPROVED).values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        counts = {
            int(key.rsplit(":", 1)[1]): count
            for key, count in cache.get_many([VIEW_COUNT_KEY.format(pk) for pk in batch]).items()
            if count
        }
        if not counts:
            continue
        Article.objects.filter(pk__in=counts).update(
            view_count=F("view_count")
            + Case(
                *[When(pk=pk, then=Value(count)) for pk, count in counts.items()],
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        for pk, count in counts.items():
            # decr, not delete: views counted while we were writing are kept for the next run.
            with contextlib.suppress(ValueError):
                cache.decr(VIEW_COUNT_KEY.format(pk), count)
        total += sum(counts.values())
    return total
