"""Handling a request, step by step, as staff do it: each state change, who may make it, and
what the requester and the aid app get from it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from appeals import selectors, services
from appeals.models import Appeal, AppealEvent
from assistance import selectors as aid_selectors
from tests.appeals.factories import appeal_make, handler
from tests.assistance.factories import BeneficiaryFactory, make_id_number

pytestmark = pytest.mark.django_db
Status = Appeal.Status


@pytest.fixture
def city_clerk(city):
    return handler("city-clerk", city)


@pytest.fixture
def haimen_clerk(haimen):
    return handler("haimen-clerk", haimen)


def steps(appeal) -> list[tuple[str, str]]:
    return list(appeal.events.values_list("action", "status"))


def test_a_new_request_waits_at_the_city_federation_with_its_code_and_deadlines(city):
    appeal = appeal_make()
    assert appeal.status == Status.PENDING
    assert appeal.union == city
    assert len(appeal.code) == 12 and set(appeal.code) <= set(selectors.CODE_ALPHABET)
    assert appeal.accept_due <= appeal.finish_due
    assert steps(appeal) == [("submit", "pending")]


def test_codes_are_not_repeated(city):
    codes = {appeal_make().code for _ in range(30)}
    assert len(codes) == 30


def test_personal_data_is_stored_encrypted_and_found_by_its_hash(city):
    from django.db import connection

    appeal = appeal_make(phone="139 1234 5678", description="张三被欠薪，电话13912345678")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, description FROM appeals_appeal WHERE id = %s", [appeal.pk]
        )
        row = cursor.fetchone()
    assert "王小明" not in row[0] and "13912345678" not in row[1] and "张三" not in row[2]
    assert Appeal.objects.get(pk=appeal.pk).phone == "13912345678"
    assert Appeal.objects.get(pk=appeal.pk).masked_phone == "139****5678"
    assert Appeal.objects.get(pk=appeal.pk).masked_name == "王**"


def test_accept_route_reply_close_each_step_in_the_history(city, haimen, city_clerk, haimen_clerk):
    appeal = appeal_make()
    appeal = services.appeal_accept(appeal=appeal, by=city_clerk)
    assert appeal.status == Status.ACCEPTED and appeal.accepted_at is not None
    appeal = services.appeal_route(
        appeal=appeal, by=city_clerk, union=haimen, note="请海门区总工会核实欠薪情况"
    )
    assert appeal.status == Status.ROUTED and appeal.union == haimen
    appeal = services.appeal_reply(appeal=appeal, by=haimen_clerk, text="已协调单位补发工资。")
    assert appeal.status == Status.REPLIED and appeal.reply == "已协调单位补发工资。"
    appeal = services.appeal_close(appeal=appeal, by=haimen_clerk)
    assert appeal.status == Status.CLOSED
    assert steps(appeal) == [
        ("submit", "pending"),
        ("accept", "accepted"),
        ("route", "routed"),
        ("reply", "replied"),
        ("close", "closed"),
    ]
    by = list(appeal.events.values_list("by__username", flat=True))
    assert by == [None, "city-clerk", "city-clerk", "haimen-clerk", "haimen-clerk"]


def test_refusing_needs_a_reason_and_ends_the_request(city, city_clerk):
    appeal = appeal_make()
    with pytest.raises(ValidationError, match="请填写不予受理原因"):
        services.appeal_refuse(appeal=appeal, by=city_clerk, reason="  ")
    appeal = services.appeal_refuse(appeal=appeal, by=city_clerk, reason="不属于工会受理范围")
    assert appeal.status == Status.REFUSED and appeal.refusal_reason == "不属于工会受理范围"
    with pytest.raises(ValidationError, match="“不予受理”的诉求不能受理"):
        services.appeal_accept(appeal=appeal, by=city_clerk)


@pytest.mark.parametrize(
    ("step", "kwargs"),
    [
        ("appeal_reply", {"text": "答复"}),
        ("appeal_close", {}),
        ("appeal_route", {"department": "市人社局", "note": "转"}),
    ],
)
def test_a_pending_request_must_be_accepted_first(city, city_clerk, step, kwargs):
    appeal = appeal_make()
    with pytest.raises(ValidationError, match="“待受理”的诉求不能"):
        getattr(services, step)(appeal=appeal, by=city_clerk, **kwargs)
    assert Appeal.objects.get(pk=appeal.pk).status == Status.PENDING


def test_routing_needs_a_union_or_a_department_and_a_note(city, city_clerk):
    appeal = services.appeal_accept(appeal=appeal_make(), by=city_clerk)
    with pytest.raises(ValidationError, match="请选择转办的工会"):
        services.appeal_route(appeal=appeal, by=city_clerk, note="说明")
    with pytest.raises(ValidationError, match="请填写转办说明"):
        services.appeal_route(appeal=appeal, by=city_clerk, department="市人社局")
    appeal = services.appeal_route(
        appeal=appeal, by=city_clerk, department="市人社局劳动监察支队", note="涉及欠薪"
    )
    assert appeal.department == "市人社局劳动监察支队" and appeal.union.kind == "city"


def test_handling_needs_the_permission(city):
    viewer = handler("viewer", city, perms=("view_appeal",))
    with pytest.raises(PermissionDenied):
        services.appeal_accept(appeal=appeal_make(), by=viewer)


def test_a_county_union_sees_and_handles_only_what_is_routed_to_it(
    city, haimen, qidong, city_clerk, haimen_clerk
):
    ours = services.appeal_accept(appeal=appeal_make(), by=city_clerk)
    ours = services.appeal_route(appeal=ours, by=city_clerk, union=haimen, note="请核实")
    theirs = services.appeal_accept(appeal=appeal_make(), by=city_clerk)
    theirs = services.appeal_route(appeal=theirs, by=city_clerk, union=qidong, note="请核实")
    at_city = appeal_make()
    assert list(selectors.appeal_list(user=haimen_clerk)) == [ours]
    assert set(selectors.appeal_list(user=city_clerk)) == {ours, theirs, at_city}
    with pytest.raises(PermissionDenied, match="只能办理本工会承办的诉求"):
        services.appeal_reply(appeal=theirs, by=haimen_clerk, text="答复")
    with pytest.raises(PermissionDenied):
        services.appeal_accept(appeal=at_city, by=haimen_clerk)
    with pytest.raises(PermissionDenied, match="只能转办给本工会或下级工会"):
        services.appeal_route(appeal=ours, by=haimen_clerk, union=qidong, note="转")


def test_staff_enter_a_hotline_request_of_the_same_kind_with_the_channel(haimen, haimen_clerk):
    appeal = appeal_make(channel=Appeal.Channel.HOTLINE, union=haimen, by=haimen_clerk)
    assert appeal.channel == "hotline" and appeal.union == haimen
    assert appeal.entered_by == haimen_clerk
    assert appeal.events.get().by == haimen_clerk


def test_a_county_clerk_cannot_enter_a_request_for_another_union(qidong, haimen_clerk):
    with pytest.raises(PermissionDenied):
        appeal_make(channel=Appeal.Channel.VISIT, union=qidong, by=haimen_clerk)


def test_an_accepted_hardship_request_opens_an_aid_file_with_its_data(city, district, city_clerk):
    id_number = make_id_number(7)
    appeal = appeal_make(
        "hardship",
        name="李红",
        phone="13800001111",
        id_number=id_number,
        employer="某纺织厂",
        district=district,
        description="丈夫重病住院，家庭收入微薄。",
    )
    assert aid_selectors.beneficiary_find_by_id_number(id_number=id_number) is None
    appeal = services.appeal_accept(appeal=appeal, by=city_clerk)
    beneficiary = aid_selectors.beneficiary_find_by_id_number(id_number=id_number)
    assert beneficiary is not None and appeal.beneficiary == beneficiary
    assert (beneficiary.name, beneficiary.phone, beneficiary.workplace) == (
        "李红",
        "13800001111",
        "某纺织厂",
    )
    assert beneficiary.district == district and beneficiary.union == city
    assert appeal.events.filter(action=AppealEvent.Action.AID_FILE).exists()


def test_an_accepted_hardship_request_links_the_file_the_person_already_has(city, city_clerk):
    existing = BeneficiaryFactory(id_number=make_id_number(8))
    appeal = appeal_make("hardship", id_number=make_id_number(8), name=existing.name)
    appeal = services.appeal_accept(appeal=appeal, by=city_clerk)
    assert appeal.beneficiary == existing
    assert aid_selectors.beneficiary_list(user=city_clerk).count() == 1


def test_the_requester_rates_a_closed_request_once(city, city_clerk):
    appeal = appeal_make()
    with pytest.raises(ValidationError, match="办结后才能评价"):
        services.appeal_rate(appeal=appeal, rating="satisfied")
    for step in ("appeal_accept", "appeal_close"):
        if step == "appeal_close":
            services.appeal_reply(appeal=appeal, by=city_clerk, text="已答复")
        getattr(services, step)(appeal=appeal, by=city_clerk)
    appeal = services.appeal_rate(appeal=appeal, rating="fairly", comment="处理较及时")
    assert appeal.get_rating_display() == "基本满意"
    with pytest.raises(ValidationError, match="已经评价过了"):
        services.appeal_rate(appeal=appeal, rating="dissatisfied")


def test_only_a_reply_the_requester_agreed_to_publish_is_published(city):
    clerk = handler("publisher", city, perms=(*("view_appeal", "handle_appeal", "publish_appeal"),))
    refused = appeal_make(publish_consent=False)
    services.appeal_accept(appeal=refused, by=clerk)
    services.appeal_reply(appeal=refused, by=clerk, text="已答复")
    with pytest.raises(ValidationError, match="未同意公开"):
        services.appeal_publish(appeal=refused, by=clerk, question="问", answer="答")
    agreed = appeal_make(publish_consent=True)
    services.appeal_accept(appeal=agreed, by=clerk)
    with pytest.raises(ValidationError, match="答复后才能选登"):
        services.appeal_publish(appeal=agreed, by=clerk, question="问", answer="答")
    services.appeal_reply(appeal=agreed, by=clerk, text="王小明您好，已答复")
    agreed = services.appeal_publish(
        appeal=agreed, by=clerk, question="单位拖欠工资怎么办？", answer="可向劳动监察投诉。"
    )
    assert list(selectors.replies_published(text="拖欠")) == [agreed]
