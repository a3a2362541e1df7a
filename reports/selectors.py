"""Reads of the reports app. Public pages and live figures read snapshots, never records.

Everything public derives from ``current_snapshots()``: one query for the current snapshot of
every year, kept per public content version (``unionportal.cache.cached``): a rollup that writes a
snapshot moves the version.
"""

import re

from django.utils import timezone

from reports.formatting import format_change, format_exact, format_figure
from reports.models import RollupRun, Snapshot, StaleYear, decode_value, decode_values
from reports.registry import Theme, registry
from unionportal.cache import cached

CHART_YEARS = 5


def current_snapshots() -> dict[int, dict]:
    """{year: {"id", "computed_at", "values", "sources", "breakdowns"}} (values as stored)."""

    def build():
        rows = Snapshot.objects.current().values(
            "id", "year", "computed_at", "values", "sources", "breakdowns"
        )
        return {row.pop("year"): row for row in rows}

    return cached("reports:current-snapshots", build)


def current_values_by_year() -> dict[int, dict]:
    """{year: {key: value}} of every year's current snapshot (one query, then cached)."""
    return {year: decode_values(row["values"]) for year, row in current_snapshots().items()}


def current_values(year: int) -> dict:
    """{key: value} of the year's current snapshot (counts as int, money as Decimal); {} if none."""
    row = current_snapshots().get(int(year))
    return decode_values(row["values"]) if row else {}


def report_years() -> list[int]:
    """Years that have a snapshot, newest first. Kept apart from the snapshots themselves: a
    year's page asks for it on every request, and reading the snapshots back costs far more."""
    return cached("reports:years", lambda: sorted(current_snapshots(), reverse=True))


def years_to_recompute(*, today=None) -> list[int]:
    """The years the nightly run recomputes: this year, last year, and every stale year."""
    this_year = (today or timezone.localdate()).year
    stale = StaleYear.objects.values_list("year", flat=True)
    return sorted({this_year, this_year - 1, *stale})


# --------------------------------------------------------------------------- figures of a year


def _figure_row(figure, value, previous, source: str) -> dict:
    return {
        "key": figure.key,
        "label": figure.label,
        "unit": figure.unit or ("元" if figure.money else ""),
        "money": figure.money,
        "theme": str(figure.theme),
        "theme_label": Theme(figure.theme).label if figure.theme in Theme.values else "",
        "definition": figure.definition,
        "entered": figure.entered,
        "owner": figure.owner,
        "source": source,
        "value": value,
        "formatted": format_figure(value, figure.unit, figure.money),
        "exact": format_exact(value, figure.unit, figure.money),
        "previous": previous,
        "change": format_change(value, previous, figure.unit, figure.money),
    }


def year_figures(year: int) -> list[dict]:
    """Every registered figure the year's current snapshot holds, in the review's order.

    Each row: key, label, unit, money, theme, theme_label, definition, entered, owner, source,
    value (int or Decimal), formatted ("72.57万元"), exact ("725,700元"), previous (the year
    before's value or None), change ({"delta", "percent", "sign"} or None), and the year and
    computed_at of the snapshot.
    """
    snapshots = current_snapshots()
    row = snapshots.get(int(year))
    if row is None:
        return []
    before = snapshots.get(int(year) - 1, {}).get("values", {})
    themes = list(Theme.values)
    figures = [registry.get(key) for key in row["values"]]
    figures = [figure for figure in figures if figure is not None]
    figures.sort(
        key=lambda f: (themes.index(f.theme) if f.theme in themes else len(themes), f.order)
    )
    return [
        {
            **_figure_row(
                figure,
                decode_value(row["values"][figure.key]),
                decode_value(before[figure.key]) if figure.key in before else None,
                row["sources"].get(figure.key, ""),
            ),
            "year": int(year),
            "computed_at": row["computed_at"],
        }
        for figure in figures
    ]


def _chart_years(year: int) -> list[int]:
    return sorted(y for y in current_snapshots() if y <= year)[-CHART_YEARS:]


