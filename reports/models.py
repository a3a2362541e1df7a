"""Snapshots of a year's figures, the figures staff enter, stale marks and the rollup log.

A snapshot is written whole (one row, every value in ``values``) and never changed afterwards:
the latest snapshot of a year is its current one, the earlier ones are its history.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reports.registry import registry


class SnapshotQuerySet(models.QuerySet):
    def current(self):
        """The latest snapshot of each year (one query, a subquery on the newest id per year)."""
        latest_ids = self.order_by().values("year").annotate(latest=Max("pk")).values("latest")
        return self.filter(pk__in=latest_ids)

    def of_year(self, year: int):
        return self.filter(year=year).order_by("-pk")


class Snapshot(models.Model):
    """Every figure of one year as computed at one moment. Written once, never updated.

    ``values`` maps figure keys to numbers: counts as JSON integers, money (and any other
    non-integral value) as decimal strings so that no float ever touches an amount; read them
    back with ``decoded_values()``.
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)
    values = models.JSONField(_("数值"), default=dict)
    sources = models.JSONField(
        _("填报来源"), default=dict, blank=True, help_text=_("填报指标的来源：{指标: 来源}。")
    )
    breakdowns = models.JSONField(
        _("分区数据"), default=dict, blank=True, help_text=_("{指标: {区划: 数值}}。")
    )
    changed_keys = models.JSONField(
        _("变化的指标"), default=list, blank=True, help_text=_("与上一份快照相比数值不同的指标。")
    )
    duration = models.DurationField(_("耗时"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        get_latest_by = "pk"
        verbose_name = _("统计快照")
        verbose_name_plural = _("统计快照")
        indexes = [models.Index(fields=["year", "-computed_at"], name="snapshot_year_computed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2999), name="snapshot_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.year}年 · {timezone.localtime(self.computed_at):%Y-%m-%d %H:%M}"

    def decoded_values(self) -> dict:
        return decode_values(self.values)


def encode_value(value) -> int | str:
    """A figure value as stored in JSON: an int stays an int, anything else a decimal string."""
    if isinstance(value, bool):
        raise TypeError("a figure value cannot be a boolean")
    if isinstance(value, int):
        return value
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if number == number.to_integral_value() and number.as_tuple().exponent >= 0:
        return int(number)
    return format(number.normalize(), "f") if number != 0 else "0"


def decode_value(stored) -> int | Decimal:
    if isinstance(stored, int):
        return stored
    return Decimal(str(stored))


def encode_values(values: dict) -> dict:
    return {key: encode_value(value) for key, value in values.items()}


def decode_values(stored: dict) -> dict:
    return {key: decode_value(value) for key, value in stored.items()}


class StaleYear(models.Model):
    """A year whose records changed since its last snapshot (an import, an approval …)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    stale_since = models.DateTimeField(_("最近标记时间"), default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name = _("待重算年度")
        verbose_name_plural = _("待重算年度")

    def __str__(self):
        return f"{self.year}年"


def validate_entered_figure_key(key: str) -> None:
    # Any declared figure: a computed one is entered for a year whose records are incomplete
    # (its entered value then replaces the computed one in that year's snapshot).
    if registry.get(key) is None:
        raise ValidationError(
            _("“%(key)s”不是登记的填报指标。"), code="unknown_figure", params={"key": key}
        )


def entered_figure_choices():
    """The figures declared as entered first, then the computed ones (entered only for a year
    whose records are incomplete)."""
    figures = sorted(registry.figures(), key=lambda figure: not figure.entered)
    return [(figure.key, f"{figure.label}（{figure.key}）") for figure in figures]


class EnteredFigure(models.Model):
    """A figure with no records behind it in the apps, entered by staff for a year, with source."""

    year = models.PositiveSmallIntegerField(_("年度"))
    key = models.CharField(
        _("指标"),
        max_length=64,
        validators=[validate_entered_figure_key],
        help_text=_("只能选择登记为“填报”的指标。"),
    )
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=2)
    source = models.CharField(
        _("来源"), max_length=200, help_text=_("例如：年度工作总结、上级工会统计报表。")
    )
    note = models.TextField(_("备注"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "key"]
        verbose_name = _("填报指标")
        verbose_name_plural = _("填报指标")
        constraints = [
            models.UniqueConstraint(fields=["year", "key"], name="enteredfigure_one_per_year_key"),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="enteredfigure_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2999), name="enteredfigure_year_plausible"
            ),
        ]

    def __str__(self):
        figure = registry.get(self.key)
        return f"{self.year}年 {figure.label if figure else self.key}"


class RollupRun(models.Model):
    """One attempt to compute a year: when it ran, how it ended and what changed."""

    class Status(models.TextChoices):
        RUNNING = "running", _("进行中")
        CHANGED = "changed", _("已更新")
        UNCHANGED = "unchanged", _("无变化")
        SKIPPED = "skipped", _("已跳过（另一次计算进行中，稍后重试）")
        FAILED = "failed", _("失败")
        ABANDONED = "abandoned", _("已中断（计算进程意外退出）")

    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    changed_keys = models.JSONField(_("变化的指标"), default=list, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("快照"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("计算记录")
        verbose_name_plural = _("计算记录")
        indexes = [models.Index(fields=["year", "-started_at"], name="rolluprun_year_started")]

    def __str__(self):
        return f"{self.year}年 {self.get_status_display()}"

    @property
    def duration(self):
        if self.finished_at is None:
            return None
        return self.finished_at - self.started_at
