"""Staff handle requests in the admin: the list (masked, scoped, overdue flagged), a request's
page and its steps, hotline entries, personal data seen whole only with the permission and
logged, and the 工作台 boxes."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group

from appeals import services
from appeals.models import Appeal, AppealAccessLog, AppealAttachment
from tests.appeals.factories import appeal_make, handler, kind
from unionportal import roles

pytestmark = pytest.mark.django_db
LIST = "/admin/appeals/appeal/"


@pytest.fixture
def city_clerk(city):
    return handler("city-clerk", city)


def change_url(appeal) -> str:
    return f"{LIST}{appeal.pk}/change/"


def test_the_list_masks_names_and_phones_and_flags_the_overdue(client, city, city_clerk):
    appeal = appeal_make()
    Appeal.objects.filter(pk=appeal.pk).update(accept_due=datetime.date(2020, 1, 6))
    client.force_login(city_clerk)
    page = client.get(LIST).content.decode()
    assert "王**" in page and "139****5678" in page
    assert "王小明" not in page and "13912345678" not in page
    assert "超期" in page
    overdue = client.get(LIST, {"deadline": "overdue"}).content.decode()
    assert appeal.code in overdue


def test_staff_find_a_request_by_code_or_whole_phone(client, city, city_clerk):
    appeal = appeal_make()
    other = appeal_make(phone="13800000000")
    client.force_login(city_clerk)
    by_phone = client.get(LIST, {"q": "13912345678"}).content.decode()
    assert appeal.code in by_phone and other.code not in by_phone
    by_code = client.get(LIST, {"q": appeal.code.lower()}).content.decode()
    assert appeal.code in by_code and other.code not in by_code


def test_a_county_clerk_cannot_open_a_request_of_another_union(client, city, haimen, qidong):
    clerk = handler("haimen", haimen)
    elsewhere = appeal_make(union=qidong)
    ours = appeal_make(union=haimen)
    client.force_login(clerk)
    page = client.get(LIST).content.decode()
    assert ours.code in page and elsewhere.code not in page
    assert client.get(change_url(elsewhere)).status_code in (302, 404)


def test_the_city_routes_a_request_to_a_county_from_its_page(client, city, haimen, city_clerk):
    appeal = services.appeal_accept(appeal=appeal_make(), by=city_clerk)
    client.force_login(city_clerk)
    page = client.get(change_url(appeal)).content.decode()
    assert "转办（选择工会或填写部门，并填写说明）" in page and "受理" in page
    response = client.post(
        change_url(appeal),
        {
            "step": "route",
            "route_union": haimen.pk,
            "text": "请海门区总工会核实",
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    appeal.refresh_from_db()
    assert appeal.status == "routed" and appeal.union == haimen


def test_a_step_the_service_refuses_shows_its_message(client, city, city_clerk):
    appeal = appeal_make()
    client.force_login(city_clerk)
    response = client.post(
        change_url(appeal),
        {"step": "refuse", "text": "", "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0},
        follow=True,
    )
    assert "请填写不予受理原因" in response.content.decode()
    assert Appeal.objects.get(pk=appeal.pk).status == "pending"


def test_staff_enter_a_hotline_request(client, city, city_clerk):
    client.force_login(city_clerk)
    response = client.post(
        f"{LIST}add/",
        {
            "kind": kind("consultation").pk,
            "channel": "hotline",
            "union": city.pk,
            "name": "赵大姐",
            "phone": "13700001234",
            "id_number": "320602197503150011",  # not asked by 法律咨询: not kept
            "description": "来电咨询：试用期被辞退能否要求补偿？",
            "consent": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.channel == "hotline" and appeal.entered_by == city_clerk
    assert appeal.id_number is None
    assert re.search(r"查询码：" + appeal.code, response.content.decode())


def test_whole_personal_data_needs_the_permission_and_each_view_is_logged(client, city):
    plain = handler("plain", city)
    trusted = handler(
        "trusted",
        city,
        perms=("view_appeal", "change_appeal", "handle_appeal", "view_personal_data"),
    )
    appeal = appeal_make()
    AppealAttachment.objects.create(
        appeal=appeal, kind="pdf", suffix=".pdf", size=9, content="JVBERi0xLjQK"
    )
    client.force_login(plain)
    page = client.get(change_url(appeal)).content.decode()
    assert "13912345678" not in page and "139****5678" in page
    attachment = appeal.attachments.get()
    url = f"{LIST}{appeal.pk}/attachment/{attachment.pk}/"
    assert client.get(url).status_code == 403
    assert AppealAccessLog.objects.count() == 0
    client.force_login(trusted)
    page = client.get(change_url(appeal)).content.decode()
    assert "13912345678" in page and "王小明" in page
    download = client.get(url)
    assert download.status_code == 200 and download.content == b"%PDF-1.4\n"
    assert list(AppealAccessLog.objects.values_list("username", "action")) == [
        ("trusted", "export"),
        ("trusted", "view"),
    ]


def test_the_workbench_counts_new_due_soon_and_overdue_and_by_union(client, city, haimen):
    clerk = handler("wb", city)
    appeal_make()
    late = appeal_make()
    Appeal.objects.filter(pk=late.pk).update(accept_due=datetime.date(2020, 1, 6))
    routed = services.appeal_accept(appeal=appeal_make(), by=clerk)
    services.appeal_route(appeal=routed, by=clerk, union=haimen, note="请核实")
    client.force_login(clerk)
    page = client.get("/admin/").content.decode()
    assert re.search(r'<strong class="count">2</strong>件 待受理', page)
    assert re.search(r'<strong class="count">1</strong>件 已超期', page)
    assert "海门区总工会" in page


def test_the_role_may_handle_but_not_see_numbers_whole(city):
    roles.roles_sync()
    group = Group.objects.get(name=roles.APPEALS_CLERK)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"handle_appeal", "view_appeal", "add_appeal"} <= codenames
    assert "view_personal_data" not in codenames and "delete_appeal" not in codenames