def year_report(year: int) -> dict | None:
    """Everything the year page shows, grouped by theme, with charts' data tables."""
    snapshots = current_snapshots()
    row = snapshots.get(int(year))
    if row is None:
        return None
    figures = year_figures(year)
    chart_years = _chart_years(year)
    history = {y: snapshots[y]["values"] for y in chart_years}
    themes = []
    for theme in Theme:
        rows = [figure for figure in figures if figure["theme"] == theme.value]
        if not rows:
            continue
        charts = []
        for money in (False, True):
            chart_rows = [figure for figure in rows if figure["money"] is money]
            if not chart_rows:
                continue
            charts.append(
                {
                    "id": f"{theme.value}-money" if money else theme.value,
                    "title": f"{theme.label}{'（金额）' if money else ''}：历年对比",
                    "years": chart_years,
                    "rows": [
                        {
                            "label": figure["label"],
                            "unit": figure["unit"],
                            "cells": [
                                format_figure(
                                    _history_value(history[y], figure["key"]),
                                    figure["unit"],
                                    figure["money"],
                                )
                                or "—"
                                for y in chart_years
                            ],
                        }
                        for figure in chart_rows
                    ],
                }
            )
        themes.append(
            {"value": theme.value, "label": theme.label, "figures": rows, "charts": charts}
        )
    return {
        "year": int(year),
        "computed_at": row["computed_at"],
        "snapshot_id": row["id"],
        "has_previous": int(year) - 1 in snapshots,
        "themes": themes,
        "district_charts": _district_charts(row, figures),
    }


def _history_value(values: dict, key: str):
    return decode_value(values[key]) if key in values else None


def _district_charts(row: dict, figures: list[dict]) -> list[dict]:
    """The district breakdowns to publish: only those whose rows add up to the figure. A group
    left out would be the total minus the rows shown (a small group that a snapshot written
    before ``reports.disclosure`` left out, or a breakdown that misses records); such a
    breakdown is not shown at all, on the page or in its chart."""
    by_key = {figure["key"]: figure for figure in figures}
    charts = []
    for key, by_district in row.get("breakdowns", {}).items():
        figure = by_key.get(key)
        if figure is None or not by_district:
            continue
        if sum(map(decode_value, by_district.values())) != figure["value"]:
            continue
        charts.append(
            {
                "id": f"district-{key}",
                "title": f"{figure['label']}：分区划",
                "figure": figure,
                "rows": [
                    {
                        "district": district,
                        "formatted": format_figure(
                            decode_value(value), figure["unit"], figure["money"]
                        ),
                        "value": decode_value(value),
                    }
                    for district, value in by_district.items()
                ],
            }
        )
    return charts


def chart_data(year: int, chart_id: str) -> dict | None:
    """The series of one chart of the year page: {"title", "x_labels", "series", "unit"}."""
    report = year_report(year)
    if report is None:
        return None
    for chart in report["district_charts"]:
        if chart["id"] == chart_id:
            return {
                "title": chart["title"],
                "kind": "district",
                "x_labels": [row["district"] for row in chart["rows"]],
                "series": [(chart["figure"]["label"], [row["value"] for row in chart["rows"]])],
                "unit": chart["figure"]["unit"],
                "money": chart["figure"]["money"],
            }
    snapshots = current_snapshots()
    for theme in report["themes"]:
        for chart in theme["charts"]:
            if chart["id"] != chart_id:
                continue
            money = chart_id.endswith("-money")
            figures = [figure for figure in theme["figures"] if figure["money"] is money]
            return {
                "title": chart["title"],
                "kind": "years",
                "x_labels": [str(y) for y in chart["years"]],
                "series": [
                    (
                        figure["label"],
                        [
                            _history_value(snapshots[y]["values"], figure["key"])
                            for y in chart["years"]
                        ],
                    )
                    for figure in figures
                ],
                "unit": "元" if money else "",
                "money": money,
            }
    return None


# --------------------------------------------------------------------------- one figure


def figure_definition(key: str) -> dict | None:
    """A figure's definition page: what it is, who owns it, its value in every year, and every
    value it was published with (``history``: corrections included)."""
    figure = registry.get(key)
    if figure is None:
        return None
    years = []
    for year, row in sorted(current_snapshots().items(), reverse=True):
        if key in row["values"]:
            value = decode_value(row["values"][key])
            years.append(
                {
                    "year": year,
                    "value": value,
                    "formatted": format_figure(value, figure.unit, figure.money),
                    "exact": format_exact(value, figure.unit, figure.money),
                    "source": row["sources"].get(key, ""),
                }
            )
    return {
        "figure": figure,
        "theme_label": Theme(figure.theme).label if figure.theme in Theme.values else "",
        "unit": figure.unit or ("元" if figure.money else ""),
        "years": years,
        "history": figure_published_history(key),
    }


# --------------------------------------------------------------------------- admin


