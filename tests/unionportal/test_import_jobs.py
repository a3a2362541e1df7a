"""A large file is imported by a Celery task, not in the clerk's request: the upload page hands
it over and opens the job's page, which shows its progress, then what it did or the Chinese
errors. The staff workbench lists the imports in progress (``import_jobs_in_progress``)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from honors.models import Honour
from reports.models import StaleYear
from tests.honors.factories import DistrictFactory
from tests.spreadsheets import LEAKS, post_upload, xlsx_bytes
from unionportal.spreadsheets import services
from unionportal.spreadsheets.models import ImportJob
from unionportal.spreadsheets.selectors import import_jobs_in_progress

pytestmark = pytest.mark.django_db

HEADER = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "区划"]


def honours_file(count: int, *, bad_row: int | None = None) -> bytes:
    rows = [
        [2018, "五一劳动奖章", "市级", "个人", f"职工{number:04d}", "紫琅纺织有限公司", "崇川区"]
        for number in range(count)
    ]
    if bad_row is not None:
        rows[bad_row][2] = "部省级"
    return xlsx_bytes(HEADER, rows)


def honours_job(user, data: bytes, *, rows: int) -> ImportJob:
    """A job as the upload page starts it for a large honours file."""
    return services.import_job_start(
        user=user,
        model_label="honors.honour",
        resource_index=0,
        file_name="荣誉.xlsx",
        data=data,
        rows_total=rows,
    )


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.IMPORT_EXPORT_ASYNC_ROWS = 20
    DistrictFactory(name="崇川区")


def test_a_large_file_is_imported_in_the_background_and_its_page_says_what_it_did(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post_upload(admin_client, Honour, honours_file(30), "荣誉.xlsx")

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:spreadsheets_importjob_change", args=[job.pk])
    assert not Honour.objects.exists()  # nothing imported in the request
    assert (job.state, job.rows_total, job.created_by) == ("queued", 30, admin_user)
    assert list(import_jobs_in_progress(user=admin_user)) == [job]

    page = admin_client.get(response["Location"]).content.decode()
    assert "已处理 0 / 30 行" in page and "<progress" in page and 'http-equiv="refresh"' in page

    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:  # the task, enqueued on commit (eager Celery runs it here)
            callback()

    job.refresh_from_db()
    assert (job.state, job.rows_done, job.summary) == ("done", 30, "已新增 30 条、更新 0 条。")
    assert bytes(job.payload) == b""  # the file goes with the import
    assert Honour.objects.count() == 30
    assert Honour.history.filter(history_user=admin_user).count() == 30
    assert LogEntry.objects.filter(user=admin_user).count() == 30
    assert StaleYear.objects.filter(year=2018).exists()
    assert list(import_jobs_in_progress(user=admin_user)) == []
    page = admin_client.get(response["Location"]).content.decode()
    assert "已新增 30 条、更新 0 条。" in page and "<progress" not in page


def test_a_large_file_with_a_bad_row_writes_nothing_and_its_page_lists_the_errors(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(admin_client, Honour, honours_file(30, bad_row=7), "荣誉.xlsx")

    job = ImportJob.objects.get()
    assert job.state == "refused"
    assert job.errors == ["第9行“级别”列：“部省级”无法识别，请填写 国家级、省级、市级 或 县级。"]
    assert not Honour.objects.exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "文件有 1 处错误，没有写入任何记录。" in page and "第9行“级别”列" in page
    for leak in LEAKS:
        assert leak not in page


def test_the_progress_a_running_job_reports_shows_on_its_page(admin_client, admin_user):
    job = honours_job(admin_user, honours_file(30), rows=30)
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    services._report_progress(job.pk, 12)  # what the task's resource calls every 500 rows

    page = admin_client.get(reverse("admin:spreadsheets_importjob_change", args=[job.pk]))
    assert "已处理 12 / 30 行" in page.content.decode()


def test_a_clerk_sees_only_their_own_jobs(client, admin_user, django_user_model):
    job = honours_job(admin_user, b"x", rows=1)
    other = django_user_model.objects.create_user("other-clerk", password="x", is_staff=True)
    client.force_login(other)
    assert list(import_jobs_in_progress(user=other)) == []
    response = client.get(reverse("admin:spreadsheets_importjob_change", args=[job.pk]))
    assert response.status_code == 302  # "does not exist", back to the list
    assert (
        "荣誉.xlsx"
        not in client.get(reverse("admin:spreadsheets_importjob_changelist")).content.decode()
    )


def test_a_task_delivered_twice_imports_once(admin_user, django_capture_on_commit_callbacks):
    job = honours_job(admin_user, honours_file(25), rows=25)
    assert services.import_job_run(job_id=job.pk).state == "done"
    assert services.import_job_run(job_id=job.pk) is None
    assert Honour.objects.count() == 25


def test_aid_imported_in_the_background_keeps_who_imported_it(
    client, django_capture_on_commit_callbacks, settings
):
    """A background import has no request for the audit trail to read the user from."""
    from assistance.models import Disbursement
    from tests.assistance.factories import CityFederationFactory, make_id_number, staff_user
    from tests.spreadsheets import csv_bytes

    clerk = staff_user("aid-clerk", CityFederationFactory())
    client.force_login(clerk)
    headers = [
        "姓名",
        "身份证号",
        "困难类别",
        "帮扶类型",
        "金额（元）",
        "发放工会",
        "发放日期",
        "批次",
    ]
    rows = [
        [f"职工{n}", make_id_number(900 + n), "相对困难", "节日慰问", "500", "市总工会",
         "2018-09-01", "2018年春节送温暖"]
        for n in range(25)
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        post_upload(client, Disbursement, csv_bytes(headers, rows), "帮扶.csv")

    assert ImportJob.objects.get().state == "done"
    assert Disbursement.objects.count() == 25
    trail = Disbursement.history.all()
    assert {(h.history_user, h.history_change_reason) for h in trail} == {(clerk, "表格导入")}
