"""Dates and money in the admin are written the Chinese way; axes and the history pages speak
Chinese too, with no Python ``None`` on the page."""

import datetime
import re
from decimal import Decimal

from axes.models import AccessAttempt

from tests.admin_forms import admin_change
from tests.assistance.factories import DisbursementFactory
from tests.honors.factories import PersonFactory


def test_the_disbursement_list_prints_dates_and_money_the_chinese_way(admin_client):
    DisbursementFactory(amount=Decimal("12345.6"), disbursed_on=datetime.date(2018, 9, 1))
    DisbursementFactory(amount=Decimal("1000000"), disbursed_on=datetime.date(2018, 9, 2))
    page = admin_client.get("/admin/assistance/disbursement/").content.decode()
    assert re.search(r'<td class="field-amount_yuan">12,345.60</td>', page)
    assert "1,000,000.00" in page
    assert "2018年9月1日" in page and "2018-09-01" not in page
    assert re.search(r"金额\s*<strong>1,012,345.60</strong>\s*元", page)  # the list's total


def test_a_system_administrator_unlocks_a_colleague_in_chinese(admin_client, settings):
    attempt = AccessAttempt.objects.create(
        user_agent="Mozilla/5.0",
        ip_address="10.0.0.9",
        username="clerk",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    page = admin_client.get("/admin/axes/accessattempt/")
    text = page.content.decode()
    assert "登录失败记录" in text and "已锁定" in text and "状态" in text
    actions = [value for value, _label in page.context["action_form"].fields["action"].choices]
    assert actions == ["", "delete_selected"]  # axes' clean-up fails in the admin: left out
    chosen = {"action": "delete_selected", "_selected_action": attempt.pk}
    admin_client.post("/admin/axes/accessattempt/", chosen)
    response = admin_client.post(
        "/admin/axes/accessattempt/", {**chosen, "post": "yes"}, follow=True
    )
    assert not AccessAttempt.objects.exists()
    assert [str(m) for m in response.context["messages"]] == ["成功删除了 1 个 登录失败记录"]


def test_a_records_history_reads_in_chinese_with_no_python_none(admin_client):
    person = PersonFactory(name="王建国", workplace="旧单位")
    url = f"/admin/honors/person/{person.pk}/change/"
    admin_change(admin_client, url, workplace="新单位")
    page = admin_client.get(f"/admin/honors/person/{person.pk}/history/").content.decode()
    assert "None" not in page
    assert re.search(r"<strong>工作单位：</strong>\s*旧单位 → 新单位", page)
    assert "修改原因" in page and "共 2 条" in page
