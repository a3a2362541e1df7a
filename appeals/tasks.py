"""The e-mail of a request's tracking code, sent after the request is committed (never inside
the sending transaction: an SMTP server that is slow must not hold a worker's form)."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from appeals.models import Appeal
from unionportal.celery import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(*TRANSIENT_ERRORS, smtplib.SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=120,
)
def send_code_email(appeal_id: int) -> bool:
    appeal = Appeal.objects.filter(pk=appeal_id).select_related("kind").first()
    if appeal is None or not appeal.email:
        return False
    send_mail(
        subject=_("您的诉求已收到（查询码 %(code)s）") % {"code": appeal.code},
        message=_(
            "您好！\n\n您提交的“%(kind)s”已收到，查询码：%(code)s\n\n"
            "请凭查询码和手机号码后四位在网站“职工诉求 · 办理查询”页查看办理进度和答复。"
            "请妥善保管查询码，不要转告他人。\n\n%(portal)s"
        )
        % {"kind": appeal.kind.name, "code": appeal.code, "portal": settings.PORTAL_NAME},
        from_email=None,
        recipient_list=[appeal.email],
    )
    return True


def code_email_enqueue(appeal_id: int) -> None:
    """Enqueue the e-mail; a broker that is away loses the e-mail, never the request (the code
    is on the page the worker sees)."""
    try:
        send_code_email.delay(appeal_id)
    except Exception:  # the broker or, eagerly, the mail server: logged, the request stands
        logger.warning("诉求 %s 的查询码邮件未能发出", appeal_id, exc_info=True)
