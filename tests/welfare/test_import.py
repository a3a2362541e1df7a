"""Clerks import ledger lines with the template of their kind (its columns the kind's measures)
and person-level records with their numbers protected: bad rows named in Chinese with numbers
masked, nothing written; a second file updates; exports masked unless allowed, then logged."""

import io

import openpyxl
import pytest
import tablib

from assistance.models import StaffUnionMembership
from reports.models import StaleYear
from tests.assistance.factories import id_number_for
from tests.spreadsheets import LEAKS, errors_of, run, xlsx_bytes
from tests.welfare.factories import CertificateFactory, heat_relief_kind
from welfare.models import Certificate, LedgerKind, LedgerLine, Measure, PersonalDataAccess
from welfare.resources import CertificateResource, ledger_resource_for

pytestmark = pytest.mark.django_db

HEAT = ["日期", "报送工会", "区划", "地点", "活动名称", "慰问人数（名）", "防暑降温用品价值（元）"]


def heat_row(place="东港工地", *, visited=30, goods="1200.50", union="崇川区总工会"):
    values = {
        "日期": "2018-07-15",
        "报送工会": union,
        "区划": "崇川区",
        "地点": place,
        "活动名称": "夏送清凉",
        "慰问人数（名）": visited,
        "防暑降温用品价值（元）": goods,
    }
    return [values[header] for header in HEAT]


def test_a_new_kind_entered_as_data_has_its_own_template_at_once(admin_client, unions):
    kind = LedgerKind.objects.create(code="legal_lectures", name="法律讲座进工地")
    Measure.objects.create(kind=kind, code="sessions", name="讲座场次", unit="场次")
    Measure.objects.create(kind=kind, code="listeners", name="听讲人次", unit="人次")

    response = admin_client.get("/admin/welfare/ledgerline/import-template/?kind=legal_lectures")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = next(sheet.iter_rows(values_only=True))
    assert header[-2:] == ("讲座场次（场次）", "听讲人次（人次）")
    page = admin_client.get("/admin/welfare/ledgerline/import/").content.decode()
    assert "法律讲座进工地导入模板" in page


def test_ledger_lines_land_with_their_values_and_a_second_file_updates(
    unions, django_capture_on_commit_callbacks
):
    resource = ledger_resource_for(heat_relief_kind())
    with django_capture_on_commit_callbacks(execute=True):
        result = run(resource(), HEAT, heat_row(), heat_row("西湾码头", visited=12))
    assert not result.has_errors() and not result.has_validation_errors()
    assert LedgerLine.objects.count() == 2
    line = LedgerLine.objects.get(place="东港工地")
    assert {v.measure.code: str(v.value) for v in line.values.all()} == {
        "workers_visited": "30.00",
        "goods_yuan": "1200.50",
    }
    assert 2018 in StaleYear.objects.values_list("year", flat=True)

    run(resource(), HEAT, heat_row(visited=45))
    assert LedgerLine.objects.count() == 2
    assert line.values.get(measure__code="workers_visited").value == 45


def test_bad_ledger_rows_are_named_in_chinese_and_nothing_is_written(unions, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 12, is_staff=True)
    StaffUnionMembership.objects.create(user=clerk, union=unions[1])
    resource = ledger_resource_for(heat_relief_kind())
    result = run(
        resource(),
        HEAT,
        heat_row(),
        heat_row("负数工地", visited=-3),
        heat_row("空白工地", goods=""),
        heat_row("启东工地", union="启东市总工会"),
        heat_row(),  # the first row again
        user=clerk,
    )
    errors = errors_of(result)
    assert set(errors) == {3, 4, 5, 6}
    assert "不能为负数" in errors[3]["慰问人数（名）"][0]
    assert "必须填写金额" in errors[4]["防暑降温用品价值（元）"][0]
    assert errors[5]["报送工会"] == ["第5行“报送工会”列：只能导入本工会（及下属工会）报送的记录。"]
    assert "与第2行重复" in errors[6]["日期"][0]
    for messages in errors.values():
        for message in (text for texts in messages.values() for text in texts):
            assert not any(leak in message for leak in LEAKS), message
    assert not LedgerLine.objects.exists()


CERTIFICATE = ["姓名", "身份证号", "手机号", "证书名称", "取得日期", "报送工会"]


def test_a_bad_certificate_row_masks_the_numbers_it_shows(unions):
    good = id_number_for(1)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    result = run(
        CertificateResource(),
        CERTIFICATE,
        ["王建国", good, "13912345678", "电工（中级）", "2018-11-20", "崇川区总工会"],
        ["李秀英", bad, "1391234", "焊工（中级）", "2018-11-21", "崇川区总工会"],
    )
    errors = errors_of(result)
    assert errors[3]["身份证号"] == ["第3行“身份证号”列：身份证号校验位不正确，请核对。"]
    assert "手机号码应为以1开头的11位数字" in errors[3]["手机号"][0]
    shown = " ".join(str(value) for row in result.invalid_rows for value in row.values)
    assert bad not in shown and bad[:4] + "*" * 10 + bad[-4:] in shown
    assert not Certificate.objects.exists()

    run(CertificateResource(), CERTIFICATE,
        ["王建国", good, "13912345678", "电工（中级）", "2018-11-20", "崇川区总工会"])  # fmt: skip
    certificate = Certificate.objects.get()
    assert certificate.id_number == good and certificate.phone == "13912345678"


def test_exports_mask_numbers_unless_allowed_and_log_the_whole_ones(unions, admin_user):
    certificate = CertificateFactory(union=unions[1])
    masked = CertificateResource(user=admin_user, sensitive=False).export()
    assert masked.dict[0]["身份证号"] == certificate.masked_id_number
    assert not PersonalDataAccess.objects.exists()

    whole = CertificateResource(user=admin_user, sensitive=True).export()
    assert whole.dict[0]["身份证号"] == certificate.id_number
    assert PersonalDataAccess.objects.get().action == "export"


def test_the_ledger_template_of_a_kind_imports_as_it_is(admin_client, unions):
    heat_relief_kind()
    response = admin_client.get("/admin/welfare/ledgerline/import-template/?kind=heat_relief")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    resource = ledger_resource_for(LedgerKind.objects.get(code="heat_relief"))
    data = tablib.Dataset().load(xlsx_bytes(rows[0], rows[1:]), format="xlsx")
    result = resource().import_data(data, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
