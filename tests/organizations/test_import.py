"""A clerk imports enterprises from a spreadsheet in the admin: the shared import behaviour.

What every import of the portal shares is proved here once, on the organisations import: Chinese
headers, a preview before anything is written, GBK and UTF-8 CSV, errors naming the row and the
column in Chinese, all or nothing, and formula cells refused; exports escape formulas.
"""

import io

import pytest
from openpyxl import Workbook, load_workbook

from organizations.models import District, Organization
from organizations.resources import OrganizationResource
from organizations.validators import credit_code_check_char
from tests.spreadsheets import upload, xlsx_bytes
from unionportal.spreadsheets.admin import MAX_IMPORT_BYTES

URL = "/admin/organizations/organization/import/"
HEADERS = ["单位名称", "统一社会信用代码", "类别", "区划", "行业"]


def code(serial: int) -> str:
    first = f"91320600MA{serial:07d}"
    return first + credit_code_check_char(first)


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    return upload(xlsx_bytes(headers, rows), "单位.xlsx")


def csv_file(rows, encoding: str) -> io.BytesIO:
    text = "\n".join(",".join(map(str, row)) for row in [HEADERS, *rows]) + "\n"
    stream = io.BytesIO(text.encode(encoding))
    stream.name = "单位.csv"
    return stream


@pytest.fixture
def district(db):
    return District.objects.create(name="崇川区")


def preview(admin_client, upload):
    """The clerk uploads the file; its content says whether it is xlsx or CSV (the page's
    hidden fields are posted with it, as a browser does)."""
    return admin_client.post(URL, {"import_file": upload, "resource": "0", "format": "0"})


def confirm(admin_client, response):
    form = response.context["confirm_form"]
    data = {name: form.initial[name] for name in form.initial}
    return admin_client.post("/admin/organizations/organization/process_import/", data, follow=True)


GOOD_ROWS = [
    ["江海示范精工有限公司", code(1), "企业", "崇川区", "制造业"],
    ["濠河示范物流有限公司", code(2), "", "崇川区", "物流"],
]


