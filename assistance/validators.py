"""Validation of resident identity numbers (公民身份号码, GB 11643-1999) and mobile numbers."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
EARLIEST_BIRTH_YEAR = 1900


def normalize_id_number(value: str) -> str:
    """Trim spaces and upper-case the check character (a lower-case x is common in files)."""
    return (value or "").strip().replace(" ", "").upper()


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def id_check_char(first_17: str) -> str:
    """The 18th character of an ID number whose first 17 digits are given."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_birth_date(value: str) -> datetime.date | None:
    """The birth date written in an 18-character ID number, or None if it is not a real date."""
    try:
        return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(
            _("身份证号应为18位，当前为%(n)d位。"), params={"n": len(number)}, code="length"
        )
    if not ID_PATTERN.match(number):
        raise ValidationError(_("身份证号前17位应为数字，最后一位为数字或X。"), code="characters")
    birth = id_birth_date(number)
    if birth is None:
        raise ValidationError(_("身份证号中的出生日期不是有效日期。"), code="birth_date")
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(_("身份证号中的出生日期早于1900年，请核对。"), code="birth_date")
    if birth > timezone.localdate():
        raise ValidationError(_("身份证号中的出生日期晚于今天，请核对。"), code="birth_date")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对。"), code="check_digit")


def validate_phone(value: str) -> None:
    if not PHONE_PATTERN.match(normalize_phone(value)):
        raise ValidationError(_("手机号码应为以1开头的11位数字。"), code="phone")
