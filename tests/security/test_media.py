"""Uploaded files are served with the content type of what they are, never sniffed."""

import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("editor/photo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        ("attachments/report.pdf", b"%PDF-1.7\n", "application/pdf"),
    ],
)
def test_uploads_are_served_with_their_content_type_and_nosniff(
    client, isolated_media, name, content, content_type
):
    path = isolated_media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"


def test_nothing_outside_the_media_folder_is_served(client, isolated_media):
    isolated_media.mkdir(parents=True, exist_ok=True)
    response = client.get("/media/../../unionportal/settings.py")
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content
    assert client.post("/media/editor/photo.png").status_code == 405


@pytest.mark.parametrize(
    "probe",
    [
        "/media/../../unionportal/settings.py",
        "/media/..%2f..%2funionportal/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/editor/../../../etc/passwd",
    ],
)
def test_a_traversal_probe_is_refused_and_logged_as_a_refusal_not_an_error(
    client, isolated_media, caplog, probe
):
    isolated_media.mkdir(parents=True, exist_ok=True)
    caplog.set_level(logging.INFO)

    response = client.get(probe)

    assert response.status_code == 400
    assert b"Traceback" not in response.content
    assert "这个网址无法处理" in response.content.decode()  # the portal's own page, in Chinese
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert not [record for record in caplog.records if record.exc_info]
    refusals = [record for record in caplog.records if record.name.startswith("django.security")]
    assert len(refusals) == 1
    assert refusals[0].levelno == logging.WARNING
    line = refusals[0].getMessage()
    assert "\n" not in line
    assert "etc/passwd" in line or "settings.py" in line
    assert str(isolated_media) not in caplog.text  # the server's folders stay out of the log
