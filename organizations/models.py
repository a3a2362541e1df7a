from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.validators import validate_credit_code


class District(models.Model):
    """A county, county-level city or district of the city (区划)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("区划")
        verbose_name_plural = _("区划")

    def __str__(self):
        return self.name


class UnionUnit(models.Model):
    """The city federation and its county/district unions, as a tree."""

    class Kind(models.TextChoices):
        CITY = "city", _("市总工会")
        COUNTY = "county", _("县（市、区）总工会")
        INDUSTRY = "industry", _("产业工会")
        GRASSROOTS = "grassroots", _("基层工会")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级工会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    district = models.ForeignKey(
        District, verbose_name=_("区划"), on_delete=models.PROTECT, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="city"), name="unionunit_one_city_federation"
            ),
            models.CheckConstraint(
                condition=Q(kind="city", parent__isnull=True) | ~Q(kind="city"),
                name="unionunit_city_federation_is_root",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_city_federation(self) -> bool:
        return self.kind == self.Kind.CITY


class Organization(models.Model):
    """An enterprise, institution or team: enters competitions, receives collective honours."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        INSTITUTION = "institution", _("机关事业单位")
        TEAM = "team", _("班组/集体")
        SOCIAL = "social", _("社会组织")

    name = models.CharField(_("名称"), max_length=200, db_index=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位；班组等无代码的集体可留空。"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("班组所在的企业。"),
    )
    district = models.ForeignKey(
        District, verbose_name=_("区划"), on_delete=models.PROTECT, null=True, blank=True
    )
    industry = models.CharField(_("行业"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="organization_unique_credit_code",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(credit_code="", parent__isnull=True),
                name="organization_unique_name_without_code",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(credit_code=""),
                name="organization_unique_team_name_per_parent",
            ),
        ]
        # The public lists (enterprise directory, 劳模风采, 技术状元) filter by industry.
        indexes = [models.Index(fields=["industry"], name="organization_industry_idx")]

    def __str__(self):
        return self.name
