"""Importing a batch of payments from a spreadsheet: preview, all or nothing, clear errors."""

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assistance.models import Batch, Beneficiary, Disbursement
from assistance.resources import DisbursementResource
from reports.models import StaleYear
from tests.assistance.factories import BeneficiaryFactory, make_id_number, staff_user
from tests.spreadsheets import xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = [
    "姓名", "身份证号", "电话", "工作单位", "区划", "困难类别", "帮扶类型", "金额（元）",
    "发放工会", "发放日期", "资金来源", "批次", "学生姓名", "学校", "年级",
]  # fmt: skip
FIRST, SECOND = make_id_number(501), make_id_number(502)


def row(name="周海燕", number=FIRST, aid="助学金", amount="3000", union="市总工会", **extra):
    values = {
        "姓名": name,
        "身份证号": number,
        "电话": "13955556666",
        "工作单位": "港城物流有限公司",
        "区划": "海门区",
        "困难类别": "相对困难",
        "帮扶类型": aid,
        "金额（元）": amount,
        "发放工会": union,
        "发放日期": "2018-09-01",
        "资金来源": "工会经费",
        "批次": "2018年金秋助学",
        "学生姓名": "周小燕" if aid == "助学金" else "",
        "学校": "江海大学" if aid == "助学金" else "",
        "年级": "大一" if aid == "助学金" else "",
    }
    values.update(extra)
    return [values[header] for header in HEADERS]


def csv_bytes(*rows, encoding="utf-8-sig") -> bytes:
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    return dataset.export("csv").encode(encoding)


def xlsx(*rows) -> bytes:
    return xlsx_bytes(HEADERS, rows)


