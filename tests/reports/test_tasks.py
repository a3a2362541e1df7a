"""Celery: a year's rollup as a task, and the nightly run choosing which years to recompute."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from reports import tasks
from reports.models import RollupRun, Snapshot
from reports.selectors import years_to_recompute
from reports.services import RollupLocked, YearLock, rollup_enqueue, rollup_mark_stale
from tests.reports.factories import CountedEnterpriseFactory, UserFactory
from tests.reports.slow_figure import SLOW_YEAR
from unionportal.celery import app as celery_app

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


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
    CountedEnterpriseFactory.create_batch(2)
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


def test_a_rollup_that_finds_the_year_locked_is_retried_and_never_reported_done(
    test_figures, monkeypatch
):
    CountedEnterpriseFactory()
    # As a worker does: the outcome is recorded, not raised into the caller (eager retries run
    # at once, one after the other, instead of after their delays).
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
    with YearLock(2018) as taken:  # another run is computing 2018
        assert taken
        result = tasks.rollup_year.apply(args=(2018,))

    assert result.state == "FAILURE"
    assert isinstance(result.result, RollupLocked)
    attempts = RollupRun.objects.filter(year=2018, status=RollupRun.Status.SKIPPED).count()
    assert attempts == tasks.rollup_year.max_retries + 1  # tried again and again, then failed
    assert not Snapshot.objects.exists()
    assert tasks.rollup_year.apply(args=(2018,)).get()["status"] == "changed"  # lock free


def _celery_worker(env: dict, queue: str, log: Path) -> subprocess.Popen:
    """A worker of our app taking the tasks of ``queue`` only, once it answers a ping (a task
    sent before it has declared its queue would be routed nowhere)."""
    name = f"{queue}-{uuid.uuid4().hex[:6]}@localhost"
    with open(log, "a") as output:
        worker = subprocess.Popen(  # noqa: S603 - our own Celery app
            [
                str(BIN / "celery"),
                "-A",
                "unionportal",
                "worker",
                "-P",
                "solo",
                "-Q",
                queue,
                "--include",
                "tests.reports.slow_figure",
                "--hostname",
                name,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    _wait_until(
        lambda: worker.poll() is not None or celery_app.control.ping([name], timeout=0.5),
        "the worker to start",
    )
    assert worker.poll() is None, log.read_text()
    return worker


def _wait_until(condition, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@pytest.mark.celery_integration
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real broker")
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="a worker process shares the test database on PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
def test_a_rollup_whose_worker_is_killed_is_rerun_without_any_cleanup(tmp_path, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    database = connection.settings_dict
    marker, log = tmp_path / "slow-rollup-running", tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unionportal.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database["NAME"],
        "ROLLUP_SLOW_MARKER": str(marker),
    }
    queue = f"rollup-test-{uuid.uuid4().hex}"  # only the workers started here take its tasks
    first = _celery_worker(env, queue, log)
    second = None
    try:
        tasks.rollup_year.apply_async((SLOW_YEAR,), queue=queue)
        _wait_until(marker.exists, "the rollup to be under way in the worker")
        assert RollupRun.objects.get(year=SLOW_YEAR).status == RollupRun.Status.RUNNING

        first.send_signal(signal.SIGKILL)  # out of memory, or a redeploy
        first.wait(timeout=30)
        marker.unlink()
        assert RollupRun.objects.get(year=SLOW_YEAR).status == RollupRun.Status.RUNNING
        assert not Snapshot.objects.filter(year=SLOW_YEAR).exists()

        # Nobody deletes a key or edits a record: the year is simply asked for again.
        second = _celery_worker({**env, "ROLLUP_SLOW_MARKER": ""}, queue, log)
        tasks.rollup_year.apply_async((SLOW_YEAR,), queue=queue)
        _wait_until(
            lambda: RollupRun.objects.filter(
                year=SLOW_YEAR, status=RollupRun.Status.CHANGED
            ).exists(),
            "the rerun to finish",
        )
    finally:
        _stop(first)
        if second is not None:
            _stop(second)

    runs = RollupRun.objects.filter(year=SLOW_YEAR).order_by("pk")
    assert [run.status for run in runs] == [
        RollupRun.Status.ABANDONED,
        RollupRun.Status.CHANGED,
    ], log.read_text()
    assert Snapshot.objects.get(year=SLOW_YEAR).values["test_slow_figure"] == 1
