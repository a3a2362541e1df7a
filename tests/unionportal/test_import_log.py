"""The admin log of an import: an entry for every record it wrote, written whole or not at all."""

import pytest
import tablib
from django.contrib.admin.models import ADDITION, LogEntry

from honors.resources import HonourResource
from tests.honors.factories import DistrictFactory
from unionportal import bulk
from unionportal.spreadsheets import services

pytestmark = pytest.mark.django_db

HEADER = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "区划"]


@pytest.fixture
def imported(admin_user):
    DistrictFactory(name="崇川区")
    rows = [[2018, "五一劳动奖章", "市级", "个人", f"职工{n}", "甲厂", "崇川区"] for n in range(5)]
    result = HonourResource().import_data(
        tablib.Dataset(*rows, headers=HEADER), dry_run=False, user=admin_user
    )
    assert result.totals["new"] == 5
    return result


def test_each_record_an_import_wrote_gets_its_entry(admin_user, imported, monkeypatch):
    monkeypatch.setattr(services, "LOG_BATCH", 2)
    services.import_log_entries(user_id=admin_user.pk, result=imported)
    entries = LogEntry.objects.order_by("object_id")
    assert [entry.object_repr for entry in entries] == [
        f"2018年市级五一劳动奖章：职工{n}" for n in range(5)
    ]
    assert {(entry.user_id, entry.action_flag) for entry in entries} == {(admin_user.pk, ADDITION)}


def test_a_log_that_fails_halfway_leaves_no_entry(admin_user, imported, monkeypatch):
    monkeypatch.setattr(services, "LOG_BATCH", 2)
    written = []

    def insert_then_fail(model, attnames, rows, **kwargs):
        if written:
            raise RuntimeError("磁盘已满")
        bulk.bulk_insert_values(model, attnames, rows, **kwargs)
        written.append(len(rows))

    monkeypatch.setattr(services, "bulk_insert_values", insert_then_fail)
    with pytest.raises(RuntimeError):
        services.import_log_entries(user_id=admin_user.pk, result=imported)
    assert written == [2]
    assert not LogEntry.objects.exists()
