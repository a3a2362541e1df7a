"""Requests for the tests, made through the services as the form and the admin make them."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from appeals import services
from appeals.models import AppealKind
from assistance.models import StaffUnionMembership

HANDLER_PERMS = (
    "view_appeal",
    "add_appeal",
    "change_appeal",
    "handle_appeal",
    "view_appealkind",
)


def kind(code: str) -> AppealKind:
    return AppealKind.objects.get(code=code)


def appeal_make(code: str = "complaint", **fields):
    kind_ = kind(code)
    values = {
        "description": "单位拖欠三个月工资，多次讨要未果。",
        "consent_version": kind_.privacy_version,
        "name": "王小明",
        "phone": "13912345678",
    }
    values.update(fields)
    return services.appeal_submit(kind=kind_, **values)


def handler(username: str, union=None, perms: tuple[str, ...] = HANDLER_PERMS):
    user = get_user_model().objects.create_user(
        username=username, password="a-long-test-password", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="appeals", codename__in=perms)
    )
    if union is not None:
        StaffUnionMembership.objects.create(user=user, union=union)
    return get_user_model().objects.get(pk=user.pk)


# ---- the captcha, read as a person reads it ----------------------------------------------------

NUMERALS = {ch: n for n, ch in enumerate("零一二三四五六七八九")}


def chinese_to_int(text: str) -> int:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[ones] if ones else 0)
    return NUMERALS[text]


def captcha_answer(page_text: str) -> str:
    """The answer to the question the page asks ("七加三等于几？")."""
    number = "([零一二三四五六七八九十]+)"
    match = re.search(f"验证问题：{number}([加减]){number}等于几", page_text)
    assert match, "the form asks no question"
    a, op, b = chinese_to_int(match[1]), match[2], chinese_to_int(match[3])
    return str(a + b if op == "加" else a - b)


def captcha_token(page_text: str) -> str:
    return re.search(r'name="captcha_token" value="([^"]+)"', page_text)[1]


def appeal_records(union) -> None:
    """One of each record of the appeals app (for the every-admin-page test): a request routed
    to ``union`` with an attachment, and an access-log row."""
    from appeals.models import AppealAccessLog, AppealAttachment

    appeal = appeal_make(union=union, email="worker@example.com")
    AppealAttachment.objects.create(
        appeal=appeal, kind="pdf", suffix=".pdf", size=9, content="JVBERi0xLjQK"
    )
    AppealAccessLog.objects.create(
        username="someone", action="view", record_label=appeal.code, appeal=appeal
    )
