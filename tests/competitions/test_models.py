"""The rules the database keeps, whatever writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from competitions.models import Competition, Entry, Result
from tests.competitions.factories import (
    CompetitionFactory,
    EntryFactory,
    ResultFactory,
    SkillsContestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "field",
    ["workers", "teams", "suggestions", "innovations", "advanced_methods", "economic_benefit_yuan"],
)
def test_the_database_refuses_a_negative_figure_on_an_entry(field):
    entry = EntryFactory()
    Entry.objects.filter(pk=entry.pk).update(**{field: 0})  # zero is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(**{field: -1})


def test_an_enterprise_enters_a_competition_only_once():
    entry = EntryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(competition=entry.competition, organisation=entry.organisation)
    # ... but may enter another competition
    Entry.objects.create(competition=CompetitionFactory(), organisation=entry.organisation)


def test_a_competition_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetitionFactory(
            start_date=datetime.date(2018, 5, 10), end_date=datetime.date(2018, 5, 9)
        )
    CompetitionFactory(start_date=datetime.date(2018, 5, 10), end_date=datetime.date(2018, 5, 10))


@pytest.mark.parametrize("field", ["total_participants", "grade_upgrades"])
def test_a_skills_contest_cannot_record_negative_totals(field):
    contest = SkillsContestFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Competition.objects.filter(pk=contest.pk).update(**{field: -5})


def test_the_same_competition_name_is_used_once_a_year():
    CompetitionFactory(name="全市职工创新升级竞赛", year=2018)
    CompetitionFactory(name="全市职工创新升级竞赛", year=2019)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetitionFactory(name="全市职工创新升级竞赛", year=2018)


def test_a_rank_must_be_positive():
    result = ResultFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(pk=result.pk).update(rank=0)


def test_a_contest_has_one_first_place_only():
    first = ResultFactory(rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultFactory(competition=first.competition, rank=1)


def test_a_new_grade_needs_an_upgrade():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultFactory(grade_upgraded=False, new_grade="技师")
    assert ResultFactory(grade_upgraded=True, new_grade="技师").new_grade == "技师"


def test_the_first_place_of_a_citywide_skills_contest_is_its_champion():
    citywide = SkillsContestFactory(level=Competition.Level.MUNICIPAL)
    county = SkillsContestFactory(level=Competition.Level.COUNTY)
    champion = ResultFactory(competition=citywide, rank=1)
    ResultFactory(competition=citywide, rank=2)
    ResultFactory(competition=county, rank=1)
    ResultFactory(competition=CompetitionFactory(kind=Competition.Kind.LABOUR), rank=1)

    assert list(Result.objects.champions()) == [champion]
    assert champion.is_champion
    assert not Result.objects.get(competition=county).is_champion


def test_changes_are_kept_in_the_audit_trail():
    entry = EntryFactory(workers=100)
    entry.workers = 120
    entry.save()
    assert [h.workers for h in entry.history.order_by("history_date")] == [100, 120]
