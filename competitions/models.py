"""Competitions the federation runs, the enterprises entering them and the contestants' results.

Three records:

- :class:`Competition`: one contest or campaign of a year (a skills contest in one trade, the
  year's 创新升级 competition, the 安康杯 …). Skills contests also record how many workers took
  part and how many earned a higher technical grade, because most contestants are never listed
  one by one.
- :class:`Entry`: what one enterprise (统一社会信用代码) reports for one competition.
- :class:`Result`: a listed contestant's rank and prize. The first place of a citywide skills
  contest is that trade's 技术状元.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

NON_NEGATIVE = [MinValueValidator(0)]


class CompetitionQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def skills(self):
        return self.filter(kind=Competition.Kind.SKILLS)

    def citywide(self):
        return self.filter(level=Competition.Level.MUNICIPAL)


class Competition(models.Model):
    class Kind(models.TextChoices):
        SKILLS = "skills", _("职业技能竞赛")
        INNOVATION = "innovation", _("创新升级竞赛")
        LABOUR = "labour", _("劳动竞赛")
        ANKANG = "ankang", _("安康杯竞赛")
        FIVE_SMALL = "five_small", _("“五小”竞赛")
        OTHER = "other", _("其他竞赛")

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        COUNTY = "county", _("县（市、区）级")

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        ONGOING = "ongoing", _("进行中")
        FINISHED = "finished", _("已结束")

    name = models.CharField(_("竞赛名称"), max_length=200)
    kind = models.CharField(_("竞赛类别"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    trade = models.CharField(
        _("工种/行业"),
        max_length=100,
        blank=True,
        help_text=_("职业技能竞赛的工种或行业，如电焊工、快递。"),
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.FINISHED
    )
    total_participants = models.IntegerField(
        _("参赛职工总数"),
        default=0,
        validators=NON_NEGATIVE,
        help_text=_("职业技能竞赛：参加本竞赛（含各级预赛）的职工总人数。"),
    )
    grade_upgrades = models.IntegerField(
        _("晋升技术等级人数"),
        default=0,
        validators=NON_NEGATIVE,
        help_text=_("职业技能竞赛：通过本竞赛晋升技术等级的职工人数。"),
    )
    description = models.TextField(_("简介"), blank=True)

    history = HistoricalRecords()
    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "level", "name"]
        verbose_name = _("竞赛")
        verbose_name_plural = _("竞赛")
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="competition_unique_name_year"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="competition_end_not_before_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(total_participants__gte=0),
                name="competition_participants_non_negative",
                violation_error_message=_("参赛职工总数不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(grade_upgrades__gte=0),
                name="competition_grade_upgrades_non_negative",
                violation_error_message=_("晋升技术等级人数不能为负数。"),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "kind", "level"], name="competition_year_kind_level"),
            models.Index(fields=["kind", "level"], name="competition_kind_level"),
        ]

    def __str__(self):
        return f"{self.name}（{self.year}）"

    def get_absolute_url(self):
        return reverse("competitions:detail", args=[self.pk])

    @property
    def is_skills_contest(self) -> bool:
        return self.kind == self.Kind.SKILLS


ENTRY_COUNTS = ("workers", "teams", "suggestions", "innovations", "advanced_methods")


class Entry(models.Model):
    """One enterprise's participation in one competition, with what it reports."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="entries"
    )
    organisation = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("参赛企业"),
        on_delete=models.PROTECT,
        related_name="competition_entries",
    )
    workers = models.IntegerField(_("参与职工数"), default=0, validators=NON_NEGATIVE)
    teams = models.IntegerField(_("参赛班组数"), default=0, validators=NON_NEGATIVE)
    suggestions = models.IntegerField(_("合理化建议"), default=0, validators=NON_NEGATIVE)
    innovations = models.IntegerField(_("技术革新、技术攻关"), default=0, validators=NON_NEGATIVE)
    advanced_methods = models.IntegerField(_("先进操作法"), default=0, validators=NON_NEGATIVE)
    economic_benefit_yuan = models.DecimalField(
        _("经济效益（元）"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=NON_NEGATIVE,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "organisation__name"]
        verbose_name = _("参赛企业")
        verbose_name_plural = _("参赛企业")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "organisation"],
                name="entry_unique_organisation_per_competition",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0}),
                    name=f"entry_{name}_non_negative",
                    violation_error_message=_("数值不能为负数。"),
                )
                for name in (*ENTRY_COUNTS, "economic_benefit_yuan")
            ],
        ]

    def __str__(self):
        return f"{self.organisation} · {self.competition}"


