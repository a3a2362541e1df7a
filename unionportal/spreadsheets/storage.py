"""Where an uploaded spreadsheet waits between the preview and the confirmation: encrypted.

django-import-export writes each upload to a temporary file before the preview and removes it
only after a confirmed import; an aid file holds ID and phone numbers. ``EncryptedUploadStorage``
(``IMPORT_EXPORT_TMP_STORAGE_CLASS``) writes it encrypted (Fernet, with a key derived from
``SECRET_KEY``) in a folder of its own; the admin removes it as soon as a file is refused, the
confirmation removes it as the library does, and ``upload_sweep`` removes what a clerk left at
the preview (run on every upload and by ``manage.py sweep_import_uploads``). An upload older than
``IMPORT_EXPORT_UPLOAD_MAX_AGE`` can no longer be read, swept or not.
"""

import base64
import contextlib
import os
import re
import tempfile
import time
import uuid
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from import_export.tmp_storages import BaseStorage

NAME = re.compile(r"^[0-9a-f]{32}\.upload$")
DEFAULT_MAX_AGE = 6 * 60 * 60


class UploadGone(FileNotFoundError):
    """The upload was already imported (and removed), swept, or is too old to be read."""


def _fernet() -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"unionportal.spreadsheets.upload",
        info=b"import upload",
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes, *, max_age: int | None = None) -> bytes:
    """The clear bytes; ``UploadGone`` when the token is older than ``max_age`` seconds or was
    not made with this portal's key."""
    try:
        return _fernet().decrypt(token, ttl=max_age)
    except InvalidToken:
        raise UploadGone from None


def max_age() -> int:
    return int(getattr(settings, "IMPORT_EXPORT_UPLOAD_MAX_AGE", DEFAULT_MAX_AGE))


def upload_folder() -> Path:
    folder = Path(
        getattr(settings, "IMPORT_EXPORT_UPLOAD_DIR", "")
        or Path(tempfile.gettempdir()) / "unionportal-imports"
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def upload_sweep(*, older_than: int | None = None) -> int:
    """Remove the uploads left longer than ``older_than`` seconds (by default
    ``IMPORT_EXPORT_UPLOAD_MAX_AGE``): previews nobody confirmed. Returns how many."""
    limit = time.time() - (max_age() if older_than is None else older_than)
    removed = 0
    for path in upload_folder().iterdir():
        if not NAME.match(path.name):
            continue
        try:
            if path.stat().st_mtime <= limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # removed meanwhile by its own confirmation
            continue
    return removed


class EncryptedUploadStorage(BaseStorage):
    """A temporary storage for django-import-export that never holds the file in clear."""

    def _path(self) -> Path:
        if not self.name or not NAME.match(os.path.basename(self.name)):
            raise UploadGone
        return upload_folder() / os.path.basename(self.name)

    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        upload_sweep()
        if not self.name:
            self.name = f"{uuid.uuid4().hex}.upload"
        path = self._path()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(encrypt(data))

    def read(self):
        try:
            token = self._path().read_bytes()
        except FileNotFoundError:
            raise UploadGone from None
        data = decrypt(token, max_age=max_age())
        if "b" in (self.read_mode or ""):
            return data
        return data.decode(self.encoding or "utf-8")

    def remove(self):
        with contextlib.suppress(UploadGone):
            self._path().unlink(missing_ok=True)
