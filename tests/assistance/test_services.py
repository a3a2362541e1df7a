"""The life of a payment: applied → approved → paid, corrected only by a reversing entry."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assistance import services
from assistance.models import Disbursement
from reports.models import StaleYear
from tests.assistance.factories import (
    AppliedDisbursementFactory,
    BatchFactory,
    BeneficiaryFactory,
    DisbursementFactory,
    aid_type,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(city):
    return staff_user("approver", city, perms=("approve_disbursement",))


@pytest.fixture
def clerk(city):
    return staff_user("clerk", city)


def test_an_approver_approves_and_a_clerk_records_the_payment(
    approver, clerk, django_capture_on_commit_callbacks
):
    application = AppliedDisbursementFactory()
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.disbursement_approve(disbursement=application, by=approver)
    assert approved.status == Disbursement.Status.APPROVED
    assert approved.approved_by == approver and approved.approved_at is not None
    assert StaleYear.objects.filter(year=2018).exists()  # the rollup will be recomputed

    paid = services.disbursement_mark_paid(disbursement=approved, by=clerk)
    assert paid.status == Disbursement.Status.PAID and paid.paid_at is not None
    assert paid.history.count() == 3  # applied, approved, paid: who and when of each step


def test_without_the_approval_permission_nothing_is_approved(clerk):
    application = AppliedDisbursementFactory()
    with pytest.raises(PermissionDenied):
        services.disbursement_approve(disbursement=application, by=clerk)
    assert Disbursement.objects.get().status == Disbursement.Status.APPLIED


def test_states_only_move_forward(approver, clerk):
    application = AppliedDisbursementFactory()
    with pytest.raises(ValidationError, match="只有“已审批”的记录可以登记发放"):
        services.disbursement_mark_paid(disbursement=application, by=clerk)
    paid = DisbursementFactory(beneficiary=BeneficiaryFactory())
    with pytest.raises(ValidationError, match="只有“已申请”的记录可以审批"):
        services.disbursement_approve(disbursement=paid, by=approver)


def test_a_paid_record_is_not_edited_through_the_service(clerk):
    paid = Disbursement.objects.get(pk=DisbursementFactory().pk)
    with pytest.raises(ValidationError, match="不能修改"):
        services.disbursement_update(disbursement=paid, by=clerk, amount=Decimal("100"))


def test_a_reversal_cancels_a_paid_grant_and_keeps_the_original(
    clerk, django_capture_on_commit_callbacks
):
    paid = DisbursementFactory(amount=Decimal("4000"))
    with django_capture_on_commit_callbacks(execute=True):
        reversal = services.disbursement_reverse(disbursement=paid, by=clerk, reason="金额录入错误")

    paid.refresh_from_db()
    assert paid.status == Disbursement.Status.REVERSED and paid.amount == Decimal("4000")
    assert reversal.reverses == paid and reversal.amount == Decimal("-4000")
    assert reversal.disbursed_on == paid.disbursed_on and reversal.note == "金额录入错误"
    assert StaleYear.objects.filter(year=2018).exists()
    # the corrected payment can be recorded in the same batch afterwards
    services.disbursement_create(
        by=clerk,
        beneficiary=paid.beneficiary,
        aid_type=paid.aid_type,
        amount=Decimal("3500"),
        paying_union=paid.paying_union,
        disbursed_on=paid.disbursed_on,
        batch=paid.batch,
        student_name="测试学生",
    )


def test_reversals_are_refused_when_they_make_no_sense(clerk):
    paid = DisbursementFactory()
    with pytest.raises(ValidationError, match="冲正原因"):
        services.disbursement_reverse(disbursement=paid, by=clerk, reason=" ")
    reversal = services.disbursement_reverse(disbursement=paid, by=clerk, reason="重复发放")
    with pytest.raises(ValidationError, match="只有“已发放”的记录需要冲正"):
        services.disbursement_reverse(disbursement=paid, by=clerk, reason="再来一次")
    with pytest.raises(ValidationError, match="冲正记录本身不能再冲正"):
        services.disbursement_reverse(disbursement=reversal, by=clerk, reason="反冲")
    with pytest.raises(ValidationError, match="只有“已发放”"):
        services.disbursement_reverse(
            disbursement=AppliedDisbursementFactory(), by=clerk, reason="未发放"
        )


def test_a_second_payment_of_the_same_type_in_a_year_is_a_warning_not_an_error(clerk):
    first = DisbursementFactory(aid_type=aid_type("illness_relief"), student_name="")

    def illness_relief(disbursed_on, batch):
        """Another 重病救助 to the same person, paid on ``disbursed_on``."""
        return services.disbursement_create(
            by=clerk,
            beneficiary=first.beneficiary,
            aid_type=aid_type("illness_relief"),
            amount=Decimal("5000"),
            paying_union=first.paying_union,
            disbursed_on=disbursed_on,
            batch=batch,
        )

    second = illness_relief(datetime.date(2018, 12, 1), BatchFactory(name="2018年冬季重病救助"))
    warning = services.disbursement_same_year_warning(disbursement=second)
    assert "2018年已有1笔“重病救助”" in warning
    next_year = illness_relief(
        datetime.date(2019, 3, 1), BatchFactory(name="2019年重病救助", year=2019)
    )
    assert services.disbursement_same_year_warning(disbursement=next_year) is None


def test_county_staff_only_act_for_their_own_union(haimen, qidong):
    haimen_approver = staff_user("haimen", haimen, perms=("approve_disbursement",))
    qidong_application = AppliedDisbursementFactory(paying_union=qidong)
    with pytest.raises(PermissionDenied):
        services.disbursement_approve(disbursement=qidong_application, by=haimen_approver)
    with pytest.raises(PermissionDenied):
        services.disbursement_create(
            by=haimen_approver,
            beneficiary=qidong_application.beneficiary,
            aid_type=aid_type("festival"),
            amount=Decimal("500"),
            paying_union=qidong,
            disbursed_on=datetime.date(2018, 1, 20),
        )
    own = AppliedDisbursementFactory(paying_union=haimen, beneficiary=BeneficiaryFactory())
    services.disbursement_approve(disbursement=own, by=haimen_approver)


# ---- refusal (驳回) ---------------------------------------------------------------------


def test_an_approver_refuses_an_application_with_a_reason_and_it_stays_on_record(
    approver, django_capture_on_commit_callbacks
):
    application = AppliedDisbursementFactory()
    with django_capture_on_commit_callbacks(execute=True):
        refused = services.disbursement_refuse(
            disbursement=application, by=approver, reason="  缺少医院诊断证明  "
        )

    refused = Disbursement.objects.get(pk=application.pk)  # kept, not deleted
    assert refused.status == Disbursement.Status.REFUSED
    assert refused.get_status_display() == "已驳回"
    assert refused.refusal_reason == "缺少医院诊断证明"
    assert refused.refused_by == approver and refused.refused_at is not None
    latest = refused.history.first()
    assert (latest.status, latest.history_change_reason) == ("refused", "驳回：缺少医院诊断证明")
    assert refused.history.count() == 2  # applied, refused
    assert StaleYear.objects.filter(year=2018).exists()


def test_a_refused_application_can_be_neither_approved_changed_nor_deleted(approver, clerk):
    refused = services.disbursement_refuse(
        disbursement=AppliedDisbursementFactory(), by=approver, reason="不符合帮扶条件"
    )
    with pytest.raises(ValidationError, match="只有“已申请”的记录可以审批"):
        services.disbursement_approve(disbursement=refused, by=approver)
    with pytest.raises(ValidationError, match="已驳回的申请留档备查"):
        services.disbursement_update(disbursement=refused, by=clerk, amount=Decimal("100"))
    with pytest.raises(ValidationError, match="已驳回的申请留档备查"):
        refused.delete()
    with pytest.raises(ValidationError, match="已驳回的申请留档备查"):
        Disbursement.objects.filter(pk=refused.pk).delete()
    assert Disbursement.objects.get(pk=refused.pk).refusal_reason == "不符合帮扶条件"


def test_a_refusal_needs_a_reason_and_the_approval_permission(approver, clerk):
    application = AppliedDisbursementFactory()
    with pytest.raises(ValidationError, match="请填写驳回原因"):
        services.disbursement_refuse(disbursement=application, by=approver, reason="  ")
    with pytest.raises(ValidationError, match="不超过500字"):
        services.disbursement_refuse(disbursement=application, by=approver, reason="缺" * 501)
    with pytest.raises(PermissionDenied):
        services.disbursement_refuse(disbursement=application, by=clerk, reason="材料不全")
    application.refresh_from_db()
    assert application.status == Disbursement.Status.APPLIED


def test_only_applications_are_refused(approver):
    with pytest.raises(ValidationError, match="只有“已申请”的记录可以驳回"):
        services.disbursement_refuse(
            disbursement=DisbursementFactory(), by=approver, reason="重复发放"
        )


def test_a_county_approver_refuses_only_the_applications_of_their_union(haimen, qidong):
    haimen_approver = staff_user("haimen", haimen, perms=("approve_disbursement",))
    qidong_application = AppliedDisbursementFactory(paying_union=qidong)
    with pytest.raises(PermissionDenied):
        services.disbursement_refuse(
            disbursement=qidong_application, by=haimen_approver, reason="材料不全"
        )


def test_nobody_approves_an_application_they_entered_themselves(city, approver):
    other_approver = staff_user("approver2", city, perms=("approve_disbursement",))
    application = services.disbursement_create(
        by=approver,
        beneficiary=BeneficiaryFactory(union=city),
        aid_type=aid_type("student_grant"),
        amount=Decimal("2000"),
        paying_union=city,
        disbursed_on=datetime.date(2018, 9, 1),
        batch=BatchFactory(),
        student_name="测试学生",
    )
    with pytest.raises(PermissionDenied, match="不能审批自己录入的帮扶申请"):
        services.disbursement_approve(disbursement=application, by=approver)
    assert Disbursement.objects.get(pk=application.pk).status == Disbursement.Status.APPLIED
    approved = services.disbursement_approve(disbursement=application, by=other_approver)
    assert approved.approved_by == other_approver
