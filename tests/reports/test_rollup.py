"""The rollup computes every figure of a year into a snapshot, safely and idempotently."""

import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from organizations.models import Organization
from reports.models import RollupRun, Snapshot, StaleYear
from reports.services import YearLock, entered_figure_set, rollup_compute, rollup_mark_stale
from tests.reports.factories import CountedEnterpriseFactory, EnteredFigureFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_a_rollup_computes_the_records_and_adds_the_entered_figures(test_figures):
    CountedEnterpriseFactory.create_batch(3)
    CountedEnterpriseFactory(kind=Organization.Kind.TEAM)
    CountedEnterpriseFactory(industry="2017")
    EnteredFigureFactory(value=30000, source="年度工作总结")

    result = rollup_compute(year=2018)

    snapshot = Snapshot.objects.get(pk=result.snapshot_id)
    assert result.status == "changed"
    assert snapshot.decoded_values() == {
        "test_enterprises": 3,
        "test_teams": 1,
        "test_grant_yuan": Decimal("10885.50"),
        "test_contracts": 30000,
    }
    assert snapshot.values["test_grant_yuan"] == "10885.5"  # money as an exact decimal string
    assert snapshot.sources == {"test_contracts": "年度工作总结"}


def test_an_entered_value_stands_for_a_year_whose_records_are_incomplete(test_figures):
    """A computed figure entered for a year: its value and source replace the computed ones,
    and the by-district split of the records (which would not add up to it) is left out."""
    CountedEnterpriseFactory.create_batch(2)
    EnteredFigureFactory(key="test_enterprises", value=120, source="年度统计报表")

    snapshot = Snapshot.objects.get(pk=rollup_compute(year=2018).snapshot_id)

    assert snapshot.decoded_values()["test_enterprises"] == 120
    assert snapshot.decoded_values()["test_teams"] == 0  # the others still computed
    assert snapshot.sources == {"test_enterprises": "年度统计报表"}
    assert "test_enterprises" not in snapshot.breakdowns


def test_change_a_record_recompute_and_the_figure_moves(test_figures):
    CountedEnterpriseFactory.create_batch(2)
    rollup_compute(year=2018)
    CountedEnterpriseFactory()

    result = rollup_compute(year=2018)

    assert Snapshot.objects.of_year(2018).first().values["test_enterprises"] == 3
    assert result.changed_keys == ["test_enterprises", "test_grant_yuan"]


def test_history_keeps_earlier_snapshots_and_the_latest_is_current(test_figures):
    CountedEnterpriseFactory()
    first = rollup_compute(year=2018).snapshot_id
    CountedEnterpriseFactory()
    second = rollup_compute(year=2018).snapshot_id
    rollup_compute(year=2017)

    assert list(Snapshot.objects.of_year(2018).values_list("pk", flat=True)) == [second, first]
    current = Snapshot.objects.current()
    assert sorted(current.values_list("year", "pk")) == sorted(
        [(2018, second), (2017, Snapshot.objects.get(year=2017).pk)]
    )
    assert Snapshot.objects.get(pk=second).changed_keys == ["test_enterprises", "test_grant_yuan"]


def test_recomputing_unchanged_records_writes_no_new_snapshot(test_figures):
    CountedEnterpriseFactory.create_batch(2)
    first = rollup_compute(year=2018)
    again = rollup_compute(year=2018)

    assert again.status == "unchanged"
    assert again.snapshot_id == first.snapshot_id
    assert again.changed_keys == []
    assert Snapshot.objects.count() == 1
    assert list(RollupRun.objects.values_list("status", flat=True)) == ["unchanged", "changed"]


def test_a_corrected_source_makes_a_new_snapshot(test_figures):
    EnteredFigureFactory(source="草稿")
    rollup_compute(year=2018)
    entered_figure_set(year=2018, key="test_contracts", value=30000, source="年度工作总结")
    result = rollup_compute(year=2018)
    assert result.status == "changed"
    assert result.changed_keys == ["test_contracts"]


@pytest.mark.parametrize("size", [5, 60])
def test_the_number_of_queries_does_not_grow_with_the_records(
    test_figures, django_assert_num_queries, size
):
    CountedEnterpriseFactory.create_batch(size)
    CountedEnterpriseFactory.create_batch(size, kind=Organization.Kind.TEAM)
    EnteredFigureFactory()
    EnteredFigureFactory(key="test_trainings", value=size)
    # abandoned runs marked, run created, group aggregate, district breakdown, entered figures,
    # previous snapshot, savepoint + release, snapshot insert, stale marks deleted, run updated
    # (the lock is taken on a connection of its own on PostgreSQL, on a file elsewhere)
    with django_assert_num_queries(11):
        rollup_compute(year=2018)


def test_a_second_run_is_refused_while_the_first_holds_the_lock(test_figures):
    CountedEnterpriseFactory()
    first_run = YearLock(2018)
    assert first_run.acquire()
    try:
        result = rollup_compute(year=2018)
    finally:
        first_run.release()

    assert result.status == "skipped"
    assert not Snapshot.objects.exists()
    assert RollupRun.objects.get().status == RollupRun.Status.SKIPPED
    assert rollup_compute(year=2018).status == "changed"  # released: the next run goes ahead


