"""Downloads keep their Chinese names (RFC 6266 filename*= with an ASCII fallback); a NUL byte
in a query string is refused with a sentence."""

from email.message import Message
from email.utils import collapse_rfc2231_value

import pytest

from unionportal.http import NUL_REFUSED, content_disposition


def names_a_client_reads(header: str) -> tuple[str, str]:
    """(the name a browser saves under, the plain filename= an old client falls back to), read
    by the standard library's RFC 2231 parser rather than by our own code; RFC 6266 says a
    browser prefers filename*= when both are there."""
    message = Message()
    message["Content-Disposition"] = header
    params = message.get_params(header="Content-Disposition")
    plain = [value for key, value in params if key == "filename" and isinstance(value, str)]
    encoded = [value for key, value in params if key == "filename" and isinstance(value, tuple)]
    assert len(plain) == 1 and len(encoded) == 1, params
    return collapse_rfc2231_value(encoded[0]), plain[0]


def test_a_chinese_name_reaches_the_browser_and_old_clients_get_ascii():
    header = content_disposition("2024年全市职工统计.xlsx")
    assert header.startswith("attachment; ")
    assert "=?utf-8?" not in header.lower()
    header.encode("ascii")  # an HTTP header Django sends as it is
    assert names_a_client_reads(header) == ("2024年全市职工统计.xlsx", "2024.xlsx")


def test_a_name_with_no_ascii_falls_back_to_download_with_its_suffix():
    assert names_a_client_reads(content_disposition("困难职工档案导入模板.xlsx")) == (
        "困难职工档案导入模板.xlsx",
        "download.xlsx",
    )


def test_an_ascii_name_is_sent_as_it_is():
    assert content_disposition("figures-2018.csv") == (
        "attachment; filename=\"figures-2018.csv\"; filename*=UTF-8''figures-2018.csv"
    )


@pytest.mark.parametrize(
    ("hostile", "saved_as"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Windows\\win.ini", "win.ini"),
        ("报表\u202eslx.exe", "报表slx.exe"),  # the RTL override would show "报表exe.xlsx"
        ("名单\r\nSet-Cookie: a=1.csv", "名单Set-Cookie: a=1.csv"),
        ('引号"与;分号.csv', '引号"与;分号.csv'),
        ("空\x00字节.csv", "空字节.csv"),
        ("..", "download"),
    ],
)
def test_hostile_names_lose_folders_and_control_characters(hostile, saved_as):
    header = content_disposition(hostile)
    assert "\r" not in header and "\n" not in header and "\x00" not in header
    saved, plain = names_a_client_reads(header)
    assert saved == saved_as
    assert '"' not in plain and "\\" not in plain and "/" not in plain


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "q=%E5%B7%A5%E4%BC%9A%00", "channel=%00news", "%00=1"])
def test_a_nul_byte_in_the_address_is_refused_with_a_sentence(client, query):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 400
    assert response.content.decode() == NUL_REFUSED
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_an_ordinary_search_is_not_refused(client):
    assert client.get("/search/", {"q": "工会 助学"}).status_code == 200
