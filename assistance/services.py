"""Writes of the assistance app.

Every state change of a disbursement goes through here (one table, ``TRANSITIONS``)::

    applied ──approve──► approved ──mark_paid──► paid ──reverse(reason)──► reversed
       └──refuse(reason)──► refused

A paid one is corrected only by a reversing entry; a refused one stays as it is. Approving and
refusing need ``assistance.approve_disbursement`` (帮扶审批), and nobody approves an application
they entered themselves. Each function checks that the acting user may work for the union
concerned (county staff only for their own union).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.models import AidType, Batch, Beneficiary, Disbursement, SensitiveAccessLog
from assistance.selectors import (
    disbursement_applicant_id,
    disbursement_same_type_in_year,
    user_may_act_for,
)
from organizations.models import UnionUnit
from reports.services import figures_changed

APPROVE_PERMISSION = "assistance.approve_disbursement"
SENSITIVE_PERMISSION = "assistance.view_sensitive"
REFUSAL_REASON_MAX = Disbursement._meta.get_field("refusal_reason").max_length


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
    disbursement._history_user = by  # simple-history's documented way: who entered it
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


Status = Disbursement.Status


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    permission: str | None  # None: anyone who may work for the paying union
    verb: str  # as in "只有“已申请”的记录可以{verb}"


TRANSITIONS = {
    "approve": Transition(frozenset({Status.APPLIED}), Status.APPROVED, APPROVE_PERMISSION, "审批"),
    "refuse": Transition(frozenset({Status.APPLIED}), Status.REFUSED, APPROVE_PERMISSION, "驳回"),
    "mark_paid": Transition(frozenset({Status.APPROVED}), Status.PAID, None, "登记发放"),
}


def _locked(disbursement: Disbursement) -> Disbursement:
    return (
        Disbursement.objects.select_for_update()
        .select_related("paying_union", "aid_type")
        .get(pk=disbursement.pk)
    )


def _approves_own_application(*, name: str, disbursement: Disbursement, user) -> bool:
    """Approval means a second pair of eyes: nobody approves an application they entered."""
    return name == "approve" and disbursement_applicant_id(disbursement=disbursement) == user.pk


@transaction.atomic
def _transition(*, disbursement: Disbursement, by, name: str, **changes) -> Disbursement:
    transition = TRANSITIONS[name]
    if transition.permission is not None and not by.has_perm(transition.permission):
        raise PermissionDenied(_("您没有%(verb)s帮扶发放的权限。") % {"verb": transition.verb})
    current = _locked(disbursement)
    _check_union(by, current.paying_union)
    if current.status not in transition.sources:
        raise ValidationError(
            _("只有“%(sources)s”的记录可以%(verb)s，该记录当前为“%(status)s”。")
            % {
                "sources": "、".join(str(Status(source).label) for source in transition.sources),
                "verb": transition.verb,
                "status": current.get_status_display(),
            },
            code="invalid_transition",
        )
    if _approves_own_application(name=name, disbursement=current, user=by):
        raise PermissionDenied(_("不能审批自己录入的帮扶申请，请由其他审批人员审批。"))
    current.status = transition.target
    for field_name, value in changes.items():
        setattr(current, field_name, value)
    reason = changes.get("refusal_reason")
    current._change_reason = f"{transition.verb}：{reason}" if reason else transition.verb
    current.save()
    figures_changed(years=[current.disbursed_on.year])
    return current


def disbursement_approve(*, disbursement: Disbursement, by) -> Disbursement:
    return _transition(
        disbursement=disbursement,
        by=by,
        name="approve",
        approved_by=by,
        approved_at=timezone.now(),
    )


def disbursement_refuse(*, disbursement: Disbursement, by, reason: str) -> Disbursement:
    """驳回: the application stays on record with the reason, who and when, in no figure."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写驳回原因。"), code="reason_required")
    if len(reason) > REFUSAL_REASON_MAX:
        raise ValidationError(
            _("驳回原因请不超过%(max)d字。") % {"max": REFUSAL_REASON_MAX}, code="reason_too_long"
        )
    return _transition(
        disbursement=disbursement,
        by=by,
        name="refuse",
        refused_by=by,
        refused_at=timezone.now(),
        refusal_reason=reason,
    )


def disbursement_mark_paid(
    *, disbursement: Disbursement, by, paid_at: datetime.datetime | None = None
) -> Disbursement:
    return _transition(
        disbursement=disbursement, by=by, name="mark_paid", paid_at=paid_at or timezone.now()
    )


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


# ---- imports: the rules of matching a row to an aid file and a batch --------------------------


def beneficiary_match_for_import(*, id_number: str, name: str) -> Beneficiary | None:
    """The aid file of this ID number (found by its keyed hash), or None when the person is new.
    Refuses (``ValidationError`` on ``name``) a row whose name is not the file's: one ID number
    is one person."""
    from assistance.privacy import id_number_hash, mask_id_number

    existing = Beneficiary.objects.filter(id_number_hash=id_number_hash(id_number)).first()
    if existing is not None and name and existing.name != name:
        raise ValidationError(
            {
                "name": "身份证号 %s 已有档案，姓名为“%s”，与文件中的“%s”不一致。"
                % (mask_id_number(id_number), existing.name, name)
            }
        )
    return existing


def beneficiary_open_for_import(
    *,
    name: str,
    id_number: str,
    union: UnionUnit,
    filed_on: datetime.date,
    category: str,
    cause: str = "",
    gender: str = "",
    phone: str | None = None,
    workplace: str = "",
    district=None,
) -> Beneficiary:
    """Open the aid file of a person an import names for the first time. Unless given, the gender
    is read from the ID number (its 17th digit is odd for men), the district is the paying
    union's and the cause 其他. Raises ``ValidationError`` keyed by field."""
    if not gender:
        male = int(id_number[16]) % 2 == 1
        gender = Beneficiary.Gender.MALE if male else Beneficiary.Gender.FEMALE
    beneficiary = Beneficiary(
        name=name,
        id_number=id_number,
        phone=phone or None,
        gender=gender,
        workplace=workplace,
        district=district or union.district,
        union=union,
        category=category,
        cause=cause or Beneficiary.Cause.OTHER,
        filed_on=filed_on,
    )
    beneficiary.full_clean()
    beneficiary.save()
    return beneficiary


def batch_for_import(*, name: str, disbursed_on: datetime.date) -> Batch:
    """The batch of this name, created when new: its year the one its name starts with
    (2018年金秋助学), else the payment's."""
    import re

    batch = Batch.objects.filter(name=name).first()
    if batch is None:
        match = re.match(r"^(\d{4})", name)
        year = int(match.group(1)) if match else disbursed_on.year
        batch = Batch.objects.create(name=name, year=year)
    return batch
