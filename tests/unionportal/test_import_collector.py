"""An import holds Python's cyclic garbage collector off while its rows are read and written (it
kept walking the heap the rows grow: bench/import_honours.py), and always turns it back on."""

import gc

import pytest
import tablib

from honors.resources import HonourResource
from tests.honors.factories import DistrictFactory

pytestmark = pytest.mark.django_db

HEADER = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "区划"]


class Watching(HonourResource):
    """Notes whether the collector runs while each row is imported."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.collector_on_during_rows = set()

    def before_import_row(self, row, **kwargs):
        self.collector_on_during_rows.add(gc.isenabled())
        super().before_import_row(row, **kwargs)


def rows(*years):
    return tablib.Dataset(
        *[
            [year, "五一劳动奖章", "市级", "个人", f"职工{year}", "甲厂", "崇川区"]
            for year in years
        ],
        headers=HEADER,
    )


def test_the_collector_is_off_for_the_rows_and_on_again_after_the_import():
    DistrictFactory(name="崇川区")
    resource = Watching()
    result = resource.import_data(rows(2018, 2019), dry_run=False)
    assert result.totals["new"] == 2
    assert resource.collector_on_during_rows == {False}
    assert gc.isenabled()


def test_the_collector_is_on_again_after_an_import_that_fails():
    class Failing(Watching):
        def before_import(self, dataset, **kwargs):
            raise RuntimeError("数据库不可用")

    with pytest.raises(Exception, match="数据库不可用"):
        Failing().import_data(rows(2018), dry_run=False, raise_errors=True)
    assert gc.isenabled()


def test_an_import_started_with_the_collector_off_leaves_it_off():
    DistrictFactory(name="崇川区")
    gc.disable()
    try:
        Watching().import_data(rows(2018), dry_run=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
