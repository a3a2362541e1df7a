"""Whatever file a clerk uploads on any import page, a refusal is a Chinese sentence naming the
row and column (or the missing columns): never a traceback, a server path or a Python repr, and
nothing is written."""

import io

import pytest
from openpyxl import Workbook

from tests.spreadsheets import LEAKS, importable_admins, page_text, post_upload, xlsx_bytes

pytestmark = pytest.mark.django_db

ADMINS = importable_admins()
MODELS = [model for model, _admin in ADMINS]


def columns_and_example(model_admin):
    resource = model_admin.get_import_resource_classes(None)[0]()
    headers = [
        field.column_name
        for field in resource.get_import_fields()
        if field.column_name not in resource.template_skip
    ]
    return headers, [resource.template_examples.get(header, "") for header in headers]


def with_formula(headers, example) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    sheet.append(["=1+1", *example[1:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_of(headers, *rows, encoding="utf-8-sig") -> bytes:
    lines = [",".join(headers)] + [",".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def corpus(headers, example):
    """(what it is, file name, content, what the clerk must read)"""
    huge = list(example)
    huge[0] = "长" * 20_000
    some_blank = ["", *(value or "示例" for value in example[1:])]  # the first column missing
    xlsx = xlsx_bytes(headers, [example])
    return [
        ("wrong headers", "数据.csv", csv_of(["甲", "乙"], [1, 2]), "文件缺少必需的列"),
        ("formula in a CSV", "数据.csv", csv_of(headers, ["=cmd|' /C calc'!A0", *example[1:]]),
         "是公式"),
        ("formula in an xlsx", "数据.xlsx", with_formula(headers, example), "是公式"),
        ("empty file", "数据.csv", b"", "没有数据"),
        ("header only", "数据.xlsx", xlsx_bytes(headers, []), "没有数据"),
        ("binary garbage", "数据.csv", bytes(range(256)) * 8, "无法读取"),
        ("UTF-16 CSV", "数据.csv", csv_of(headers, example, encoding="utf-16"), "无法读取"),
        ("truncated xlsx", "数据.xlsx", xlsx[:300], "无法读取"),
        ("old Excel", "数据.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        ("PDF named xlsx", "数据.xlsx", b"%PDF-1.7 " * 20, "无法读取"),
        ("huge cell", "数据.csv", csv_of(headers, huge), "内容过长"),
        ("missing required values", "数据.csv", csv_of(headers, some_blank), "第2行"),
        ("duplicate rows", "数据.xlsx", xlsx_bytes(headers, [example, example]), None),
        ("xlsx renamed .csv", "数据.csv", xlsx, None),
        ("unclosed quote", "数据.csv", csv_of(headers, ['"未闭合的引号', *example[1:]]), None),
    ]  # fmt: skip


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label_lower for m in MODELS])
def test_no_file_makes_any_import_page_show_a_traceback_or_a_repr(admin_client, model):
    model_admin = dict(ADMINS)[model]
    headers, example = columns_and_example(model_admin)
    before = model.objects.count()

    for what, name, content, expected in corpus(headers, example):
        response = post_upload(admin_client, model, content, name)
        page = page_text(response)
        assert response.status_code == 200, what
        for leak in LEAKS:
            assert leak not in page, f"{what}: {leak!r} on the page"
        if expected is not None:
            assert expected in page, f"{what}: {expected!r} not on the page"
        assert model.objects.count() == before, what


def test_every_importable_model_is_covered():
    """The corpus above runs on every import page; a new importable model joins it by itself."""
    assert {model._meta.label_lower for model in MODELS} >= {
        "organizations.organization",
        "honors.honour",
        "assistance.disbursement",
        "competitions.entry",
        "competitions.result",
    }


def test_entries_with_a_formula_name_the_cell_once_not_every_row(admin_client):
    """Before, each row also said "'EntryResource' object has no attribute 'competitions'"."""
    from competitions.models import Entry

    headers = ["竞赛名称", "年份", "企业名称", "参与职工数"]
    rows = [
        ["竞赛", 2018, "企业甲", 1],
        ["竞赛", 2018, '=HYPERLINK("x")', 2],
        ["竞赛", 2018, "乙", 3],
    ]
    page = page_text(post_upload(admin_client, Entry, csv_of(headers, *rows), "参赛.csv"))
    assert "第3行“企业名称”列是公式，请改为填写数值或文字。" in page
    assert "object has no attribute" not in page and "第2行" not in page


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label_lower for m in MODELS])
def test_each_list_offers_the_import_template_once(admin_client, model):
    """The disbursement list showed "下载导入模板" twice (its own template and the shared one)."""
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    page = page_text(admin_client.get(url))
    assert page.count("下载导入模板") == 1
    template = admin_client.get(url + "import-template/")
    assert template.status_code == 200
    assert "filename*=UTF-8''" in template["Content-Disposition"]
