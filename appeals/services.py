"""Writes of the appeals app.

Sending a request is one short transaction: the request, its attachments and its first history
step; the e-mail with the tracking code is a Celery task enqueued once the transaction commits.

Every state change goes through one table (``TRANSITIONS``) and one ``_transition`` that locks
the row, checks the permission and the union, and writes the step into the history::

    pending ──accept──► accepted ──route(union | department, note)──► routed ──┐
       │                    │                                      (route) ◄───┤
       │                    └──────────────reply(text)──────────────┬──────────┘
       └──refuse(reason)──► refused                                 ▼
                                                    replied ──close──► closed ──rate (requester)

Handling needs ``appeals.handle_appeal``; staff act only for their union's requests (county
staff for their own union and those under it, the city federation's for all). An accepted
request of a kind that opens an aid file (困难帮扶申请) opens the person's file in the aid app, or
links the one they have, through aid's own services.
"""

import base64
import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals import selectors, tasks, workdays
from appeals.models import Appeal, AppealAccessLog, AppealAttachment, AppealEvent, AppealKind
from organizations.models import UnionUnit
from reports.services import figures_changed
from unionportal.cache import public_content_changed
from unionportal.personal_data import AccessAction
from unionportal.plaintext import xml_text
from unionportal.uploads import attachment_check, image_check

HANDLE_PERMISSION = "appeals.handle_appeal"
PUBLISH_PERMISSION = "appeals.publish_appeal"
PERSONAL_DATA_PERMISSION = "appeals.view_personal_data"

ATTACHMENT_MAX_BYTES = 4 * 1024 * 1024  # below FILE_UPLOAD_MAX_MEMORY_SIZE: never a temp file
ATTACHMENT_MAX_COUNT = 3
TEXT_MAX = 500

Status = Appeal.Status
Action = AppealEvent.Action


# --------------------------------------------------------------------------- sending


def code_new() -> str:
    """An unguessable tracking code: 12 characters of 31 (about 59 bits), read out easily."""
    return "".join(secrets.choice(selectors.CODE_ALPHABET) for _ in range(selectors.CODE_LENGTH))


def text_clean(value: str) -> str:
    """Text as typed, kept as text (shown escaped everywhere), without the control characters
    no database or format should carry (PostgreSQL refuses NUL)."""
    return xml_text(value or "").strip()


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    suffix: str
    data: bytes


def attachment_read(file) -> CheckedFile:
    """An image (JPEG, PNG, GIF, WebP) or a PDF, told by its content with the portal's upload
    checks (``unionportal.uploads``); ``ValidationError`` in Chinese otherwise."""
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        if attachment_check(file, max_bytes=ATTACHMENT_MAX_BYTES) != "pdf":
            raise ValidationError(_("附件只能是图片或 PDF 文件。"), code="bad_type")
        kind, suffix = AppealAttachment.Kind.PDF, ".pdf"
    else:
        try:
            suffix = image_check(file, max_bytes=ATTACHMENT_MAX_BYTES)
        except ValidationError as error:
            if error.code == "not_an_image":
                raise ValidationError(
                    _("附件只能是图片（JPEG、PNG、GIF、WebP）或 PDF 文件。"), code="bad_type"
                ) from None
            raise
        kind = AppealAttachment.Kind.IMAGE
    file.seek(0)
    return CheckedFile(kind=kind, suffix=suffix, data=file.read())


def deadlines_for(*, kind: AppealKind, sent_on: datetime.date) -> tuple[datetime.date, ...]:
    return (
        workdays.add_working_days(sent_on, kind.accept_days),
        workdays.add_working_days(sent_on, kind.finish_days),
    )


def appeal_submit(
    *,
    kind: AppealKind,
    description: str,
    consent_version: str,
    subkind: AppealKind | None = None,
    channel: str = Appeal.Channel.ONLINE,
    union: UnionUnit | None = None,
    by=None,
    files: Iterable[CheckedFile] = (),
    publish_consent: bool = False,
    anonymous: bool = False,
    **fields,
) -> Appeal:
    """Record a request (待受理) with its deadlines in working days, and enqueue the e-mail of
    its code. ``fields`` are the kind's optional fields (name, phone, …), already validated by
    the form. A request entered by staff (the 12351 hotline, a visit) names who entered it and
    starts at their union; an online one at the city federation's."""
    if by is not None:
        if not by.has_perm("appeals.add_appeal"):
            raise PermissionDenied(_("您没有登记诉求的权限。"))
        if union is not None and not selectors.user_may_act_for(by, union):
            raise PermissionDenied(_("只能登记本工会的诉求。"))
    union = union or selectors.city_federation()
    if union is None:
        raise ValidationError(_("尚未设置市总工会，暂不能受理诉求。"))
    now = timezone.now()
    accept_due, finish_due = deadlines_for(kind=kind, sent_on=timezone.localdate(now))
    text_fields = {
        name: text_clean(value) if isinstance(value, str) else value
        for name, value in fields.items()
    }
    appeal = Appeal(
        code=code_new(),
        kind=kind,
        subkind=subkind,
        channel=channel,
        union=union,
        description=text_clean(description),
        consent_version=consent_version,
        consented_at=now,
        publish_consent=publish_consent,
        anonymous=anonymous,
        submitted_at=now,
        accept_due=accept_due,
        finish_due=finish_due,
        entered_by=by,
        **text_fields,
    )
    with transaction.atomic():
        appeal.save()
        AppealAttachment.objects.bulk_create(
            AppealAttachment(
                appeal=appeal,
                kind=file.kind,
                suffix=file.suffix,
                size=len(file.data),
                content=base64.b64encode(file.data).decode("ascii"),
            )
            for file in files
        )
        AppealEvent.objects.create(
            appeal=appeal, action=Action.SUBMIT, status=Status.PENDING, by=by, at=now
        )
        if appeal.email:
            transaction.on_commit(partial(tasks.code_email_enqueue, appeal.pk))
    return appeal


