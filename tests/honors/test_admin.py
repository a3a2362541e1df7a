"""Staff work with honours in the Chinese admin: lists, filters, import with preview, export."""

import io

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from honors import codes
from honors.models import Honour, HonourType
from honors.resources import COLUMNS, HonourResource
from reports.models import StaleYear
from tests.honors.factories import DistrictFactory, HonourFactory, PersonFactory, honour_type
from tests.spreadsheets import upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_every_honours_admin_page_opens(admin_client):
    honour = HonourFactory()
    pages = [
        reverse("admin:honors_honour_changelist"),
        reverse("admin:honors_honour_add"),
        reverse("admin:honors_honour_change", args=[honour.pk]),
        reverse("admin:honors_honour_history", args=[honour.pk]),
        reverse("admin:honors_person_changelist"),
        reverse("admin:honors_person_add"),
        reverse("admin:honors_person_change", args=[honour.person.pk]),
        reverse("admin:honors_honourtype_changelist"),
        reverse("admin:honors_honourtype_add"),
        reverse("admin:honors_honour_import"),
        reverse("admin:honors_honour_export"),
    ]
    for url in pages:
        assert admin_client.get(url).status_code == 200, url


def test_the_honour_list_costs_the_same_few_queries_for_many_rows(
    admin_client, django_assert_max_num_queries
):
    HonourFactory.create_batch(30)
    HonourFactory.create_batch(10, collective=True)
    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse("admin:honors_honour_changelist"))
    assert response.status_code == 200
    assert "下载导入模板" in response.content.decode()


def test_staff_filter_by_year_level_type_district_and_search_by_name_and_workplace(admin_client):
    district = DistrictFactory(name="通州区")
    HonourFactory(
        person=PersonFactory(name="顾春梅", workplace="通达物流有限公司"), district=district
    )
    HonourFactory(person=PersonFactory(name="施建国"), year=2017, level=Honour.Level.MUNICIPAL)
    url = reverse("admin:honors_honour_changelist")
    page = admin_client.get(url, {"year": 2018}).content.decode()
    assert "顾春梅" in page and "施建国" not in page
    page = admin_client.get(url, {"level__exact": "municipal"}).content.decode()
    assert "施建国" in page and "顾春梅" not in page
    page = admin_client.get(url, {"district__id__exact": district.pk}).content.decode()
    assert "顾春梅" in page and "施建国" not in page
    medal = honour_type(codes.MAY_DAY_MEDAL)
    page = admin_client.get(url, {"honour_type__id__exact": medal.pk}).content.decode()
    assert "顾春梅" in page and "施建国" in page
    page = admin_client.get(url, {"q": "通达物流"}).content.decode()
    assert "顾春梅" in page and "施建国" not in page


def test_the_honour_type_code_is_fixed_once_the_type_exists(admin_client):
    medal = honour_type(codes.MAY_DAY_MEDAL)
    page = admin_client.get(reverse("admin:honors_honourtype_change", args=[medal.pk]))
    assert 'name="code"' not in page.content.decode()


