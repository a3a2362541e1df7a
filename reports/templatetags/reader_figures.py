"""The annual report in the reader's language: figure labels, themes and definitions translated
(their Chinese is the catalogue's message id: they are marked in each app's figures.py), numbers
printed the English way on English pages."""

from django import template
from django.utils.translation import get_language

from reports.english import english_figure, english_from_chinese, english_unit, report_text

register = template.Library()


def _english() -> bool:
    return get_language() == "en"


@register.filter
def translated(text):
    """A figure's label, theme or definition in the page's language."""
    return report_text(text) if text else text


@register.filter
def figure_text(figure: dict) -> str:
    """A figure row's value as the page's readers write it ("72.57万元" / "725,700 yuan")."""
    if not _english():
        return figure["formatted"]
    return english_figure(figure["value"], figure["unit"], figure["money"])


@register.filter
def reader_number(text):
    """A number already printed the Chinese way, for the page's readers."""
    return english_from_chinese(text) if _english() and text else text


@register.filter
def unit_text(unit: str):
    """A figure's unit: 元 → yuan on English pages; a counting word (个, 项) means nothing there."""
    if not _english() or unit == "%":
        return unit
    return english_unit(unit) or "—"
