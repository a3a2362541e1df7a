"""The allow-list for article bodies, applied with nh3 on the server whatever the editor sent.

Headings, paragraphs, emphasis, quotes, lists, tables, links (http, https, mailto; always
``rel="noopener noreferrer"``), images (from our /media/ or over https), figures and spans. Every
other tag is dropped (``script``, ``style``, ``iframe``, ``svg`` … with their content), every
attribute not listed is dropped (``on*``, ``style``), and URLs are checked by scheme.
"""

import re

import nh3

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "strong",
    "em",
    "u",
    "s",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "img",
    "figure",
    "figcaption",
    "span",
}

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}

# Tags removed together with everything inside them (not just unwrapped).
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "svg", "math", "object", "embed", "noscript"}

LINK_SCHEMES = {"http", "https", "mailto"}

FIGURE_TOKEN = re.compile(r"\[\[\s*figure\s*:[^\]]*\]\]")

# CKEditor's own classes for image alignment and our live-figure spans are the only classes kept.
ALLOWED_CLASSES = {
    "figure": {"image", "image-style-align-left", "image-style-align-right", "table"},
    "span": {"figure-live", "figure-missing"},
}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if value.startswith(("/media/", "https://")) else None
    if attribute in {"width", "height", "colspan", "rowspan"}:
        return value if value.isdigit() and 0 < int(value) <= 4000 else None
    if attribute == "scope":
        return value if value in {"row", "col", "rowgroup", "colgroup"} else None
    return value


def sanitize_html(html: str) -> str:
    """The body reduced to the news allow-list; safe to print with ``|safe``."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        allowed_classes=ALLOWED_CLASSES,
    )


def html_to_text(html: str) -> str:
    """The text of a body, for summaries, search and meta descriptions."""
    from html import unescape

    text = nh3.clean(html or "", tags=set(), clean_content_tags=CLEAN_CONTENT_TAGS)
    text = FIGURE_TOKEN.sub("", unescape(text))  # live figures are not words of the text
    return re.sub(r"\s+", " ", text).strip()
