"""Workers' requests (诉求): their kinds, the requests themselves, their history, attachments and
the access log of their personal data.

A kind is data: it switches on the fields it collects from a small fixed set (name, phone, ID
number, employer, district, amount owed, e-mail, attachments; the description is always asked).
A fixed set rather than free-form schemas keeps every field typed, validated, encrypted where it
is personal and countable in the database, and PIPL's "minimum necessary" becomes a checkbox staff
can read.

Personal data (name, phone, ID number, e-mail, description, reply, attachments) is encrypted at
rest (django-fernet-encrypted-fields, as in aid); phone and ID number have keyed hashes for
look-ups (``unionportal.personal_data``); lists show them masked; seeing them whole is logged.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

from organizations.models import District, UnionUnit
from unionportal.personal_data import (
    AccessLogBase,
    id_number_hash,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    phone_hash,
)

# Encrypted fields store an empty value as NULL (django-fernet-encrypted-fields encrypts only
# what is there), hence null=True on the optional ones.

#: the fields a kind may switch on, in the order the form shows them
OPTIONAL_FIELDS = (
    "name",
    "phone",
    "id_number",
    "employer",
    "district",
    "amount_owed",
    "email",
    "attachments",
)


def mask_name(value: str | None) -> str:
    """张** : the family name only."""
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


class AppealKind(models.Model):
    """A kind of request (法律援助申请, 维权投诉 …), or a sub-kind of one (欠薪 under 维权投诉).

    A sub-kind only names a topic: the fields, notice and deadlines are its parent's."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    intro = models.CharField(_("简介"), max_length=200, blank=True)
    asks_name = models.BooleanField(_("收集姓名"), default=True)
    asks_phone = models.BooleanField(_("收集手机号码"), default=True)
    asks_id_number = models.BooleanField(_("收集身份证号"), default=False)
    asks_employer = models.BooleanField(_("收集工作单位"), default=False)
    asks_district = models.BooleanField(_("收集所在区县"), default=False)
    asks_amount_owed = models.BooleanField(_("收集涉及金额"), default=False)
    asks_email = models.BooleanField(_("收集电子邮箱"), default=True)
    asks_attachments = models.BooleanField(_("允许上传附件"), default=False)
    allows_anonymous = models.BooleanField(
        _("可匿名"), default=False, help_text=_("匿名时姓名和手机号码可不填。")
    )
    opens_aid_file = models.BooleanField(
        _("受理后建立帮扶档案"),
        default=False,
        help_text=_("困难帮扶申请：受理时按申请人身份证号建立或关联困难职工档案。"),
    )
    privacy_notice = models.TextField(_("个人信息保护告知"), blank=True)
    privacy_version = models.CharField(_("告知版本"), max_length=20, default="1")
    accept_days = models.PositiveSmallIntegerField(_("受理时限（工作日）"), default=3)
    finish_days = models.PositiveSmallIntegerField(_("办结时限（工作日）"), default=15)
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        constraints = [
            models.CheckConstraint(
                condition=Q(accept_days__gt=0) & Q(finish_days__gte=models.F("accept_days")),
                name="appealkind_deadlines_ordered",
                violation_error_message=_("受理时限须大于0，办结时限不少于受理时限。"),
            ),
            models.CheckConstraint(
                condition=Q(opens_aid_file=False)
                | Q(asks_name=True, asks_phone=True, asks_id_number=True, allows_anonymous=False),
                name="appealkind_aid_file_needs_identity",
                violation_error_message=_(
                    "建立帮扶档案的类别须收集姓名、手机号码和身份证号，且不可匿名。"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} · {self.name}" if self.parent_id else self.name

    def asked_fields(self) -> list[str]:
        return [name for name in OPTIONAL_FIELDS if getattr(self, f"asks_{name}")]


class AppealQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Appeal.OPEN)

    def overdue(self, today):
        """Not accepted by its accept date, or not answered by its finish date."""
        return self.filter(
            Q(status=Appeal.Status.PENDING, accept_due__lt=today)
            | Q(status__in=Appeal.OPEN, finish_due__lt=today)
        )

    def with_code(self, code: str):
        return self.filter(code=code)

    def published(self):
        return self.filter(published=True)


class Appeal(models.Model):
    """One request, from the online form, the 12351 hotline or a visit."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上提交")
        HOTLINE = "hotline", _("12351热线")
        VISIT = "visit", _("来访")

    class Status(models.TextChoices):
        PENDING = "pending", _("待受理")
        ACCEPTED = "accepted", _("已受理")
        ROUTED = "routed", _("转办")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已办结")
        REFUSED = "refused", _("不予受理")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        FAIRLY = "fairly", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    #: being handled: the finish deadline runs
    OPEN = (Status.PENDING, Status.ACCEPTED, Status.ROUTED)
    #: answered (the finish deadline is met by the reply)
    ANSWERED = (Status.REPLIED, Status.CLOSED)

    code = models.CharField(_("查询码"), max_length=16, unique=True, editable=False)
    kind = models.ForeignKey(
        AppealKind, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="appeals"
    )
    subkind = models.ForeignKey(
        AppealKind,
        verbose_name=_("具体类别"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(
        _("渠道"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    union = models.ForeignKey(
        UnionUnit,
        verbose_name=_("承办工会"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    department = models.CharField(_("转办部门"), max_length=100, blank=True)

    anonymous = models.BooleanField(_("匿名"), default=False)
    name = EncryptedCharField(_("姓名"), max_length=50, null=True, blank=True)
    phone = EncryptedCharField(_("手机号码"), max_length=11, null=True, blank=True)
    phone_hash = models.CharField(
        _("手机号码摘要"), max_length=64, blank=True, editable=False, db_index=True
    )
    id_number = EncryptedCharField(_("身份证号"), max_length=18, null=True, blank=True)
    id_number_hash = models.CharField(_("身份证号摘要"), max_length=64, blank=True, editable=False)
    email = EncryptedCharField(_("电子邮箱"), max_length=254, null=True, blank=True)
    employer = EncryptedCharField(_("工作单位"), max_length=200, null=True, blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("所在区县"), on_delete=models.PROTECT, null=True, blank=True
    )
    amount_owed = models.DecimalField(
        _("涉及金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = EncryptedTextField(_("诉求内容"))

    consent_version = models.CharField(_("同意的告知版本"), max_length=20)
    consented_at = models.DateTimeField(_("同意时间"))
    publish_consent = models.BooleanField(_("同意选登答复"), default=False)

    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    accept_due = models.DateField(_("受理期限"))
    finish_due = models.DateField(_("办结期限"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    reply = EncryptedTextField(_("答复内容"), null=True, blank=True)
    refusal_reason = models.CharField(_("不予受理原因"), max_length=500, blank=True)

    rating = models.CharField(_("评价"), max_length=15, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    published = models.BooleanField(_("选登"), default=False)
    published_question = models.TextField(_("选登：诉求摘要"), blank=True)
    published_answer = models.TextField(_("选登：答复"), blank=True)
    published_at = models.DateTimeField(_("选登时间"), null=True, blank=True)

    beneficiary = models.ForeignKey(
        "assistance.Beneficiary",
        verbose_name=_("帮扶档案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("职工诉求")
        verbose_name_plural = _("职工诉求")
        permissions = [
            ("handle_appeal", "办理职工诉求"),
            ("view_personal_data", "查看诉求人完整个人信息"),
            ("publish_appeal", "选登诉求答复"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="appeal_refused_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(amount_owed__isnull=True) | Q(amount_owed__gte=0),
                name="appeal_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rating="") | Q(status="closed", rated_at__isnull=False),
                name="appeal_rated_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(published=False)
                | Q(publish_consent=True, status__in=["replied", "closed"]),
                name="appeal_published_with_consent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "refused"]) | Q(accepted_at__isnull=False),
                name="appeal_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["replied", "closed"]) | Q(replied_at__isnull=False),
                name="appeal_replied_has_time",
            ),
            models.CheckConstraint(
                condition=Q(accept_due__lte=models.F("finish_due")),
                name="appeal_deadlines_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["union", "status", "-submitted_at"], name="appeal_union_status"),
            models.Index(fields=["status", "accept_due"], name="appeal_status_accept_due"),
            models.Index(fields=["status", "finish_due"], name="appeal_status_finish_due"),
            models.Index(
                fields=["-published_at"], condition=Q(published=True), name="appeal_published"
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.kind.name}"

    def save(self, *args, **kwargs):
        self.refresh_hashes()
        super().save(*args, **kwargs)

    def refresh_hashes(self) -> None:
        """The look-up hashes follow the encrypted numbers on every save (bulk writers call
        this themselves)."""
        if self.phone:
            self.phone = normalize_phone(self.phone)
        if self.id_number:
            self.id_number = normalize_id_number(self.id_number)
        self.phone_hash = phone_hash(self.phone or "")
        self.id_number_hash = id_number_hash(self.id_number) if self.id_number else ""

    @property
    def masked_name(self) -> str:
        return mask_name(self.name) if not self.anonymous else str(_("匿名"))

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def kind_label(self) -> str:
        return str(self.subkind) if self.subkind_id else self.kind.name

    def is_overdue(self, today) -> bool:
        if self.status == self.Status.PENDING and self.accept_due < today:
            return True
        return self.status in self.OPEN and self.finish_due < today


class AppealEvent(models.Model):
    """One step of a request's handling: who (a staff user, or the requester), when, what."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        ACCEPT = "accept", _("受理")
        REFUSE = "refuse", _("不予受理")
        ROUTE = "route", _("转办")
        REPLY = "reply", _("答复")
        CLOSE = "close", _("办结")
        RATE = "rate", _("评价")
        AID_FILE = "aid_file", _("关联帮扶档案")
        PUBLISH = "publish", _("选登")
        UNPUBLISH = "unpublish", _("撤销选登")

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    status = models.CharField(_("操作后状态"), max_length=10, choices=Appeal.Status.choices)
    #: for the requester: which union has the request now (a routing step)
    union = models.ForeignKey(
        UnionUnit,
        verbose_name=_("承办工会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = EncryptedTextField(_("说明"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self):
        return f"{self.appeal.code} {self.get_action_display()}"


class AppealAttachment(models.Model):
    """An image or PDF sent with a request, checked by content, kept encrypted in the database
    (never as a file under MEDIA_ROOT, which the front server serves to anybody)."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("图片")
        PDF = "pdf", _("PDF")

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    suffix = models.CharField(_("扩展名"), max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    #: the file's bytes, base64, encrypted
    content = EncryptedTextField(_("内容"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("诉求附件")
        verbose_name_plural = _("诉求附件")

    def __str__(self):
        return f"{self.appeal.code}-{self.pk}{self.suffix}"


class AppealAccessLog(AccessLogBase):
    appeal = models.ForeignKey(
        Appeal, verbose_name=_("诉求"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta(AccessLogBase.Meta):
        verbose_name = _("诉求个人信息访问记录")
        verbose_name_plural = _("诉求个人信息访问记录")
