"""The SVG charts beside the annual report's tables."""

import re

from reports.charts import render_chart

# One theme's figures differ by orders of magnitude (the 2018 innovation competition).
INNOVATION = {
    "title": "创新升级竞赛：历年对比",
    "kind": "years",
    "x_labels": ["2016", "2017", "2018"],
    "series": [
        ("参与企业", [1200, 1650, 2720]),
        ("参与职工", [121000, 158000, 216000]),
        ("先进操作法", [760, 1010, 1420]),
    ],
    "unit": "",
    "money": False,
}


def _y_axis_labels(svg: str) -> list[str]:
    axis = svg.split('<g class="axis y')[1].split('<g class="axis x')[0]
    return re.findall(r"<text[^>]*>([^<]+)</text>", axis)


def test_a_chart_of_figures_far_apart_labels_its_axis_in_readable_steps_and_shows_every_bar():
    svg = render_chart(INNOVATION)
    labels = _y_axis_labels(svg)
    assert labels[:7] == ["500", "1000", "2000", "5000", "1万", "2万", "5万"]
    assert {"10万", "20万"} <= set(labels)
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" class="rect reactive', svg)]
    assert len(heights) == 9
    assert min(heights) > 10  # the 760 of 2016 too, which pygal's own axis hid


def test_a_chart_of_figures_close_together_keeps_a_linear_axis():
    svg = render_chart({**INNOVATION, "series": [("参与企业", [1200, 1650, 2720])]})
    assert "500" not in _y_axis_labels(svg)
    assert "0" in _y_axis_labels(svg)
