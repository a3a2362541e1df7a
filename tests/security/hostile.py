"""A corpus of hostile strings, and the checks a reader, a feed reader or a spreadsheet would make.

Every string that could turn into markup or script names ``CANARY``; the checks look for the
canary where it would be live (an element's event handler, a script, a style, a URL), never for
the text itself, which a page may well show as text.
"""

import csv
import io
import re
from html.parser import HTMLParser

CANARY = "hostile"

HOSTILE = [
    # markup and script
    '<script>alert("hostile")</script>',
    '<img src=x onerror=alert("hostile")>',
    '"><svg onload=alert("hostile")>',
    "'><iframe src=javascript:alert('hostile')></iframe>",
    "<a href=\"javascript:alert('hostile')\">点击领取补贴</a>",
    '<svg><script>alert("hostile")</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="javascript:alert(\'hostile\')">x</a>',
    '</textarea><script>alert("hostile")</script>',
    '</title><script>alert("hostile")</script>',
    '</script><script>alert("hostile")</script>',
    '<<script>script>alert("hostile")<</script>/script>',
    '<!--<img src=x onerror=alert("hostile")>-->',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("hostile")>',
    '<style>*{background:url("javascript:alert(hostile)")}</style>',
    '<p style="background:url(javascript:alert(hostile))">样式</p>',
    '<base href="https://evil.example/hostile/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(hostile)">',
    '<form action="javascript:alert(hostile)"><button>提交</button></form>',
    '<object data="data:text/html,<script>alert(hostile)</script>"></object>',
    '<iframe srcdoc="<script>alert(hostile)</script>"></iframe>',
    "javascript:alert('hostile')",
    "'; alert('hostile'); //",
    "{{ hostile }}{% load hostile %}",
    # markup that is only shown, entity-encoded, as in a code example
    '&lt;img src=x onerror=alert("hostile")&gt;',
    "&#60;script&#62;alert('hostile')&#60;/script&#62;",
    '&amp;lt;script&amp;gt;alert("hostile")&amp;lt;/script&amp;gt;',
    # spreadsheet formulas (OWASP CSV injection) and their disguises
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example/hostile","查看详情")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",
    "＝1+1",
    # text that is only odd
    "职工\u202egpj.exe",  # right-to-left override
    "零宽\u200b字符\ufeff",
    "空\x00字节",
    "垂直\x0b制表与\x1b转义",
    "市总工会" * 3000,
    "职工之家" * 8200,  # longer than an XLSX cell holds (32,767 characters)
    "\U0001f477 工人 \U0001f3ed",
]

# what a spreadsheet evaluates when a cell starts with it (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_CHARACTERS = 32_767  # Excel "repairs" a file with a longer cell, cutting it
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def storable(value: str, max_length: int | None = None) -> str:
    """The string as a form would let it into the database: no NUL byte (Django's form fields
    refuse it, PostgreSQL cannot store it) and cut to the field's length."""
    value = value.replace("\x00", "")
    return value[:max_length] if max_length else value


# --------------------------------------------------------------------------- pages

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


class _LiveMarkup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw: str | None = None  # inside <script> (run) or <style>

    def handle_starttag(self, tag, attrs):
        where = self.get_starttag_text() or tag
        for name, value in attrs:
            value = value or ""
            plain = re.sub(r"\s+", "", value).lower()
            if CANARY in name.lower():
                self.found.append(f"attribute name from input: {where}")
            elif name.lower().startswith("on") and CANARY in value:
                self.found.append(f"event handler: {where}")
            elif name.lower() in URL_ATTRIBUTES and plain.startswith(BAD_SCHEMES):
                self.found.append(f"script URL: {where}")
            elif name.lower() in {"style", "srcdoc"} and CANARY in value:
                self.found.append(f"{name} from input: {where}")
        refresh = tag == "meta" and "http-equiv" in dict(attrs)
        if (tag == "base" or refresh) and CANARY in where:
            self.found.append(f"<{tag}> from input: {where}")
        if tag == "script":
            kind = dict(attrs).get("type") or ""
            self._raw = "script" if kind.lower() in SCRIPT_TYPES else "data"
        elif tag == "style":
            self._raw = "style"

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._raw = None

    def handle_data(self, data):
        if self._raw in {"script", "style"} and CANARY in data:
            self.found.append(f"<{self._raw}> with input: {data[:120]!r}")


def live_markup(html: str) -> list[str]:
    """What of the hostile input a browser would run on this page (empty when nothing)."""
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


# --------------------------------------------------------------------------- feeds


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def elements(text: str) -> list[str]:
    """The elements a feed reader builds when it renders a field (plain text gives none)."""
    parser = _Elements()
    parser.feed(text or "")
    parser.close()
    return parser.tags


# --------------------------------------------------------------------------- spreadsheets


def formula_cells(rows) -> list[str]:
    """Text cells a spreadsheet would evaluate: starting with = + - @, a tab or a carriage
    return, unless the cell is a plain number."""
    found = []
    for row in rows:
        for cell in row:
            if not isinstance(cell, str) or NUMBER.fullmatch(cell):
                continue
            if cell.startswith(FORMULA_STARTS):
                found.append(cell[:60])
    return found


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
