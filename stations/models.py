"""Service sites (爱心驿站, 母婴室, 职工书屋, legal-aid points …), their kinds and facilities.

Kinds and facilities are data staff edit: a kind lists the facilities its sites may tick. The
figures find kinds by their ``code`` (stations/figures.py), never by the editable name.
Coordinates are stored in WGS-84 (entry in GCJ-02 is converted by the services).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import District, UnionUnit
from stations import hours


class Facility(models.Model):
    """A thing a site offers (饮用水, 微波炉, 哺乳椅 …): one box of a kind's checklist."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("设施")
        verbose_name_plural = _("设施")

    def __str__(self):
        return self.name


class StationKind(models.Model):
    """A kind of site (安康·爱心驿站, 爱心母婴室 …) and the facilities its sites may have."""

    code = models.SlugField(
        _("代码"),
        max_length=40,
        unique=True,
        help_text=_("年度统计按代码识别类型，请勿随意修改。"),
    )
    name = models.CharField(_("名称"), max_length=40, unique=True)
    short_name = models.CharField(_("简称"), max_length=20, blank=True)
    description = models.TextField(_("说明"), blank=True)
    facilities = models.ManyToManyField(
        Facility, verbose_name=_("可选设施"), blank=True, related_name="kinds"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords(m2m_fields=[facilities])

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("站点类型")
        verbose_name_plural = _("站点类型")

    def __str__(self):
        return self.name


class StationQuerySet(models.QuerySet):
    def existing_on(self, day: datetime.date):
        """Sites opened by ``day`` and not closed on it."""
        return self.filter(opened_on__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )

    def open_at(self, moment: datetime.datetime):
        """Sites open at ``moment``: the rules of ``stations.hours.is_open``, in SQL."""
        return self.existing_on(hours.local(moment).date()).filter(OpenAt(moment))


class OpenAt(models.Func):
    """Whether a site is open at a moment: ``stations.hours.is_open`` as one SQL condition.

    Open today: by a special day's hours if a special day covers today, else round the clock or
    by a weekly range of today begun by now (and not yet ended, or running overnight). Or open
    since yesterday: by a special day's night range if one covers yesterday, else by a weekly
    night range of yesterday not yet ended.

    Each part is an uncorrelated ``id IN (…)`` list, which PostgreSQL builds once and looks up by
    hash for every site, and reads from the weekly hours' indexes alone (migration 0006). Written
    as SQL, not as Q objects: building those cost 2 ms a request, more than the query itself.
    """

    output_field = models.BooleanField()

    def __init__(self, moment: datetime.datetime):
        now = hours.local(moment)
        self.today, self.time_now = now.date(), now.time()
        super().__init__(models.F("pk"), models.F("always_open"))

    def as_sql(self, compiler, connection, **extra_context):
        (site, site_params), (always_open, always_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        weekly = connection.ops.quote_name(WeeklyHours._meta.db_table)
        special = connection.ops.quote_name(SpecialDays._meta.db_table)
        today = connection.ops.adapt_datefield_value(self.today)
        yesterday = connection.ops.adapt_datefield_value(self.today - datetime.timedelta(days=1))
        now = connection.ops.adapt_timefield_value(self.time_now)
        # only quoted table names and compiled columns are written in; every value is a parameter
        covers = f"SELECT station_id FROM {special} WHERE starts_on <= %s AND ends_on >= %s"  # noqa: S608
        special_hours = f"{covers} AND NOT closed AND opens IS NOT NULL AND closes IS NOT NULL"
        begun = "opens <= %s AND (closes > %s OR closes <= opens)"
        night_not_ended = "closes <= opens AND closes > %s"
        sql = (
            f"({site} IN ({special_hours} AND {begun})"  # noqa: S608 - as above
            f" OR ({site} NOT IN ({covers}) AND ({always_open}"
            f" OR {site} IN (SELECT station_id FROM {weekly} WHERE weekday = %s AND {begun})))"
            f" OR {site} IN ({special_hours} AND {night_not_ended})"
            f" OR ({site} NOT IN ({covers}) AND {site} IN"
            f" (SELECT station_id FROM {weekly} WHERE weekday = %s AND {night_not_ended})))"
        )
        params = [
            *site_params, today, today, now, now,
            *site_params, today, today,
            *always_params,
            *site_params, self.today.weekday(), now, now,
            *site_params, yesterday, yesterday, now,
            *site_params, yesterday, yesterday,
            *site_params, (self.today.weekday() - 1) % 7, now,
        ]  # fmt: skip
        return sql, params


class Station(models.Model):
    """One service site, kept by the union that runs it. A closed site stays on record."""

    kind = models.ForeignKey(
        StationKind, verbose_name=_("类型"), on_delete=models.PROTECT, related_name="stations"
    )
    name = models.CharField(_("名称"), max_length=100)
    union = models.ForeignKey(
        UnionUnit, verbose_name=_("运营工会"), on_delete=models.PROTECT, related_name="stations"
    )
    district = models.ForeignKey(
        District, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="stations"
    )
    address = models.CharField(_("地址"), max_length=200)
    latitude = models.FloatField(_("纬度（WGS-84）"))
    longitude = models.FloatField(_("经度（WGS-84）"))
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    contact_email = models.EmailField(
        _("联系邮箱"), blank=True, help_text=_("运营工会收读者纠错（“信息有误？”）的邮箱。")
    )
    always_open = models.BooleanField(_("24小时开放"), default=False)
    hours_note = models.CharField(
        _("开放时间说明"), max_length=200, blank=True, help_text=_("如：法定节假日另行通知。")
    )
    facilities = models.ManyToManyField(
        Facility, verbose_name=_("设施"), blank=True, related_name="stations"
    )
    accessibility = models.TextField(_("无障碍说明"), blank=True)
    description = models.TextField(_("简介"), blank=True)
    opened_on = models.DateField(_("建成日期"))
    closed_on = models.DateField(
        _("停用日期"), null=True, blank=True, help_text=_("停用的站点保留记录，不再计入统计。")
    )
    honours = models.ManyToManyField(
        "honors.Honour",
        verbose_name=_("所获荣誉"),
        blank=True,
        related_name="stations",
        help_text=_("如职工书屋示范点：荣誉本身在“荣誉”中登记。"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[facilities])
    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["kind__order", "district__order", "name"]
        verbose_name = _("服务站点")
        verbose_name_plural = _("服务站点")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="station_unique_name_per_kind"),
            models.CheckConstraint(
                condition=Q(latitude__gte=3.5, latitude__lte=54)
                & Q(longitude__gte=73, longitude__lte=136),
                name="station_coordinates_in_china",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="station_closed_after_opened",
            ),
        ]
        indexes = [
            # the finder's order without a position (with the position: migration 0005's index)
            models.Index(fields=["kind", "district", "id"], name="station_kind_district_id_idx"),
            models.Index(fields=["latitude", "longitude"], name="station_position_idx"),
            models.Index(fields=["opened_on", "closed_on"], name="station_dates_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stations:detail", args=[self.pk])

    @property
    def is_closed_for_good(self) -> bool:
        return self.closed_on is not None and self.closed_on <= datetime.date.today()

    def schedule(self) -> hours.Schedule:
        """The site's hours as data (uses prefetched ``weekly_hours`` and ``special_days``)."""
        weekly: dict[int, list[hours.Range]] = {}
        for row in self.weekly_hours.all():
            weekly.setdefault(row.weekday, []).append((row.opens, row.closes))
        return hours.Schedule(
            always_open=self.always_open,
            weekly=weekly,
            special=[row.as_data() for row in self.special_days.all()],
            opened_on=self.opened_on,
            closed_on=self.closed_on,
        )


class WeeklyHours(models.Model):
    """One opening range on a weekday; closing not after opening means it runs overnight."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("周一")
        TUESDAY = 1, _("周二")
        WEDNESDAY = 2, _("周三")
        THURSDAY = 3, _("周四")
        FRIDAY = 4, _("周五")
        SATURDAY = 5, _("周六")
        SUNDAY = 6, _("周日")

    station = models.ForeignKey(
        Station, verbose_name=_("站点"), on_delete=models.CASCADE, related_name="weekly_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    opens = models.TimeField(_("开门"))
    closes = models.TimeField(_("关门"), help_text=_("早于开门时间即为跨夜（如22:00–06:00）。"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("每周开放时间")
        verbose_name_plural = _("每周开放时间")
        constraints = [
            models.CheckConstraint(
                condition=~Q(opens=models.F("closes")), name="weeklyhours_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="weeklyhours_weekday_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["station", "weekday"], name="weeklyhours_day_idx"),
            # "open now" reads the sites of the ranges of one weekday begun by now, and of the
            # night ranges of the day before not yet ended, from the index alone (the site's id
            # in it: no row is read; bench/stations.py at 10,000 sites, 10:00: the count 10 ms ->
            # 5 ms, the page 7 ms -> 2 ms)
            models.Index(
                fields=["weekday", "opens", "closes", "station"], name="weeklyhours_open_now_idx"
            ),
            models.Index(
                fields=["weekday", "closes", "station"],
                condition=Q(closes__lte=models.F("opens")),
                name="weeklyhours_night_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {hours.format_range(self.opens, self.closes)}"


class SpecialDays(models.Model):
    """A holiday closure or other hours for a range of dates (each day the same)."""

    station = models.ForeignKey(
        Station, verbose_name=_("站点"), on_delete=models.CASCADE, related_name="special_days"
    )
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    closed = models.BooleanField(_("闭馆"), default=True)
    opens = models.TimeField(_("开门"), null=True, blank=True)
    closes = models.TimeField(_("关门"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：春节闭馆。"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("节假日与特别开放")
        verbose_name_plural = _("节假日与特别开放")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="specialdays_ordered"
            ),
            models.CheckConstraint(
                condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
                | (
                    Q(closed=False, opens__isnull=False, closes__isnull=False)
                    & ~Q(opens=models.F("closes"))
                ),
                name="specialdays_closed_or_hours",
            ),
        ]
        indexes = [
            models.Index(fields=["station", "starts_on", "ends_on"], name="specialdays_dates_idx")
        ]

    def __str__(self):
        dates = f"{self.starts_on:%Y-%m-%d}" + (
            f"–{self.ends_on:%Y-%m-%d}" if self.ends_on != self.starts_on else ""
        )
        what = "闭馆" if self.closed else hours.format_range(self.opens, self.closes)
        return f"{dates} {what}"

    def as_data(self) -> hours.SpecialDays:
        return hours.SpecialDays(
            self.starts_on, self.ends_on, self.closed, self.opens, self.closes, self.note
        )


class StationPhoto(models.Model):
    station = models.ForeignKey(
        Station, verbose_name=_("站点"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to="stations/%Y/")
    alt = models.CharField(_("图片说明"), max_length=120, help_text=_("供读屏软件朗读。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("站点照片")
        verbose_name_plural = _("站点照片")

    def __str__(self):
        return self.alt


class FinderSettings(models.Model):
    """The finder's settings, one row: the map's tile service (the map shows only when one is
    named: 天地图 with its key …; the list works without it) and where "信息有误？" mail goes
    when a site's union gave no address of its own."""

    class Datum(models.TextChoices):
        WGS84 = "wgs84", _("WGS-84（天地图、OpenStreetMap）")
        GCJ02 = "gcj02", _("GCJ-02（高德、腾讯）")

    tile_url = models.CharField(
        _("瓦片地址"),
        max_length=300,
        blank=True,
        help_text=_(
            "留空则不显示地图。如天地图：https://t0.tianditu.gov.cn/vec_w/wmts?…&tk=密钥，"
            "占位符 {x} {y} {z}。"
        ),
    )
    attribution = models.CharField(_("地图版权说明"), max_length=200, blank=True)
    datum = models.CharField(
        _("瓦片坐标系"), max_length=10, choices=Datum.choices, default=Datum.WGS84
    )
    report_email = models.EmailField(
        _("纠错邮箱"), blank=True, help_text=_("站点未填联系邮箱时，“信息有误？”的邮件发往这里。")
    )
    # One row: a second is refused by the database (and by the form, as already existing).
    singleton = models.BooleanField(default=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务站点设置")
        verbose_name_plural = _("服务站点设置")
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="findersettings_one_row"),
            models.CheckConstraint(condition=Q(singleton=True), name="findersettings_singleton"),
        ]

    def __str__(self):
        return str(_("服务站点设置"))

    @classmethod
    def current(cls) -> "FinderSettings":
        return cls.objects.order_by("pk").first() or cls()