def snapshot_diff(snapshot: Snapshot) -> list[dict]:
    """Rows {key, label, before, after, changed} comparing a snapshot with the one before it."""
    previous = (
        Snapshot.objects.filter(year=snapshot.year, pk__lt=snapshot.pk).order_by("-pk").first()
    )
    old = previous.values if previous else {}
    rows = []
    for key in sorted(set(old) | set(snapshot.values), key=figure_order):
        figure = registry.get(key)
        unit, money = (figure.unit, figure.money) if figure else ("", False)
        before = _history_value(old, key)
        after = _history_value(snapshot.values, key)
        rows.append(
            {
                "key": key,
                "label": figure.label if figure else key,
                "before": format_exact(before, unit, money) if before is not None else "—",
                "after": format_exact(after, unit, money) if after is not None else "—",
                "changed": old.get(key) != snapshot.values.get(key),
            }
        )
    return rows


def figure_order(key: str):
    """Sort key putting figure keys in the registry's order (unknown keys last)."""
    figure = registry.get(key)
    return (0, figure.order, key) if figure else (1, 0, key)


# --------------------------------------------------------------------------- contradictions

TYPED_NUMBER = re.compile(
    r"(?P<number>\d+(?:\.\d+)?)\s*(?P<scale>万|亿)?\s*(?P<unit>元|人次|人|名|家|个|份|项|场次|场|批次|批|件|户)?"
)
TAG = re.compile(r"<[^>]+>")
TOKEN = re.compile(r"\[\[\s*figure\s*:[^\]]*\]\]")
WINDOW = 20


def _html_text(html: str) -> str:
    from html import unescape

    return unescape(TAG.sub("", TOKEN.sub("〔〕", html or "")))


def _keywords() -> list[tuple[str, object]]:
    """(keyword, figure), longest keywords first so that the most specific wins."""
    pairs = []
    for figure in registry.figures():
        words = {figure.label, *figure.aliases}
        words |= {part for part in re.split(r"[\s“”\"'、，,·（）()]+", figure.label) if part}
        plain = re.sub(r"[\s“”\"'、，,·（）()]+", "", figure.label)
        if len(plain) > 3:
            words.add(plain[-3:])  # "…发放助学金" is often written "助学金"
        pairs += [(word, figure) for word in words if len(word) >= 3]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _units_agree(figure, scale: str, unit: str) -> bool:
    expected = figure.unit or ("元" if figure.money else "")
    if figure.money or expected == "元":
        return unit == "元"
    if unit:
        return unit == expected
    return bool(scale)  # "21.6万" with no unit word: only a 万/亿 number is clearly a figure


def figure_contradictions(html: str, *, year: int) -> list[dict]:
    """Numbers typed by hand in an article body that contradict the year's current figures.

    A number written the article's way (72.75万元, 194人, 2720家) is checked when a figure's label
    or alias ends at most 20 characters before it and its unit fits the figure. It is flagged
    when neither its value nor its printed form matches the snapshot. Numbers inserted as live
    figure tokens are never flagged. Returns [{key, label, typed, expected, context}].
    """
    values = current_values(year)
    if not values or not html:
        return []
    text = _html_text(html)
    keywords = [(word, figure) for word, figure in _keywords() if figure.key in values]
    found = []
    for match in TYPED_NUMBER.finditer(text):
        scale, unit = match.group("scale") or "", match.group("unit") or ""
        if not scale and not unit:
            continue
        window_start = max(0, match.start() - WINDOW)
        window = text[window_start : match.start()]
        best = None
        for word, figure in keywords:
            position = window.rfind(word)
            if position < 0:
                continue
            end = position + len(word)
            if best is None or end > best[0]:
                best = (end, figure)
        if best is None:
            continue
        figure = best[1]
        if not _units_agree(figure, scale, unit):
            continue
        expected_value = values[figure.key]
        typed_value = (
            decode_value(match.group("number")) * {"": 1, "万": 10_000, "亿": 10**8}[scale]
        )
        typed_text = match.group(0).replace(" ", "")
        expected_text = format_figure(expected_value, figure.unit, figure.money)
        expected_number = format_figure(expected_value)
        if typed_value == expected_value or typed_text in (expected_text, expected_number):
            continue
        if typed_text == expected_number + unit:
            continue
        found.append(
            {
                "key": figure.key,
                "label": figure.label,
                "typed": typed_text,
                "expected": expected_text,
                "context": text[window_start : match.end()].strip(),
            }
        )
    return found


# --------------------------------------------------------------------------- published history