def test_the_lock_is_released_only_by_its_owner(test_figures):
    owner, intruder = YearLock(2018), YearLock(2018)
    assert owner.acquire()
    assert not intruder.acquire()
    intruder.release()
    assert not YearLock(2018).acquire()
    owner.release()
    with YearLock(2018) as taken:
        assert taken


def test_a_run_that_dies_halfway_keeps_the_previous_snapshot(test_figures, monkeypatch):
    CountedEnterpriseFactory()
    previous = rollup_compute(year=2018).snapshot_id
    CountedEnterpriseFactory()

    def broken(year):
        raise RuntimeError("数据库连接中断")

    group = next(g for g in test_figures.groups())
    monkeypatch.setattr(group, "compute", broken)
    with pytest.raises(RuntimeError):
        rollup_compute(year=2018)

    assert Snapshot.objects.of_year(2018).first().pk == previous
    failed = RollupRun.objects.filter(status=RollupRun.Status.FAILED).get()
    assert "数据库连接中断" in failed.error
    assert failed.finished_at is not None
    with YearLock(2018) as taken:
        assert taken  # the lock did not stay behind


def test_a_group_returning_the_wrong_keys_fails_loudly(test_figures, monkeypatch):
    group = next(g for g in test_figures.groups())
    monkeypatch.setattr(group, "compute", lambda year: {"test_enterprises": 1})
    with pytest.raises(ValueError, match="test_teams"):
        rollup_compute(year=2018)
    assert not Snapshot.objects.exists()


def test_a_rollup_clears_the_stale_mark(test_figures):
    rollup_mark_stale(years=[2018, 2017])
    rollup_compute(year=2018)
    assert list(StaleYear.objects.values_list("year", flat=True)) == [2017]


def test_who_asked_is_recorded(test_figures):
    user = UserFactory()
    result = rollup_compute(year=2018, requested_by=user)
    assert Snapshot.objects.get(pk=result.snapshot_id).requested_by == user
    assert RollupRun.objects.get(pk=result.run_id).requested_by == user


def test_a_run_left_running_by_a_dead_worker_is_marked_abandoned_by_the_next(test_figures):
    CountedEnterpriseFactory()
    # What a worker killed mid-run leaves: its run "running", no snapshot, no lock.
    dead = RollupRun.objects.create(year=2018, status=RollupRun.Status.RUNNING)
    other_year = RollupRun.objects.create(year=2017, status=RollupRun.Status.RUNNING)

    result = rollup_compute(year=2018)

    assert result.status == "changed"
    assert Snapshot.objects.get(year=2018).values["test_enterprises"] == 1
    dead.refresh_from_db()
    assert dead.status == RollupRun.Status.ABANDONED
    assert dead.get_status_display() == "已中断（计算进程意外退出）"
    assert "中途退出" in dead.error
    other_year.refresh_from_db()
    assert other_year.status == RollupRun.Status.RUNNING  # another year's lock, not ours


def test_a_run_still_holding_the_lock_is_not_marked_abandoned(test_figures):
    alive = RollupRun.objects.create(year=2018, status=RollupRun.Status.RUNNING)
    with YearLock(2018) as taken:
        assert taken
        assert rollup_compute(year=2018).status == "skipped"
    alive.refresh_from_db()
    assert alive.status == RollupRun.Status.RUNNING


def _database_url_of_this_test(tmp_path) -> str:
    """The database this test uses, as a URL another process can open; SQLite's in-memory test
    database cannot be shared, so processes meet in a file (a lock needs no tables)."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'locks.sqlite3'}"
    # DATABASE_URL's server, the test database's name (as tests/portal_server.py does)
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]


def _manage_shell(code: str, env: dict, **popen) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "--verbosity=0", "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        **popen,
    )


def _lock_free(env: dict) -> bool:
    probe = _manage_shell(
        "from reports.services import YearLock\n"
        "lock = YearLock(2018)\nprint(lock.acquire())\nlock.release()",
        env,
    )
    out, _ = probe.communicate(timeout=60)
    return out.strip() == "True"


def test_the_lock_of_a_killed_process_is_free_at_once(tmp_path):
    """A worker killed mid-run (OOM, a redeploy) takes the year's lock with it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unionportal.settings",
        "DATABASE_URL": _database_url_of_this_test(tmp_path),
    }
    holder = _manage_shell(
        "from reports.services import YearLock\nimport time\n"
        "lock = YearLock(2018)\nprint(lock.acquire(), flush=True)\ntime.sleep(120)",
        env,
    )
    try:
        assert holder.stdout.readline().strip() == "True"
        assert not _lock_free(env)  # held by a live process: nobody else gets it
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        assert _lock_free(env)  # no key to delete by hand, no expiry to wait for
    finally:
        holder.kill()
        holder.wait(timeout=30)
        holder.stdout.close()
