import functools

from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

YEAR_MIN, YEAR_MAX = 1950, 2100


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    COLLECTIVE = "collective", _("集体")
    FEDERATION = "federation", _("本会（市总工会）")


class HonourType(models.Model):
    """An honour title staff can award, e.g. 五一劳动奖章. The list is editable in the admin.

    Figures filter on ``code``, never on the Chinese name, so that renaming a type in the admin
    does not change what the annual rollup counts.
    """

    class Category(models.TextChoices):
        MODEL_WORKER = "model_worker", _("劳动模范")
        MAY_DAY = "may_day", _("五一劳动奖")
        PIONEER = "pioneer", _("工人先锋号")
        READING = "reading", _("职工书屋与书香")
        MORAL = "moral", _("道德模范与文明职工")
        SKILL = "skill", _("技术能手")
        OTHER = "other", _("其他荣誉")

    RecipientKind = RecipientKind

    code = models.SlugField(
        _("代码"), max_length=50, unique=True, help_text=_("统计口径使用，勿改。")
    )
    name = models.CharField(_("名称"), max_length=100, unique=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    recipient_kind = models.CharField(
        _("授予对象"),
        max_length=20,
        choices=RecipientKind.choices,
        blank=True,
        help_text=_("留空表示个人、集体均可。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("荣誉类型")
        verbose_name_plural = _("荣誉类型")

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def with_model_worker_flag(self):
        """Annotate ``is_model_worker``: derived from the honours, so it can never go stale."""
        return self.annotate(
            is_model_worker=Exists(
                Honour.objects.filter(
                    person=OuterRef("pk"),
                    honour_type__category=HonourType.Category.MODEL_WORKER,
                )
            )
        )

    def model_workers(self):
        return self.with_model_worker_flag().filter(is_model_worker=True)


class Person(models.Model):
    """A model worker (劳模) or another individual honouree."""

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    # No index of its own: the unique (name, workplace) leads with the name and serves every
    # look-up by name (the import's matching, the admin's order), and one index fewer is
    # maintained by every insert (bench/import_honours.py).
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    workplace = models.CharField(_("工作单位"), max_length=200, blank=True)
    workplace_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("工作单位（关联）"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="honoured_people",
    )
    occupation = models.CharField(_("职务/工种"), max_length=100, blank=True)
    photo = models.ImageField(_("照片"), upload_to="honors/people/", blank=True)
    photo_consent = models.BooleanField(
        _("同意公开照片"), default=False, help_text=_("未经本人同意，公开页面只显示占位图。")
    )
    biography = models.TextField(_("事迹简介"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # No index on the history rows' name and workplace organisation: nothing looks history up by
    # them (the admin's history page goes by the record's id), and each cost every import.
    history = HistoricalRecords(no_db_index=["name", "workplace_organization"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("人物")
        verbose_name_plural = _("人物（劳模及获奖个人）")
        constraints = [
            # Imports match people by name + workplace, so that pair must name one person.
            models.UniqueConstraint(
                fields=["name", "workplace"],
                name="person_unique_name_workplace",
                violation_error_message=_("同一工作单位已有同名人物，请勿重复登记。"),
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=YEAR_MAX),
                name="person_birth_year_in_range",
                violation_error_message=_("出生年份不合理。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.workplace}）" if self.workplace else self.name

    @property
    def public_photo(self):
        """The photo, only when the person agreed to show it."""
        return self.photo if self.photo and self.photo_consent else None


class HonourQuerySet(models.QuerySet):
    def with_level_rank(self):
        return self.annotate(level_rank=Honour.Level.rank_expression())

    def for_year(self, year: int):
        return self.filter(year=year)

    def at_least(self, level: str):
        return self.filter(level__in=Honour.Level.at_least(level))


class Honour(models.Model):
    """One honour given to a person, a collective or the federation itself in one year."""

    class Level(models.TextChoices):
        # Declared from the highest level down: ``at_least`` relies on this order.
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        COUNTY = "county", _("县（市、区）级")

        @classmethod
        def at_least(cls, level: str) -> list[str]:
            """The levels as high as ``level`` or higher: ``level__in=Level.at_least(...)``."""
            values = [member.value for member in cls]
            return values[: values.index(level) + 1]

        @classmethod
        def rank_expression(cls):
            """0 for national … 3 for county, for ordering in the database."""
            return Case(
                *(When(level=member.value, then=Value(rank)) for rank, member in enumerate(cls)),
                default=Value(len(cls)),
                output_field=IntegerField(),
            )

    RecipientKind = RecipientKind
    # value -> label (lazy: translated when shown), for __str__: an import names thousands of rows
    LEVEL_LABELS = {member.value: member.label for member in Level}

    # honour_type, person and organization have no single-column index of their own: an index
    # leading with each serves every look-up by it (honour_type_year_idx, and the partial unique
    # rules on person and on organization, which hold every honour whose key is not null), the
    # deletion checks of a type, a person or an organisation included; one index fewer each is
    # maintained by every insert (bench/import_honours.py).
    honour_type = models.ForeignKey(
        HonourType,
        verbose_name=_("荣誉类型"),
        on_delete=models.PROTECT,
        related_name="honours",
        db_index=False,
    )
    title = models.CharField(
        _("荣誉名称"),
        max_length=200,
        blank=True,
        help_text=_("具体称号，如“全省工会财务工作先进集体”；授予本会的荣誉必填。"),
    )
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年份"))
    awarded_on = models.DateField(_("授予日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    awarding_body = models.CharField(_("授予机关"), max_length=200, blank=True)
    recipient_kind = models.CharField(
        _("获奖对象类型"), max_length=20, choices=RecipientKind.choices
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("获奖个人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
        db_index=False,
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("获奖集体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
        db_index=False,
    )
    workplace = models.CharField(_("时任工作单位"), max_length=200, blank=True)
    district = models.ForeignKey(
        "organizations.District",
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    citation = models.TextField(_("事迹简介"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # No index on the history rows' copies of the foreign keys: nothing looks history up by them
    # (the admin's history page goes by the record's id), and each cost every import
    # (bench/import_honours.py).
    history = HistoricalRecords(no_db_index=["honour_type", "person", "organization", "district"])
    objects = HonourQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "honour_type__order", "pk"]
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        recipient_kind=RecipientKind.INDIVIDUAL,
                        person__isnull=False,
                        organization__isnull=True,
                    )
                    | Q(
                        recipient_kind=RecipientKind.COLLECTIVE,
                        person__isnull=True,
                        organization__isnull=False,
                    )
                    | Q(
                        recipient_kind=RecipientKind.FEDERATION,
                        person__isnull=True,
                        organization__isnull=True,
                    )
                ),
                name="honour_recipient_matches_kind",
                violation_error_message=_(
                    "获奖对象与类型不符：个人荣誉只选获奖个人，集体荣誉只选获奖集体，授予本会的荣誉两者都不选。"
                ),
            ),
            models.UniqueConstraint(
                fields=["person", "honour_type", "level", "year"],
                condition=Q(person__isnull=False),
                name="honour_unique_per_person_type_level_year",
                violation_error_message=_("此人同一年份、同一级别的这项荣誉已经登记过。"),
            ),
            models.UniqueConstraint(
                fields=["organization", "honour_type", "level", "year"],
                condition=Q(organization__isnull=False),
                name="honour_unique_per_organization_type_level_year",
                violation_error_message=_("该集体同一年份、同一级别的这项荣誉已经登记过。"),
            ),
            # The federation receives many honours of the generic type in one year: its
            # honours are told apart by their title.
            models.UniqueConstraint(
                fields=["honour_type", "level", "year", "title"],
                condition=Q(recipient_kind=RecipientKind.FEDERATION),
                name="honour_unique_federation_type_level_year_title",
                violation_error_message=_("本会同一年份、同一级别、同一荣誉名称的荣誉已经登记过。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="honour_year_in_range",
                violation_error_message=_("年份应在 1950–2100 之间。"),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "level"], name="honour_year_level_idx"),
            models.Index(fields=["honour_type", "year"], name="honour_type_year_idx"),
            models.Index(fields=["recipient_kind", "year"], name="honour_kind_year_idx"),
        ]

    def __str__(self):
        level = _level_label(self.level, get_language())
        return f"{self.year}年{level}{self.honour_type.name}：{self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        if self.recipient_kind == RecipientKind.INDIVIDUAL and self.person is not None:
            return self.person.name
        if self.recipient_kind == RecipientKind.COLLECTIVE and self.organization is not None:
            return self.organization.name
        return self.title or str(_("市总工会"))


@functools.lru_cache(maxsize=64)
def _level_label(level: str, language: str | None) -> str:
    """A level's label in the active language, translated once per language: an import names
    each honour it writes in the admin log, and translating the level again for each took
    three fifths of naming 10,000 honours (30 of 48 ms)."""
    return str(Honour.LEVEL_LABELS.get(level, level))


class FederationRecognition(models.Model):
    """Recognition of the federation's own work beyond honours: an on-site meeting of the
    province (or higher) held in the city, or one of its work experiences promoted at
    provincial level or above (现场会在通召开, 工作经验交流推广)."""

    class Kind(models.TextChoices):
        MEETING_HOSTED = "meeting_hosted", _("现场会在本市召开")
        EXPERIENCE_PROMOTED = "experience_promoted", _("工作经验交流推广")

    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=20, choices=Honour.Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    held_on = models.DateField(_("日期"), null=True, blank=True)
    title = models.CharField(_("名称"), max_length=200)
    convened_by = models.CharField(_("召开/推广单位"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind", "title"]
        verbose_name = _("本会工作受表彰推广")
        verbose_name_plural = _("本会工作受表彰推广")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "title"],
                name="recognition_once_a_year",
                violation_error_message=_("同一年度同一类别已有同名记录。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="recognition_year_plausible",
            ),
        ]
        indexes = [models.Index(fields=["year", "kind"], name="recognition_year_kind")]

    def __str__(self):
        return f"{self.title}（{self.year}）"


class ModelWorkerActivity(models.Model):
    """A themed activity of the model workers' party branches and groups (劳模党支部、劳模小组)."""

    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    organiser = models.CharField(_("组织者"), max_length=100, help_text=_("如：某某劳模党支部。"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    district = models.ForeignKey(
        "organizations.District",
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("劳模主题活动")
        verbose_name_plural = _("劳模主题活动")
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "held_on", "title"],
                name="model_worker_activity_once",
                violation_error_message=_("该组织者当天的同名活动已有记录。"),
            ),
        ]
        indexes = [models.Index(fields=["held_on"], name="model_worker_activity_held")]

    def __str__(self):
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"
