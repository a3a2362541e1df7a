"""Recording entries and results through the services keeps the rules and the figures fresh."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from competitions.models import Entry
from competitions.services import entry_record, result_record
from reports.models import StaleYear
from tests.competitions.factories import CompetitionFactory, EnterpriseFactory, SkillsContestFactory

pytestmark = pytest.mark.django_db


def test_an_entry_is_recorded_then_corrected_and_its_year_marked_stale(
    django_capture_on_commit_callbacks,
):
    contest, works = CompetitionFactory(year=2017), EnterpriseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        entry_record(competition=contest, organisation=works, workers=10, economic_benefit_yuan=5)
        entry = entry_record(competition=contest, organisation=works, workers=12, suggestions=3)
    assert Entry.objects.count() == 1
    assert (entry.workers, entry.suggestions, entry.economic_benefit_yuan) == (12, 3, Decimal(0))
    assert list(StaleYear.objects.values_list("year", flat=True)) == [2017]


def test_a_negative_figure_is_refused_before_the_database():
    with pytest.raises(ValidationError) as error:
        entry_record(competition=CompetitionFactory(), organisation=EnterpriseFactory(), teams=-1)
    assert error.value.message_dict == {"teams": ["不能为负数。"]}
    assert not Entry.objects.exists()


def test_a_result_is_recorded_once_per_contestant(django_capture_on_commit_callbacks):
    contest, works = SkillsContestFactory(), EnterpriseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        result_record(competition=contest, contestant_name=" 王建国 ", organisation=works, rank=2)
        result = result_record(
            competition=contest,
            contestant_name="王建国",
            organisation=works,
            rank=1,
            prize="first",
            grade_upgraded=True,
            new_grade="技师",
        )
    assert contest.results.count() == 1
    assert result.is_champion and result.new_grade == "技师"
    assert StaleYear.objects.filter(year=2018).exists()
