"""Each competition figure of the annual review, computed from the records of its year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from competitions import figures
from competitions.models import Competition, OnlineCourseReport
from reports.registry import registry
from tests.competitions.factories import (
    CompetitionFactory,
    EnterpriseFactory,
    EntryFactory,
    ResultFactory,
    SkillsContestFactory,
)

pytestmark = pytest.mark.django_db

KEYS = [
    "innovation_enterprises",
    "innovation_workers",
    "suggestions",
    "innovations",
    "advanced_methods",
    "innovation_benefit_yuan",
    "citywide_skill_contests",
    "skill_contest_participants",
    "grade_upgrades",
    "skill_champions",
    "ankang_enterprises",
    "ankang_teams",
    "ankang_workers",
    "online_safety_learners",
]


def test_the_app_declares_its_figures_with_the_keys_of_the_annual_review():
    declared = {f.key: f for f in registry.figures() if f.owner == "competitions"}
    assert sorted(declared) == sorted(KEYS)
    assert declared["innovation_benefit_yuan"].money
    assert not declared["innovation_workers"].money
    assert {f.theme for f in declared.values()} == {"innovation", "skills", "safety"}


def test_innovation_figures_sum_the_entries_of_the_years_innovation_competitions():
    main = CompetitionFactory(kind=Competition.Kind.INNOVATION, year=2018)
    district = CompetitionFactory(kind=Competition.Kind.INNOVATION, year=2018)
    a = EntryFactory(
        competition=main,
        workers=100,
        suggestions=10,
        innovations=2,
        advanced_methods=1,
        economic_benefit_yuan=Decimal("1000.50"),
    )
    EntryFactory(
        competition=main,
        workers=50,
        suggestions=5,
        innovations=1,
        advanced_methods=0,
        economic_benefit_yuan=Decimal("99.50"),
    )
    # the same enterprise in a second innovation competition counts once as an enterprise
    EntryFactory(
        competition=district,
        organisation=a.organisation,
        workers=7,
        suggestions=0,
        innovations=0,
        advanced_methods=0,
        economic_benefit_yuan=0,
    )
    # neither another kind nor another year counts
    EntryFactory(competition=CompetitionFactory(kind=Competition.Kind.ANKANG, year=2018))
    EntryFactory(competition=CompetitionFactory(kind=Competition.Kind.INNOVATION, year=2017))

    assert figures.innovation_competitions(2018) == {
        "innovation_enterprises": 2,
        "innovation_workers": 157,
        "suggestions": 15,
        "innovations": 3,
        "advanced_methods": 1,
        "innovation_benefit_yuan": Decimal("1100.00"),
    }


def test_a_year_without_records_gives_zeros():
    values = {}
    for compute in (
        figures.innovation_competitions,
        figures.skills_contests,
        figures.skill_champions,
        figures.ankang_cup,
        figures.online_safety_course,
    ):
        values |= compute(2030)
    assert set(values) == set(KEYS)
    assert all(value == 0 for value in values.values())
    assert isinstance(values["innovation_benefit_yuan"], Decimal)


def test_innovation_figures_move_when_an_entry_is_corrected():
    entry = EntryFactory(workers=100, economic_benefit_yuan=500)
    assert figures.innovation_competitions(2018)["innovation_workers"] == 100
    entry.workers, entry.economic_benefit_yuan = 180, Decimal("750.25")
    entry.save()
    values = figures.innovation_competitions(2018)
    assert values["innovation_workers"] == 180
    assert values["innovation_benefit_yuan"] == Decimal("750.25")
    entry.delete()
    assert figures.innovation_competitions(2018)["innovation_enterprises"] == 0


def test_skills_figures_count_citywide_contests_and_sum_every_level():
    SkillsContestFactory(
        level=Competition.Level.MUNICIPAL, total_participants=1000, grade_upgrades=40
    )
    SkillsContestFactory(
        level=Competition.Level.MUNICIPAL, total_participants=500, grade_upgrades=10
    )
    county = SkillsContestFactory(
        level=Competition.Level.COUNTY, total_participants=300, grade_upgrades=5
    )
    SkillsContestFactory(level=Competition.Level.MUNICIPAL, year=2019, total_participants=9)
    CompetitionFactory(
        kind=Competition.Kind.LABOUR, level=Competition.Level.MUNICIPAL, total_participants=77
    )

    assert figures.skills_contests(2018) == {
        "citywide_skill_contests": 2,
        "skill_contest_participants": 1800,
        "grade_upgrades": 55,
    }
    county.total_participants = 400
    county.save()
    assert figures.skills_contests(2018)["skill_contest_participants"] == 1900


def test_champions_are_the_first_places_of_the_years_citywide_skills_contests():
    citywide = [SkillsContestFactory(level=Competition.Level.MUNICIPAL) for _ in range(3)]
    for contest in citywide[:2]:
        ResultFactory(competition=contest, rank=1)
        ResultFactory(competition=contest, rank=2)
    ResultFactory(competition=SkillsContestFactory(level=Competition.Level.COUNTY), rank=1)
    ResultFactory(competition=SkillsContestFactory(year=2017), rank=1)
    assert figures.skill_champions(2018) == {"skill_champions": 2}

    ResultFactory(competition=citywide[2], rank=1)
    assert figures.skill_champions(2018) == {"skill_champions": 3}


def test_ankang_figures_sum_the_entries_of_the_years_ankang_cup():
    cup = CompetitionFactory(kind=Competition.Kind.ANKANG)
    EntryFactory(competition=cup, teams=12, workers=300)
    entry = EntryFactory(competition=cup, teams=8, workers=200)
    EntryFactory(competition=CompetitionFactory(kind=Competition.Kind.INNOVATION), teams=99)
    assert figures.ankang_cup(2018) == {
        "ankang_enterprises": 2,
        "ankang_teams": 20,
        "ankang_workers": 500,
    }
    entry.teams = 10
    entry.save()
    assert figures.ankang_cup(2018)["ankang_teams"] == 22


@pytest.mark.parametrize(
    "compute",
    [
        figures.innovation_competitions,
        figures.skills_contests,
        figures.skill_champions,
        figures.ankang_cup,
    ],
)
def test_each_group_is_one_aggregate_query(compute, django_assert_num_queries):
    EntryFactory.create_batch(3)
    ResultFactory(rank=1)
    with django_assert_num_queries(1):
        compute(2018)


def test_online_course_learners_sum_the_reports_of_the_years_ankang_cup():
    ankang = CompetitionFactory(kind=Competition.Kind.ANKANG, year=2018)
    last_year = CompetitionFactory(kind=Competition.Kind.ANKANG, year=2017)
    for learners in (120, 80):
        OnlineCourseReport.objects.create(
            competition=ankang, organisation=EnterpriseFactory(), learners=learners
        )
    OnlineCourseReport.objects.create(
        competition=last_year, organisation=EnterpriseFactory(), learners=999
    )
    assert figures.online_safety_course(2018) == {"online_safety_learners": 200}
    assert figures.online_safety_course(2016) == {"online_safety_learners": 0}


def test_an_online_course_belongs_to_an_ankang_cup_only():
    report = OnlineCourseReport(
        competition=CompetitionFactory(kind=Competition.Kind.INNOVATION),
        organisation=EnterpriseFactory(),
        learners=5,
    )
    with pytest.raises(ValidationError) as refused:
        report.full_clean()
    assert refused.value.message_dict["competition"] == ["网上安康课堂只属于“安康杯”竞赛。"]
