"""Staff manage competitions, entries and results in the admin, and import spreadsheets there."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competitions.models import Competition, Entry, Result
from reports.models import StaleYear
from tests.competitions.factories import (
    ENTRY_HEADERS,
    RESULT_HEADERS,
    CompetitionFactory,
    EnterpriseFactory,
    EntryFactory,
    ResultFactory,
    make_credit_code,
)

pytestmark = pytest.mark.django_db

MODELS = ["competition", "entry", "result"]


@pytest.fixture
def records():
    entry = EntryFactory()
    result = ResultFactory(rank=1)
    return entry, result


@pytest.mark.parametrize("model", MODELS)
def test_changelist_add_and_change_pages_open(admin_client, records, model):
    entry, result = records
    obj = {"competition": entry.competition, "entry": entry, "result": result}[model]
    for url in (
        reverse(f"admin:competitions_{model}_changelist"),
        reverse(f"admin:competitions_{model}_add"),
        reverse(f"admin:competitions_{model}_change", args=[obj.pk]),
        reverse(f"admin:competitions_{model}_history", args=[obj.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", MODELS)
def test_changelists_filter_and_search(admin_client, records, model):
    url = reverse(f"admin:competitions_{model}_changelist")
    prefix = "" if model == "competition" else "competition__"
    response = admin_client.get(
        url, {f"{prefix}year": 2018, f"{prefix}kind": "skills", "q": "测试"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["entry", "result"])
def test_changelist_costs_no_query_per_row(admin_client, model, django_assert_max_num_queries):
    if model == "entry":
        EntryFactory.create_batch(15)
    else:
        ResultFactory.create_batch(15)
    with django_assert_max_num_queries(14):
        admin_client.get(reverse(f"admin:competitions_{model}_changelist"))


def test_saving_a_competition_in_the_admin_marks_its_year_stale(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:competitions_competition_add"),
            {
                "name": "2018年全市快递职业技能竞赛",
                "kind": "skills",
                "level": "municipal",
                "year": 2018,
                "status": "finished",
                "trade": "快递",
                "total_participants": 1200,
                "grade_upgrades": 60,
                "results-TOTAL_FORMS": 0,
                "results-INITIAL_FORMS": 0,
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Competition.objects.get().trade == "快递"
    assert StaleYear.objects.filter(year=2018).exists()


def test_the_admin_refuses_a_negative_participant_count(admin_client):
    response = admin_client.post(
        reverse("admin:competitions_competition_add"),
        {
            "name": "x",
            "kind": "skills",
            "level": "municipal",
            "year": 2018,
            "status": "finished",
            "total_participants": -1,
            "grade_upgrades": 0,
            "results-TOTAL_FORMS": 0,
            "results-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert not Competition.objects.exists()


@pytest.mark.parametrize(
    ("model", "headers"), [("entry", ENTRY_HEADERS), ("result", RESULT_HEADERS)]
)
def test_staff_download_an_import_template(admin_client, model, headers):
    import_page = admin_client.get(reverse(f"admin:competitions_{model}_import"))
    template_url = reverse(f"admin:competitions_{model}_import_template")
    assert template_url in import_page.content.decode()

    response = admin_client.get(template_url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == headers
    assert sheet.max_row == 2  # one example row


def _csv(text: str, encoding="utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile("entries.csv", text.encode(encoding), content_type="text/csv")


def _format_index(response, name="csv"):
    choices = response.context["form"].fields["format"].choices
    return next(value for value, label in choices if label.lower() == name)


def test_an_entry_import_is_previewed_then_confirmed(
    admin_client, django_capture_on_commit_callbacks
):
    contest = CompetitionFactory(name="2018年全市职工创新升级竞赛", year=2018)
    url = reverse("admin:competitions_entry_import")
    code = make_credit_code(910001)
    csv = (
        "竞赛名称,年份,企业名称,统一社会信用代码,参与职工数,班组数,合理化建议,技术革新攻关,"
        "先进操作法,经济效益（元）\n"
        f"{contest.name},2018,瀚海智能装备有限公司,{code},150,6,12,3,1,880000\n"
    )
    preview = admin_client.post(
        url,
        {"import_file": _csv(csv, "gb18030"), "resource": 0},  # the file says it is CSV
    )
    assert preview.status_code == 200
    assert "瀚海智能装备有限公司" in preview.content.decode()
    assert not Entry.objects.exists()  # a preview writes nothing

    confirm = preview.context["confirm_form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:competitions_entry_process_import"),
            {name: confirm.initial.get(name) for name in confirm.fields},
        )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.organisation.name, entry.workers) == ("瀚海智能装备有限公司", 150)
    assert StaleYear.objects.filter(year=2018).exists()


def test_a_bad_file_shows_the_row_and_column_and_offers_no_confirmation(admin_client):
    contest = CompetitionFactory(name="2018年全市职工创新升级竞赛", year=2018)
    url = reverse("admin:competitions_entry_import")
    csv = (
        "竞赛名称,年份,企业名称,统一社会信用代码,参与职工数\n"
        f"{contest.name},2018,锦航纺织有限公司,,-3\n"
    )
    response = admin_client.post(url, {"import_file": _csv(csv), "resource": 0})
    page = response.content.decode()
    assert "第2行“参与职工数”列：不能为负数" in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Entry.objects.exists()


def test_results_export_from_the_admin(admin_client):
    ResultFactory(contestant_name="钱春华", organisation=EnterpriseFactory(name="@SUM公司"))
    url = reverse("admin:competitions_result_export")
    page = admin_client.get(url)
    form = page.context["form"]
    data = {"format": _format_index(page), "resource": 0}
    data.update({name: True for name in form.fields if name.startswith("resultresource_")})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "钱春华" in text
    assert "'@SUM公司" in text
    assert Result.objects.count() == 1


def test_moving_an_entry_to_another_year_marks_both_years(
    admin_client, django_capture_on_commit_callbacks
):
    entry = EntryFactory(competition=CompetitionFactory(year=2017))
    later = CompetitionFactory(year=2019)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:competitions_entry_change", args=[entry.pk]),
            {
                "competition": later.pk,
                "organisation": entry.organisation.pk,
                "workers": 1,
                "teams": 0,
                "suggestions": 0,
                "innovations": 0,
                "advanced_methods": 0,
                "economic_benefit_yuan": "0",
            },
        )
    assert response.status_code == 302
    assert set(StaleYear.objects.values_list("year", flat=True)) == {2017, 2019}


def test_deleting_results_in_bulk_marks_their_years(
    admin_client, django_capture_on_commit_callbacks
):
    results = [ResultFactory(competition=CompetitionFactory(year=year)) for year in (2016, 2018)]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:competitions_result_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [r.pk for r in results],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not Result.objects.exists()
    assert set(StaleYear.objects.values_list("year", flat=True)) == {2016, 2018}


def test_the_competition_list_counts_entries_and_results_without_a_query_per_row(
    admin_client, django_assert_max_num_queries
):
    for _ in range(5):
        contest = CompetitionFactory()
        EntryFactory.create_batch(3, competition=contest)
        ResultFactory.create_batch(2, competition=contest)
    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse("admin:competitions_competition_changelist"))
    page = response.content.decode()
    assert f'?competition__id__exact={contest.pk}">3家</a>' in page
