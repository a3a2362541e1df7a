"""The 工作台: each role opens the admin on what awaits them, and every line leads to its list.

The data puts something in every box: an article submitted by an editor and one sent back to
them, disbursements applied for and approved in the city federation and in a county union, a
stale year and a failed rollup, and the user's own admin actions.
"""

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistance.models import Disbursement, StaffUnionMembership
from news.models import Article
from reports.models import RollupRun, StaleYear
from tests.assistance.factories import (
    CityFederationFactory,
    CountyUnionFactory,
    DisbursementFactory,
    DistrictFactory,
)
from tests.news.factories import ArticleFactory
from unionportal import roles
from unionportal.spreadsheets.models import ImportJob
from unionportal.workbench import workbench

Status = Disbursement.Status


@pytest.fixture
def staff_in(db):
    roles.roles_sync()
    serial = itertools.count()

    def make(role: str, *, union=None, username=None):
        user = get_user_model().objects.create_user(
            username or f"staff-{next(serial)}", password="a-long-staff-passphrase", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        StaffUnionMembership.objects.create(user=user, union=union or CityFederationFactory())
        return user

    return make


@pytest.fixture
def county(db):
    return CountyUnionFactory(
        district=DistrictFactory(name="海门区"), parent=CityFederationFactory()
    )


def pending_disbursements(county):
    city = CityFederationFactory()
    for status, union, amount in [
        (Status.APPLIED, city, "1200.50"),
        (Status.APPLIED, city, "3000"),
        (Status.APPLIED, county, "800"),
        (Status.APPROVED, city, "500"),
        (Status.PAID, city, "999"),
    ]:
        extra = {} if status == Status.PAID else {"paid_at": None}
        if status == Status.APPLIED:
            extra["approved_at"] = None
        DisbursementFactory(status=status, paying_union=union, amount=Decimal(amount), **extra)


def box(response, key: str) -> str:
    """The text of one box on the workbench page, or "" when the page has no such box."""
    html = response.content.decode()
    found = re.search(rf'<section[^>]*id="box-{key}".*?</section>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))) if found else ""


def links(response, key: str) -> list[str]:
    html = response.content.decode()
    section = re.search(rf'<section[^>]*id="box-{key}".*?</section>', html, re.S).group(0)
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', section)]


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def test_the_admin_opens_on_the_workbench_with_everything_one_click_away(client, staff_in):
    client.force_login(staff_in(roles.EDITOR))
    response = client.get("/admin/")
    page = response.content.decode()
    assert "<h1>工作台</h1>" in page
    assert 'href="/admin/all/"' in page and "全部功能" in page


def test_an_editor_sees_the_article_sent_back_to_them_and_follows_it(client, staff_in):
    editor = staff_in(roles.EDITOR)
    other = staff_in(roles.EDITOR)
    ArticleFactory(status=Article.Status.RETURNED, submitted_by=editor, review_comment="改标题")
    ArticleFactory(status=Article.Status.RETURNED, submitted_by=other)
    ArticleFactory(status=Article.Status.SUBMITTED, submitted_by=other)
    client.force_login(editor)
    response = client.get("/admin/")

    articles = box(response, "articles")
    assert "1篇 退回给我修改" in articles.replace(" 篇", "篇")
    assert "待我审核" not in articles  # an editor does not review
    assert box(response, "disbursements") == "" and box(response, "rollups") == ""
    returned, write = links(response, "articles")
    assert list_count(client, returned) == 1
    assert write == "/admin/news/article/add/" and "写新稿件" in articles


def test_a_reviewer_sees_what_others_submitted_not_their_own(client, staff_in):
    reviewer = staff_in(roles.REVIEWER)
    editor = staff_in(roles.EDITOR)
    ArticleFactory.create_batch(2, status=Article.Status.SUBMITTED, submitted_by=editor)
    ArticleFactory(status=Article.Status.SUBMITTED, submitted_by=reviewer)
    client.force_login(reviewer)
    response = client.get("/admin/")

    articles = box(response, "articles")
    assert re.search(r"2 篇 待我审核", articles), articles
    assert re.search(r"0 篇 退回给我修改", articles), articles
    to_review = links(response, "articles")[0]
    assert "status__exact=submitted" in to_review
    # the list shows every submitted article; the box counts those this reviewer may approve
    assert list_count(client, to_review) == 3


def test_an_approver_sees_the_disbursements_awaiting_approval_with_their_sum(
    client, staff_in, county
):
    pending_disbursements(county)
    client.force_login(staff_in(roles.AID_APPROVER))
    response = client.get("/admin/")

    aid = box(response, "disbursements")
    assert re.search(r"3 笔 待审批 合计 5,000.50 元", aid), aid
    assert "已审批待发放" not in aid  # approvers do not pay out
    (applied,) = links(response, "disbursements")
    assert list_count(client, applied) == 3


def test_county_staff_count_only_their_unions_disbursements(client, staff_in, county):
    pending_disbursements(county)
    approver = staff_in(roles.AID_APPROVER, union=county)
    approver.groups.add(Group.objects.get(name=roles.AID_CLERK))
    client.force_login(approver)
    response = client.get("/admin/")

    aid = box(response, "disbursements")
    assert re.search(r"1 笔 待审批 合计 800.00 元", aid), aid
    assert re.search(r"0 笔 已审批待发放", aid), aid
    applied, approved = links(response, "disbursements")
    assert list_count(client, applied) == 1
    assert list_count(client, approved) == 0


def test_an_aid_clerk_sees_what_is_approved_and_awaits_payment(client, staff_in, county):
    pending_disbursements(county)
    client.force_login(staff_in(roles.AID_CLERK))
    response = client.get("/admin/")

    aid = box(response, "disbursements")
    assert re.search(r"1 笔 已审批待发放 合计 500.00 元", aid), aid
    assert "待审批" not in aid.replace("已审批待发放", "")


def test_the_system_administrator_sees_stale_years_and_a_failed_rollup(client, staff_in):
    StaleYear.objects.create(year=2018)
    StaleYear.objects.create(year=2017)
    RollupRun.objects.create(year=2018, status=RollupRun.Status.FAILED, error="boom")
    client.force_login(staff_in(roles.SYSTEM_ADMIN))
    response = client.get("/admin/")

    rollups = box(response, "rollups")
    assert re.search(r"2 个年度的数据待重新计算 2017年、2018年", rollups), rollups
    assert "最近一次计算：2018年 失败" in rollups
    assert 'class="urgent"' in response.content.decode()
    stale, runs = links(response, "rollups")
    assert list_count(client, stale) == 2
    assert list_count(client, runs) == 1


def test_an_honours_clerk_sees_the_last_rollup_but_not_the_stale_years(client, staff_in):
    StaleYear.objects.create(year=2018)
    RollupRun.objects.create(year=2018, status=RollupRun.Status.CHANGED)
    client.force_login(staff_in(roles.HONOURS_CLERK))
    rollups = box(client.get("/admin/"), "rollups")
    assert "最近一次计算：2018年 已更新" in rollups
    assert "待重新计算" not in rollups


def test_everyone_sees_their_own_recent_actions_not_others(client, staff_in):
    clerk = staff_in(roles.HONOURS_CLERK)
    other = staff_in(roles.HONOURS_CLERK)
    article_type = ContentType.objects.get_for_model(Article)
    for user, text in [(clerk, "我的操作记录"), (other, "别人的操作记录")]:
        LogEntry.objects.create(
            user=user,
            content_type=article_type,
            object_id="1",
            object_repr=text,
            action_flag=ADDITION,
        )
    client.force_login(clerk)
    recent = box(client.get("/admin/"), "recent_actions")
    assert "新增文章：我的操作记录" in recent
    assert "别人的操作记录" not in recent


def test_a_clerk_follows_their_import_in_progress(client, staff_in):
    clerk = staff_in(roles.HONOURS_CLERK)
    other = staff_in(roles.HONOURS_CLERK)
    job = ImportJob.objects.create(
        created_by=clerk,
        model_label="honors.honour",
        file_name="2018年劳模名单.xlsx",
        state=ImportJob.State.RUNNING,
        rows_total=200,
        rows_done=50,
    )
    ImportJob.objects.create(
        created_by=clerk, model_label="honors.honour", file_name="旧.xlsx", state="done"
    )
    client.force_login(clerk)
    response = client.get("/admin/")
    imports = box(response, "imports")
    assert "2018年劳模名单.xlsx → 荣誉" in imports, imports
    assert "导入中，已处理 50 / 200 行（25%）" in imports
    assert "旧.xlsx" not in imports  # finished: no longer in progress
    (job_page,) = links(response, "imports")
    assert client.get(job_page).status_code == 200 and str(job.pk) in job_page

    client.force_login(other)
    assert box(client.get("/admin/"), "imports") == ""  # nothing of theirs is importing


def test_a_newcomer_with_no_role_sees_only_their_own_empty_history(client, db):
    user = get_user_model().objects.create_user("newcomer", password="x" * 12, is_staff=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert box(response, "recent_actions").strip().endswith("还没有操作记录。")
    assert box(response, "articles") == "" and box(response, "disbursements") == ""


def test_an_empty_box_says_nothing_waits(client, staff_in):
    client.force_login(staff_in(roles.AID_APPROVER))
    assert "0 笔 待审批 合计 0.00 元" in box(client.get("/admin/"), "disbursements")


@pytest.mark.parametrize("box_key", [b.key for b in workbench.boxes()])
def test_a_box_costs_the_same_queries_however_much_waits(db, staff_in, county, box_key):
    """Counts are made in the database: ten times the records, not one query more."""
    user = get_user_model().objects.create_superuser("chief", password="a-long-passphrase")
    StaffUnionMembership.objects.create(user=user, union=county)
    the_box = next(b for b in workbench.boxes() if b.key == box_key)
    article_type = ContentType.objects.get_for_model(Article)

    def add_records():
        pending_disbursements(county)
        ArticleFactory(status=Article.Status.SUBMITTED)
        ArticleFactory(status=Article.Status.RETURNED, submitted_by=user)
        StaleYear.objects.get_or_create(year=2010 + StaleYear.objects.count())
        RollupRun.objects.create(year=2018, status=RollupRun.Status.CHANGED)
        LogEntry.objects.create(
            user=user, content_type=article_type, object_id="1", object_repr="x", action_flag=1
        )
        ImportJob.objects.create(
            created_by=user, model_label="honors.honour", file_name="a.xlsx", rows_total=10
        )

    def queries() -> int:
        user_again = get_user_model().objects.get(pk=user.pk)  # no permission cache
        with CaptureQueriesContext(connection) as captured:
            the_box.items(user_again)
        return len(captured)

    add_records()
    few = queries()
    for _ in range(9):
        add_records()
    assert queries() == few


def test_every_box_can_be_seen_by_some_role():
    """A box nobody's role opens would be dead code on the page."""
    every_permission = {name for names in roles.ROLES.values() for name in names}
    for the_box in workbench.boxes():
        assert not the_box.permissions or set(the_box.permissions) & every_permission, the_box.key


def test_the_all_features_page_groups_models_by_task(client, staff_in):
    client.force_login(staff_in(roles.SYSTEM_ADMIN))
    page = client.get("/admin/all/").content.decode()
    captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', page)
    assert "系统管理" in captions
    system = page[page.index(">系统管理<") :]
    assert "登录失败记录" in system  # django-axes' lockouts, for the administrators who unlock


@pytest.mark.parametrize(
    ("role", "groups"),
    [
        (roles.EDITOR, ["新闻发布", "表格导入"]),
        (roles.HONOURS_CLERK, ["荣誉与劳模", "年度统计", "系统管理", "表格导入"]),
        (roles.AID_CLERK, ["困难帮扶", "系统管理", "表格导入"]),
        (roles.COMPETITIONS_CLERK, ["竞赛", "年度统计", "系统管理", "表格导入"]),
    ],
)
def test_each_role_sees_its_task_groups_and_no_lockout_tables(client, staff_in, role, groups):
    client.force_login(staff_in(role))
    page = client.get("/admin/all/").content.decode()
    captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', page)
    assert captions == groups
    assert "登录失败记录" not in page and "/admin/axes/" not in page


def test_a_superuser_sees_every_task_group_in_order(admin_client):
    page = admin_client.get("/admin/all/").content.decode()
    captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', page)
    assert captions[:7] == [
        "新闻发布",
        "荣誉与劳模",
        "困难帮扶",
        "竞赛",
        "服务站点",
        "年度统计",
        "系统管理",
    ]


def test_dates_on_the_workbench_are_written_the_chinese_way(client, staff_in):
    user = staff_in(roles.SYSTEM_ADMIN)
    RollupRun.objects.create(
        year=2018,
        status=RollupRun.Status.CHANGED,
        started_at=datetime.datetime(2019, 3, 5, 6, 30, tzinfo=datetime.UTC),
        finished_at=datetime.datetime(2019, 3, 5, 6, 31, tzinfo=datetime.UTC),
    )
    client.force_login(user)
    assert "2019年3月5日 14:31" in box(client.get("/admin/"), "rollups")
