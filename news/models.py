"""Channels, articles and their review, photos, attachments and the site's footer settings.

Publication is derived, not stored: an article is published when it is approved and
``publish_at <= now < expires_at`` (no ``expires_at``: never expires). One source of truth, no
state to drift. The beat task ``news.tasks.publish_due_articles`` makes the cached pages notice
when an approved article's time comes or goes (see ``news.services.articles_publish_due``).
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.models import HistoricalRecords

from news.sanitize import sanitize_html
from unionportal.reading import in_reader_language
from unionportal.uploads import attachment_check, file_is_new


def _random_name(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def cover_upload_to(instance, filename):
    return _random_name("covers", filename)


def photo_upload_to(instance, filename):
    return _random_name("photos", filename)


def attachment_upload_to(instance, filename):
    return _random_name("attachments", filename)


class Channel(models.Model):
    """A 栏目, in two levels: 新闻 › 工会动态."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    name = models.CharField(_("名称"), max_length=30)
    name_en = models.CharField(
        _("英文名称"),
        max_length=60,
        blank=True,
        help_text=_("英文版导航显示；不填则显示中文名称。"),
    )
    slug = models.SlugField(_("网址标识"), max_length=40, unique=True)
    description = models.CharField(_("简介"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    show_in_nav = models.BooleanField(_("在导航中显示"), default=True)
    show_on_home = models.BooleanField(_("在首页显示栏目区块"), default=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="channel_unique_name_in_parent"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="channel_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["show_in_nav", "order"], name="channel_nav_idx")]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        return reverse("news:channel", kwargs={"slug": self.slug})

    @property
    def reader_name(self):
        """The name as the reader's page shows it (``unionportal.reading.in_reader_language``)."""
        return in_reader_language(self.name, self.name_en)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("栏目最多两级：上级栏目必须是一级栏目。")})


class Source(models.Model):
    """A 来源 from the managed list (市总工会, 本网 …)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    url = models.URLField(_("网址"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("来源")
        verbose_name_plural = _("来源")

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("名称"), max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("标签")
        verbose_name_plural = _("标签")

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            status=Article.Status.APPROVED,
            publish_at__lte=now,
        )

    def pinned(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(pinned_until__isnull=True) | Q(pinned_until__gt=now), is_pinned=True)

    def headlines(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(headline_until__isnull=True) | Q(headline_until__gt=now), is_headline=True
        )

    def in_channels(self, channel_ids):
        """The articles of these channels (``news.selectors.channel_family`` gives a channel's
        with its children's)."""
        return self.filter(channel_id__in=channel_ids)

    def for_listing(self):
        return self.select_related("channel", "source").only(
            "id",
            "title",
            "title_en",
            "subtitle",
            "summary",
            "summary_en",
            "cover",
            "cover_alt",
            "cover_renditions",
            "publish_at",
            "channel__id",
            "channel__name",
            "channel__slug",
            "source__name",
            "source_text",
            "is_pinned",
            "is_headline",
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("不予采用")

    title = models.CharField(_("标题"), max_length=120)
    subtitle = models.CharField(_("副标题"), max_length=120, blank=True)
    channel = models.ForeignKey(
        Channel, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="articles"
    )
    summary = models.TextField(_("摘要"), max_length=400, blank=True)
    body = CKEditor5Field(_("正文"), blank=True)
    # An English page shows these where an editor wrote them, else the Chinese (the body always).
    title_en = models.CharField(_("英文标题"), max_length=200, blank=True)
    summary_en = models.TextField(_("英文摘要"), max_length=800, blank=True)
    cover = models.ImageField(_("题图"), upload_to=cover_upload_to, blank=True)
    cover_alt = models.CharField(_("题图替代文字"), max_length=120, blank=True)
    cover_renditions = models.JSONField(_("题图尺寸"), default=dict, blank=True, editable=False)
    source = models.ForeignKey(
        Source, verbose_name=_("来源"), on_delete=models.PROTECT, null=True, blank=True
    )
    source_text = models.CharField(
        _("来源（自填）"), max_length=50, blank=True, help_text=_("不在来源列表中时填写。")
    )
    author = models.CharField(_("作者"), max_length=50, blank=True)
    responsible_editor = models.CharField(_("责任编辑"), max_length=30, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="articles")
    publish_at = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("下线时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    is_pinned = models.BooleanField(_("置顶"), default=False)
    pinned_until = models.DateTimeField(_("置顶截止"), null=True, blank=True)
    is_headline = models.BooleanField(_("头条"), default=False)
    headline_until = models.DateTimeField(_("头条截止"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("浏览次数"), default=0, editable=False)
    # jieba-segmented words of title, subtitle, summary and body, joined by spaces: the search
    # fallback (icontains) reads it; on PostgreSQL ``search_vector`` is built from it.
    search_text = models.TextField(_("分词索引"), blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["view_count", "search_text", "search_vector"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        permissions = [
            ("submit_article", _("可以提交文章审核")),
            ("review_article", _("可以审核文章（通过、退回、不予采用）")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("publish_at")),
                name="article_expires_after_publish",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved", "rejected"]),
                name="article_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_status_publish_idx"),
            models.Index(fields=["channel", "status", "publish_at"], name="article_channel_idx"),
            models.Index(fields=["is_headline", "publish_at"], name="article_headline_idx"),
            models.Index(fields=["is_pinned", "publish_at"], name="article_pinned_idx"),
        ]
        # The GIN index on search_vector is made by migration 0002 on PostgreSQL only.

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Not a side effect but the rule of the field: whatever path writes an article (admin
        # form, history revert, shell, import), the stored body is the sanitised one.
        self.body = sanitize_html(self.body or "")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"pk": self.pk})

    @property
    def reader_title(self):
        """The title as the reader's page shows it: the English one on an English page when an
        editor wrote it (``unionportal.reading.in_reader_language``)."""
        return in_reader_language(self.title, self.title_en)

    @property
    def reader_summary(self):
        return in_reader_language(self.summary, self.summary_en)

    @property
    def source_name(self) -> str:
        return self.source_text or (self.source.name if self.source_id else "")

    def is_published(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.APPROVED
            and self.publish_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    def cover_url(self, width: str = "960") -> str:
        name = (self.cover_renditions or {}).get(width)
        if name:
            return self.cover.storage.url(name)
        return self.cover.url if self.cover else ""

    @property
    def cover_thumb(self) -> str:
        return self.cover_url("thumb")

    @property
    def cover_medium(self) -> str:
        return self.cover_url("480")

    @property
    def cover_large(self) -> str:
        return self.cover_url("960")


class Gallery(models.Model):
    """A set of photos (酷图热图), optionally attached to an article."""

    title = models.CharField(_("标题"), max_length=100)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    description = models.TextField(_("说明"), blank=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("所属文章"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="galleries",
    )
    show_on_home = models.BooleanField(_("在首页轮播"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("图集")
        verbose_name_plural = _("图集")

    def __str__(self):
        return self.title


class Photo(models.Model):
    """One picture. Its renditions are written once, when it is uploaded (news.renditions)."""

    gallery = models.ForeignKey(
        Gallery, verbose_name=_("图集"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("图片"), upload_to=photo_upload_to)
    caption = models.CharField(_("图片说明"), max_length=120)
    alt_text = models.CharField(
        _("替代文字"),
        max_length=120,
        validators=[MinLengthValidator(2)],
        help_text=_("供读屏软件朗读，描述图片内容。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    width = models.PositiveIntegerField(_("宽"), default=0, editable=False)
    height = models.PositiveIntegerField(_("高"), default=0, editable=False)
    renditions = models.JSONField(_("尺寸"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("图片")
        verbose_name_plural = _("图片")
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="photo_alt_text_required"),
        ]
        indexes = [models.Index(fields=["gallery", "order"], name="photo_gallery_order_idx")]

    def __str__(self):
        return self.caption

    def url(self, width: str = "480") -> str:
        name = (self.renditions or {}).get(width)
        return self.image.storage.url(name) if name else self.image.url

    @property
    def thumb_url(self) -> str:
        return self.url("thumb")

    @property
    def medium_url(self) -> str:
        return self.url("480")

    @property
    def large_url(self) -> str:
        return self.url("960")


class Attachment(models.Model):
    """附件下载: PDF, Word or Excel, checked by content (unionportal.uploads.attachment_check)."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        WORD = "word", "Word"
        EXCEL = "excel", "Excel"

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("名称"), max_length=120)
    file = models.FileField(_("文件"), upload_to=attachment_upload_to)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, editable=False)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["pdf", "word", "excel"]), name="attachment_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if file_is_new(self, "file"):
            self.kind = attachment_check(self.file)
            self.size = self.file.size


class SiteSettings(models.Model):
    """The footer: organiser, contacts, ICP and police filing numbers, disclaimer. One row."""

    site_name = models.CharField(_("网站名称"), max_length=50, default="市总工会")
    organiser = models.CharField(_("主办单位"), max_length=80, default="市总工会")
    address = models.CharField(_("联系地址"), max_length=120, blank=True)
    postcode = models.CharField(_("邮编"), max_length=10, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=40, blank=True)
    police_number = models.CharField(_("公安备案号"), max_length=60, blank=True)
    site_code = models.CharField(
        _("网站标识码"), max_length=20, blank=True, help_text=_("政府网站标识码，显示在页脚。")
    )
    disclaimer = models.TextField(_("免责声明"), blank=True)
    description = models.CharField(_("网站简介"), max_length=200, blank=True)
    copyright_since = models.PositiveSmallIntegerField(_("版权起始年份"), default=2009)

    class Meta:
        verbose_name = _("网站设置")
        verbose_name_plural = _("网站设置")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="sitesettings_singleton")]

    def __str__(self):
        return str(_("网站设置"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def police_record_code(self) -> str:
        """The digits of the 公安备案 number, as the filing site's record page takes them."""
        return "".join(character for character in self.police_number if character.isdigit())


class SearchEntry(models.Model):
    """One document of a searchable kind declared by another app (people, honours, competitions,
    enterprises, figures: ``unionportal.search_registry``), as the search finds and shows it.
    Written only by ``news.search_index``; articles are searched in their own table."""

    kind = models.CharField(_("类别"), max_length=30)
    key = models.CharField(_("标识"), max_length=60)
    title = models.CharField(_("标题"), max_length=300)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    url = models.CharField(_("网址"), max_length=300)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    rank_date = models.DateField(_("排序日期"), help_text=_("同等相关时较新的在前。"))
    search_text = models.TextField(_("检索文本"), blank=True)
    search_vector = SearchVectorField(null=True)
    digest = models.CharField(_("内容摘要值"), max_length=32)

    class Meta:
        ordering = ["kind", "-rank_date", "-id"]
        verbose_name = _("搜索条目")
        verbose_name_plural = _("搜索条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="searchentry_unique_kind_key"),
        ]
        indexes = [
            models.Index(fields=["kind", "-rank_date", "-id"], name="searchentry_kind_recent_idx"),
            models.Index(fields=["kind", "year"], name="searchentry_kind_year_idx"),
        ]
        # The GIN index on search_vector is made by a migration on PostgreSQL only.

    def __str__(self):
        return self.title
