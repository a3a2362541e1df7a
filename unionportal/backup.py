"""Backups of every record the portal keeps, readable only with the portal's own keys.

``manage.py backup_records FILE`` writes the records of our apps and the staff accounts as
Django's JSON serialisation, then encrypts the whole file with Fernet under a key derived from
SECRET_KEY and FIELD_ENCRYPTION_SALT: the serialisation holds aid recipients' ID and phone
numbers in clear, so the file must be no easier to read than the database. ``restore_records
FILE`` loads one back into an empty database (after ``migrate``) and leaves it ready to write:
every table's id sequence is moved past the restored rows. PostgreSQL's own pg_dump,
documented in the README, remains the full-database backup; this one is portable across
databases (SQLite ⇄ PostgreSQL) and versions of the schema's data, not of its layout.

Rows point to users, permissions and content types by natural key (user name, codename, app and
model), never by id: a fresh database numbers its content types and permissions in its own
order, and ``migrate`` makes those two tables, so they are not in the file.
"""

import base64
import gzip
import hashlib
import io
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.models import Model

#: what a backup holds: staff accounts and groups, then our apps, bottom of the graph first, and
#: the admin's action log (it names users and content types, restored before it)
BACKUP_APPS = [
    "auth",
    "organizations",
    "honors",
    "competitions",
    "assistance",
    "reports",
    "news",
    "admin",
]
#: made by ``migrate`` in the target database, referred to by natural key
NOT_BACKED_UP = ["auth.permission"]


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
        exclude=NOT_BACKED_UP,
        natural_foreign=True,
        natural_primary=False,
        stdout=buffer,
        verbosity=0,
    )
    token = _fernet().encrypt(gzip.compress(buffer.getvalue().encode("utf-8")))
    output.write(token)
    return len(token)


def records_restore(*, source: io.BufferedIOBase) -> int:
    """Load an encrypted backup; returns the number of objects restored. All or nothing.

    Rows keep their ids (the admin log and the history refer to them), so each table's id
    sequence is then moved past the largest restored id, as ``loaddata`` does: without that, a
    fresh PostgreSQL database would hand out ids from 1 again and refuse the next new record.
    """
    try:
        data = gzip.decompress(_fernet().decrypt(source.read())).decode("utf-8")
    except InvalidToken as exc:
        raise BackupError("备份文件无法解密：密钥不符或文件已损坏。") from exc
    count, models = 0, set()
    try:
        with transaction.atomic():
            for deserialized in serializers.deserialize(
                "json", data, handle_forward_references=True
            ):
                deserialized.save()
                models.add(type(deserialized.object))
                count += 1
            sequences_reset(models=models)
    except IntegrityError as exc:
        raise BackupError(
            "恢复失败，数据库未作任何改动：目标数据库已有与备份冲突的记录。"
            "请在新建并执行 migrate 后的空数据库上恢复。"
        ) from exc
    return count


def sequences_reset(*, models: Iterable[type[Model]]) -> None:
    """Move the id sequence of each model's table past its largest id (nothing to do on SQLite,
    whose AUTOINCREMENT follows the rows)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
