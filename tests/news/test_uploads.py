"""Uploads from the editor (staff only, real images within limits) and attachments (by content)."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Attachment
from news.uploads import EditorImageStorage
from tests.news.factories import ArticleFactory, AttachmentFactory, UserFactory, image_bytes
from unionportal.uploads import attachment_check, image_check

UPLOAD_URL = reverse("ck_editor_5_upload_file")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png_header(width=9000, height=5000) -> bytes:
    """A PNG whose header claims 45 megapixels (the pixels themselves are not there)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.django_db
def test_only_the_newsroom_can_upload_images(client, groups):
    upload = SimpleUploadedFile("a.png", image_bytes(), "image/png")
    assert client.post(UPLOAD_URL, {"upload": upload}).status_code == 403
    client.force_login(UserFactory(username="member", is_staff=False))
    upload = SimpleUploadedFile("a.png", image_bytes(), "image/png")
    assert client.post(UPLOAD_URL, {"upload": upload}).status_code == 403
    honours_clerk = UserFactory(username="honours-clerk")
    honours_clerk.groups.add(groups["荣誉管理员"])
    client.force_login(honours_clerk)
    upload = SimpleUploadedFile("a.png", image_bytes(), "image/png")
    response = client.post(UPLOAD_URL, {"upload": upload})
    assert response.status_code == 403
    assert "编辑" in response.json()["error"]["message"]


def test_a_real_image_is_stored_under_a_random_name_with_its_real_suffix(staff_client):
    upload = SimpleUploadedFile("我的照片.gif", image_bytes(fmt="JPEG"), "image/gif")
    response = staff_client.post(UPLOAD_URL, {"upload": upload})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/editor/") and url.endswith(".jpg")
    assert "我的照片" not in url


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<html><script>alert(1)</script></html>", "不是有效的图片"),
        (b"GIF89a<script>alert(1)</script>", "不是有效的图片"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "不是有效的图片",
        ),
        (huge_png_header(), "像素过大"),
    ],
)
def test_files_that_are_not_acceptable_images_are_refused(staff_client, content, message):
    upload = SimpleUploadedFile("photo.png", content, "image/png")
    response = staff_client.post(UPLOAD_URL, {"upload": upload})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_images_of_another_format_and_oversized_files_are_refused(staff_client):
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 8)).save(buffer, "BMP")
    response = staff_client.post(
        UPLOAD_URL, {"upload": SimpleUploadedFile("a.bmp", buffer.getvalue(), "image/bmp")}
    )
    assert "JPEG、PNG、GIF 或 WebP" in response.json()["error"]["message"]
    big = SimpleUploadedFile("a.png", image_bytes(), "image/png")
    with pytest.raises(ValidationError, match="不能超过"):
        image_check(big, max_bytes=10)


def test_the_editor_storage_itself_refuses_non_images():
    with pytest.raises(ValidationError):
        EditorImageStorage().save("x.png", SimpleUploadedFile("x.png", b"not an image"))


def _zip(names) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("通知.pdf", b"%PDF-1.7\n...", "pdf"),
        ("表格.xlsx", _zip(["[Content_Types].xml", "xl/workbook.xml"]), "excel"),
        ("文件.docx", _zip(["[Content_Types].xml", "word/document.xml"]), "word"),
        ("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "excel"),
        ("旧文.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "word"),
    ],
)
def test_attachments_are_recognised_by_their_content(name, content, kind):
    assert attachment_check(SimpleUploadedFile(name, content)) == kind


@pytest.mark.parametrize(
    "name, content",
    [
        ("通知.pdf", b"MZ\x90\x00 an executable"),
        ("表格.xlsx", _zip(["evil.js"])),
        ("文件.docx", _zip(["[Content_Types].xml", "xl/workbook.xml"])),  # Excel named .docx
        ("page.html", b"%PDF-1.4 but named html"),
        ("a.pdf", b"<html>"),
    ],
)
def test_bad_attachments_are_refused(name, content):
    with pytest.raises(ValidationError, match="PDF、Word 或 Excel"):
        attachment_check(SimpleUploadedFile(name, content))


def test_attachments_over_the_size_limit_are_refused():
    with pytest.raises(ValidationError, match="不能超过"):
        attachment_check(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 100), max_bytes=50)


@pytest.mark.django_db
def test_an_attachment_gets_a_random_name_and_is_listed_on_the_article(client):
    attachment = AttachmentFactory(title="报名表")
    assert attachment.kind == Attachment.Kind.PDF and attachment.size > 0
    assert "notice" not in attachment.file.name
    page = client.get(attachment.article.get_absolute_url()).content.decode()
    assert "附件下载" in page and "报名表" in page


@pytest.mark.django_db
def test_the_admin_refuses_a_disguised_attachment(admin_client):
    article = ArticleFactory()
    response = admin_client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        {
            "title": article.title,
            "channel": article.channel_id,
            "body": article.body,
            "publish_at_0": "2018-05-01",
            "publish_at_1": "08:00:00",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-title": "假文件",
            "attachments-0-file": SimpleUploadedFile("a.pdf", b"<script>alert(1)</script>"),
            "attachments-0-order": "0",
        },
    )
    assert response.status_code == 200
    assert "PDF、Word 或 Excel" in response.content.decode()
    assert not Attachment.objects.exists()
