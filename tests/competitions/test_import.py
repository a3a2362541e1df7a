"""Staff import the spreadsheets enterprises send: good files land, bad files write nothing."""

import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from import_export.formats.base_formats import XLSX

from competitions.models import Competition, Entry, Result
from competitions.resources import EntryResource, ResultResource
from organizations.models import Organization
from reports.models import StaleYear
from tests.competitions.factories import (
    ENTRY_HEADERS,
    RESULT_HEADERS,
    CompetitionFactory,
    EnterpriseFactory,
    EntryFactory,
    ResultFactory,
    SkillsContestFactory,
    make_credit_code,
)

pytestmark = pytest.mark.django_db


def dataset(headers, *rows):
    return tablib.Dataset(*rows, headers=headers)


def row_errors(result):
    """{spreadsheet row: {column: [messages]}} of the rows that failed."""
    return {
        row.number: {column: list(messages) for column, messages in row.error_dict.items()}
        for row in result.invalid_rows
    }


@pytest.fixture
def innovation():
    return CompetitionFactory(name="2018年全市职工创新升级竞赛", year=2018)


def test_entries_are_imported_matching_enterprises_by_code_or_name(
    innovation, django_capture_on_commit_callbacks
):
    known = EnterpriseFactory(name="江海精密机械有限公司")
    by_name = EnterpriseFactory(name="澄川纺织有限公司", credit_code="")
    new_code = make_credit_code(900001)
    data = dataset(
        ENTRY_HEADERS,
        [
            "2018年全市职工创新升级竞赛",
            2018,
            "江海精密机械（改名）",
            known.credit_code,
            120,
            6,
            30,
            2,
            1,
            "1,500,000.50",
        ],
        ["2018年全市职工创新升级竞赛", "2018", "澄川纺织有限公司", "", 80, "", 10, 0, 0, 0],
        [
            "2018年全市职工创新升级竞赛",
            2018,
            "启帆电子科技有限公司",
            new_code.lower(),
            50,
            2,
            5,
            1,
            0,
            20000,
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = EntryResource().import_data(data, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    entries = {e.organisation.name: e for e in Entry.objects.select_related("organisation")}
    assert set(entries) == {"江海精密机械有限公司", "澄川纺织有限公司", "启帆电子科技有限公司"}
    assert entries["江海精密机械有限公司"].organisation == known  # the code wins over the name
    assert entries["江海精密机械有限公司"].economic_benefit_yuan == Decimal("1500000.50")
    assert entries["澄川纺织有限公司"].organisation == by_name
    assert entries["澄川纺织有限公司"].teams == 0  # a blank cell is zero
    assert Organization.objects.get(credit_code=new_code).name == "启帆电子科技有限公司"
    assert StaleYear.objects.filter(year=2018).exists()  # the 2018 figures will be recomputed


def test_a_second_import_corrects_the_entries_instead_of_duplicating_them(innovation):
    entry = EntryFactory(competition=innovation, workers=10)
    data = dataset(
        ENTRY_HEADERS,
        [
            innovation.name,
            2018,
            entry.organisation.name,
            entry.organisation.credit_code,
            99,
            1,
            2,
            3,
            4,
            5,
        ],
    )
    result = EntryResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors()
    entry.refresh_from_db()
    assert (entry.workers, entry.advanced_methods) == (99, 4)
    assert Entry.objects.count() == 1
    assert entry.history.count() == 2  # the import is in the audit trail


def test_a_dry_run_previews_and_writes_nothing(innovation):
    data = dataset(
        ENTRY_HEADERS,
        [innovation.name, 2018, "临江物流有限公司", make_credit_code(900002), 5, 0, 0, 0, 0, 0],
    )
    result = EntryResource().import_data(data, dry_run=True)
    assert result.totals["new"] == 1
    assert not Entry.objects.exists()
    assert not Organization.objects.filter(name="临江物流有限公司").exists()
    assert not StaleYear.objects.exists()


def test_a_file_with_a_bad_row_writes_nothing_and_names_row_and_column(innovation):
    data = dataset(
        ENTRY_HEADERS,
        [innovation.name, 2018, "沧澜化工有限公司", make_credit_code(900003), 10, 1, 1, 1, 1, 1],
        [innovation.name, 2018, "润达食品有限公司", make_credit_code(900004), -5, 1, 1, 1, 1, 1],
        [
            innovation.name,
            2018,
            "晟源医药有限公司",
            "91320600MA1X2Y3Y4Z",
            10,
            1,
            "三十",
            1,
            1,
            "-20",
        ],
        ["不存在的竞赛", 2018, "紫琅家纺有限公司", "", 1, 1, 1, 1, 1, 1],
    )
    result = EntryResource().import_data(data, dry_run=False)

    errors = row_errors(result)
    assert set(errors) == {3, 4, 5}  # spreadsheet rows (the header is row 1)
    assert errors[3]["参与职工数"] == ["第3行“参与职工数”列：不能为负数（填写的是-5）。"]
    assert "不是数字" in errors[4]["合理化建议"][0]
    assert "不能为负数" in errors[4]["经济效益（元）"][0]
    assert "第4行“统一社会信用代码”列" in errors[4]["统一社会信用代码"][0]
    assert "未找到2018年的竞赛“不存在的竞赛”" in errors[5]["竞赛名称"][0]
    assert not Entry.objects.exists()
    assert not Organization.objects.filter(name="沧澜化工有限公司").exists()
    assert not StaleYear.objects.exists()


def test_the_same_enterprise_twice_in_one_file_is_refused(innovation):
    code = make_credit_code(900005)
    row = [innovation.name, 2018, "恒嘉包装材料有限公司", code, 1, 1, 1, 1, 1, 1]
    result = EntryResource().import_data(dataset(ENTRY_HEADERS, row, row), dry_run=False)
    assert "与第2行重复" in row_errors(result)[3]["企业名称"][0]
    assert not Entry.objects.exists()


def test_a_file_without_the_required_columns_is_refused_in_chinese(innovation):
    data = dataset(["企业名称", "参与职工数"], ["鼎泰钢结构有限公司", 5])
    result = EntryResource().import_data(data, dry_run=False)
    assert result.has_errors()
    assert "竞赛名称" in str(result.base_errors[0].error)
    assert not Entry.objects.exists()


def test_a_formula_cell_is_refused(innovation):
    data = dataset(ENTRY_HEADERS, [innovation.name, 2018, '=HYPERLINK("x")', "", 1, 1, 1, 1, 1, 1])
    result = EntryResource().import_data(data, dry_run=False)
    assert result.has_errors()
    assert "公式" in str(result.base_errors[0].error)


def test_an_import_costs_a_fixed_number_of_queries_not_one_per_row(
    innovation, django_assert_max_num_queries
):
    enterprises = EnterpriseFactory.create_batch(40)
    rows = [
        [innovation.name, 2018, e.name, e.credit_code, 10, 1, 1, 1, 1, 100] for e in enterprises
    ]
    with django_assert_max_num_queries(16):  # savepoints included; 40 rows, 6 real queries
        result = EntryResource().import_data(dataset(ENTRY_HEADERS, *rows), dry_run=False)
    assert not result.has_validation_errors()
    assert Entry.objects.count() == 40


def test_results_are_imported_with_prizes_and_grades():
    contest = SkillsContestFactory(name="2018年全市电焊工职业技能竞赛", year=2018)
    works = EnterpriseFactory()
    data = dataset(
        RESULT_HEADERS,
        [contest.name, 2018, "王建国", works.name, works.credit_code, 1, "一等奖", "是", "技师"],
        [
            contest.name,
            2018,
            "李海燕",
            "东洲船舶配套有限公司",
            make_credit_code(900006),
            2,
            "二等奖",
            "否",
            "",
        ],
    )
    result = ResultResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    champion = Result.objects.get(rank=1)
    assert (champion.contestant_name, champion.organisation, champion.prize) == (
        "王建国",
        works,
        Result.Prize.FIRST,
    )
    assert champion.grade_upgraded and champion.new_grade == "技师"
    assert champion.is_champion
    assert not Result.objects.get(rank=2).grade_upgraded


def test_bad_result_rows_are_refused_with_their_row_and_column():
    contest = SkillsContestFactory(name="2018年全市快递职业技能竞赛", year=2018)
    ResultFactory(competition=contest, rank=1, contestant_name="赵立新")
    works = EnterpriseFactory()
    data = dataset(
        RESULT_HEADERS,
        [contest.name, 2018, "周文杰", works.name, works.credit_code, 0, "特等奖", "也许", ""],
        [contest.name, 2018, "吴秀英", works.name, works.credit_code, 1, "一等奖", "否", "技师"],
        [contest.name, 2018, "", works.name, works.credit_code, 3, "", "", ""],
    )
    result = ResultResource().import_data(data, dry_run=False)
    errors = row_errors(result)
    assert "应为不小于1的整数" in errors[2]["名次"][0]
    assert "奖项应为" in errors[2]["奖项"][0]
    assert "请填写“是”或“否”" in errors[2]["是否晋升技术等级"][0]
    assert "已有第一名（赵立新）" in errors[3]["名次"][0]
    assert "晋升等级" in errors[3]
    assert errors[4]["姓名"] == ["第4行“姓名”列：必须填写。"]
    assert Result.objects.count() == 1


def test_exported_text_cannot_run_as_a_formula(innovation):
    EntryFactory(
        competition=innovation,
        organisation=EnterpriseFactory(name='=HYPERLINK("http://x")有限公司'),
    )
    exported = EntryResource().export()
    assert exported.headers == ENTRY_HEADERS
    assert exported[0][2] == '\'=HYPERLINK("http://x")有限公司'
    assert exported[0][1] == 2018


def test_export_reads_the_related_records_in_one_query(innovation, django_assert_num_queries):
    EntryFactory.create_batch(5, competition=innovation)
    with django_assert_num_queries(1):
        EntryResource().export(Entry.objects.all())


def test_the_result_export_prints_prizes_and_yes_no_in_chinese():
    ResultFactory(rank=1, prize=Result.Prize.FIRST, grade_upgraded=True, new_grade="技师")
    row = dict(zip(RESULT_HEADERS, ResultResource().export()[0], strict=True))
    assert (row["名次"], row["奖项"], row["是否晋升技术等级"], row["晋升等级"]) == (
        1,
        "一等奖",
        "是",
        "技师",
    )


def test_competitions_of_other_kinds_can_receive_entries_too():
    cup = CompetitionFactory(name="2018年度安康杯竞赛", kind=Competition.Kind.ANKANG)
    data = dataset(
        ["竞赛名称", "年份", "企业名称", "参与职工数", "班组数"],
        [cup.name, 2018, "北辰建设工程有限公司", 300, 12],
    )
    result = EntryResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert Entry.objects.get().teams == 12


def test_an_excel_file_is_read_with_its_numbers(innovation):
    workbook = openpyxl.Workbook()
    workbook.active.append(ENTRY_HEADERS)
    workbook.active.append(
        [
            innovation.name,
            2018,
            "宏远汽车零部件有限公司",
            make_credit_code(900007),
            120.0,
            4,
            9,
            1,
            0,
            1234.5,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = XLSX().create_dataset(buffer.getvalue())

    result = EntryResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    entry = Entry.objects.get()
    assert (entry.workers, entry.economic_benefit_yuan) == (120, Decimal("1234.50"))


def test_absurd_values_are_refused_before_they_reach_the_database(innovation):
    data = dataset(
        ENTRY_HEADERS,
        [innovation.name, 2018, "企" * 201, "", 1, 1, 1, 1, 1, 1],
        [innovation.name, 2018, "泰安纺织有限公司", "", 3_000_000_000, 1, 1, 1, 1, "1e15"],
    )
    result = EntryResource().import_data(data, dry_run=False)
    errors = row_errors(result)
    assert "不超过200个字" in errors[2]["企业名称"][0]
    assert "数值过大" in errors[3]["参与职工数"][0]
    assert "金额过大" in errors[3]["经济效益（元）"][0]
    assert not Entry.objects.exists()