def test_the_import_template_downloads_as_xlsx(admin_client):
    response = admin_client.get(reverse("admin:honors_honour_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:4] == ["年份", "荣誉类型", "级别", "获奖对象类型"]


def workbook(rows) -> io.BytesIO:
    header = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "区划"]
    return upload(xlsx_bytes(header, rows), "荣誉.xlsx")


def test_an_import_is_previewed_then_confirmed(admin_client, django_capture_on_commit_callbacks):
    DistrictFactory(name="崇川区")
    url = reverse("admin:honors_honour_import")
    upload = workbook(
        [
            [2018, "五一劳动奖章", "省级", "个人", "陆海燕", "紫琅纺织有限公司", "崇川区"],
            [2018, "技术能手", "市级", "个人", "陆海燕", "紫琅纺织有限公司", "崇川区"],
        ]
    )
    preview = admin_client.post(url, {"format": 0, "import_file": upload})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "陆海燕" in page and "confirm" in page.lower()
    assert Honour.objects.count() == 0  # a preview writes nothing

    confirm = preview.context["confirm_form"]
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(
            reverse("admin:honors_honour_process_import"),
            {name: confirm[name].value() for name in confirm.fields},
        )
    assert done.status_code == 302
    assert Honour.objects.filter(person__name="陆海燕").count() == 2
    assert StaleYear.objects.filter(year=2018).exists()
    # the admin's history names each imported honour, for the clerk who imported it
    logged = LogEntry.objects.filter(content_type__model="honour", action_flag=ADDITION)
    assert sorted(logged.values_list("object_repr", flat=True)) == [
        "2018年市级技术能手：陆海燕",
        "2018年省级五一劳动奖章：陆海燕",
    ]
    assert {entry.get_edited_object() for entry in logged} == set(Honour.objects.all())
    assert {entry.user.username for entry in logged} == {"admin"}


def test_a_long_file_previews_its_totals_and_first_rows_then_imports_every_row(admin_client):
    DistrictFactory(name="崇川区")
    rows = [
        [2018, "五一劳动奖章", "市级", "个人", f"职工{number:03d}", "紫琅纺织有限公司", "崇川区"]
        for number in range(250)
    ]
    preview = admin_client.post(
        reverse("admin:honors_honour_import"), {"format": 0, "import_file": workbook(rows)}
    )
    page = preview.content.decode()
    assert "预览：共 250 行" in page and "仅列出前 200 行" in page
    assert "将新增 250 条、更新 0 条，0 条有误。" in page  # what will happen, in one sentence
    assert "职工199" in page and "职工200" not in page

    confirm = preview.context["confirm_form"]
    admin_client.post(
        reverse("admin:honors_honour_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )
    assert Honour.objects.count() == 250


def test_an_import_with_a_bad_row_shows_the_row_and_column_and_cannot_be_confirmed(admin_client):
    upload = workbook(
        [
            [2018, "五一劳动奖章", "省级", "个人", "陆海燕", "紫琅纺织有限公司", ""],
            [2018, "五一劳动奖章", "厅级", "个人", "钱晓明", "紫琅纺织有限公司", ""],
        ]
    )
    response = admin_client.post(
        reverse("admin:honors_honour_import"), {"format": 0, "import_file": upload}
    )
    page = response.content.decode()
    assert "有 1 行数据有误，整个文件都不会导入" in page
    assert "第3行“级别”列：“厅级”无法识别" in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Honour.objects.count() == 0


def test_export_of_the_filtered_list_escapes_formulas(admin_client):
    HonourFactory(person=PersonFactory(name="=1+1"), year=2018)
    HonourFactory(person=PersonFactory(name="顾春梅"), year=2017)
    fields = {f"honourresource_{name}": "on" for name in HonourResource._meta.fields}
    response = admin_client.post(
        reverse("admin:honors_honour_export") + "?year=2018",
        {"format": 0, "resource": 0, **fields},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == COLUMNS
    names = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["'=1+1"]  # only 2018, and the formula is text


def test_saving_an_honour_in_the_admin_marks_its_year_stale(
    admin_client, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    medal = honour_type(codes.MAY_DAY_MEDAL)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:honors_honour_add"),
            {
                "honour_type": medal.pk,
                "level": "provincial",
                "year": 2016,
                "recipient_kind": "individual",
                "person": person.pk,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Honour.objects.get().year == 2016
    assert StaleYear.objects.filter(year=2016).exists()
    assert HonourType.objects.filter(code=codes.MAY_DAY_MEDAL).exists()


def test_the_admin_refuses_a_duplicate_honour_in_chinese(admin_client):
    existing = HonourFactory()
    response = admin_client.post(
        reverse("admin:honors_honour_add"),
        {
            "honour_type": existing.honour_type.pk,
            "level": existing.level,
            "year": existing.year,
            "recipient_kind": "individual",
            "person": existing.person.pk,
        },
    )
    assert response.status_code == 200
    assert "此人同一年份、同一级别的这项荣誉已经登记过。" in response.content.decode()
    assert Honour.objects.count() == 1


def test_the_admin_refuses_a_recipient_that_does_not_match_the_kind(admin_client):
    response = admin_client.post(
        reverse("admin:honors_honour_add"),
        {
            "honour_type": honour_type(codes.PIONEER_TEAM).pk,
            "level": "municipal",
            "year": 2018,
            "recipient_kind": "collective",
            "person": PersonFactory().pk,
        },
    )
    assert "获奖对象与类型不符" in response.content.decode()
    assert Honour.objects.count() == 0
