"""Server-side SVG charts (pygal, no script: ``js=[]``), cached per snapshot generation.

Every chart is shown beside a data table holding the same numbers, so the SVG is an addition for
sighted readers, never the only way to the data.
"""

import re

import pygal
from django.core.cache import cache
from pygal.style import Style

from reports import selectors
from reports.formatting import format_figure

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


def render_chart(data: dict) -> str:
    """The SVG text of one chart (see selectors.chart_data for ``data``)."""
    options = {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 800,
        "height": 420,
        "title": data["title"],
        "x_labels": data["x_labels"],
        "legend_at_bottom": True,
        "truncate_legend": 30,
        "print_values": False,
        "value_formatter": lambda value: format_figure(value, "", data["money"]),
    }
    numbers = [v for _, values in data["series"] for v in values if v]
    if data["kind"] == "district":
        chart = pygal.HorizontalBar(**options, show_legend=False)
    else:
        # Figures of one theme differ by orders of magnitude (2720 enterprises, 21.6万 workers).
        logarithmic = bool(numbers) and max(numbers) / max(min(numbers), 1) > 100
        chart = pygal.Bar(**options, logarithmic=logarithmic)
    for label, values in data["series"]:
        chart.add(label, _plain_numbers(values))
    return SCRIPT.sub("", chart.render(is_unicode=True))


def chart_svg(year: int, chart_id: str) -> str | None:
    """The cached SVG of a chart of the year page, or None if the year has no such chart."""
    key = selectors.cache_key("chart", year, chart_id)
    svg = cache.get(key)
    if svg is None:
        data = selectors.chart_data(year, chart_id)
        if data is None:
            return None
        svg = render_chart(data)
        cache.set(key, svg, selectors.CACHE_SECONDS)
    return svg