def snapshot_history() -> dict[int, list[dict]]:
    """{year: [{"id", "computed_at", "values"}, …] oldest first}: every snapshot ever written
    (a rollup writes one only when a figure changed), one query, kept per content version."""

    def build():
        history: dict[int, list[dict]] = {}
        rows = Snapshot.objects.order_by("year", "pk").values("id", "year", "computed_at", "values")
        for row in rows:
            history.setdefault(row.pop("year"), []).append(row)
        return history

    return cached("reports:snapshot-history", build)


def _published_values(snapshots: list[dict], key: str) -> list[tuple]:
    """(computed_at, value) each time ``key`` was published with a new value, oldest first."""
    published = []
    for snapshot in snapshots:
        if key not in snapshot["values"]:
            continue
        value = decode_value(snapshot["values"][key])
        if not published or published[-1][1] != value:
            published.append((snapshot["computed_at"], value))
    return published


def figure_corrections(*, tokens: list[tuple[int, str]], since) -> list[dict]:
    """The figures among ``tokens`` ((year, key) pairs an article shows) whose value changed after
    ``since``, the moment the article went public: what it showed then, what it shows now, and
    when the value last changed. Figures that had no value at ``since`` are left out: the article
    showed a placeholder, not a number to correct.

    Each: {year, key, label, before, after (formatted), changed_at}, oldest change first.
    """
    history = snapshot_history()
    corrections = []
    for year, key in tokens:
        figure = registry.get(key)
        published = _published_values(history.get(year, []), key)
        if figure is None or not published:
            continue
        shown = [entry for entry in published if entry[0] <= since]
        if not shown:
            continue
        then, now = shown[-1], published[-1]
        if then[1] == now[1]:
            continue
        corrections.append(
            {
                "year": year,
                "key": key,
                "label": figure.label,
                "before": format_figure(then[1], figure.unit, figure.money),
                "after": format_figure(now[1], figure.unit, figure.money),
                "changed_at": now[0],
            }
        )
    return sorted(corrections, key=lambda correction: correction["changed_at"])


def figure_published_history(key: str) -> list[dict]:
    """Every value ``key`` was published with, by year (newest first) and then in order:
    [{year, computed_at, value, formatted, exact, current}]; the first of a year is its first
    publication, each later one a correction."""
    figure = registry.get(key)
    if figure is None:
        return []
    rows = []
    for year, snapshots in sorted(snapshot_history().items(), reverse=True):
        published = _published_values(snapshots, key)
        for index, (computed_at, value) in enumerate(published):
            rows.append(
                {
                    "year": year,
                    "computed_at": computed_at,
                    "value": value,
                    "formatted": format_figure(value, figure.unit, figure.money),
                    "exact": format_exact(value, figure.unit, figure.money),
                    "current": index == len(published) - 1,
                    "first": index == 0,
                }
            )
    return rows


# --------------------------------------------------------------------------- the editor's picker

PICKER_LIMIT = 60


def figure_picker_choices(*, text: str = "", year: int | None = None) -> dict:
    """What the article editor's figure picker offers: the years with a snapshot and, newest year
    first, the figures whose name, alias or key contains ``text`` (of ``year`` only, if given),
    each with the code to insert and its current value. At most PICKER_LIMIT of them."""
    snapshots = current_snapshots()
    text = text.strip().lower()
    figures = [
        figure
        for figure in registry.figures()
        if not text
        or text in figure.label.lower()
        or text in figure.key.lower()
        or any(text in alias.lower() for alias in figure.aliases)
    ]
    choices = []
    for each_year in sorted(snapshots, reverse=True):
        if year and each_year != year:
            continue
        values = snapshots[each_year]["values"]
        for figure in figures:
            if figure.key not in values:
                continue
            value = decode_value(values[figure.key])
            choices.append(
                {
                    "code": f"[[figure:{each_year}:{figure.key}]]",
                    "key": figure.key,
                    "year": each_year,
                    "label": figure.label,
                    "formatted": format_figure(value, figure.unit, figure.money),
                    "exact": format_exact(value, figure.unit, figure.money),
                }
            )
    return {
        "years": sorted(snapshots, reverse=True),
        "figures": choices[:PICKER_LIMIT],
        "more": len(choices) > PICKER_LIMIT,
    }


def stale_year_list() -> list[int]:
    """Years whose records changed since their last snapshot, oldest first."""
    return list(StaleYear.objects.order_by("year").values_list("year", flat=True))


def rollup_run_latest() -> RollupRun | None:
    """The last rollup started, whatever its year and however it ended."""
    return RollupRun.objects.order_by("-started_at", "-pk").first()
