"""The rollup computes every figure of a year into a snapshot, safely and idempotently."""

from decimal import Decimal

import pytest

from organizations.models import Organization
from reports.models import RollupRun, Snapshot, StaleYear
from reports.services import YearLock, entered_figure_set, rollup_compute, rollup_mark_stale
from tests.reports.factories import EnteredFigureFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_rollup_computes_the_records_and_adds_the_entered_figures(test_figures):
    OrganizationFactory.create_batch(3)
    OrganizationFactory(kind=Organization.Kind.TEAM)
    OrganizationFactory(industry="2017")
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


def test_change_a_record_recompute_and_the_figure_moves(test_figures):
    OrganizationFactory.create_batch(2)
    rollup_compute(year=2018)
    OrganizationFactory()

    result = rollup_compute(year=2018)

    assert Snapshot.objects.of_year(2018).first().values["test_enterprises"] == 3
    assert result.changed_keys == ["test_enterprises", "test_grant_yuan"]


def test_history_keeps_earlier_snapshots_and_the_latest_is_current(test_figures):
    OrganizationFactory()
    first = rollup_compute(year=2018).snapshot_id
    OrganizationFactory()
    second = rollup_compute(year=2018).snapshot_id
    rollup_compute(year=2017)

    assert list(Snapshot.objects.of_year(2018).values_list("pk", flat=True)) == [second, first]
    current = Snapshot.objects.current()
    assert sorted(current.values_list("year", "pk")) == sorted(
        [(2018, second), (2017, Snapshot.objects.get(year=2017).pk)]
    )
    assert Snapshot.objects.get(pk=second).changed_keys == ["test_enterprises", "test_grant_yuan"]


def test_recomputing_unchanged_records_writes_no_new_snapshot(test_figures):
    OrganizationFactory.create_batch(2)
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
    OrganizationFactory.create_batch(size)
    OrganizationFactory.create_batch(size, kind=Organization.Kind.TEAM)
    EnteredFigureFactory()
    EnteredFigureFactory(key="test_trainings", value=size)
    # run created, group aggregate, district breakdown, entered figures, previous snapshot,
    # savepoint + release, snapshot insert, stale marks deleted, run updated
    # [+ the advisory lock on PostgreSQL]
    from django.db import connection

    expected = 10 + (connection.vendor == "postgresql")
    with django_assert_num_queries(expected):
        rollup_compute(year=2018)


def test_a_second_run_is_refused_while_the_first_holds_the_lock(test_figures):
    OrganizationFactory()
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
    assert YearLock(2018).acquire()


def test_a_run_that_dies_halfway_keeps_the_previous_snapshot(test_figures, monkeypatch):
    OrganizationFactory()
    previous = rollup_compute(year=2018).snapshot_id
    OrganizationFactory()

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
    assert YearLock(2018).acquire()  # the lock did not stay behind


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