def preview(client, content: bytes, name="batch.csv"):
    return client.post(
        reverse("admin:assistance_disbursement_import"),
        {"import_file": SimpleUploadedFile(name, content), "resource": "0"},
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(reverse("admin:assistance_disbursement_process_import"), data)


@pytest.fixture
def clerk(client, city, haimen):
    client.force_login(staff_user("clerk", city))
    return client


def test_a_good_batch_is_previewed_then_imported_as_applications(
    clerk, city, django_capture_on_commit_callbacks
):
    existing = BeneficiaryFactory(name="吴德明", id_number=SECOND, union=city)
    content = csv_bytes(
        row(),
        row(name="吴德明", number=SECOND, aid="重病救助", amount="8000", 批次="2018年重病救助"),
        row(aid="节日慰问", amount="1000", 批次="2018年春节送温暖"),
    )

    response = preview(clerk, content)
    assert response.status_code == 200 and response.context["confirm_form"] is not None
    page = response.content.decode()
    assert "预览：共 3 行" in page and SECOND not in page and FIRST not in page  # masked
    assert not Disbursement.objects.exists()  # a dry run writes nothing
    assert Beneficiary.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(clerk, response)
    assert response.status_code == 302
    assert Disbursement.objects.count() == 3
    assert set(Disbursement.objects.values_list("status", flat=True)) == {"applied"}
    new_file = Beneficiary.objects.with_id_number(FIRST).get()
    assert new_file.name == "周海燕" and new_file.phone == "13955556666"
    assert new_file.district.name == "海门区" and new_file.gender == "male"
    assert Disbursement.objects.get(aid_type__code="illness_relief").beneficiary == existing
    assert set(Batch.objects.values_list("name", flat=True)) == {
        "2018年金秋助学",
        "2018年重病救助",
        "2018年春节送温暖",
    }
    assert StaleYear.objects.filter(year=2018).exists()


def test_an_xlsx_file_and_a_gbk_csv_are_read_too(clerk):
    response = preview(clerk, xlsx(row()), name="batch.xlsx")
    assert response.context["confirm_form"] is not None
    response = preview(clerk, csv_bytes(row(), encoding="gbk"))
    assert response.context["confirm_form"] is not None


def test_a_bad_file_names_row_and_column_and_writes_nothing(clerk):
    wrong_check = FIRST[:17] + ("0" if FIRST[17] != "0" else "1")
    content = csv_bytes(
        row(number=SECOND),  # a good row: it must not be written either
        row(number=wrong_check),
        row(number=make_id_number(503), amount="9000"),
        row(number=make_id_number(504), union="不存在的工会"),
        row(number=make_id_number(505), amount="20000000000"),  # in 分, not 元
        row(number=make_id_number(506), amount="三百"),
    )
    response = preview(clerk, content)
    result = response.context["result"]
    assert response.context.get("confirm_form") is None
    errors = {r.number: r.error_dict for r in result.invalid_rows}
    assert set(errors) == {3, 4, 5, 6, 7}  # spreadsheet rows (the header is row 1), as shown
    assert "校验位不正确" in str(errors[3]["身份证号"])
    assert "不得超过5000.00元" in str(errors[4]["金额（元）"])
    assert "不存在的工会" in str(errors[5]["发放工会"])
    assert "金额过大" in str(errors[6]["金额（元）"])
    assert errors[7]["金额（元）"] == ["第7行“金额（元）”列：“三百”不是金额数字。"]
    html = response.content.decode()
    assert "身份证号" in html and "校验位不正确" in html
    for number in (SECOND, wrong_check, make_id_number(503), "13955556666"):
        assert number not in html  # the table of bad rows masks them, as every list does
    assert wrong_check[:4] + "*" * 10 + wrong_check[-4:] in html

    # even forced through without a preview, the import is all or nothing
    dataset = tablib.Dataset(headers=HEADERS)
    dataset.csv = content.decode("utf-8-sig")
    result = DisbursementResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert not Disbursement.objects.exists() and not Beneficiary.objects.exists()
    assert not StaleYear.objects.exists()


def test_a_file_without_the_required_columns_is_refused_in_chinese(clerk):
    dataset = tablib.Dataset(["周海燕", FIRST], headers=["姓名", "身份证号"])
    response = preview(clerk, dataset.export("csv").encode())
    assert "文件缺少必需的列" in response.content.decode()
    assert not Disbursement.objects.exists()


def test_the_same_aid_twice_in_one_batch_is_refused(clerk):
    response = preview(clerk, csv_bytes(row(), row(amount="2000")))
    errors = {r.number: r.error_dict for r in response.context["result"].invalid_rows}
    assert "本批次已有同类帮扶记录" in str(errors[3])  # the second data row: spreadsheet row 3


def test_a_name_that_does_not_match_the_file_of_that_id_number_is_refused(clerk, city):
    BeneficiaryFactory(name="吴德明", id_number=FIRST, union=city)
    response = preview(clerk, csv_bytes(row(name="周海燕")))
    errors = {r.number: r.error_dict for r in response.context["result"].invalid_rows}
    assert "姓名为“吴德明”" in str(errors[2]["姓名"])  # the first data row: spreadsheet row 2


def test_a_county_clerk_imports_only_for_their_own_union(client, haimen, qidong):
    client.force_login(staff_user("haimen-clerk", haimen))
    response = preview(client, csv_bytes(row(union="启东市总工会")))
    errors = {r.number: r.error_dict for r in response.context["result"].invalid_rows}
    assert "只能导入本工会发放的记录" in str(errors[2]["发放工会"])
    response = preview(client, csv_bytes(row(union="海门区总工会")))
    assert response.context["confirm_form"] is not None


def test_the_template_lists_the_chinese_columns():
    book = load_workbook(io.BytesIO(DisbursementResource().import_template_workbook()))
    headers = [cell.value for cell in book.active[1]]
    assert headers[:3] == ["姓名", "身份证号", "性别"]
    assert "金额（元）" in headers and "批次" in headers and "状态" not in headers


def test_an_export_keeps_its_chinese_file_name_in_every_browser(clerk):
    """RFC 6266: an ASCII fallback, then the UTF-8 name (Django alone sends RFC 2047, which
    browsers do not decode)."""
    url = reverse("admin:assistance_disbursement_export")
    data = {"format": "1", "resource": "0"}  # CSV, every column
    data |= {f"disbursementresource_{name}": "on" for name in DisbursementResource.Meta.fields}
    response = clerk.post(url, data)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E5%B8%AE%E6%89%B6%E5%8F%91%E6%94%BE%E8%AE%B0%E5%BD%95-" in disposition
    assert "=?utf-8?" not in disposition
