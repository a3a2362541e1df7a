"""Image renditions, written once when a picture is saved, never per request.

Each picture gets a square-ish thumbnail and two widths (480, 960) as JPEG files beside the
original; their storage names are kept in a JSON field ``{"thumb": …, "480": …, "960": …}``.
"""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

WIDTHS = (480, 960)
THUMB_SIZE = (320, 200)


def _jpeg(image: Image.Image) -> bytes:
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, progressive=True)
    return buffer.getvalue()


def renditions_make(field_file) -> tuple[dict[str, str], tuple[int, int]]:
    """Write the renditions of a saved image file; return their names and the original size."""
    storage = field_file.storage
    stem = str(PurePosixPath(field_file.name).with_suffix(""))
    field_file.open("rb")
    try:
        with Image.open(field_file) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    finally:
        field_file.close()
    names: dict[str, str] = {}
    thumb = ImageOps.fit(image, THUMB_SIZE, Image.Resampling.LANCZOS)
    names["thumb"] = storage.save(f"{stem}_thumb.jpg", ContentFile(_jpeg(thumb)))
    for width in WIDTHS:
        resized = image
        if image.width > width:
            height = round(image.height * width / image.width)
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
        names[str(width)] = storage.save(f"{stem}_{width}.jpg", ContentFile(_jpeg(resized)))
    return names, image.size


def renditions_delete(field_file, names: dict[str, str]) -> None:
    for name in (names or {}).values():
        field_file.storage.delete(name)
