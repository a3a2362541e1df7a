"""``{{ article.body|live_figures }}``: tokens ``[[figure:2018:student_grant_yuan]]`` → 72.57万元.

Values come from the current snapshot of each year (one cached query for the whole page); each
links to the figure's definition page. A figure or snapshot that does not exist becomes a visible
placeholder; the filter never raises.

``{% figure_corrections article.body since %}``: the dated notes of the figures a rollup changed
after ``since`` (when the article went public), "本文数据已于…更新：…由…改为…".
"""

import logging
import re

import nh3
from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from reports.formatting import format_exact, format_figure
from reports.registry import registry

logger = logging.getLogger(__name__)
register = template.Library()

BODY_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
BODY_ATTRIBUTES.setdefault("*", set()).add("class")

TOKEN = re.compile(r"\[\[\s*figure\s*:\s*(\d{4})\s*:\s*([A-Za-z0-9_]+)\s*\]\]")


def missing(key: str) -> str:
    return f'<span class="figure-missing">〔数据暂缺：{escape(key)}〕</span>'


def render_token(year: int, key: str, values_by_year: dict) -> str:
    figure = registry.get(key)
    value = values_by_year.get(year, {}).get(key)
    if figure is None or value is None:
        return missing(key)
    text = format_figure(value, figure.unit, figure.money)
    exact = format_exact(value, figure.unit, figure.money)
    definition = reverse("reports:figure", args=[key])
    return (
        f'<a class="figure-live" href="{escape(definition)}" data-figure="{year}:{escape(key)}" '
        f'title="{escape(figure.label)}：{escape(exact)}（{year}年），点击查看指标说明">'
        f"{escape(text)}</a>"
    )


def figure_tokens(html: str) -> list[tuple[int, str]]:
    """The (year, key) of every figure token in ``html``, each once, in order of appearance."""
    if not html or "[[" not in html:
        return []
    return list(dict.fromkeys((int(year), key) for year, key in TOKEN.findall(html)))


def replace_tokens(html: str) -> str:
    """The body with every figure token replaced; the snapshot is read only if a token exists."""
    if "[[" not in html or not TOKEN.search(html):
        return html
    from reports.selectors import current_values_by_year

    try:
        values_by_year = current_values_by_year()
    except Exception:  # a live figure must never break an article page
        logger.exception("live figures: could not read the current snapshots")
        values_by_year = {}

    def substitute(match):
        try:
            return render_token(int(match.group(1)), match.group(2), values_by_year)
        except Exception:
            logger.exception("live figures: could not render %s", match.group(0))
            return missing(match.group(2))

    return TOKEN.sub(substitute, html)


@register.filter(name="live_figures", is_safe=True)
def live_figures(value):
    """Replace figure tokens in an article body (HTML) with their current formatted values.

    A body already marked safe (sanitised by news on save) is kept as it is; any other string is
    sanitised with nh3 first, so the filter never turns untrusted text into markup.
    """
    if value is None:
        return ""
    html = str(value)
    if not isinstance(value, SafeData):
        html = nh3.clean(html, attributes=BODY_ATTRIBUTES)
    try:
        return mark_safe(replace_tokens(html))
    except Exception:
        logger.exception("live figures failed")
        return mark_safe(html)


@register.simple_tag
def figure_corrections(body, *moments):
    """The correction notes of an article body's live figures changed after it went public: the
    latest of ``moments`` (its publication time, its approval time). "" if none, and no query
    when the body has no figure token."""
    tokens = figure_tokens(str(body or ""))
    moments = [moment for moment in moments if moment]
    if not tokens or not moments:
        return ""
    since = max(moments)
    from reports.selectors import figure_corrections as corrections_since

    try:
        corrections = corrections_since(tokens=tokens, since=since)
    except Exception:  # a note must never break an article page
        logger.exception("live figures: could not read the snapshot history")
        return ""
    if not corrections:
        return ""
    return render_to_string("reports/_corrections.html", {"corrections": corrections})
