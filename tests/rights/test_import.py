"""Clerks import contracts and supervision visits from Excel: enterprises matched by code, a
second file updating, bad rows named in Chinese and nothing written, county staff limited to
their own union, and a template to start from."""

import io

import openpyxl
import pytest

from assistance.models import StaffUnionMembership
from organizations.models import Organization
from reports.models import StaleYear
from rights.models import CollectiveContract, SupervisionVisit
from rights.resources import CollectiveContractResource, SupervisionVisitResource
from tests.competitions.factories import EnterpriseFactory, make_credit_code
from tests.spreadsheets import LEAKS, errors_of, post_upload, run, xlsx_bytes

pytestmark = pytest.mark.django_db

CONTRACT_HEADERS = ["企业名称", "统一社会信用代码", "合同类别", "签订日期", "生效日期", "到期日期",
                    "覆盖职工数", "指导工会"]  # fmt: skip


def contract_row(name="江海精密机械有限公司", code=None, **changes):
    values = {
        "企业名称": name,
        "统一社会信用代码": code if code is not None else make_credit_code(900),
        "合同类别": "工资专项",
        "签订日期": "2018-03-20",
        "生效日期": "2018-04-01",
        "到期日期": "2021-03-31",
        "覆盖职工数": 260,
        "指导工会": "崇川区总工会",
    } | changes
    return [values[header] for header in CONTRACT_HEADERS]


def test_a_contract_file_lands_matches_enterprises_and_a_second_file_updates(
    unions, django_capture_on_commit_callbacks
):
    known = EnterpriseFactory(name="老名字精密机械有限公司")
    with django_capture_on_commit_callbacks(execute=True):
        result = run(
            CollectiveContractResource(),
            CONTRACT_HEADERS,
            contract_row(code=known.credit_code),  # renamed since: the code wins
            contract_row("濠河纺织有限公司", make_credit_code(901), 合同类别="综合集体合同"),
        )
    assert not result.has_errors() and not result.has_validation_errors()
    assert CollectiveContract.objects.count() == 2
    assert CollectiveContract.objects.filter(enterprise=known, kind="wage").exists()
    assert Organization.objects.filter(name="濠河纺织有限公司").exists()
    assert {2018, 2021} <= set(StaleYear.objects.values_list("year", flat=True))
    assert (
        CollectiveContract.objects.get(enterprise=known).history.first().history_change_reason
        == "表格导入"
    )

    run(
        CollectiveContractResource(),
        CONTRACT_HEADERS,
        contract_row(code=known.credit_code, 覆盖职工数=300),
    )
    assert CollectiveContract.objects.count() == 2
    assert CollectiveContract.objects.get(enterprise=known).workers_covered == 300


def test_bad_rows_are_named_in_chinese_and_nothing_is_written(unions):
    result = run(
        CollectiveContractResource(),
        CONTRACT_HEADERS,
        contract_row(),
        contract_row("日期错的公司", make_credit_code(902), 到期日期="2017-01-01"),
        contract_row(
            "类别错的公司", make_credit_code(903), 合同类别="口头约定", 指导工会="不存在的工会"
        ),
        contract_row("代码错的公司", "91320600MAT00000X"),
    )
    errors = errors_of(result)
    assert set(errors) == {3, 4, 5}
    assert "到期日期不能早于生效日期" in str(errors[3])
    assert "“口头约定”无效" in errors[4]["合同类别"][0]
    assert "没有名为“不存在的工会”的工会" in errors[4]["指导工会"][0]
    assert "统一社会信用代码" in errors[5]
    for messages in errors.values():
        for message in (text for texts in messages.values() for text in texts):
            assert not any(leak in message for leak in LEAKS), message
            assert message.startswith("第")
    assert not CollectiveContract.objects.exists()


def test_county_staff_import_only_their_own_unions_visits(unions, django_user_model):
    _, chongchuan, _ = unions
    clerk = django_user_model.objects.create_user("clerk", password="x" * 12, is_staff=True)
    StaffUnionMembership.objects.create(user=clerk, union=chongchuan)
    headers = ["企业名称", "统一社会信用代码", "监督日期", "监督组织", "监督组织层级", "报送工会",
               "发出监督意见书", "纠正违法用工人次"]  # fmt: skip
    own = ["江海精密机械有限公司", make_credit_code(910), "2018-06-12", "东港街道工会监督小组",
           "乡镇（街道）级", "崇川区总工会", "是", 12]  # fmt: skip
    foreign = ["启东纺织有限公司", make_credit_code(911), "2018-06-13", "启东市总工会监督委员会",
               "县（市、区）级", "启东市总工会", "否", 0]  # fmt: skip

    result = run(SupervisionVisitResource(), headers, own, foreign, user=clerk)
    assert errors_of(result)[3]["报送工会"] == [
        "第3行“报送工会”列：只能导入本工会（及下属工会）报送的记录。"
    ]
    assert not SupervisionVisit.objects.exists()

    result = run(SupervisionVisitResource(), headers, own, user=clerk)
    visit = SupervisionVisit.objects.get()
    assert (visit.opinion_letter, visit.workers_corrected, visit.level) == (True, 12, "town")


def test_the_contract_template_imports_as_it_is(admin_client, unions):
    response = admin_client.get("/admin/rights/collectivecontract/import-template/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, example = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["企业名称", "统一社会信用代码", "合同类别"]

    response = post_upload(
        admin_client, CollectiveContract, xlsx_bytes(header, [example]), "合同.xlsx"
    )
    assert response.status_code == 200
    assert "示例精密机械有限公司" in response.content.decode()  # the preview, ready to confirm
