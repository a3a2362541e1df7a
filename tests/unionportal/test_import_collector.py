"""An import holds Python's full garbage collections off while a file is read, imported and
logged (each walked the whole heap the rows grow: bench/import_honours.py); young collections
still run, and the collector's thresholds are always given back."""

import gc

import pytest
import tablib
from django.urls import reverse

from honors.models import Honour
from honors.resources import HonourResource
from tests.honors.factories import DistrictFactory
from tests.spreadsheets import post_upload, xlsx_bytes
from unionportal.spreadsheets import formats, services
from unionportal.spreadsheets.resources import FULL_COLLECTIONS_HELD

pytestmark = pytest.mark.django_db

HEADER = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "区划"]


class Watching(HonourResource):
    """Notes the collector's thresholds while each row is imported."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.thresholds_during_rows = set()

    def before_import_row(self, row, **kwargs):
        self.thresholds_during_rows.add((gc.isenabled(), gc.get_threshold()))
        super().before_import_row(row, **kwargs)


def rows(*years):
    return tablib.Dataset(
        *[
            [year, "五一劳动奖章", "市级", "个人", f"职工{year}", "甲厂", "崇川区"]
            for year in years
        ],
        headers=HEADER,
    )


def test_no_full_collection_while_the_rows_are_imported_and_the_thresholds_come_back():
    DistrictFactory(name="崇川区")
    before = gc.get_threshold()
    resource = Watching()
    result = resource.import_data(rows(2018, 2019), dry_run=False)
    assert result.totals["new"] == 2
    young, middle, _full = before
    assert resource.thresholds_during_rows == {(True, (young, middle, FULL_COLLECTIONS_HELD))}
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_after_an_import_that_fails():
    class Failing(Watching):
        def before_import(self, dataset, **kwargs):
            raise RuntimeError("数据库不可用")

    before = gc.get_threshold()
    with pytest.raises(Exception, match="数据库不可用"):
        Failing().import_data(rows(2018), dry_run=False, raise_errors=True)
    assert gc.get_threshold() == before


@pytest.fixture
def watched_steps(monkeypatch):
    """The collector's third threshold as the file is read and as the admin log is written."""
    seen = {}

    def watch(module, name, step):
        original = getattr(module, name)

        def watched(*args, **kwargs):
            seen.setdefault(step, set()).add(gc.get_threshold()[2])
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, watched)

    watch(formats, "read_spreadsheet", "read")
    watch(services, "read_spreadsheet", "read")
    watch(services, "bulk_insert_values", "log")
    return seen


def test_the_admin_confirmation_holds_them_off_from_reading_the_file_to_its_log(
    admin_client, watched_steps
):
    DistrictFactory(name="崇川区")
    data = xlsx_bytes(HEADER, [list(row) for row in rows(2018, 2019)])
    preview = post_upload(admin_client, Honour, data, "荣誉.xlsx")
    form = preview.context["confirm_form"]
    watched_steps.clear()
    before = gc.get_threshold()
    response = admin_client.post(
        reverse("admin:honors_honour_process_import"),
        {name: form[name].value() for name in form.fields},
    )
    assert response.status_code == 302 and Honour.objects.count() == 2
    assert watched_steps == {"read": {FULL_COLLECTIONS_HELD}, "log": {FULL_COLLECTIONS_HELD}}
    assert gc.get_threshold() == before


def test_an_import_job_holds_them_off_from_reading_the_file_to_its_log(admin_user, watched_steps):
    DistrictFactory(name="崇川区")
    data = xlsx_bytes(HEADER, [list(row) for row in rows(2018, 2019)])
    job = services.import_job_start(
        user=admin_user,
        model_label="honors.honour",
        resource_index=0,
        file_name="荣誉.xlsx",
        data=data,
        rows_total=2,
    )
    before = gc.get_threshold()
    assert services.import_job_run(job_id=job.pk).state == "done"
    assert watched_steps == {"read": {FULL_COLLECTIONS_HELD}, "log": {FULL_COLLECTIONS_HELD}}
    assert gc.get_threshold() == before