# --------------------------------------------------------------------------- handling


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    verb: str
    action: str


TRANSITIONS = {
    "accept": Transition(frozenset({Status.PENDING}), Status.ACCEPTED, "受理", Action.ACCEPT),
    "refuse": Transition(frozenset({Status.PENDING}), Status.REFUSED, "不予受理", Action.REFUSE),
    "route": Transition(
        frozenset({Status.ACCEPTED, Status.ROUTED}), Status.ROUTED, "转办", Action.ROUTE
    ),
    "reply": Transition(
        frozenset({Status.ACCEPTED, Status.ROUTED}), Status.REPLIED, "答复", Action.REPLY
    ),
    "close": Transition(frozenset({Status.REPLIED}), Status.CLOSED, "办结", Action.CLOSE),
}


def appeal_allowed_transitions(*, appeal: Appeal, user) -> list[str]:
    """The steps ``user`` may take on the request now (for the form; checked again)."""
    if not user.has_perm(HANDLE_PERMISSION) or not selectors.user_may_act_for(user, appeal.union):
        return []
    return [name for name, t in TRANSITIONS.items() if appeal.status in t.sources]


def _required_text(value: str, *, what: str, max_length: int | None = TEXT_MAX) -> str:
    value = text_clean(value)
    if not value:
        raise ValidationError(_("请填写%(what)s。") % {"what": what}, code="required")
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            _("%(what)s请不超过%(max)d字。") % {"what": what, "max": max_length},
            code="too_long",
        )
    return value


@transaction.atomic
def _transition(
    *, appeal: Appeal, by, name: str, note: str = "", union: UnionUnit | None = None, **changes
) -> Appeal:
    transition = TRANSITIONS[name]
    if not by.has_perm(HANDLE_PERMISSION):
        raise PermissionDenied(_("您没有办理职工诉求的权限。"))
    current = Appeal.objects.select_for_update().select_related("kind", "union").get(pk=appeal.pk)
    if not selectors.user_may_act_for(by, current.union):
        raise PermissionDenied(_("只能办理本工会承办的诉求。"))
    if current.status not in transition.sources:
        raise ValidationError(
            _("“%(status)s”的诉求不能%(verb)s。")
            % {"status": current.get_status_display(), "verb": transition.verb},
            code="invalid_transition",
        )
    current.status = transition.target
    for field_name, value in changes.items():
        setattr(current, field_name, value)
    if union is not None:
        current.union = union
    current.save()
    AppealEvent.objects.create(
        appeal=current,
        action=transition.action,
        status=current.status,
        union=union,
        note=note,
        by=by,
    )
    figures_changed(years=[timezone.localtime(current.submitted_at).year])
    return current


def appeal_accept(*, appeal: Appeal, by) -> Appeal:
    """受理. A request of a kind that opens an aid file gets it (or the one the person has)."""
    with transaction.atomic():
        current = _transition(appeal=appeal, by=by, name="accept", accepted_at=timezone.now())
        if current.kind.opens_aid_file and current.beneficiary_id is None:
            _aid_file_link(appeal=current, by=by)
    return current


def _aid_file_link(*, appeal: Appeal, by) -> None:
    """Open the requester's hardship file in aid, or link the one their ID number already has,
    carrying the request's data over; aid's services check the file as any other."""
    from assistance import selectors as aid_selectors
    from assistance import services as aid_services

    beneficiary = aid_selectors.beneficiary_find_by_id_number(id_number=appeal.id_number)
    note = _("已关联现有困难职工档案")
    if beneficiary is None:
        beneficiary = aid_services.beneficiary_open_for_import(
            name=appeal.name,
            id_number=appeal.id_number,
            phone=appeal.phone,
            union=appeal.union,
            filed_on=timezone.localdate(),
            # 相对困难 until the aid clerk assesses the household; the cause is theirs to set
            category="relative",
            workplace=appeal.employer,
            district=appeal.district,
        )
        note = _("已建立困难职工档案，请帮扶管理员核定困难类别和致困原因")
    Appeal.objects.filter(pk=appeal.pk).update(beneficiary=beneficiary)
    appeal.beneficiary = beneficiary
    AppealEvent.objects.create(
        appeal=appeal, action=Action.AID_FILE, status=appeal.status, note=note, by=by
    )


