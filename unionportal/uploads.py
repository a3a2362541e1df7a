"""Checks of uploaded files, by their content, never by their name (news' editor images and
attachments, workers' evidence on their requests).

- Images: only JPEG, PNG, GIF or WebP as Pillow reads them, at most
  ``EDITOR_IMAGE_MAX_BYTES`` and ``MAX_IMAGE_PIXELS`` (checked from the header, before any pixel is
  decoded), verified whole, the suffix of the real format given back, for the file's stored name.
- Attachments: PDF, Word or Excel, recognised by their magic bytes (and, for .docx/.xlsx, by the
  parts inside the zip), at most ``ATTACHMENT_MAX_BYTES``.
"""

import zipfile
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

EDITOR_IMAGE_MAX_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
ATTACHMENT_SUFFIXES = {
    "pdf": {".pdf"},
    "word": {".doc", ".docx"},
    "excel": {".xls", ".xlsx"},
}


def _size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)}MB"


def image_check(file, *, max_bytes: int = EDITOR_IMAGE_MAX_BYTES) -> str:
    """The suffix of the image's real format (".png" …); ValidationError (in Chinese) otherwise."""
    if file.size > max_bytes:
        raise ValidationError("图片不能超过%s。" % _size_text(max_bytes), code="too_large")
    file.seek(0)
    try:
        # Image.open reads the header only: the size is known before any pixel is decoded.
        with Image.open(file) as image:
            if image.format not in IMAGE_FORMATS:
                raise ValidationError("只能上传 JPEG、PNG、GIF 或 WebP 图片。", code="bad_format")
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    "图片像素过大（%d×%d），不能超过4000万像素。" % (width, height),
                    code="too_many_pixels",
                )
            image_format = image.format
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError("文件不是有效的图片。", code="not_an_image") from None
    finally:
        file.seek(0)
    return IMAGE_FORMATS[image_format]


def attachment_check(file, *, max_bytes: int = ATTACHMENT_MAX_BYTES) -> str:
    """The kind ("pdf", "word", "excel") of an attachment, read from its content."""
    if file.size > max_bytes:
        raise ValidationError("附件不能超过%s。" % _size_text(max_bytes), code="too_large")
    suffix = PurePosixPath(file.name or "").suffix.lower()
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    kind = None
    if head.startswith(PDF_MAGIC):
        kind = "pdf"
    elif head == OLE2_MAGIC:
        # Old binary Office files: which program made it is told by the name only.
        kind = "word" if suffix == ".doc" else "excel" if suffix == ".xls" else None
    elif head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                kind = "word"
            elif any(name.startswith("xl/") for name in names):
                kind = "excel"
    if kind is None or suffix not in ATTACHMENT_SUFFIXES[kind]:
        raise ValidationError(
            "附件只能是 PDF、Word 或 Excel 文件，且扩展名须与内容一致。", code="bad_type"
        )
    return kind


def file_is_new(instance, field_name: str) -> bool:
    """Whether the file in ``field_name`` is not yet the one stored for this record: a new record
    with a file, or another file put in place of the stored one (one query; names, not bytes, are
    compared: stored files get a random name of their own when saved)."""
    file = getattr(instance, field_name)
    if not file:
        return False
    if instance.pk is None:
        return True
    stored = (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values_list(field_name, flat=True)
        .first()
    )
    return file.name != stored
