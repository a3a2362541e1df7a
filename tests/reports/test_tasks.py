"""Celery: a year's rollup as a task, and the nightly run choosing which years to recompute."""

from datetime import date

import pytest

from reports import tasks
from reports.models import RollupRun, Snapshot
from reports.selectors import years_to_recompute
from reports.services import rollup_enqueue, rollup_mark_stale
from tests.reports.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_nightly_run_picks_this_year_last_year_and_stale_years():
    rollup_mark_stale(years=[2016, 2024])
    assert years_to_recompute(today=date(2025, 3, 1)) == [2016, 2024, 2025]


def test_the_nightly_task_enqueues_each_year_once_on_commit(
    test_figures, monkeypatch, django_capture_on_commit_callbacks
):
    rollup_mark_stale(years=[2017])
    monkeypatch.setattr(tasks.selectors, "years_to_recompute", lambda: [2017, 2025, 2026])
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recompute_recent_years() == [2017, 2025, 2026]
    assert RollupRun.objects.count() == 3
    assert sorted(Snapshot.objects.values_list("year", flat=True)) == [2017, 2025, 2026]


def test_the_rollup_task_computes_the_year_for_who_asked(test_figures):
    user = UserFactory()
    OrganizationFactory.create_batch(2)
    result = tasks.rollup_year.delay(2018, requested_by_id=user.pk).get()
    assert result["status"] == "changed"
    assert Snapshot.objects.get(year=2018).values["test_enterprises"] == 2
    assert RollupRun.objects.get().requested_by == user


def test_enqueueing_waits_for_the_commit(test_figures, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rollup_enqueue(years=[2018, 2018])
    assert len(callbacks) == 1
    assert not Snapshot.objects.exists()  # nothing ran before the commit


def test_the_rollup_task_retries_transient_errors():
    from django.db import OperationalError

    assert OperationalError in tasks.rollup_year.autoretry_for
    assert tasks.rollup_year.acks_late
    assert tasks.rollup_year.retry_backoff
    assert tasks.rollup_year.time_limit and tasks.rollup_year.soft_time_limit


def test_the_beat_schedule_names_the_nightly_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["recompute-recent-years"]
    assert entry["task"] == tasks.recompute_recent_years.name
