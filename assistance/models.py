"""Hardship aid: beneficiary files, aid types, batches, disbursements and the access log.

ID and phone numbers are encrypted at rest (django-fernet-encrypted-fields) and found through
keyed hashes (see ``assistance.privacy``). A paid disbursement is never changed or deleted: a
correction is a reversing entry that points to it. A refused application (驳回, with a reason)
stays on record, unchanged, and counts in no figure.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField
from simple_history.models import HistoricalRecords

from assistance.privacy import id_number_hash, mask_id_number, mask_phone, phone_hash
from assistance.validators import validate_id_number, validate_phone
from organizations.models import District, UnionUnit
from unionportal.personal_data import AccessAction, AccessLogBase


class StaffUnionMembership(models.Model):
    """The union a staff user works for: county staff see only their union's records."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="union_membership",
    )
    union = models.ForeignKey(
        UnionUnit,
        verbose_name=_("所属工会"),
        on_delete=models.PROTECT,
        related_name="staff_memberships",
    )

    class Meta:
        verbose_name = _("工作人员所属工会")
        verbose_name_plural = _("工作人员所属工会")

    def __str__(self):
        return f"{self.user} · {self.union}"


class AidType(models.Model):
    """A kind of aid (助学金, 重病救助 …) with its cap per payment."""

    STUDENT_GRANT = "student_grant"
    ILLNESS_RELIEF = "illness_relief"

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    cap_yuan = models.DecimalField(
        _("单笔上限（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("留空表示不设上限。"),
    )
    for_students = models.BooleanField(
        _("面向学生"), default=False, help_text=_("发放时须填写学生姓名、学校和年级。")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("帮扶类型")
        verbose_name_plural = _("帮扶类型")
        constraints = [
            models.CheckConstraint(
                condition=Q(cap_yuan__isnull=True) | Q(cap_yuan__gt=0),
                name="aidtype_cap_positive",
            )
        ]

    def __str__(self):
        return self.name


class BeneficiaryQuerySet(models.QuerySet):
    def with_id_number(self, id_number: str):
        return self.filter(id_number_hash=id_number_hash(id_number))

    def with_phone(self, phone: str):
        return self.filter(phone_hash=phone_hash(phone))


class Beneficiary(models.Model):
    """A hardship file (困难职工档案), one per household."""

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Category(models.TextChoices):
        DEEP = "deep", _("深度困难")
        RELATIVE = "relative", _("相对困难")
        ACCIDENT = "accident", _("意外致困")

    class Cause(models.TextChoices):
        ILLNESS = "illness", _("因病")
        DISABILITY = "disability", _("因残")
        EDUCATION = "education", _("因学")
        DISASTER = "disaster", _("因灾或意外")
        UNEMPLOYMENT = "unemployment", _("失业或收入低")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在档")
        RECOVERED = "recovered", _("已脱困")
        WITHDRAWN = "withdrawn", _("退档")

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    id_number = EncryptedCharField(_("身份证号"), max_length=18, validators=[validate_id_number])
    id_number_hash = models.CharField(_("身份证号摘要"), max_length=64, editable=False)
    phone = EncryptedCharField(
        _("联系电话"), max_length=11, null=True, blank=True, validators=[validate_phone]
    )
    phone_hash = models.CharField(
        _("联系电话摘要"), max_length=64, blank=True, editable=False, db_index=True
    )
    workplace = models.CharField(_("工作单位"), max_length=200, blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("区划"), on_delete=models.PROTECT, null=True, blank=True
    )
    union = models.ForeignKey(
        UnionUnit,
        verbose_name=_("建档工会"),
        on_delete=models.PROTECT,
        related_name="beneficiaries",
    )
    category = models.CharField(_("困难类别"), max_length=20, choices=Category.choices)
    cause = models.CharField(_("致困原因"), max_length=20, choices=Cause.choices)
    cause_detail = models.CharField(_("致困情况说明"), max_length=500, blank=True)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"), default=1)
    income_per_head = models.DecimalField(
        _("家庭月人均收入（元）"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    status = models.CharField(
        _("档案状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    filed_on = models.DateField(_("建档日期"))
    closed_on = models.DateField(_("脱困/退档日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_on", "name"]
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        permissions = [("view_sensitive", "查看完整身份证号和电话")]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"], name="beneficiary_one_file_per_person"
            ),
            models.CheckConstraint(
                condition=Q(household_size__gt=0), name="beneficiary_household_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(income_per_head__gte=0), name="beneficiary_income_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True)
                | (~Q(status="active") & Q(closed_on__isnull=False)),
                name="beneficiary_closed_on_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["union", "status"], name="beneficiary_union_status"),
        ]

    def __str__(self):
        return f"{self.name}（{self.masked_id_number}）"

    def save(self, *args, **kwargs):
        # The hashes are derived from the numbers, never set on their own: computing them here
        # keeps every write path (admin, import, services) consistent. bulk_create must call
        # refresh_hashes() itself.
        self.refresh_hashes()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == self.Status.ACTIVE:
            self.closed_on = None
        elif self.closed_on is None:
            raise ValidationError({"closed_on": _("已脱困或退档的档案须填写脱困/退档日期。")})
        if self.household_size is not None and self.household_size < 1:
            raise ValidationError({"household_size": _("家庭人口至少为1人。")})
        if self.income_per_head is not None and self.income_per_head < 0:
            raise ValidationError({"income_per_head": _("家庭月人均收入不能为负数。")})
        if self.id_number:
            self.refresh_hashes()
            duplicate = (
                Beneficiary.objects.filter(id_number_hash=self.id_number_hash)
                .exclude(pk=self.pk)
                .first()
            )
            if duplicate is not None:
                raise ValidationError(
                    {"id_number": _("该身份证号已有困难职工档案（%(file)s），一户只建一档。")},
                    params={"file": duplicate},
                )

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def refresh_hashes(self) -> None:
        """Keep the look-up hashes in step with the encrypted numbers."""
        self.id_number_hash = id_number_hash(self.id_number) if self.id_number else ""
        self.phone_hash = phone_hash(self.phone or "")


class Batch(models.Model):
    """A round of payments, such as 2018年金秋助学."""

    name = models.CharField(_("批次名称"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("发放批次")
        verbose_name_plural = _("发放批次")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="batch_year_plausible"
            )
        ]

    def __str__(self):
        return self.name


class DisbursementQuerySet(models.QuerySet):
    def settled(self):
        """Money that left the account: paid entries, reversed originals and their reversals."""
        return self.filter(status__in=Disbursement.SETTLED)

    def in_year(self, year: int):
        return self.filter(disbursed_on__gte=f"{year}-01-01", disbursed_on__lte=f"{year}-12-31")

    def delete(self):
        if self.filter(status__in=Disbursement.SETTLED).exists():
            raise ValidationError(_("已发放的帮扶记录不能删除，如需更正请办理冲正。"))
        if self.filter(status=Disbursement.Status.REFUSED).exists():
            raise ValidationError(REFUSED_IS_FINAL)
        return super().delete()


REFUSED_IS_FINAL = _("已驳回的申请留档备查，不能修改或删除；如需重新申请，请新建一条记录。")


class Disbursement(models.Model):
    """One payment of aid to a beneficiary, or the reversing entry of a paid one."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        APPROVED = "approved", _("已审批")
        PAID = "paid", _("已发放")
        REVERSED = "reversed", _("已冲正")
        REFUSED = "refused", _("已驳回")

    class FundSource(models.TextChoices):
        UNION_FUNDS = "union_funds", _("工会经费")
        GOVERNMENT = "government", _("财政专项")
        DONATION = "donation", _("社会捐助")
        OTHER = "other", _("其他")

    SETTLED = (Status.PAID, Status.REVERSED)

    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("帮扶对象"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    aid_type = models.ForeignKey(
        AidType, verbose_name=_("帮扶类型"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    paying_union = models.ForeignKey(
        UnionUnit,
        verbose_name=_("发放工会"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    disbursed_on = models.DateField(_("发放日期"))
    fund_source = models.CharField(
        _("资金来源"), max_length=20, choices=FundSource.choices, default=FundSource.UNION_FUNDS
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("批次"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
    )
    student_name = models.CharField(_("学生姓名"), max_length=50, blank=True)
    school = models.CharField(_("学校"), max_length=100, blank=True)
    grade = models.CharField(_("年级"), max_length=30, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    paid_at = models.DateTimeField(_("发放登记时间"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("驳回人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refused_at = models.DateTimeField(_("驳回时间"), null=True, blank=True)
    refusal_reason = models.CharField(_("驳回原因"), max_length=500, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲正的原记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    note = models.CharField(_("备注/冲正原因"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = DisbursementQuerySet.as_manager()

    class Meta:
        ordering = ["-disbursed_on", "-id"]
        verbose_name = _("帮扶发放记录")
        verbose_name_plural = _("帮扶发放记录")
        permissions = [("approve_disbursement", "审批帮扶发放")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0)
                | Q(reverses__isnull=False, amount__lt=0),
                name="disbursement_amount_positive_or_reversal",
            ),
            models.UniqueConstraint(
                fields=["beneficiary", "aid_type", "batch"],
                condition=Q(reverses__isnull=True) & ~Q(status__in=["reversed", "refused"]),
                name="disbursement_once_per_type_and_batch",
                violation_error_message=_("该帮扶对象在本批次已有同类帮扶记录，不能重复发放。"),
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | Q(status="paid"),
                name="disbursement_reversal_is_paid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["applied", "refused"]) | Q(approved_at__isnull=False),
                name="disbursement_approved_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["applied", "approved", "refused"])
                | Q(paid_at__isnull=False),
                name="disbursement_paid_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused")
                | (Q(refused_at__isnull=False) & ~Q(refusal_reason="")),
                name="disbursement_refused_has_time_and_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "disbursed_on"], name="disbursement_status_date"),
            models.Index(fields=["paying_union", "disbursed_on"], name="disbursement_union_date"),
        ]

    def __str__(self):
        prefix = _("冲正") if self.reverses_id else ""
        return f"{prefix}{self.aid_type} · {self.beneficiary.name} · {self.amount}元"

    def save(self, *args, **kwargs):
        # The last line of defence of "nothing is lost": whatever the caller, a paid record only
        # ever moves on to 已冲正 (through disbursement_reverse), nothing else of it changes; a
        # refused one does not change at all.
        if self.is_settled and not getattr(self, "_reversing", False):
            raise ValidationError(_("已发放的帮扶记录不能修改，如需更正请办理冲正。"))
        if self.is_refused:
            raise ValidationError(REFUSED_IS_FINAL)
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def delete(self, *args, **kwargs):
        if self.is_settled:
            raise ValidationError(_("已发放的帮扶记录不能删除，如需更正请办理冲正。"))
        if self.is_refused:
            raise ValidationError(REFUSED_IS_FINAL)
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.is_settled:
            raise ValidationError(_("已发放的帮扶记录不能修改，如需更正请办理冲正。"))
        if self.is_refused:
            raise ValidationError(REFUSED_IS_FINAL)
        errors = {}
        if self.reverses_id is None and self.amount is not None and self.amount <= 0:
            errors["amount"] = _("金额必须大于0元。")
        aid_type = self.aid_type if self.aid_type_id else None
        if (
            aid_type is not None
            and aid_type.cap_yuan is not None
            and self.amount is not None
            and self.amount > aid_type.cap_yuan
        ):
            errors["amount"] = _("“%(type)s”单笔金额不得超过%(cap)s元。") % {
                "type": aid_type.name,
                "cap": aid_type.cap_yuan,
            }
        if aid_type is not None and aid_type.for_students and not self.student_name.strip():
            errors["student_name"] = _("“%(type)s”须填写学生姓名。") % {"type": aid_type.name}
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def is_settled(self) -> bool:
        """Paid (or reversed) as stored in the database: such a record is frozen."""
        return getattr(self, "_loaded_status", None) in self.SETTLED

    @property
    def is_refused(self) -> bool:
        """Refused as stored in the database: such a record stays as it is, for the record."""
        return getattr(self, "_loaded_status", None) == self.Status.REFUSED

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class SensitiveAccessLog(AccessLogBase):
    """Who saw or exported full ID or phone numbers, when, and of which file. Append-only
    (``unionportal.personal_data.AccessLogBase``, shared with the welfare records' log)."""

    Action = AccessAction

    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("档案"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta(AccessLogBase.Meta):
        verbose_name = _("敏感信息访问记录")
        verbose_name_plural = _("敏感信息访问记录")
