from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from reports.models import StaleYear
from reports.services import figures_changed, rollup_mark_stale

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


def test_figures_changed_marks_the_years_once_the_write_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        figures_changed(years=[2018, None, 2017, 2018])
        assert not StaleYear.objects.exists()  # not before the commit
    assert sorted(StaleYear.objects.values_list("year", flat=True)) == [2017, 2018]


def test_a_write_that_is_rolled_back_marks_no_year(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                figures_changed(years=[2018])
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass
    assert not StaleYear.objects.exists()
