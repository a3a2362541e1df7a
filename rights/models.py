"""Rights work (维权): collective contracts, the labour-relations monitoring sample, labour-law
supervision visits, and the volunteer legal-service teams with their activities.

Every record names the union that entered it (``union``): a county union's staff see and edit
their own union's records only (``organizations.selectors.union_scope``). Enterprises are the
shared ``organizations.Organization`` (matched by 统一社会信用代码 on import).

Legal-aid cases are counted once the requests (appeals) app keeps them: see rights/figures.py.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import District, Organization, UnionUnit


class CollectiveContract(models.Model):
    """One collective contract of one enterprise, in force from one date to another."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("综合集体合同")
        WAGE = "wage", _("工资专项集体合同")
        WOMEN = "women", _("女职工权益保护专项集体合同")

    enterprise = models.ForeignKey(
        Organization,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="collective_contracts",
    )
    kind = models.CharField(_("合同类别"), max_length=10, choices=Kind.choices)
    signed_on = models.DateField(_("签订日期"))
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("到期日期"))
    workers_covered = models.PositiveIntegerField(_("覆盖职工数"), default=0)
    union = models.ForeignKey(
        UnionUnit,
        verbose_name=_("指导工会"),
        on_delete=models.PROTECT,
        related_name="collective_contracts",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from", "enterprise__name"]
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "valid_from"],
                name="contract_one_per_enterprise_kind_start",
                violation_error_message=_("该企业同类集体合同在同一生效日期已有记录。"),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="contract_ends_after_start",
                violation_error_message=_("到期日期不能早于生效日期。"),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__gte=F("signed_on")),
                name="contract_starts_after_signing",
                violation_error_message=_("生效日期不能早于签订日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "valid_to", "valid_from"], name="contract_kind_in_force")
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.get_kind_display()}（{self.valid_from:%Y}）"


class MonitoringSample(models.Model):
    """An enterprise in the labour-relations monitoring sample (劳动关系采集监测) of a year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    enterprise = models.ForeignKey(
        Organization,
        verbose_name=_("样本企业"),
        on_delete=models.PROTECT,
        related_name="monitoring_samples",
    )
    union = models.ForeignKey(
        UnionUnit, verbose_name=_("报送工会"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "enterprise__name"]
        verbose_name = _("劳动关系监测样本企业")
        verbose_name_plural = _("劳动关系监测样本企业")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "enterprise"],
                name="monitoring_sample_once_a_year",
                violation_error_message=_("该企业已在当年监测样本中。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949, year__lte=2100), name="monitoring_sample_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.year}年 · {self.enterprise}"


class SupervisionVisit(models.Model):
    """A labour-law supervision visit (劳动法律监督) of a union organisation to an enterprise."""

    class Level(models.TextChoices):
        CITY = "city", _("市级")
        COUNTY = "county", _("县（市、区）级")
        TOWN = "town", _("乡镇（街道）级")

    enterprise = models.ForeignKey(
        Organization,
        verbose_name=_("被监督企业"),
        on_delete=models.PROTECT,
        related_name="supervision_visits",
    )
    visited_on = models.DateField(_("监督日期"))
    supervisor = models.CharField(
        _("监督组织"), max_length=100, help_text=_("如：某某镇工会劳动法律监督委员会。")
    )
    level = models.CharField(_("监督组织层级"), max_length=10, choices=Level.choices)
    union = models.ForeignKey(
        UnionUnit, verbose_name=_("报送工会"), on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("发现的问题"), blank=True)
    opinion_letter = models.BooleanField(_("发出监督意见书"), default=False)
    workers_corrected = models.PositiveIntegerField(
        _("纠正违法用工人次"), default=0, help_text=_("经监督纠正违法用工的职工人次。")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-visited_on", "enterprise__name"]
        verbose_name = _("劳动法律监督")
        verbose_name_plural = _("劳动法律监督")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "visited_on", "supervisor"],
                name="supervision_visit_once_a_day",
                violation_error_message=_("该监督组织当天对该企业的监督已有记录。"),
            ),
        ]
        indexes = [models.Index(fields=["visited_on"], name="supervision_visited_on")]

    def __str__(self):
        return f"{self.enterprise} · {self.visited_on:%Y-%m-%d}"


class LegalServiceTeam(models.Model):
    """A volunteer legal-service team (工会法律阳光志愿服务队)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    union = models.ForeignKey(
        UnionUnit, verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+"
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    members = models.PositiveSmallIntegerField(_("队员人数"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("法律志愿服务队")
        verbose_name_plural = _("法律志愿服务队")

    def __str__(self):
        return self.name


class LegalServiceActivity(models.Model):
    """One outing of a team: where it went, the enterprises it visited, the workers it served."""

    team = models.ForeignKey(
        LegalServiceTeam,
        verbose_name=_("服务队"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    held_on = models.DateField(_("日期"))
    place = models.CharField(
        _("乡镇（街道）、社区"), max_length=100, help_text=_("如：某某街道某某社区。")
    )
    district = models.ForeignKey(
        District, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    enterprises = models.ManyToManyField(
        Organization, verbose_name=_("走访企业"), blank=True, related_name="legal_services"
    )
    workers_served = models.PositiveIntegerField(_("直接服务职工人次"), default=0)
    note = models.CharField(_("内容"), max_length=200, blank=True)

    history = HistoricalRecords(m2m_fields=[enterprises])

    class Meta:
        ordering = ["-held_on", "team__name"]
        verbose_name = _("法律志愿服务活动")
        verbose_name_plural = _("法律志愿服务活动")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "held_on", "place"],
                name="legal_service_once_a_day_a_place",
                violation_error_message=_("该服务队当天在该地点的活动已有记录。"),
            ),
        ]
        indexes = [models.Index(fields=["held_on"], name="legal_service_held_on")]

    def __str__(self):
        return f"{self.team} · {self.place}（{self.held_on:%Y-%m-%d}）"
