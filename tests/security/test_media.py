"""Uploaded files are served with the content type of what they are, never sniffed."""

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
