"""Personal data helpers: keyed hashes for look-ups and masking for display.

ID and phone numbers are stored encrypted (``EncryptedCharField``); encryption is randomised, so
they cannot be searched or kept unique in the database. A keyed hash (HMAC-SHA256 with
``settings.PII_HMAC_KEY``) of the normalised value can: equal numbers give equal hashes, and
without the key the hash does not reveal the number.
"""

import hashlib
import hmac

from django.conf import settings

from assistance.validators import normalize_id_number, normalize_phone


def pii_hash(value: str) -> str:
    return hmac.new(
        settings.PII_HMAC_KEY.encode("utf-8"), value.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def id_number_hash(value: str) -> str:
    return pii_hash("id:" + normalize_id_number(value))


def phone_hash(value: str) -> str:
    return pii_hash("phone:" + normalize_phone(value)) if value else ""


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
