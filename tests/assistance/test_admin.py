"""The staff screens: scoped, masked, logged, and unable to lose a paid record."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance.models import Beneficiary, Disbursement, SensitiveAccessLog
from assistance.resources import DisbursementResource
from tests.assistance.factories import (
    AppliedDisbursementFactory,
    BeneficiaryFactory,
    DisbursementFactory,
    aid_type,
    make_id_number,
    staff_user,
)

pytestmark = pytest.mark.django_db

ID_NUMBER, PHONE = make_id_number(321), "13812345678"
MASKED_ID, MASKED_PHONE = ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:], "138****5678"


def url(name, *args):
    return reverse(f"admin:assistance_{name}", args=args)


@pytest.fixture
def file(city):
    return BeneficiaryFactory(name="陈桂兰", id_number=ID_NUMBER, phone=PHONE, union=city)


@pytest.fixture
def clerk(client, city):
    client.force_login(staff_user("clerk", city))
    return client


@pytest.fixture
def officer(client, city):
    """A user allowed to see full numbers (查看完整身份证号和电话)."""
    user = staff_user("officer", city, perms=("view_sensitive",))
    client.force_login(user)
    client.user = user
    return client


def export_csv(client, query=""):
    data = {"format": "1", "resource": "0"}
    data |= {f"disbursementresource_{name}": "on" for name in DisbursementResource.Meta.fields}
    response = client.post(url("disbursement_export") + query, data)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode("utf-8-sig")


# ---- smoke ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "staffunionmembership",
        "aidtype",
        "batch",
        "beneficiary",
        "disbursement",
        "sensitiveaccesslog",
    ],
)
def test_every_changelist_opens(admin_client, model, file):
    DisbursementFactory(beneficiary=file)
    assert admin_client.get(url(f"{model}_changelist")).status_code == 200


@pytest.mark.parametrize(
    "model", ["staffunionmembership", "aidtype", "batch", "beneficiary", "disbursement"]
)
def test_every_add_page_opens(admin_client, model, city):
    assert admin_client.get(url(f"{model}_add")).status_code == 200


def test_the_import_page_and_template_download_work(admin_client):
    assert admin_client.get(url("disbursement_import")).status_code == 200
    response = admin_client.get(url("disbursement_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# ---- masking --------------------------------------------------------------------------


def test_a_clerk_sees_masked_numbers_in_the_list(clerk, file):
    DisbursementFactory(beneficiary=file)
    for page in (url("beneficiary_changelist"), url("disbursement_changelist")):
        html = clerk.get(page).content.decode()
        assert MASKED_ID in html
        assert ID_NUMBER not in html and PHONE not in html


def test_the_change_form_never_carries_the_plain_numbers_for_a_clerk(clerk, file):
    html = clerk.get(url("beneficiary_change", file.pk)).content.decode()
    assert "陈桂兰" in html
    assert MASKED_ID in html and MASKED_PHONE in html
    assert ID_NUMBER not in html and PHONE not in html
    assert not SensitiveAccessLog.objects.exists()


def test_saving_the_form_without_a_new_number_keeps_the_old_one(clerk, file):
    data = {
        "name": "陈桂兰",
        "gender": "female",
        "id_number": "",
        "phone": "",
        "workplace": "新单位",
        "district": file.district.pk,
        "union": file.union.pk,
        "category": "deep",
        "cause": "illness",
        "household_size": "3",
        "income_per_head": "700",
        "status": "active",
        "filed_on": "2018-01-10",
    }
    response = clerk.post(url("beneficiary_change", file.pk), data)
    assert response.status_code == 302
    file.refresh_from_db()
    assert (file.id_number, file.phone, file.workplace) == (ID_NUMBER, PHONE, "新单位")

    new_number = make_id_number(322)
    clerk.post(url("beneficiary_change", file.pk), data | {"id_number": new_number})
    file.refresh_from_db()
    assert file.id_number == new_number
    assert Beneficiary.objects.with_id_number(new_number).get() == file


def test_a_second_file_for_the_same_person_is_refused_in_the_form(clerk, file, city):
    response = clerk.post(
        url("beneficiary_add"),
        {
            "name": "陈桂兰",
            "gender": "female",
            "id_number": ID_NUMBER,
            "union": city.pk,
            "category": "deep",
            "cause": "illness",
            "household_size": "2",
            "income_per_head": "500",
            "status": "active",
            "filed_on": "2019-01-10",
        },
    )
    assert response.status_code == 200
    assert "已有困难职工档案" in response.content.decode()
    assert Beneficiary.objects.count() == 1


def test_a_clerk_exports_masked_numbers_with_formulas_escaped(clerk, file):
    DisbursementFactory(beneficiary=file, note="=HYPERLINK(1)")
    content = export_csv(clerk)
    assert MASKED_ID in content and MASKED_PHONE in content
    assert ID_NUMBER not in content and PHONE not in content
    assert "'=HYPERLINK(1)" in content
    assert not SensitiveAccessLog.objects.exists()


def test_an_officer_sees_the_full_numbers_and_each_view_is_logged(officer, file):
    html = officer.get(url("beneficiary_change", file.pk)).content.decode()
    assert ID_NUMBER in html and PHONE in html
    html = officer.get(url("beneficiary_changelist")).content.decode()
    assert ID_NUMBER not in html  # lists stay masked for everyone

    entry = SensitiveAccessLog.objects.get()
    assert (entry.user, entry.beneficiary, entry.action) == (officer.user, file, "view")
    assert entry.record_label == f"陈桂兰（{MASKED_ID}）"


def test_an_officers_export_is_whole_and_logged_per_file(officer, file):
    DisbursementFactory(beneficiary=file)
    DisbursementFactory(beneficiary=file, batch__name="2018年春节送温暖")
    content = export_csv(officer)
    assert ID_NUMBER in content and PHONE in content
    assert list(SensitiveAccessLog.objects.values_list("beneficiary", "action")) == [
        (file.pk, "export")
    ]


def test_the_access_log_is_read_only_even_for_a_superuser(admin_client, file):
    entry = SensitiveAccessLog.objects.create(
        username="officer", beneficiary=file, record_label=str(file), action="view"
    )
    assert admin_client.get(url("sensitiveaccesslog_add")).status_code == 403
    assert admin_client.get(url("sensitiveaccesslog_delete", entry.pk)).status_code == 403
    page = admin_client.get(url("sensitiveaccesslog_change", entry.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    admin_client.post(url("sensitiveaccesslog_change", entry.pk), {"username": "nobody"})
    entry.refresh_from_db()
    assert entry.username == "officer"


# ---- county isolation -----------------------------------------------------------------


def test_a_county_clerk_neither_sees_nor_opens_another_countys_records(client, haimen, qidong):
    mine = DisbursementFactory(
        paying_union=haimen, beneficiary=BeneficiaryFactory(name="海门职工", union=haimen)
    )
    theirs = DisbursementFactory(
        paying_union=qidong, beneficiary=BeneficiaryFactory(name="启东职工", union=qidong)
    )
    client.force_login(staff_user("haimen-clerk", haimen))

    for page in (url("beneficiary_changelist"), url("disbursement_changelist")):
        html = client.get(page).content.decode()
        assert "海门职工" in html and "启东职工" not in html
    assert client.get(url("beneficiary_change", theirs.beneficiary.pk)).status_code == 404
    assert client.get(url("disbursement_change", theirs.pk)).status_code == 404
    assert client.get(url("disbursement_history", theirs.pk)).status_code == 404
    # a number no record has gets the same answer: trying numbers tells nothing of other counties
    assert client.get(url("disbursement_change", theirs.pk + 1000)).status_code == 404
    assert client.get(url("disbursement_history", theirs.pk + 1000)).status_code == 404
    assert client.get(url("disbursement_change", mine.pk)).status_code == 200

    form = client.get(url("disbursement_add")).context["adminform"].form
    assert list(form.fields["paying_union"].queryset) == [haimen]
    assert list(form.fields["beneficiary"].queryset) == [mine.beneficiary]


def test_a_county_clerk_cannot_post_a_payment_for_another_union(client, haimen, qidong):
    theirs = BeneficiaryFactory(union=qidong)
    client.force_login(staff_user("haimen-clerk", haimen))
    response = client.post(
        url("disbursement_add"),
        {
            "beneficiary": theirs.pk,
            "aid_type": aid_type("festival").pk,
            "amount": "500",
            "paying_union": qidong.pk,
            "disbursed_on": "2018-01-20",
            "fund_source": "union_funds",
        },
    )
    assert response.status_code == 200  # the form refuses both choices
    assert not Disbursement.objects.exists()


# ---- approval, immutability, totals ---------------------------------------------------


def test_only_approvers_get_the_approval_action(client, city):
    AppliedDisbursementFactory()
    client.force_login(staff_user("clerk", city))
    assert "approve_selected" not in client.get(url("disbursement_changelist")).content.decode()

    approver = staff_user("approver", city, perms=("approve_disbursement",))
    client.force_login(approver)
    assert "approve_selected" in client.get(url("disbursement_changelist")).content.decode()


def test_an_approver_approves_the_selected_applications(client, city):
    applications = [AppliedDisbursementFactory() for _ in range(2)]
    client.force_login(staff_user("approver", city, perms=("approve_disbursement",)))
    response = client.post(
        url("disbursement_changelist"),
        {"action": "approve_selected", "_selected_action": [a.pk for a in applications]},
        follow=True,
    )
    assert "已审批通过 2 条记录" in response.content.decode()
    assert set(Disbursement.objects.values_list("status", flat=True)) == {"approved"}


def test_a_clerk_posting_the_approval_action_gets_nothing_approved(client, city):
    application = AppliedDisbursementFactory()
    client.force_login(staff_user("clerk", city))
    client.post(
        url("disbursement_changelist"),
        {"action": "approve_selected", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == Disbursement.Status.APPLIED


def test_an_approver_refuses_the_selected_applications_with_a_reason(client, city):
    applications = [AppliedDisbursementFactory(beneficiary__name=f"申请人{n}") for n in range(2)]
    client.force_login(staff_user("approver", city, perms=("approve_disbursement",)))
    chosen = {"action": "refuse_selected", "_selected_action": [a.pk for a in applications]}

    page = client.post(url("disbursement_changelist"), chosen).content.decode()
    assert "驳回原因" in page and "申请人0" in page and "申请人1" in page  # asks first
    assert set(Disbursement.objects.values_list("status", flat=True)) == {"applied"}

    without = client.post(
        url("disbursement_changelist"), {**chosen, "confirm_refusal": "1", "reason": " "}
    )
    assert "这个字段是必填项" in without.content.decode()
    assert set(Disbursement.objects.values_list("status", flat=True)) == {"applied"}

    response = client.post(
        url("disbursement_changelist"),
        {**chosen, "confirm_refusal": "1", "reason": "缺少单位出具的困难证明"},
        follow=True,
    )
    page = response.content.decode()
    assert "已驳回 2 条记录" in page
    assert page.count("已驳回：缺少单位出具的困难证明") == 2  # the list shows why
    assert set(Disbursement.objects.values_list("status", flat=True)) == {"refused"}

    refused = applications[0]
    detail = client.get(url("disbursement_change", refused.pk)).content.decode()
    assert "缺少单位出具的困难证明" in detail and 'name="_save"' not in detail
    assert client.get(url("disbursement_delete", refused.pk)).status_code == 403
    history = client.get(url("disbursement_history", refused.pk)).content.decode()
    assert "驳回：缺少单位出具的困难证明" in history


def test_a_clerk_gets_no_refusal_action(client, city):
    application = AppliedDisbursementFactory()
    client.force_login(staff_user("clerk", city))
    assert "refuse_selected" not in client.get(url("disbursement_changelist")).content.decode()
    client.post(
        url("disbursement_changelist"),
        {
            "action": "refuse_selected",
            "_selected_action": [application.pk],
            "confirm_refusal": "1",
            "reason": "材料不全",
        },
    )
    application.refresh_from_db()
    assert application.status == Disbursement.Status.APPLIED


def test_a_paid_record_is_read_only_and_cannot_be_deleted_in_the_admin(clerk, file):
    paid = DisbursementFactory(beneficiary=file)
    page = clerk.get(url("disbursement_change", paid.pk)).content.decode()
    assert 'name="_save"' not in page and "冲正" in page
    response = clerk.post(url("disbursement_change", paid.pk), {"amount": "1"})
    assert response.status_code == 403
    assert clerk.get(url("disbursement_delete", paid.pk)).status_code == 403
    assert clerk.post(url("disbursement_delete", paid.pk), {"post": "yes"}).status_code == 403
    assert Disbursement.objects.get().amount == Decimal("3000")


def test_a_paid_record_is_corrected_by_a_reversal_in_the_admin(clerk, file):
    paid = DisbursementFactory(beneficiary=file)
    response = clerk.post(url("disbursement_reverse", paid.pk), {"reason": "重复发放"})
    assert response.status_code == 302
    paid.refresh_from_db()
    assert paid.status == Disbursement.Status.REVERSED
    assert paid.reversal.amount == Decimal("-3000")


def test_the_changelist_shows_the_totals_of_the_filtered_list(clerk, file, haimen):
    DisbursementFactory(beneficiary=file, amount=Decimal("3000"))
    DisbursementFactory(beneficiary=file, amount=Decimal("1500"), batch__name="2018年春季助学")
    DisbursementFactory(
        beneficiary=file,
        amount=Decimal("800"),
        disbursed_on=datetime.date(2017, 9, 1),
        batch__name="2017年金秋助学",
    )
    response = clerk.get(url("disbursement_changelist"), {"year": "2018"})
    assert response.context["totals"] == {"count": 2, "amount": Decimal("4500")}
    html = response.content.decode()
    assert "<strong>2</strong> 笔" in html and "<strong>4,500.00</strong> 元" in html


def test_the_changelist_costs_a_fixed_number_of_queries(clerk, file, django_assert_max_num_queries):
    for n in range(30):
        DisbursementFactory(beneficiary=BeneficiaryFactory(), batch__name=f"批次{n}")
    with django_assert_max_num_queries(20):
        assert clerk.get(url("disbursement_changelist")).status_code == 200


def test_the_admin_warns_of_a_second_payment_of_the_same_type_in_a_year(clerk, file, city):
    DisbursementFactory(beneficiary=file, aid_type=aid_type("illness_relief"), student_name="")
    response = clerk.post(
        url("disbursement_add"),
        {
            "beneficiary": file.pk,
            "aid_type": aid_type("illness_relief").pk,
            "amount": "6000",
            "paying_union": city.pk,
            "disbursed_on": "2018-11-20",
            "fund_source": "union_funds",
        },
        follow=True,
    )
    assert "请确认不是重复发放" in response.content.decode()
    assert Disbursement.objects.count() == 2


def test_staff_find_a_file_by_its_full_id_number_or_phone(clerk, file):
    other = BeneficiaryFactory(name="另一位职工")
    DisbursementFactory(beneficiary=file)
    DisbursementFactory(beneficiary=other)
    for term in (ID_NUMBER, PHONE):
        for page in (url("beneficiary_changelist"), url("disbursement_changelist")):
            response = clerk.get(page, {"q": term})
            assert response.context["cl"].result_count == 1
            html = response.content.decode()
            assert "陈桂兰" in html and "另一位职工" not in html


def test_history_pages_show_who_changed_what_but_no_plain_numbers(clerk, file):
    paid = DisbursementFactory(beneficiary=file)
    file.workplace = "新单位"
    file.save()
    for page in (url("beneficiary_history", file.pk), url("disbursement_history", paid.pk)):
        response = clerk.get(page)
        assert response.status_code == 200
        html = response.content.decode()
        assert ID_NUMBER not in html and PHONE not in html
