"""Personal data (ID and phone numbers) of the portal's person-level records, in one place.

Used by aid (``assistance``) and by the person-level records of worker services (``welfare``):

- numbers are stored encrypted (django-fernet-encrypted-fields' ``EncryptedCharField``, see
  ``encrypted_id_number_field``); encryption is randomised, so they cannot be searched or kept
  unique in the database. A keyed hash (HMAC-SHA256 with ``settings.PII_HMAC_KEY``) of the
  normalised value can: equal numbers give equal hashes, and without the key the hash does not
  reveal the number (``id_number_hash``, ``phone_hash``);
- lists, exports and error tables show them masked (``mask_id_number``, ``mask_phone``);
- ``PersonalNumbersBase`` gives a person-level model both numbers, their hashes and masks;
- seeing or exporting them whole is logged: ``AccessLogBase`` is the append-only log row each
  app keeps (aid's ``SensitiveAccessLog``, welfare's ``PersonalDataAccess``).
"""

import datetime
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
EARLIEST_BIRTH_YEAR = 1900


# --------------------------------------------------------------------------- reading numbers


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


def id_number_check(value: str) -> None:
    """A resident identity number (GB 11643-1999); raises a Chinese ``ValidationError``."""
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


def phone_check(value: str) -> None:
    if not PHONE_PATTERN.match(normalize_phone(value)):
        raise ValidationError(_("手机号码应为以1开头的11位数字。"), code="phone")


# --------------------------------------------------------------------------- look-up hashes


def pii_hash(value: str) -> str:
    return hmac.new(
        settings.PII_HMAC_KEY.encode("utf-8"), value.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def id_number_hash(value: str) -> str:
    return pii_hash("id:" + normalize_id_number(value))


def phone_hash(value: str) -> str:
    return pii_hash("phone:" + normalize_phone(value)) if value else ""


def number_lookup(search_term: str) -> tuple[str, str] | None:
    """``("id_number_hash" | "phone_hash", hash)`` when a search term is a whole ID or mobile
    number (the only way to find an encrypted number), else None."""
    term = (search_term or "").strip()
    if ID_PATTERN.match(normalize_id_number(term)):
        return "id_number_hash", id_number_hash(term)
    phone = normalize_phone(term)
    if phone.isdigit() and len(phone) == 11:
        return "phone_hash", phone_hash(term)
    return None


# --------------------------------------------------------------------------- masking


def mask_id_number(value: str | None) -> str:
    """3206**********1234: the first 4 and last 4 characters only."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# --------------------------------------------------------------------------- the access log


class AccessAction(models.TextChoices):
    VIEW = "view", _("查看")
    EXPORT = "export", _("导出")


class AccessLogBase(models.Model):
    """Who saw or exported full ID or phone numbers, when, and of which record. Append-only.

    Each app keeps its own table (a row points at that app's record); the rules are these."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150)
    record_label = models.CharField(_("记录"), max_length=100)
    action = models.CharField(_("操作"), max_length=10, choices=AccessAction.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.username} {self.get_action_display()} {self.record_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("访问记录不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("访问记录不能删除。"))


# --------------------------------------------------------------------------- the fields


class PersonalNumbersBase(models.Model):
    """A person's ID number (required) and mobile number (optional), encrypted, with their
    look-up hashes kept in step on every save (``bulk_create`` callers call
    ``refresh_hashes()`` themselves) and masked forms for display."""

    id_number = EncryptedCharField(_("身份证号"), max_length=18, validators=[id_number_check])
    id_number_hash = models.CharField(
        _("身份证号摘要"), max_length=64, editable=False, db_index=True
    )
    phone = EncryptedCharField(
        _("联系电话"), max_length=11, null=True, blank=True, validators=[phone_check]
    )
    phone_hash = models.CharField(
        _("联系电话摘要"), max_length=64, blank=True, editable=False, db_index=True
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_hashes()
        super().save(*args, **kwargs)

    def refresh_hashes(self) -> None:
        if self.id_number:
            self.id_number = normalize_id_number(self.id_number)
        self.id_number_hash = id_number_hash(self.id_number) if self.id_number else ""
        self.phone_hash = phone_hash(self.phone or "")

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
