"""Backups of every record the portal keeps, readable only with the portal's own keys.

``manage.py backup_records FILE`` writes the records of our apps and the staff accounts as
Django's JSON serialisation, then encrypts the whole file with Fernet under a key derived from
SECRET_KEY and FIELD_ENCRYPTION_SALT: the serialisation holds aid recipients' ID and phone
numbers in clear, so the file must be no easier to read than the database. ``restore_records
FILE`` loads one back into an empty database (after ``migrate``). PostgreSQL's own pg_dump,
documented in the README, remains the full-database backup; this one is portable across
databases (SQLite ⇄ PostgreSQL) and versions of the schema's data, not of its layout.
"""

import base64
import gzip
import hashlib
import io

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

#: what a backup holds: staff accounts and groups, then our apps, bottom of the graph first
BACKUP_APPS = [
    "auth",
    "organizations",
    "honors",
    "competitions",
    "assistance",
    "reports",
    "news",
]


class BackupError(Exception):
    pass


def _fernet() -> Fernet:
    salt = settings.SALT_KEY[0] if isinstance(settings.SALT_KEY, list) else settings.SALT_KEY
    digest = hashlib.pbkdf2_hmac(
        "sha256", settings.SECRET_KEY.encode(), f"backup:{salt}".encode(), 200_000
    )
    return Fernet(base64.urlsafe_b64encode(digest))


def records_backup(*, output: io.BufferedIOBase) -> int:
    """Write an encrypted backup to ``output``; returns the number of bytes written."""
    buffer = io.StringIO()
    call_command(
        "dumpdata",
        *BACKUP_APPS,
        natural_foreign=True,
        natural_primary=False,
        stdout=buffer,
        verbosity=0,
    )
    token = _fernet().encrypt(gzip.compress(buffer.getvalue().encode("utf-8")))
    output.write(token)
    return len(token)


def records_restore(*, source: io.BufferedIOBase) -> int:
    """Load an encrypted backup; returns the number of objects restored. All or nothing."""
    try:
        data = gzip.decompress(_fernet().decrypt(source.read())).decode("utf-8")
    except InvalidToken as exc:
        raise BackupError("备份文件无法解密：密钥不符或文件已损坏。") from exc
    count = 0
    with transaction.atomic():
        for deserialized in serializers.deserialize("json", data, handle_forward_references=True):
            deserialized.save()
            count += 1
    return count
