"""The upload counts a file's rows to choose between the preview and a background import
(``formats.count_rows``) without building them: the count is the number of rows the import then
reads, and a file the import would refuse is refused by the count with the same sentence, so
that the preview still says why at once."""

import io

import pytest
from openpyxl import Workbook

from tests.spreadsheets import csv_bytes, post_upload, xlsx_bytes
from unionportal.spreadsheets import formats
from unionportal.spreadsheets.formats import SpreadsheetRefused, count_rows, read_spreadsheet

HEADER = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "区划"]
ROW = [2018, "五一劳动奖章", "市级", "个人", "张三", "紫琅纺织有限公司", "崇川区"]


def with_blank_rows() -> bytes:
    """Rows, a row of spaces, an empty row in the middle and formatted empty rows at the end, as
    Excel leaves them."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for number in range(5):
        sheet.append([*ROW[:4], f"职工{number}", *ROW[5:]])
    sheet.append(["  ", "", None, "   "])
    sheet.append([])
    sheet.append([2019, *ROW[1:]])
    for row in range(20, 25):
        sheet.cell(row=row, column=1).number_format = "0"
        sheet.cell(row=row, column=2, value="")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_formula() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["=2017+1", *ROW[1:]])
    sheet.append(ROW)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


READABLE = [
    ("an xlsx", xlsx_bytes(HEADER, [ROW] * 7)),
    ("an xlsx with blank rows", with_blank_rows()),
    ("an xlsx with a formula", with_formula()),
    ("a CSV", csv_bytes(HEADER, [ROW] * 4)),
]
REFUSED = [
    ("header only", xlsx_bytes(HEADER, [])),
    ("no header", xlsx_bytes(["", ""], [ROW])),
    ("truncated xlsx", xlsx_bytes(HEADER, [ROW])[:300]),
    ("a zip that is no workbook", b"PK\x03\x04" + b"\0" * 200),
    ("empty file", b""),
    ("old Excel", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
]


@pytest.mark.parametrize("content", [c for _, c in READABLE], ids=[w for w, _ in READABLE])
def test_the_count_is_the_number_of_rows_the_import_reads(content):
    assert count_rows(content) == len(read_spreadsheet(content))


def test_blank_rows_are_not_counted():
    assert count_rows(with_blank_rows()) == 6


@pytest.mark.parametrize("content", [c for _, c in REFUSED], ids=[w for w, _ in REFUSED])
def test_a_file_the_import_refuses_is_refused_by_the_count_with_the_same_sentence(content):
    with pytest.raises(SpreadsheetRefused) as read:
        read_spreadsheet(content)
    with pytest.raises(SpreadsheetRefused) as counted:
        count_rows(content)
    assert str(counted.value) == str(read.value)


@pytest.mark.django_db
def test_a_file_over_the_threshold_only_with_its_blank_rows_is_previewed(admin_client, settings):
    from honors.models import Honour
    from unionportal.spreadsheets.models import ImportJob

    settings.IMPORT_EXPORT_ASYNC_ROWS = 6  # the file has 6 rows and 8 blank ones below them
    response = post_upload(admin_client, Honour, with_blank_rows(), "荣誉.xlsx")
    assert response.status_code == 200 and not ImportJob.objects.exists()

    settings.IMPORT_EXPORT_ASYNC_ROWS = 5
    response = post_upload(admin_client, Honour, with_blank_rows(), "荣誉.xlsx")
    assert response.status_code == 302 and ImportJob.objects.get().rows_total == 6


@pytest.mark.parametrize(
    "sheet_xml",
    [
        b'<c r="A2"><f>2017+1</f><v>2018</v></c>',
        b'<c r="A2"><f t="shared" ref="A2:A9" si="0">B2</f></c>',
        b'<c r="A2"><f t="shared" si="0"/></c>',
        b'<x:c r="A2"><x:f>2017+1</x:f><x:v>2018</x:v></x:c>',
    ],
)
def test_a_formula_is_found_however_its_cell_is_written(sheet_xml):
    assert formats._has_formula(b"<sheetData><row>" + sheet_xml + b"</row></sheetData>")


@pytest.mark.parametrize(
    "sheet_xml",
    [
        b'<c r="A2" t="inlineStr"><is><t>&lt;f&gt; 2017+1</t></is></c>',
        b'<c r="A2"><v>2018</v></c><x:font/>',
        b'<c r="F2" t="s"><v>3</v></c><filterColumn colId="0"/>',
    ],
)
def test_text_that_only_looks_like_a_formula_tag_is_no_formula(sheet_xml):
    assert not formats._has_formula(b"<sheetData><row>" + sheet_xml + b"</row></sheetData>")