class ResultQuerySet(models.QuerySet):
    def champions(self):
        """技术状元: the first places of the citywide (municipal) skills contests."""
        return self.filter(
            rank=1,
            competition__kind=Competition.Kind.SKILLS,
            competition__level=Competition.Level.MUNICIPAL,
        )


class Result(models.Model):
    """A listed contestant's rank and prize in a competition (mostly skills contests)."""

    class Prize(models.TextChoices):
        FIRST = "first", _("一等奖")
        SECOND = "second", _("二等奖")
        THIRD = "third", _("三等奖")
        EXCELLENCE = "excellence", _("优秀奖")

    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="results"
    )
    contestant_name = models.CharField(_("姓名"), max_length=50)
    organisation = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在企业"),
        on_delete=models.PROTECT,
        related_name="competition_results",
    )
    rank = models.PositiveSmallIntegerField(_("名次"), validators=[MinValueValidator(1)])
    prize = models.CharField(_("奖项"), max_length=20, choices=Prize.choices, blank=True)
    grade_upgraded = models.BooleanField(_("晋升技术等级"), default=False)
    new_grade = models.CharField(
        _("晋升后等级"), max_length=30, blank=True, help_text=_("如：技师、高级技师、高级工。")
    )
    person = models.ForeignKey(
        "honors.Person",
        verbose_name=_("关联人物（荣誉）"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competition_results",
        help_text=_("选手同时是劳模或其他获奖个人时关联，其所获荣誉随人物显示。"),
    )

    history = HistoricalRecords()
    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "rank", "contestant_name"]
        verbose_name = _("竞赛成绩")
        verbose_name_plural = _("竞赛成绩")
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="result_rank_positive",
                violation_error_message=_("名次应为正整数。"),
            ),
            models.UniqueConstraint(
                fields=["competition"],
                condition=Q(rank=1),
                name="result_one_first_place_per_competition",
                violation_error_message=_("每项竞赛只有一名第一名（技术状元）。"),
            ),
            models.UniqueConstraint(
                fields=["competition", "contestant_name", "organisation"],
                name="result_unique_contestant_per_competition",
            ),
            models.CheckConstraint(
                condition=Q(grade_upgraded=True) | Q(new_grade=""),
                name="result_new_grade_only_when_upgraded",
                violation_error_message=_("未晋升技术等级时不应填写晋升后等级。"),
            ),
        ]
        indexes = [models.Index(fields=["rank"], name="result_rank")]

    def __str__(self):
        return f"{self.contestant_name} · {self.competition}"

    @property
    def is_champion(self) -> bool:
        """技术状元: first place of a citywide skills contest (see ResultQuerySet.champions)."""
        return (
            self.rank == 1
            and self.competition.kind == Competition.Kind.SKILLS
            and self.competition.level == Competition.Level.MUNICIPAL
        )


class OnlineCourseReport(models.Model):
    """How many of an enterprise's workers took the online safety course (网上安康课堂) of one
    安康杯 competition, as the enterprise reports it."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("安康杯竞赛"),
        on_delete=models.CASCADE,
        related_name="online_course_reports",
    )
    organisation = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="online_course_reports",
    )
    learners = models.PositiveIntegerField(_("参学人数"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "organisation__name"]
        verbose_name = _("网上安康课堂参学")
        verbose_name_plural = _("网上安康课堂参学")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "organisation"],
                name="online_course_report_once",
                violation_error_message=_("该企业在本竞赛的参学人数已有记录。"),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.competition}"

    def clean(self):
        super().clean()
        if self.competition_id and self.competition.kind != Competition.Kind.ANKANG:
            raise ValidationError({"competition": _("网上安康课堂只属于“安康杯”竞赛。")})