def appeal_refuse(*, appeal: Appeal, by, reason: str) -> Appeal:
    reason = _required_text(reason, what=_("不予受理原因"))
    return _transition(appeal=appeal, by=by, name="refuse", refusal_reason=reason, note=reason)


def appeal_route(
    *, appeal: Appeal, by, union: UnionUnit | None = None, department: str = "", note: str = ""
) -> Appeal:
    """转办 to a county or district union (whose staff then see it) or to a department."""
    department = text_clean(department)[:100]
    if union is None and not department:
        raise ValidationError(_("请选择转办的工会，或填写转办部门。"), code="route_target")
    if union is not None and not selectors.user_may_act_for(by, union):
        raise PermissionDenied(_("只能转办给本工会或下级工会。"))
    note = _required_text(note, what=_("转办说明"))
    return _transition(
        appeal=appeal, by=by, name="route", union=union, department=department, note=note
    )


def appeal_reply(*, appeal: Appeal, by, text: str) -> Appeal:
    text = _required_text(text, what=_("答复内容"), max_length=5000)
    return _transition(appeal=appeal, by=by, name="reply", reply=text, replied_at=timezone.now())


def appeal_close(*, appeal: Appeal, by) -> Appeal:
    return _transition(appeal=appeal, by=by, name="close", closed_at=timezone.now())


# --------------------------------------------------------------------------- the requester


@transaction.atomic
def appeal_rate(*, appeal: Appeal, rating: str, comment: str = "") -> Appeal:
    """The requester's rating of a closed request: once."""
    if rating not in Appeal.Rating.values:
        raise ValidationError(_("请选择满意、基本满意或不满意。"), code="rating")
    comment = text_clean(comment)
    if len(comment) > TEXT_MAX:
        raise ValidationError(_("评价意见请不超过%(max)d字。") % {"max": TEXT_MAX})
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if current.status != Status.CLOSED:
        raise ValidationError(_("诉求办结后才能评价。"), code="not_closed")
    if current.rating:
        raise ValidationError(_("这件诉求已经评价过了，谢谢！"), code="rated")
    current.rating, current.rating_comment, current.rated_at = rating, comment, timezone.now()
    current.save(update_fields=["rating", "rating_comment", "rated_at"])
    AppealEvent.objects.create(appeal=current, action=Action.RATE, status=current.status)
    figures_changed(years=[timezone.localtime(current.submitted_at).year])
    return current


# --------------------------------------------------------------------------- 答复选登


@transaction.atomic
def appeal_publish(*, appeal: Appeal, by, question: str, answer: str) -> Appeal:
    """Publish a reply the requester agreed to have published, as staff rewrote it without
    personal data (the texts are what readers see; the request itself is never shown)."""
    if not by.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(_("您没有选登答复的权限。"))
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if not current.publish_consent:
        raise ValidationError(_("诉求人未同意公开，不能选登。"), code="no_consent")
    if current.status not in Appeal.ANSWERED:
        raise ValidationError(_("答复后才能选登。"), code="not_answered")
    current.published_question = _required_text(question, what=_("诉求摘要"), max_length=2000)
    current.published_answer = _required_text(answer, what=_("选登答复"), max_length=5000)
    current.published, current.published_at = True, timezone.now()
    current.save()
    AppealEvent.objects.create(appeal=current, action=Action.PUBLISH, status=current.status, by=by)
    public_content_changed()
    return current


@transaction.atomic
def appeal_unpublish(*, appeal: Appeal, by) -> Appeal:
    if not by.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(_("您没有选登答复的权限。"))
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    current.published, current.published_at = False, None
    current.save()
    AppealEvent.objects.create(
        appeal=current, action=Action.UNPUBLISH, status=current.status, by=by
    )
    public_content_changed()
    return current


# --------------------------------------------------------------------------- personal data


def user_sees_personal_data(user) -> bool:
    return bool(user and user.has_perm(PERSONAL_DATA_PERMISSION))


def personal_data_access_record(*, user, appeals: Iterable[Appeal], action: str) -> None:
    """One access-log row per request whose personal data ``user`` saw whole or downloaded."""
    AppealAccessLog.objects.bulk_create(
        AppealAccessLog(
            user=user,
            username=user.get_username(),
            appeal=appeal,
            record_label=str(appeal.code),
            action=action,
        )
        for appeal in {a.pk: a for a in appeals}.values()
    )


def attachment_open(*, attachment: AppealAttachment, user) -> bytes:
    """The attachment's bytes for a staff user who may see the request's personal data; logged."""
    if not user_sees_personal_data(user):
        raise PermissionDenied(_("您没有查看诉求附件的权限。"))
    if not selectors.user_may_act_for(user, attachment.appeal.union):
        raise PermissionDenied(_("只能查看本工会承办的诉求。"))
    personal_data_access_record(user=user, appeals=[attachment.appeal], action=AccessAction.EXPORT)
    return base64.b64decode(attachment.content)