def test_the_preview_shows_new_rows_and_writes_nothing_until_confirmed(admin_client, district):
    response = preview(admin_client, xlsx(GOOD_ROWS))
    assert response.status_code == 200
    page = response.content.decode()
    assert "江海示范精工有限公司" in page
    assert Organization.objects.count() == 0

    confirm(admin_client, response)

    assert set(Organization.objects.values_list("name", "kind", "district__name")) == {
        ("江海示范精工有限公司", "enterprise", "崇川区"),
        ("濠河示范物流有限公司", "enterprise", "崇川区"),
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_saved_by_excel_or_wps_in_any_chinese_encoding_imports(
    admin_client, district, encoding
):
    response = preview(admin_client, csv_file(GOOD_ROWS, encoding))
    assert "江海示范精工有限公司" in response.content.decode()
    confirm(admin_client, response)
    assert Organization.objects.filter(name="濠河示范物流有限公司").exists()


def test_one_bad_row_writes_no_row_and_names_the_row_and_the_column(admin_client, district):
    bad_code = code(3)[:17] + ("0" if code(3)[17] != "0" else "1")
    rows = [*GOOD_ROWS, ["错码示范有限公司", bad_code, "企业", "崇川区", ""]]
    response = preview(admin_client, xlsx(rows))
    page = response.content.decode()
    assert "统一社会信用代码" in page
    assert "校验位不正确" in page
    assert response.context["result"].has_validation_errors()
    assert [row.number for row in response.context["result"].invalid_rows] == [4]  # as in Excel
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Organization.objects.count() == 0


def test_an_unknown_district_is_named_in_chinese(admin_client, district):
    response = preview(admin_client, xlsx([["示范公司", code(4), "企业", "火星区", ""]]))
    assert "没有名为“火星区”的区划" in response.content.decode()
    assert Organization.objects.count() == 0


def test_a_file_without_the_required_columns_is_refused(admin_client, district):
    response = preview(admin_client, xlsx([["示范公司", "企业"]], headers=["名称", "类别"]))
    page = response.content.decode()
    assert "文件缺少必需的列：单位名称、统一社会信用代码" in page
    assert Organization.objects.count() == 0


def test_formula_cells_are_refused(admin_client, district):
    rows = [['=HYPERLINK("http://example.com","点我")', code(5), "企业", "崇川区", ""]]
    response = preview(admin_client, xlsx(rows))
    assert "是公式" in response.content.decode()
    assert Organization.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_gets_a_chinese_error(admin_client, district):
    upload = io.BytesIO(b"%PDF-1.7 not a spreadsheet at all")
    upload.name = "单位.xlsx"
    response = preview(admin_client, upload)
    assert "无法读取该文件" in response.content.decode()
    assert Organization.objects.count() == 0


def test_a_file_too_large_is_refused_before_it_is_read(admin_client, district):
    upload = io.BytesIO(b"0" * (MAX_IMPORT_BYTES + 1))
    upload.name = "单位.csv"
    response = preview(admin_client, upload)
    assert "文件过大" in response.content.decode()


def test_the_template_download_has_the_columns_and_an_example_row(admin_client):
    response = admin_client.get("/admin/organizations/organization/import-template/")
    assert response.status_code == 200
    # RFC 6266: an ASCII fallback, then the Chinese name browsers show
    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.xlsx\"; filename*=UTF-8''"
        "%E5%8D%95%E4%BD%8D%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"  # 单位导入模板.xlsx
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    page = admin_client.get(URL).content.decode()
    assert "/admin/organizations/organization/import-template/" in page


def test_staff_without_the_import_permission_cannot_download_the_template(client, db):
    from django.contrib.auth import get_user_model

    viewer = get_user_model().objects.create_user("viewer", password="x-long-password-1")
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    response = client.get("/admin/organizations/organization/import-template/")
    assert response.status_code == 403


def test_exported_text_that_a_spreadsheet_would_run_is_escaped(db, district):
    for serial, name in enumerate(["=1+2", "+SUM(A1)", "-3", "@cmd", "\tTAB", "正常名称"], 10):
        Organization.objects.create(name=name, credit_code=code(serial), district=district)
    dataset = OrganizationResource().export()
    names = set(dataset["单位名称"])
    assert names == {"'=1+2", "'+SUM(A1)", "'-3", "'@cmd", "'\tTAB", "正常名称"}


def test_the_sheet_open_when_the_file_was_saved_is_the_one_imported(admin_client, district):
    """Clerks often keep a 说明 sheet first and the data on the sheet they were working on."""
    book = Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["请在“单位”表填写"])
    data = book.create_sheet("单位")
    data.append(HEADERS)
    data.append(["示范精密机械有限公司", code(41), "企业", "崇川区", "制造业"])
    data.append([None, None, None, None, None])  # the blank rows Excel leaves at the end
    book.active = 1
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    stream.name = "单位.xlsx"

    response = confirm(admin_client, preview(admin_client, stream))

    assert response.status_code == 200
    assert list(Organization.objects.values_list("name", "industry")) == [
        ("示范精密机械有限公司", "制造业")
    ]


def test_an_empty_workbook_is_reported_as_empty_not_as_unreadable(admin_client, district):
    """A template saved before any row was typed: the clerk learns what is missing, in Chinese."""
    stream = io.BytesIO()
    Workbook().save(stream)
    stream.seek(0)
    stream.name = "单位.xlsx"

    page = preview(admin_client, stream).content.decode()

    assert "无法读取该文件" not in page
    assert "文件中没有数据：请在第1行表头下方逐行填写要导入的记录后再导入。" in page
    assert Organization.objects.count() == 0


def test_a_csv_with_only_its_header_is_reported_as_empty(admin_client, district):
    page = preview(admin_client, csv_file([], "utf-8-sig")).content.decode()
    assert "文件中没有数据" in page


def test_an_xlsx_saved_under_a_csv_name_is_read_as_the_xlsx_it_is(admin_client, district):
    """The clerk picks no format: the file's content says what it is, whatever its name."""
    renamed = upload(xlsx_bytes(HEADERS, GOOD_ROWS), "单位.csv")
    response = preview(admin_client, renamed)
    assert response.context["confirm_form"] is not None
    assert "format" not in [field.name for field in response.context["form"].visible_fields()]


def test_the_preview_says_in_one_sentence_what_will_happen(admin_client, district):
    Organization.objects.create(name="旧名有限公司", credit_code=code(1), district=district)
    rows = [*GOOD_ROWS, ["新建示范有限公司", code(7), "企业", "崇川区", "制造业"]]
    page = preview(admin_client, xlsx(rows)).content.decode()
    assert "将新增 2 条、更新 1 条，0 条有误。" in page


def test_empty_cells_of_the_error_table_print_nothing(admin_client, district):
    rows = [["示范公司", code(8), "企业", "火星区", None]]  # 行业 left empty
    response = preview(admin_client, xlsx(rows))
    [invalid] = response.context["result"].invalid_rows
    assert invalid.values[-1] == ""
    page = response.content.decode()
    assert "<td>None</td>" not in page and "<td>---</td>" not in page
