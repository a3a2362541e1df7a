"""The competition figures of the annual review, each group one aggregate query.

A competition belongs to the year in its ``year`` field (a contest run from December into
January counts for the year it was organised for).
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from competitions.models import Competition, Entry, OnlineCourseReport, Result
from reports.registry import Figure, Theme, figure_group

INNOVATION = Q(competition__kind=Competition.Kind.INNOVATION)
ANKANG = Q(competition__kind=Competition.Kind.ANKANG)


def _int(value) -> int:
    return int(value or 0)


@figure_group(
    Figure(
        "innovation_enterprises",
        "创新升级竞赛参与企业",
        unit="家",
        theme=Theme.INNOVATION,
        definition="当年创新升级竞赛的参赛企业数（同一企业参加多项只计一次）。",
    ),
    Figure(
        "innovation_workers",
        "创新升级竞赛参与职工",
        unit="人",
        theme=Theme.INNOVATION,
        definition="当年创新升级竞赛各参赛企业申报的参与职工数之和。",
    ),
    Figure(
        "suggestions",
        "合理化建议",
        unit="条",
        theme=Theme.INNOVATION,
        definition="当年创新升级竞赛各参赛企业申报的合理化建议之和。",
    ),
    Figure(
        "innovations",
        "技术革新、技术攻关",
        unit="项",
        theme=Theme.INNOVATION,
        definition="当年创新升级竞赛各参赛企业申报的技术革新、技术攻关项目之和。",
    ),
    Figure(
        "advanced_methods",
        "先进操作法",
        unit="项",
        theme=Theme.INNOVATION,
        definition="当年创新升级竞赛各参赛企业总结推广的先进操作法之和。",
    ),
    Figure(
        "innovation_benefit_yuan",
        "创新升级竞赛创造经济效益",
        unit="元",
        theme=Theme.INNOVATION,
        money=True,
        definition="当年创新升级竞赛各参赛企业申报的经济效益之和。",
    ),
)
def innovation_competitions(year: int) -> dict:
    totals = Entry.objects.filter(INNOVATION, competition__year=year).aggregate(
        innovation_enterprises=Count("organisation", distinct=True),
        innovation_workers=Sum("workers"),
        suggestions=Sum("suggestions"),
        innovations=Sum("innovations"),
        advanced_methods=Sum("advanced_methods"),
        innovation_benefit_yuan=Sum("economic_benefit_yuan"),
    )
    benefit = totals.pop("innovation_benefit_yuan") or Decimal("0")
    return {
        **{key: _int(value) for key, value in totals.items()},
        "innovation_benefit_yuan": Decimal(benefit),
    }


@figure_group(
    Figure(
        "citywide_skill_contests",
        "全市性职业技能竞赛",
        unit="项",
        theme=Theme.SKILLS,
        definition="当年举办的市级职业技能竞赛项数。",
    ),
    Figure(
        "skill_contest_participants",
        "参加各类职业技能竞赛职工",
        unit="人",
        theme=Theme.SKILLS,
        definition="当年各级职业技能竞赛登记的参赛职工总数之和。",
    ),
    Figure(
        "grade_upgrades",
        "通过竞赛提升技术等级",
        unit="人",
        theme=Theme.SKILLS,
        definition="当年各级职业技能竞赛登记的晋升技术等级人数之和。",
    ),
)
def skills_contests(year: int) -> dict:
    totals = (
        Competition.objects.skills()
        .for_year(year)
        .aggregate(
            citywide_skill_contests=Count("pk", filter=Q(level=Competition.Level.MUNICIPAL)),
            skill_contest_participants=Sum("total_participants"),
            grade_upgrades=Sum("grade_upgrades"),
        )
    )
    return {key: _int(value) for key, value in totals.items()}


@figure_group(
    Figure(
        "skill_champions",
        "技术状元",
        unit="名",
        theme=Theme.SKILLS,
        definition="当年市级职业技能竞赛的第一名（技术状元）人数。",
    ),
)
def skill_champions(year: int) -> dict:
    totals = (
        Result.objects.champions()
        .filter(competition__year=year)
        .aggregate(skill_champions=Count("pk"))
    )
    return {"skill_champions": _int(totals["skill_champions"])}


@figure_group(
    Figure(
        "ankang_enterprises",
        "安康杯竞赛参赛企业",
        unit="家",
        theme=Theme.SAFETY,
        definition="当年安康杯竞赛的参赛企业数（同一企业只计一次）。",
    ),
    Figure(
        "ankang_teams",
        "安康杯竞赛参赛班组",
        unit="个",
        theme=Theme.SAFETY,
        definition="当年安康杯竞赛各参赛企业申报的参赛班组数之和。",
    ),
    Figure(
        "ankang_workers",
        "安康杯竞赛参赛职工",
        unit="人",
        theme=Theme.SAFETY,
        definition="当年安康杯竞赛各参赛企业申报的参赛职工数之和。",
    ),
)
def ankang_cup(year: int) -> dict:
    totals = Entry.objects.filter(ANKANG, competition__year=year).aggregate(
        ankang_enterprises=Count("organisation", distinct=True),
        ankang_teams=Sum("teams"),
        ankang_workers=Sum("workers"),
    )
    return {key: _int(value) for key, value in totals.items()}


@figure_group(
    Figure(
        "online_safety_learners",
        "参与“网上安康课堂”普及教育",
        unit="人",
        theme=Theme.SAFETY,
        definition="当年“安康杯”竞赛网上安康课堂各企业报送的参学人数之和。",
        aliases=("网上安康课堂",),
    ),
)
def online_safety_course(year: int) -> dict:
    totals = OnlineCourseReport.objects.filter(
        competition__kind=Competition.Kind.ANKANG, competition__year=year
    ).aggregate(online_safety_learners=Sum("learners"))
    return {"online_safety_learners": _int(totals["online_safety_learners"])}
