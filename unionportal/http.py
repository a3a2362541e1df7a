"""HTTP helpers: the name of every download the portal sends, and a guard on query strings."""

import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

from django.http import HttpResponseBadRequest

# RFC 5987 attr-char beyond letters and digits: what may stand unencoded in filename*=.
_ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~"
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
FALLBACK_STEM = "download"


def _visible(text: str) -> str:
    """The text without control and format characters (CR/LF, NUL, the RTL override that makes
    "报表\u202eslx.exe" look like "报表exe.xlsx") and without any folder part."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    return PurePosixPath(text.replace("\\", "/")).name.strip(". ")


def _ascii(text: str) -> str:
    """The ASCII letters, digits, dots, dashes and underscores of the text: ``２０２４年`` gives
    ``2024``, ``Café`` gives ``Cafe``, anything else becomes one ``_``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE_ASCII.sub("_", folded).strip("._-")


def content_disposition(filename: str) -> str:
    """An RFC 6266 ``Content-Disposition`` value for a download named ``filename``.

    ``attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>``:
    browsers take the UTF-8 name (``2024年统计.xlsx``); a client that reads only ``filename``
    gets ``2024.xlsx``, or ``download.xlsx`` when no ASCII is left. Django would otherwise send
    a non-ASCII value RFC 2047-encoded (``=?utf-8?b?…?=``), which browsers do not decode.
    Folder parts, control characters and bidirectional overrides are dropped from both names.
    """
    name = _visible(filename)
    path = PurePosixPath(name or FALLBACK_STEM)
    suffix = _ascii(path.suffix)
    stem = _ascii(path.stem if suffix else path.name) or FALLBACK_STEM
    fallback = f"{stem}.{suffix}" if suffix else stem
    encoded = quote(name or fallback, safe=_ATTR_CHAR_PUNCTUATION)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


NUL_REFUSED = "请求地址中含有无效字符（空字符），请检查链接或搜索词。"


def refuse_nul_bytes(get_response):
    """Middleware: a request whose query string holds a NUL byte is answered 400 with a Chinese
    sentence. No text the portal stores or looks up can hold one (PostgreSQL refuses it, and
    form fields refuse it with a message), so a view that reads ``request.GET`` directly into a
    query would otherwise fail with a 500 (``/search/?q=%00``)."""

    def middleware(request):
        if any("\x00" in key or "\x00" in value for key, value in _query_items(request)):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware


def _query_items(request):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value
