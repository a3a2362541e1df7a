"""How a reader reads the site: the 关怀版 (care mode) for older readers, and the language by
address (Chinese at ``/…``, English at ``/en/…``).

The mode is the ``portal_mode`` cookie: ``care``, or standard (no cookie, or ``standard``).
``reading_mode(request)`` is the one place that reads it: templates (through ``reading`` below),
and the page cache and nginx key on the same cookie, so a page kept for one mode is never served
in the other. ``?mode=care`` (links from the WeChat account) and ``?mode=standard`` set the
cookie and send the reader back to the same address without the parameter: the response that
sets a cookie is a redirect, which no cache keeps.

Records are written in Chinese; some carry an English version an editor added (an article's title
and summary, a channel's name). ``in_reader_language(chinese, english)`` picks what an English page
shows and remembers the language of what it picked, so that a Chinese title on an English page is
marked ``lang="zh-CN"`` (WCAG 3.1.2, language of parts) and read aloud with a Chinese voice.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

COOKIE = "portal_mode"
CARE = "care"
STANDARD = "standard"
MODES = (CARE, STANDARD)
PARAMETER = "mode"
COOKIE_SECONDS = 365 * 24 * 60 * 60


CHINESE = "zh-CN"
ENGLISH = "en"


def page_language() -> str:
    """The ``lang`` of the page being rendered: ``en`` under /en/, else ``zh-CN``."""
    return ENGLISH if get_language() == "en" else CHINESE


class InLanguage(str):
    """Text with the language it is written in. ``{{ text }}`` writes it;
    ``{{ text.lang_attribute }}`` writes `` lang="…"`` inside a tag where that language is not the
    page's (else nothing)."""

    def __new__(cls, text: str, lang: str):
        value = super().__new__(cls, text)
        value.lang = lang
        return value

    def __getnewargs__(self):  # kept in the shared cache: pickled with its language
        return (str(self), self.lang)

    @property
    def lang_attribute(self) -> str:
        return "" if self.lang == page_language() else mark_safe(f' lang="{self.lang}"')


def in_reader_language(chinese: str, english: str = "") -> InLanguage:
    """What the reader's page shows of a record written in Chinese with an optional English
    version: the English on an English page when there is one, else the Chinese."""
    if english and get_language() == "en":
        return InLanguage(english, ENGLISH)
    return InLanguage(chinese, CHINESE)


def in_page_language(path: str) -> str:
    """A public address stored as the Chinese site has it (``/x/``: a search entry's), as the
    page being rendered links to it (``/en/x/`` on an English page)."""
    if get_language() == "en" and path.startswith("/") and not path.startswith("/en/"):
        return "/en" + path
    return path


def reading_mode(request) -> str:
    """``"care"`` when the reader chose the 关怀版, else ``"standard"``."""
    return CARE if request.COOKIES.get(COOKIE) == CARE else STANDARD


def mode_switch_response(request):
    """For ``?mode=care`` or ``?mode=standard`` on a GET: a redirect to the same address without
    the parameter that sets the cookie; None for any other request."""
    if request.method not in ("GET", "HEAD"):
        return None
    mode = request.GET.get(PARAMETER)
    if mode not in MODES:
        return None
    rest = request.GET.copy()
    del rest[PARAMETER]
    location = request.path + ("?" + rest.urlencode() if rest else "")
    response = HttpResponseRedirect(location)
    response.set_cookie(
        COOKIE,
        mode,
        max_age=COOKIE_SECONDS,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    response["Cache-Control"] = "private, no-store"
    return response


class ReadingModeMiddleware:
    """Turns ``?mode=`` into the cookie, and activates the address's language. Placed before the
    page cache: a cached page would otherwise answer ``?mode=care`` without setting anything, and
    the page cache resolves the address (``/en/…`` resolves only while English is active, ``/…``
    only while Chinese is) before LocaleMiddleware has run; a worker's thread keeps the language
    of the request it served before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(
            translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        )
        switch = mode_switch_response(request)
        if switch is not None:
            return switch
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            # A page differs by the portal_mode cookie: a browser (or any cache) that kept the
            # standard page must not show it again once the reader chose the 关怀版.
            patch_vary_headers(response, ("Cookie",))
        return response


class LanguageByAddressMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without ``Vary: Accept-Language``.

    With ``i18n_patterns(prefix_default_language=False)`` the language is always the address's:
    ``/en/…`` is English and every other address Chinese, whatever the browser asks for. The
    header Django adds to unprefixed addresses would make nginx and browsers keep one copy of a
    page per Accept-Language for nothing.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                name
                for name in cc_delim_re.split(response["Vary"])
                if name and name.lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


def other_language_path(path: str, language: str) -> str:
    """The same address in the other language: ``/en/x/`` ↔ ``/x/`` (Chinese has no prefix).
    Done on the address itself, so that a page that does not exist (404) still switches."""
    if language == "en":
        return path.removeprefix("/en") or "/"
    return "/en" + path


def reading(request):
    """Context processor: ``reading.mode``, ``reading.care``, the page in the other language."""
    mode = reading_mode(request)
    english = get_language() == "en"
    return {
        "reading": {
            "mode": mode,
            "care": mode == CARE,
            "html_lang": page_language(),
            # on an English page, around what stays in Chinese (an article's body, names)
            "chinese_part": mark_safe(f' lang="{CHINESE}"') if english else "",
            "other_language_url": other_language_path(request.path, "en" if english else ""),
            "other_language_name": "中文" if english else "English",
            "other_language_lang": "zh-CN" if english else "en",
        }
    }
