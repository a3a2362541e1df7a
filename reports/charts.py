"""Server-side SVG charts (pygal, no script: ``js=[]``), kept per public content version.

Every chart is shown beside a data table holding the same numbers, so the SVG is an addition for
sighted readers, never the only way to the data.
"""

import math
import re

import pygal
from django.utils.translation import get_language, gettext
from pygal.style import Style

from reports import selectors
from reports.english import english_figure, report_text
from reports.formatting import format_figure
from reports.registry import Theme
from unionportal.cache import cached
from unionportal.plaintext import xml_text

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#222",
    foreground_subtle="#666",
    colors=("#b3001b", "#1a73e8", "#e8a317", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037"),
    font_family='"PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif',
    title_font_size=16,
    label_font_size=12,
    legend_font_size=12,
)


# pygal writes its config into a <script> even with js=[]; the chart needs none of it.
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def _plain_numbers(values):
    return [None if value is None else float(value) for value in values]


def _log_axis_labels(numbers: list[float]) -> list[int]:
    """1, 2, 5 times the powers of ten, from the last at or below the smallest number to the first
    at or above the largest: pygal's own labels on a log axis crowd below each power of ten."""
    low, high = min(numbers), max(numbers)
    steps = [
        factor * 10**exponent
        for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
        for factor in (1, 2, 5)
    ]
    first = max(index for index, step in enumerate(steps) if step <= low)
    last = min(index for index, step in enumerate(steps) if step >= high)
    return steps[first : last + 1]


def render_chart(data: dict) -> str:
    """The SVG text of one chart (see selectors.chart_data for ``data``)."""
    options = {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 800,
        "height": 420,
        "title": data["title"],
        # district names as typed, less what XML cannot carry (the browser would refuse the SVG)
        "x_labels": [xml_text(str(label)) for label in data["x_labels"]],
        "legend_at_bottom": True,
        "truncate_legend": 30,
        "print_values": False,
        "value_formatter": data.get("formatter")
        or (lambda value: format_figure(value, "", data["money"])),
    }
    numbers = [v for _, values in data["series"] for v in values if v]
    if data["kind"] == "district":
        chart = pygal.HorizontalBar(**options, show_legend=False)
    else:
        # Figures of one theme differ by orders of magnitude (2720 enterprises, 21.6万 workers).
        if numbers and max(numbers) / max(min(numbers), 1) > 100:
            labels = _log_axis_labels([float(number) for number in numbers])
            # Bars start from the lowest label (pygal's own base hid the smallest bar).
            options.update(
                logarithmic=True, y_labels=labels, range=(labels[0], labels[-1]), zero=labels[0]
            )
        chart = pygal.Bar(**options)
    for label, values in data["series"]:
        chart.add(label, _plain_numbers(values))
    return SCRIPT.sub("", chart.render(is_unicode=True))


def _in_english(data: dict, chart_id: str) -> dict:
    """The chart's words in English (the same catalogue as the page's table) and its numbers
    written the English way."""
    series = [(report_text(label), values) for label, values in data["series"]]
    if data["kind"] == "district":
        title = gettext("%(label)s：分区划") % {"label": series[0][0]}
    else:
        theme = chart_id.removesuffix("-money")
        label = report_text(Theme(theme).label) if theme in Theme.values else theme
        money = chart_id.endswith("-money")
        title = gettext("%(theme)s（金额）：历年对比" if money else "%(theme)s：历年对比") % {
            "theme": label
        }
    return {
        **data,
        "title": title,
        "series": series,
        "formatter": lambda value: english_figure(value, "", data["money"]),
    }


def chart_svg(year: int, chart_id: str) -> str | None:
    """The cached SVG of a chart of the year page in the page's language, or None if the year
    has no such chart."""
    language = get_language()

    def build():
        data = selectors.chart_data(year, chart_id)
        if data is None:
            return ""
        return render_chart(_in_english(data, chart_id) if language == "en" else data)

    return cached(f"reports:chart:{year}:{chart_id}:{language}", build) or None
