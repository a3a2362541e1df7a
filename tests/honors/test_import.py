"""Staff import honours from Excel or CSV with Chinese headers: all or nothing, Chinese errors."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook

from honors import codes
from honors.models import Honour, Person, RecipientKind
from honors.resources import COLUMNS, HonourResource
from organizations.models import Organization
from reports.models import StaleYear
from tests.honors.factories import (
    DistrictFactory,
    HonourFactory,
    OrganizationFactory,
    PersonFactory,
    credit_code,
    honour_type,
)
from tests.spreadsheets import errors_of, xlsx_bytes
from unionportal.spreadsheets.formats import SpreadsheetFile

pytestmark = pytest.mark.django_db

HEADER = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "性别", "出生年份", "工作单位"]
HEADER += ["统一社会信用代码", "集体名称", "区划", "授予日期", "文号", "授予机关", "事迹简介"]
HEADER += ["荣誉名称"]


def row(**values):
    base = dict.fromkeys(HEADER, "")
    base.update({"年份": 2018, "级别": "省级", "区划": "崇川区", "授予机关": "省总工会"})
    base.update(values)
    return [base[column] for column in HEADER]


MEDAL = row(
    荣誉类型="五一劳动奖章",
    获奖对象类型="个人",
    姓名="林晓梅",
    性别="女",
    出生年份=1983,
    工作单位="星港电子科技有限公司",
    授予日期="2018-04-28",
    文号="苏工发〔2018〕9号",
)
CERTIFICATE = row(
    荣誉类型="五一劳动奖状",
    获奖对象类型="集体",
    集体名称="星港电子科技有限公司",
    统一社会信用代码=credit_code(501),
)
FEDERATION = row(
    荣誉类型="荣誉",
    级别="市级",
    获奖对象类型="本会",
    荣誉名称="全市工会宣传工作先进集体",
    授予机关="市委宣传部",
)
PIONEER_TEAM = row(荣誉类型="工人先锋号", 级别="国家级", 获奖对象类型="集体", 集体名称="焊接一班")


def xlsx(rows, header=HEADER) -> bytes:
    return xlsx_bytes(header, rows)


def csv_bytes(rows, encoding, header=HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(str(value) for value in values) for values in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def import_xlsx(data: bytes, dry_run=False):
    return HonourResource().import_data(XLSX().create_dataset(data), dry_run=dry_run)


def import_csv(data: bytes, dry_run=False):
    return HonourResource().import_data(SpreadsheetFile().create_dataset(data), dry_run=dry_run)


@pytest.fixture(autouse=True)
def districts():
    DistrictFactory(name="崇川区")
    DistrictFactory(name="通州区")


def test_a_good_xlsx_creates_honours_people_and_organisations(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_xlsx(xlsx([MEDAL, CERTIFICATE, FEDERATION, PIONEER_TEAM]))

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 4
    medal = Honour.objects.get(honour_type__code=codes.MAY_DAY_MEDAL)
    assert medal.person.name == "林晓梅"
    assert medal.person.get_gender_display() == "女"
    assert medal.person.birth_year == 1983
    assert medal.workplace == "星港电子科技有限公司"
    assert medal.level == Honour.Level.PROVINCIAL
    assert medal.district.name == "崇川区"
    assert str(medal.awarded_on) == "2018-04-28"
    certificate = Honour.objects.get(honour_type__code=codes.MAY_DAY_CERTIFICATE)
    assert certificate.organization.credit_code == credit_code(501)
    assert certificate.organization.kind == Organization.Kind.ENTERPRISE
    team = Honour.objects.get(honour_type__code=codes.PIONEER_TEAM).organization
    assert (team.name, team.kind, team.credit_code) == ("焊接一班", Organization.Kind.TEAM, "")
    federation = Honour.objects.get(recipient_kind=RecipientKind.FEDERATION)
    assert federation.title == "全市工会宣传工作先进集体"
    assert (federation.person, federation.organization) == (None, None)
    # The import keeps an audit trail and tells the reports app that 2018 changed.
    assert medal.history.get().history_change_reason == "表格导入"
    assert StaleYear.objects.filter(year=2018).exists()


def test_the_dry_run_previews_new_updated_and_skipped_rows_and_writes_nothing():
    existing_person = PersonFactory(name="林晓梅", workplace="星港电子科技有限公司")
    HonourFactory(person=existing_person, document_number="旧文号")  # → update
    HonourFactory(  # → unchanged, skipped
        federation=True,
        level=Honour.Level.MUNICIPAL,
        title="全市工会宣传工作先进集体",
        awarding_body="市委宣传部",
        district=DistrictFactory(name="崇川区"),
    )
    before = Honour.objects.count(), Person.objects.count(), Organization.objects.count()

    result = import_xlsx(xlsx([MEDAL, CERTIFICATE, FEDERATION]), dry_run=True)

    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["update", "new", "skip"]
    assert result.rows[0].diff[HEADER.index("姓名")] == "林晓梅"  # the preview shows the row
    assert (Honour.objects.count(), Person.objects.count(), Organization.objects.count()) == before
    assert StaleYear.objects.count() == 0


def test_importing_the_same_file_twice_updates_only_what_changed():
    import_xlsx(xlsx([MEDAL, CERTIFICATE]))
    again = import_xlsx(xlsx([MEDAL, CERTIFICATE]))
    assert again.totals["skip"] == 2
    changed = list(MEDAL)
    changed[HEADER.index("文号")] = "苏工发〔2018〕19号"
    third = import_xlsx(xlsx([changed, CERTIFICATE]))
    assert [row.import_type for row in third.rows] == ["update", "skip"]
    assert Honour.objects.count() == 2
    assert Honour.objects.get(person__name="林晓梅").document_number == "苏工发〔2018〕19号"


def test_the_audit_trail_holds_what_an_import_wrote_and_who_imported_it(django_user_model):
    clerk = django_user_model.objects.create_user("honours-clerk", password="x-Long-enough-1")

    def import_as_clerk(rows):
        dataset = XLSX().create_dataset(xlsx(rows))
        return HonourResource().import_data(dataset, user=clerk)

    import_as_clerk([MEDAL])
    changed = list(MEDAL)
    changed[HEADER.index("文号")] = "苏工发〔2018〕19号"
    import_as_clerk([changed])

    honour = Honour.objects.get(person__name="林晓梅")
    trail = honour.history.order_by("history_date", "history_id")
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in trail] == [
        ("+", clerk, "表格导入"),
        ("~", clerk, "表格导入"),
    ]
    assert [h.document_number for h in trail] == ["苏工发〔2018〕9号", "苏工发〔2018〕19号"]
    person_trail = honour.person.history.all()
    assert [(h.history_type, h.history_user) for h in person_trail] == [("+", clerk)]


def test_each_honour_the_admin_log_names_is_named_in_the_language_of_the_page():
    """The level in an honour's name is translated once per language, not once per honour:
    whichever language asked first, each gets its own."""
    from django.utils import translation

    import_xlsx(xlsx([MEDAL, FEDERATION]))
    medal, federation = Honour.objects.order_by("pk")
    with translation.override("en"):
        assert str(federation).startswith("2018年Municipal")
    with translation.override("zh-hans"):
        assert str(medal) == "2018年省级五一劳动奖章：林晓梅"
        assert str(federation) == "2018年市级荣誉：全市工会宣传工作先进集体"
    with translation.override("en"):
        assert str(medal) == "2018年Provincial五一劳动奖章：林晓梅"


def test_people_are_matched_by_name_and_workplace_and_organisations_by_credit_code():
    same = PersonFactory(name="林晓梅", workplace="星港电子科技有限公司")
    namesake = PersonFactory(name="林晓梅", workplace="别的公司")
    renamed = OrganizationFactory(name="星港电子有限公司（旧名）", credit_code=credit_code(501))

    import_xlsx(xlsx([MEDAL, CERTIFICATE]))

    assert Honour.objects.get(honour_type__code=codes.MAY_DAY_MEDAL).person == same
    assert not namesake.honours.exists()
    assert Honour.objects.get(honour_type__code=codes.MAY_DAY_CERTIFICATE).organization == renamed
    assert Person.objects.filter(name="林晓梅").count() == 2


def test_an_organisation_without_a_credit_code_is_matched_by_name():
    team = OrganizationFactory(name="焊接一班", credit_code="", kind=Organization.Kind.TEAM)
    import_xlsx(xlsx([PIONEER_TEAM]))
    assert Honour.objects.get().organization == team


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_in_gbk(encoding):
    result = import_csv(csv_bytes([MEDAL, CERTIFICATE, FEDERATION], encoding))
    assert not result.has_errors() and not result.has_validation_errors()
    assert Honour.objects.count() == 3
    assert Person.objects.get().name == "林晓梅"
    assert Honour.objects.get(person__isnull=False).awarded_on.isoformat() == "2018-04-28"


def test_one_bad_row_among_good_ones_writes_nothing_and_names_the_row_and_column():
    bad = row(荣誉类型="五一劳动奖章", 级别="部省级", 获奖对象类型="个人", 姓名="周建国")
    before = Person.objects.count(), Organization.objects.count()

    result = import_xlsx(xlsx([MEDAL, CERTIFICATE, bad, FEDERATION]))

    assert result.has_validation_errors()
    assert Honour.objects.count() == 0
    assert (Person.objects.count(), Organization.objects.count()) == before
    errors = errors_of(result)
    assert list(errors) == [4]  # the third data row: row 4 of the spreadsheet
    assert errors[4]["级别"] == [
        "第4行“级别”列：“部省级”无法识别，请填写 国家级、省级、市级 或 县级。"
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("荣誉类型", "五一奖", "“五一奖”不是已登记的荣誉类型"),
        ("年份", "二〇一八", "不是年份"),
        ("获奖对象类型", "团体", "无法识别"),
        ("区划", "火星区", "不是已登记的区划"),
        ("授予日期", "四月", "不是日期"),
        ("性别", "未知", "请填写 男 或 女"),
        ("姓名", "", "必须填写姓名"),
        ("出生年份", 1850, "不是合理的出生年份"),
    ],
)
def test_each_bad_cell_is_reported_in_chinese_under_its_column(column, value, message):
    bad = list(MEDAL)
    bad[HEADER.index(column)] = value
    result = import_xlsx(xlsx([bad]))
    errors = errors_of(result)
    assert message in errors[2][column][0]
    assert errors[2][column][0].startswith(f"第2行“{column}”列")
    assert Honour.objects.count() == 0


def test_a_collective_type_given_to_a_person_and_a_bad_credit_code_are_refused():
    wrong_kind = row(荣誉类型="工人先锋号", 获奖对象类型="个人", 姓名="周建国")
    bad_code = row(荣誉类型="五一劳动奖状", 获奖对象类型="集体", 集体名称="某公司",
                   统一社会信用代码="91320600MA00000019")  # fmt: skip
    errors = errors_of(import_xlsx(xlsx([wrong_kind, bad_code])))
    assert "只授予集体" in errors[2]["获奖对象类型"][0]
    assert "校验位不正确" in errors[3]["统一社会信用代码"][0]


def test_the_same_honour_twice_in_a_file_is_refused_naming_both_rows():
    errors = errors_of(import_xlsx(xlsx([MEDAL, CERTIFICATE, MEDAL])))
    assert errors[4]["荣誉类型"] == [
        "第4行与第2行重复：同一获奖对象、荣誉类型、级别和年份只能登记一次。"
    ]
    assert Honour.objects.count() == 0


def test_a_file_without_the_required_columns_is_refused_before_any_row():
    header = [column for column in HEADER if column != "级别"]
    rows = [[value for column, value in zip(HEADER, MEDAL, strict=True) if column != "级别"]]
    result = import_xlsx(xlsx(rows, header=header))
    assert result.has_errors()
    assert "文件缺少必需的列：级别" in str(result.base_errors[0].error)
    assert not result.invalid_rows and not result.row_errors()
    assert Honour.objects.count() == 0


def test_a_formula_cell_is_refused_and_nothing_is_written():
    with_formula = list(CERTIFICATE)
    with_formula[HEADER.index("事迹简介")] = "=cmd|' /C calc'!A0"
    result = import_csv(csv_bytes([MEDAL, with_formula], "utf-8-sig"))
    assert result.has_errors()
    assert "第3行“事迹简介”列是公式" in str(result.base_errors[0].error)
    assert Honour.objects.count() == Person.objects.count() == 0


def test_a_formula_in_an_xlsx_required_cell_is_reported_not_imported():
    # Spreadsheets store formulas; the import reads values only, so the cell counts as empty.
    with_formula = list(MEDAL)
    with_formula[HEADER.index("年份")] = "=2017+1"
    errors = errors_of(import_xlsx(xlsx([with_formula])))
    assert errors[2]["年份"] == ["第2行“年份”列：必须填写。"]


def test_a_large_import_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    rows = [
        row(
            荣誉类型="五一劳动奖章",
            级别="市级",
            获奖对象类型="个人",
            姓名=f"职工{number}",
            工作单位=f"第{number % 7}机械厂",
        )
        for number in range(300)
    ]
    for number in range(5):  # collectives already known: no query each either
        OrganizationFactory(name=f"班组{number}", credit_code="", kind=Organization.Kind.TEAM)
        rows.append(
            row(荣誉类型="工人先锋号", 级别="市级", 获奖对象类型="集体", 集体名称=f"班组{number}")
        )
    # a few lookups, then batched inserts (SQLite caps the parameters of one INSERT)
    with django_assert_max_num_queries(40):
        result = import_xlsx(xlsx(rows))
    assert result.totals["new"] == 305
    assert Honour.objects.count() == 305


def test_new_collectives_are_written_in_bulk_not_one_by_one(django_assert_max_num_queries):
    rows = []
    for number in range(40):
        rows.append(
            row(
                荣誉类型="五一劳动奖状",
                获奖对象类型="集体",
                集体名称=f"新企业{number}有限公司",
                统一社会信用代码=credit_code(700 + number),
            )
        )
        rows.append(
            row(荣誉类型="工人先锋号", 级别="市级", 获奖对象类型="集体", 集体名称=f"新班组{number}")
        )
    with django_assert_max_num_queries(40):
        result = import_xlsx(xlsx(rows))
    assert result.totals["new"] == 80
    enterprise = Organization.objects.get(credit_code=credit_code(707))
    assert (enterprise.name, enterprise.kind, enterprise.district.name) == (
        "新企业7有限公司",
        Organization.Kind.ENTERPRISE,
        "崇川区",
    )
    team = Organization.objects.get(name="新班组7")
    assert (team.kind, team.credit_code, team.parent) == (Organization.Kind.TEAM, "", None)
    assert team.honours.get().honour_type.code == codes.PIONEER_TEAM


def test_a_new_collective_named_again_after_its_batch_was_written_is_the_same_one():
    class SmallBatches(HonourResource):
        class Meta(HonourResource.Meta):
            batch_size = 2

    medal_elsewhere = row(
        荣誉类型="五一劳动奖章", 获奖对象类型="个人", 姓名="王海", 工作单位="别的公司"
    )
    rows = [CERTIFICATE, PIONEER_TEAM, medal_elsewhere, CERTIFICATE, PIONEER_TEAM]
    result = SmallBatches().import_data(XLSX().create_dataset(xlsx(rows)))
    errors = errors_of(result)
    repeated = "重复：同一获奖对象、荣誉类型、级别和年份只能登记一次。"
    assert errors[5]["荣誉类型"] == [f"第5行与第2行{repeated}"]
    assert errors[6]["荣誉类型"] == [f"第6行与第3行{repeated}"]
    assert Honour.objects.count() == Organization.objects.count() == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL's sequences are set back"
)
def test_an_import_leaves_the_key_sequence_where_the_inserts_left_it():
    """django-import-export sets the id sequence back to the largest id it sees after every
    import; a concurrent insert holding a larger id would then collide. Files carry no ids."""
    with CaptureQueriesContext(connection) as queries:
        result = import_xlsx(xlsx([MEDAL, CERTIFICATE]))
    assert result.totals["new"] == 2
    assert not [query["sql"] for query in queries if "setval" in query["sql"]]


def test_the_import_template_has_the_columns_and_an_example_row_that_imports():
    workbook = load_workbook(io.BytesIO(HonourResource().import_template_workbook()))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == COLUMNS == HEADER
    assert sheet.max_row == 2
    result = import_xlsx(HonourResource().import_template_workbook(), dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 1


def test_export_escapes_formulas_and_reimports_cleanly():
    HonourFactory(citation="=cmd|' /C calc'!A0", person=PersonFactory(name="+林晓梅"))
    HonourFactory(collective=True, honour_type=honour_type(codes.PIONEER_TEAM))
    dataset = HonourResource().export()
    assert dataset.headers == COLUMNS
    first = dict(zip(dataset.headers, dataset[0], strict=True))
    assert first["事迹简介"] == "'=cmd|' /C calc'!A0"
    assert first["姓名"] == "'+林晓梅"
    assert first["荣誉类型"] == "五一劳动奖章"
    assert first["级别"] == "省级"
    assert first["获奖对象类型"] == "个人"
