"""Writes of the assistance app.

Every state change of a disbursement goes through here: applied → approved → paid, and a paid
one is corrected only by a reversing entry. Each function checks that the acting user may work
for the union concerned (county staff only for their own union).
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.models import AidType, Batch, Beneficiary, Disbursement, SensitiveAccessLog
from assistance.selectors import disbursement_same_type_in_year, user_may_act_for
from organizations.models import UnionUnit
from reports.services import figures_changed

APPROVE_PERMISSION = "assistance.approve_disbursement"
SENSITIVE_PERMISSION = "assistance.view_sensitive"


def _check_union(user, union: UnionUnit) -> None:
    if user is not None and not user_may_act_for(user, union):
        raise PermissionDenied(_("只能办理本工会的帮扶记录。"))


def disbursement_create(
    *,
    by,
    beneficiary: Beneficiary,
    aid_type: AidType,
    amount: Decimal,
    paying_union: UnionUnit,
    disbursed_on: datetime.date,
    batch: Batch | None = None,
    fund_source: str = Disbursement.FundSource.UNION_FUNDS,
    **fields,
) -> Disbursement:
    """Record an application for aid (status 已申请). Cap and batch rules are checked here."""
    _check_union(by, paying_union)
    disbursement = Disbursement(
        beneficiary=beneficiary,
        aid_type=aid_type,
        amount=amount,
        paying_union=paying_union,
        disbursed_on=disbursed_on,
        batch=batch,
        fund_source=fund_source,
        **fields,
    )
    disbursement.full_clean()
    disbursement.save()
    return disbursement


def disbursement_update(*, disbursement: Disbursement, by, **fields) -> Disbursement:
    if disbursement.is_settled:
        raise ValidationError(_("已发放的帮扶记录不能修改，如需更正请办理冲正。"))
    _check_union(by, disbursement.paying_union)
    for name, value in fields.items():
        setattr(disbursement, name, value)
    _check_union(by, disbursement.paying_union)
    disbursement.full_clean()
    disbursement.save()
    return disbursement


def disbursement_same_year_warning(*, disbursement: Disbursement) -> str | None:
    """A warning (not an error) when the beneficiary already got this aid type this year."""
    others = disbursement_same_type_in_year(disbursement=disbursement)
    count = others.count()
    if not count:
        return None
    return _("提示：%(name)s 在%(year)d年已有%(count)d笔“%(type)s”记录，请确认不是重复发放。") % {
        "name": disbursement.beneficiary.name,
        "year": disbursement.disbursed_on.year,
        "count": count,
        "type": disbursement.aid_type.name,
    }


def _locked(disbursement: Disbursement) -> Disbursement:
    return (
        Disbursement.objects.select_for_update()
        .select_related("paying_union", "aid_type")
        .get(pk=disbursement.pk)
    )


@transaction.atomic
def disbursement_approve(*, disbursement: Disbursement, by) -> Disbursement:
    if not by.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied(_("您没有审批帮扶发放的权限。"))
    current = _locked(disbursement)
    _check_union(by, current.paying_union)
    if current.status != Disbursement.Status.APPLIED:
        raise ValidationError(
            _("只有“已申请”的记录可以审批，该记录当前为“%(status)s”。")
            % {"status": current.get_status_display()}
        )
    current.status = Disbursement.Status.APPROVED
    current.approved_by = by
    current.approved_at = timezone.now()
    current.save()
    figures_changed(years=[current.disbursed_on.year])
    return current


@transaction.atomic
def disbursement_mark_paid(
    *, disbursement: Disbursement, by, paid_at: datetime.datetime | None = None
) -> Disbursement:
    current = _locked(disbursement)
    _check_union(by, current.paying_union)
    if current.status != Disbursement.Status.APPROVED:
        raise ValidationError(
            _("只有“已审批”的记录可以登记发放，该记录当前为“%(status)s”。")
            % {"status": current.get_status_display()}
        )
    current.status = Disbursement.Status.PAID
    current.paid_at = paid_at or timezone.now()
    current.save()
    figures_changed(years=[current.disbursed_on.year])
    return current


@transaction.atomic
def disbursement_reverse(*, disbursement: Disbursement, by, reason: str) -> Disbursement:
    """Cancel a paid disbursement with a reversing entry of the opposite amount.

    The original stays as it was (marked 已冲正); the reversing entry carries the same date, so
    the year it was paid in nets to nothing. To correct an amount, reverse and record again.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写冲正原因。"))
    current = _locked(disbursement)
    _check_union(by, current.paying_union)
    if current.is_reversal:
        raise ValidationError(_("冲正记录本身不能再冲正。"))
    if current.status != Disbursement.Status.PAID:
        raise ValidationError(
            _("只有“已发放”的记录需要冲正，该记录当前为“%(status)s”；未发放的记录可直接修改。")
            % {"status": current.get_status_display()}
        )
    now = timezone.now()
    reversal = Disbursement.objects.create(
        beneficiary_id=current.beneficiary_id,
        aid_type_id=current.aid_type_id,
        amount=-current.amount,
        paying_union_id=current.paying_union_id,
        disbursed_on=current.disbursed_on,
        fund_source=current.fund_source,
        batch_id=current.batch_id,
        student_name=current.student_name,
        school=current.school,
        grade=current.grade,
        status=Disbursement.Status.PAID,
        approved_by=by,
        approved_at=now,
        paid_at=now,
        reverses=current,
        note=reason,
    )
    current.status = Disbursement.Status.REVERSED
    current._reversing = True
    current.save(update_fields=["status", "updated_at"])
    current._reversing = False
    figures_changed(years=[current.disbursed_on.year])
    return reversal


def sensitive_access_record(
    *, user, beneficiaries: Iterable[Beneficiary], action: str
) -> list[SensitiveAccessLog]:
    """Write one access-log row per file whose full numbers ``user`` saw or exported."""
    rows = [
        SensitiveAccessLog(
            user=user,
            username=user.get_username(),
            beneficiary=beneficiary,
            record_label=str(beneficiary)[:100],
            action=action,
        )
        for beneficiary in {b.pk: b for b in beneficiaries}.values()
    ]
    return SensitiveAccessLog.objects.bulk_create(rows)


def user_sees_sensitive(user) -> bool:
    return bool(user and user.has_perm(SENSITIVE_PERMISSION))
