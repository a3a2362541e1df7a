from datetime import timedelta

import pytest
from django.utils import timezone

from reports.models import StaleYear
from reports.services import rollup_mark_stale

pytestmark = pytest.mark.django_db


def test_an_import_marks_its_years_as_stale_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        rollup_mark_stale(years=[2018, 2017, 2018])
    rollup_mark_stale(years={2018})
    assert sorted(StaleYear.objects.values_list("year", flat=True)) == [2017, 2018]


def test_marking_again_moves_the_mark_forward():
    rollup_mark_stale(years=[2018])
    StaleYear.objects.update(stale_since=timezone.now() - timedelta(days=1))
    rollup_mark_stale(years=[2018])
    assert StaleYear.objects.get(year=2018).stale_since > timezone.now() - timedelta(minutes=1)


def test_marking_no_year_does_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        rollup_mark_stale(years=[])
