"""Numbers on the competition pages, printed the way the annual review prints them (21.6万)."""

from django import template
from django.utils.html import format_html

from reports.formatting import format_number

register = template.Library()


@register.filter
def figure(value):
    """``<data value="216000">21.6万</data>``: the review's style, the exact value underneath."""
    text = format_number(value)
    if not text:
        return "—"
    return format_html('<data value="{}">{}</data>', value, text)
