"""Every record an import writes is stored as a single ``save()`` would store it.

The imports write in bulk (Django's ``bulk_create``, django-simple-history's
``bulk_create_with_history``), which calls no ``save()``: a rule kept there (the keyed hashes of
an aid file's ID and phone numbers, a cleaned text) would be lost for imported rows. Here each
import of the portal runs, then every record it wrote is saved once more through ``save()``:
nothing may change (encrypted fields compared as the ORM reads them), and each has its history.
"""

import datetime

import pytest
import tablib
from django.db.models import DateTimeField

from assistance.models import Batch, Beneficiary, Disbursement
from assistance.privacy import id_number_hash
from assistance.resources import DisbursementResource
from competitions.models import Entry, Result
from competitions.resources import EntryResource, ResultResource
from honors.models import Honour, Person
from honors.resources import HonourResource
from organizations.models import Organization
from organizations.resources import OrganizationResource
from tests.assistance.factories import make_id_number
from tests.competitions.factories import CompetitionFactory, SkillsContestFactory
from tests.honors.factories import DistrictFactory, credit_code

pytestmark = pytest.mark.django_db


def stored(obj) -> dict:
    """The record's stored values, as read back (auto_now stamps left out: a save moves them)."""
    fresh = type(obj).objects.get(pk=obj.pk)
    return {
        field.attname: getattr(fresh, field.attname)
        for field in type(obj)._meta.concrete_fields
        if not (isinstance(field, DateTimeField) and field.auto_now)
    }


def assert_saved_as_by_save(model, *, expected: int, history: bool = True):
    records = list(model.objects.all())
    assert len(records) == expected, model
    for record in records:
        before = stored(record)
        record.save()
        assert stored(record) == before, f"{model.__name__} {record.pk}: save() changes it"
        if history:
            assert record.history.count() >= 1, f"{model.__name__} {record.pk}: no history"


def run(resource, headers, *rows):
    result = resource.import_data(tablib.Dataset(*rows, headers=headers), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), (
        result.refusals,
        [row.error_dict for row in result.invalid_rows],
    )
    return result


def test_honours_people_and_organisations():
    DistrictFactory(name="崇川区")
    headers = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "集体名称"]
    headers += ["统一社会信用代码", "区划", "事迹简介"]
    run(
        HonourResource(),
        headers,
        [2018, "五一劳动奖章", "市级", "个人", "林晓梅", "星港电子", "", "", "崇川区", " 事迹 "],
        [2018, "五一劳动奖状", "省级", "集体", "", "", "星港电子", credit_code(9), "崇川区", ""],
    )
    assert_saved_as_by_save(Honour, expected=2)
    assert_saved_as_by_save(Person, expected=1)
    assert_saved_as_by_save(Organization, expected=1, history=False)


def test_organisations():
    DistrictFactory(name="崇川区")
    run(
        OrganizationResource(),
        ["单位名称", "统一社会信用代码", "区划"],
        ["示范", credit_code(3), "崇川区"],
    )
    assert_saved_as_by_save(Organization, expected=1, history=False)


def test_entries_and_results():
    contest = SkillsContestFactory(name="电焊工竞赛", year=2018)
    innovation = CompetitionFactory(name="创新竞赛", year=2018)
    run(
        EntryResource(),
        ["竞赛名称", "年份", "企业名称", "参与职工数"],
        [innovation.name, 2018, "甲厂", 5],
    )
    run(
        ResultResource(),
        ["竞赛名称", "年份", "姓名", "企业名称", "名次", "奖项"],
        [contest.name, 2018, "王建国", "甲厂", 1, "一等奖"],
    )
    assert_saved_as_by_save(Entry, expected=1)
    assert_saved_as_by_save(Result, expected=1)


def test_disbursements_and_the_aid_files_they_open(city):
    number, phone = make_id_number(801), "13955556666"
    headers = ["姓名", "身份证号", "电话", "困难类别", "帮扶类型", "金额（元）", "发放工会"]
    headers += ["发放日期", "批次"]
    run(
        DisbursementResource(),
        headers,
        [
            "周海燕",
            number,
            phone,
            "相对困难",
            "节日慰问",
            "800",
            "市总工会",
            "2018-09-01",
            "2018年春节",
        ],
    )
    assert_saved_as_by_save(Disbursement, expected=1)
    assert_saved_as_by_save(Beneficiary, expected=1, history=False)
    assert_saved_as_by_save(Batch, expected=1, history=False)
    beneficiary = Beneficiary.objects.get()
    assert beneficiary.id_number == number and beneficiary.phone == phone  # decrypted as given
    assert beneficiary.id_number_hash == id_number_hash(number)  # found by its hash
    assert Beneficiary.objects.with_id_number(number).get() == beneficiary
    assert Disbursement.objects.get().disbursed_on == datetime.date(2018, 9, 1)


def test_honours_written_without_copy_are_stored_as_by_save_too():
    """The other way the imports can write (Django's and simple-history's bulk APIs)."""

    class WithoutCopy(HonourResource):
        use_copy = False

    DistrictFactory(name="崇川区")
    run(
        WithoutCopy(),
        ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "区划"],
        [2018, "五一劳动奖章", "市级", "个人", "林晓梅", "星港电子", "崇川区"],
    )
    assert_saved_as_by_save(Honour, expected=1)
    assert_saved_as_by_save(Person, expected=1)
