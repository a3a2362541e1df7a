"""What the database itself guarantees: one file per person, amounts, batches, encryption."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from assistance.models import Beneficiary, Disbursement, SensitiveAccessLog
from assistance.privacy import id_number_hash
from assistance.selectors import beneficiary_find_by_id_number
from tests.assistance.factories import (
    AppliedDisbursementFactory,
    BatchFactory,
    BeneficiaryFactory,
    DisbursementFactory,
    aid_type,
    make_id_number,
)

pytestmark = pytest.mark.django_db


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_id_and_phone_numbers_are_not_stored_in_plain_text():
    number, phone = make_id_number(42), "13912345678"
    file = BeneficiaryFactory(id_number=number, phone=phone)

    stored_number, stored_phone, stored_hash = raw(
        "SELECT id_number, phone, id_number_hash FROM assistance_beneficiary WHERE id = %s",
        [file.pk],
    )[0]
    assert number not in stored_number and phone not in stored_phone
    assert number[-8:] not in stored_number  # not even part of it
    assert stored_hash == id_number_hash(number) and number not in stored_hash
    # and the application reads them back whole
    file.refresh_from_db()
    assert (file.id_number, file.phone) == (number, phone)


def test_the_history_of_a_file_holds_no_plain_numbers_either():
    number = make_id_number(43)
    file = BeneficiaryFactory(id_number=number, phone="13900001111")
    file.workplace = "另一家公司"
    file.save()

    rows = raw(
        "SELECT id_number, phone FROM assistance_historicalbeneficiary WHERE id = %s", [file.pk]
    )
    assert len(rows) == 2
    for stored_number, stored_phone in rows:
        assert number not in stored_number and "13900001111" not in stored_phone


def test_a_file_is_found_by_its_id_number_through_the_hash():
    file = BeneficiaryFactory(id_number=make_id_number(44))
    assert beneficiary_find_by_id_number(id_number=make_id_number(44)) == file
    assert beneficiary_find_by_id_number(id_number=make_id_number(44).lower()) == file
    assert beneficiary_find_by_id_number(id_number=make_id_number(45)) is None


def test_one_household_has_one_file_the_database_refuses_a_second():
    BeneficiaryFactory(id_number=make_id_number(46))
    second = BeneficiaryFactory.build(id_number=make_id_number(46), union=None)
    second.union = Beneficiary.objects.get().union
    second.district = Beneficiary.objects.get().district
    with pytest.raises(ValidationError, match="已有困难职工档案"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_household_size_and_income_are_checked_by_the_database():
    file = BeneficiaryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiary.objects.filter(pk=file.pk).update(household_size=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiary.objects.filter(pk=file.pk).update(income_per_head=Decimal("-1"))


def test_a_closed_file_needs_its_closing_date():
    file = BeneficiaryFactory()
    file.status = Beneficiary.Status.RECOVERED
    with pytest.raises(ValidationError, match="脱困/退档日期"):
        file.full_clean()
    file.closed_on = datetime.date(2019, 5, 1)
    file.full_clean()


def test_amounts_must_be_positive_except_reversing_entries():
    with pytest.raises(IntegrityError), transaction.atomic():
        AppliedDisbursementFactory(amount=Decimal("0"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AppliedDisbursementFactory(amount=Decimal("-100"))


def test_the_database_refuses_the_same_aid_twice_in_one_batch():
    first = DisbursementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AppliedDisbursementFactory(beneficiary=first.beneficiary, batch=first.batch)
    # the same person may get another kind of aid in the batch, or the same kind in another one
    AppliedDisbursementFactory(
        beneficiary=first.beneficiary,
        batch=first.batch,
        aid_type=aid_type("festival"),
    )
    AppliedDisbursementFactory(
        beneficiary=first.beneficiary, batch=BatchFactory(name="2019年金秋助学", year=2019)
    )


def test_the_form_check_explains_the_batch_rule_in_chinese():
    first = DisbursementFactory()
    second = AppliedDisbursementFactory.build(
        beneficiary=first.beneficiary, batch=first.batch, paying_union=first.paying_union
    )
    with pytest.raises(ValidationError, match="本批次已有同类帮扶记录"):
        second.full_clean()


def test_the_cap_of_the_aid_type_is_enforced_with_a_chinese_message():
    grant = AppliedDisbursementFactory()
    grant.amount = Decimal("5000.01")
    with pytest.raises(ValidationError, match=r"“助学金”单笔金额不得超过5000\.00元"):
        grant.full_clean()
    grant.amount = Decimal("5000")
    grant.full_clean()


def test_an_education_grant_names_the_student():
    grant = AppliedDisbursementFactory(student_name="")
    with pytest.raises(ValidationError, match="须填写学生姓名"):
        grant.full_clean()


def test_a_paid_record_cannot_be_changed_or_deleted_even_outside_the_admin():
    paid = DisbursementFactory()
    paid = Disbursement.objects.get(pk=paid.pk)
    paid.amount = Decimal("1")
    with pytest.raises(ValidationError, match="不能修改"):
        paid.save()
    with pytest.raises(ValidationError, match="不能删除"):
        paid.delete()
    with pytest.raises(ValidationError, match="不能删除"):
        Disbursement.objects.all().delete()
    assert Disbursement.objects.get(pk=paid.pk).amount == Decimal("3000")


def test_an_unpaid_record_may_still_be_corrected_or_deleted():
    applied = AppliedDisbursementFactory()
    applied = Disbursement.objects.get(pk=applied.pk)
    applied.amount = Decimal("2500")
    applied.save()
    applied.delete()
    assert not Disbursement.objects.exists()


def test_the_access_log_cannot_be_edited_or_deleted():
    file = BeneficiaryFactory()
    entry = SensitiveAccessLog.objects.create(
        username="clerk", beneficiary=file, record_label=str(file), action="view"
    )
    entry.action = "export"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_a_refused_application_does_not_block_a_new_one_in_the_same_batch():
    refused = AppliedDisbursementFactory(
        status=Disbursement.Status.REFUSED,
        refused_at=timezone.now(),
        refusal_reason="材料不全",
    )
    again = AppliedDisbursementFactory(
        beneficiary=refused.beneficiary, aid_type=refused.aid_type, batch=refused.batch
    )
    assert again.status == Disbursement.Status.APPLIED
    with pytest.raises(IntegrityError), transaction.atomic():
        AppliedDisbursementFactory(
            beneficiary=refused.beneficiary, aid_type=refused.aid_type, batch=refused.batch
        )


def test_the_database_refuses_a_refusal_without_its_reason_and_time():
    application = AppliedDisbursementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.filter(pk=application.pk).update(
            status=Disbursement.Status.REFUSED, refused_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.filter(pk=application.pk).update(
            status=Disbursement.Status.REFUSED, refusal_reason="材料不全"
        )
