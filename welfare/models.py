"""Worker services (普惠服务): a work ledger whose kinds and measures are data, the person-level
records where the work is about named people, and recurring event series.

- ``LedgerKind`` names a kind of counted work (免费就业服务, 夏送清凉 …) and its ``Measure``s
  (counts such as 人次 or 场次, and money in 元). A ``LedgerLine`` is one activity of a kind,
  reported by a union unit, with one ``LedgerValue`` a measure: a new campaign is a new kind
  with its measures, entered in the admin, and needs no code. The figures find kinds and
  measures by ``code`` (welfare/figures.py), never by their editable names.
- Recuperation batches and their participants, certificates obtained, degree-programme students
  and migrant-worker families housed are one record a person, with ID and phone numbers
  protected as in aid (``unionportal.personal_data``).
- ``EventSeries`` (濠滨夏夜) with one ``EventEdition`` a year.

Every record names the union that entered it; a county union's staff see only their own.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import District, UnionUnit
from unionportal.personal_data import AccessLogBase, PersonalNumbersBase

# --------------------------------------------------------------------------- the work ledger


class LedgerKind(models.Model):
    """A kind of counted work (its measures say what each line reports)."""

    code = models.SlugField(
        _("代码"), max_length=40, unique=True, help_text=_("年度统计按代码识别类型，请勿随意修改。")
    )
    name = models.CharField(_("名称"), max_length=60, unique=True)
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("台账类型")
        verbose_name_plural = _("台账类型")

    def __str__(self):
        return self.name


class Measure(models.Model):
    """What a line of a kind reports: a count (人次, 场次 …) or an amount of money (元)."""

    class Nature(models.TextChoices):
        COUNT = "count", _("计数")
        MONEY = "money", _("金额（元）")

    kind = models.ForeignKey(
        LedgerKind, verbose_name=_("台账类型"), on_delete=models.CASCADE, related_name="measures"
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=40, help_text=_("导入模板的列名。"))
    unit = models.CharField(_("单位"), max_length=10, help_text=_("如：人次、场次、元。"))
    nature = models.CharField(
        _("性质"), max_length=10, choices=Nature.choices, default=Nature.COUNT
    )
    required = models.BooleanField(_("必填"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("统计项")
        verbose_name_plural = _("统计项")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="measure_unique_code_per_kind"),
            models.UniqueConstraint(
                fields=["kind", "name"],
                name="measure_unique_name_per_kind",
                violation_error_message=_("同一台账类型的统计项名称不能重复。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    @property
    def is_money(self) -> bool:
        return self.nature == self.Nature.MONEY

    def value_check(self, value: Decimal) -> None:
        """A value this measure may hold; raises a Chinese ValidationError."""
        if value < 0:
            raise ValidationError(_("“%(name)s”不能为负数。"), params={"name": self.name})
        if not self.is_money and value != value.to_integral_value():
            raise ValidationError(_("“%(name)s”应为整数。"), params={"name": self.name})


class LedgerLineQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(held_on__year=year)


class LedgerLine(models.Model):
    """One activity of the ledger: its kind, date, reporting union, place and values."""

    kind = models.ForeignKey(
        LedgerKind, verbose_name=_("台账类型"), on_delete=models.PROTECT, related_name="lines"
    )
    held_on = models.DateField(_("日期"))
    union = models.ForeignKey(
        UnionUnit, verbose_name=_("报送工会"), on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.CharField(_("地点"), max_length=100)
    title = models.CharField(_("活动名称"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = LedgerLineQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "kind", "pk"]
        verbose_name = _("工作台账")
        verbose_name_plural = _("工作台账")
        indexes = [models.Index(fields=["kind", "held_on"], name="ledger_line_kind_held_on")]

    def __str__(self):
        return f"{self.kind} · {self.place}（{self.held_on:%Y-%m-%d}）"


class LedgerValue(models.Model):
    """The value of one measure on one line."""

    line = models.ForeignKey(
        LedgerLine, verbose_name=_("台账"), on_delete=models.CASCADE, related_name="values"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("统计项"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "measure__order"]
        verbose_name = _("台账数值")
        verbose_name_plural = _("台账数值")
        constraints = [
            models.UniqueConstraint(fields=["line", "measure"], name="ledger_value_once_a_line"),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="ledger_value_non_negative",
                violation_error_message=_("数值不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.measure.name}：{self.value}"


# --------------------------------------------------------------------------- people


class PersonRecord(PersonalNumbersBase):
    """A named person of a welfare record, entered by a union."""

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    workplace = models.CharField(_("工作单位"), max_length=200, blank=True)
    union = models.ForeignKey(
        UnionUnit, verbose_name=_("报送工会"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name}（{self.masked_id_number}）"


class RecuperationBatch(models.Model):
    """One batch of recuperation leave (疗休养) for front-line workers, 劳模 and 工匠."""

    name = models.CharField(_("批次名称"), max_length=100, unique=True)
    union = models.ForeignKey(
        UnionUnit, verbose_name=_("组织工会"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.CharField(_("疗休养地"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("疗休养批次")
        verbose_name_plural = _("疗休养批次")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="recuperation_batch_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]
        indexes = [models.Index(fields=["starts_on"], name="recuperation_batch_starts")]

    def __str__(self):
        return self.name


class RecuperationParticipant(PersonRecord):
    class Category(models.TextChoices):
        FRONT_LINE = "front_line", _("一线职工")
        MODEL_WORKER = "model_worker", _("劳模")
        CRAFTSMAN = "craftsman", _("工匠")

    batch = models.ForeignKey(
        RecuperationBatch,
        verbose_name=_("批次"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["batch", "name"]
        verbose_name = _("疗休养职工")
        verbose_name_plural = _("疗休养职工")
        permissions = [("view_sensitive", _("查看普惠服务记录中完整的身份证号和手机号"))]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "id_number_hash"],
                name="recuperation_participant_once_a_batch",
                violation_error_message=_("该职工已在本批次中。"),
            ),
        ]


class Certificate(PersonRecord):
    """A vocational qualification certificate a trainee obtained."""

    certificate = models.CharField(_("证书名称"), max_length=100)
    obtained_on = models.DateField(_("取得日期"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-obtained_on", "name"]
        verbose_name = _("职业资格证书")
        verbose_name_plural = _("职业资格证书")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash", "certificate"],
                name="certificate_once_a_person",
                violation_error_message=_("该职工已取得此证书。"),
            ),
        ]
        indexes = [models.Index(fields=["obtained_on"], name="certificate_obtained_on")]


class DegreeStudent(PersonRecord):
    """A worker enrolled in the degree programme (学历提升)."""

    programme = models.CharField(_("专业"), max_length=100)
    school = models.CharField(_("学校"), max_length=100)
    enrolled_on = models.DateField(_("入学日期"))
    left_on = models.DateField(
        _("毕业/离校日期"), null=True, blank=True, help_text=_("在读的留空。")
    )
    front_line = models.BooleanField(_("一线职工（农民工）"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-enrolled_on", "name"]
        verbose_name = _("学历提升在读职工")
        verbose_name_plural = _("学历提升在读职工")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash", "programme", "enrolled_on"],
                name="degree_student_once_an_enrolment",
                violation_error_message=_("该职工的这次入学已有记录。"),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("enrolled_on")),
                name="degree_student_leaves_after_enrolling",
                violation_error_message=_("毕业/离校日期不能早于入学日期。"),
            ),
        ]


class HousedFamily(PersonRecord):
    """A migrant-worker family that received the keys of an affordable home (经适房)."""

    estate = models.CharField(_("小区"), max_length=100)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"), default=1)
    keys_received_on = models.DateField(_("交钥匙日期"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-keys_received_on", "name"]
        verbose_name = _("优秀农民工住房")
        verbose_name_plural = _("优秀农民工住房")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                name="housed_family_once",
                violation_error_message=_("该职工家庭已有住房记录。"),
            ),
        ]


class PersonalDataAccess(AccessLogBase):
    """Who saw or exported full numbers of a welfare record (``welfare.view_sensitive``)."""

    record_type = models.CharField(_("记录类别"), max_length=40)
    record_id = models.PositiveBigIntegerField(_("记录编号"))

    class Meta(AccessLogBase.Meta):
        verbose_name = _("普惠服务敏感信息访问记录")
        verbose_name_plural = _("普惠服务敏感信息访问记录")


# --------------------------------------------------------------------------- event series


class EventSeries(models.Model):
    """A recurring event (濠滨夏夜), held once a year since its first."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    union = models.ForeignKey(
        UnionUnit, verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("系列活动")
        verbose_name_plural = _("系列活动")

    def __str__(self):
        return self.name


class EventEdition(models.Model):
    series = models.ForeignKey(
        EventSeries, verbose_name=_("系列活动"), on_delete=models.CASCADE, related_name="editions"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    opened_on = models.DateField(_("开幕日期"), null=True, blank=True)
    shows = models.PositiveSmallIntegerField(_("场次"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "-year"]
        verbose_name = _("系列活动届次")
        verbose_name_plural = _("系列活动届次")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="event_edition_once_a_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1949, year__lte=2100), name="event_edition_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.series}（{self.year}）"
