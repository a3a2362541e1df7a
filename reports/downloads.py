"""A year's figures as JSON, CSV (UTF-8 with BOM, for Excel) and XLSX, from the snapshot."""

import csv
import io
import json
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from organizations.resources import escape_formula
from unionportal.plaintext import xml_text

# The first five columns are those the downloads always had (readers pick them by position);
# the rest explain each figure as the JSON's "items" do.
HEADERS = [
    "指标",
    "数值",
    "单位",
    "主题",
    "来源/定义",
    "年度",
    "取得方式",
    "指标代码",
    "指标说明网址",
    "快照时间",
]
VALUE = HEADERS.index("数值")
SOURCE_LABELS = {"computed": "计算", "entered": "填报"}


def _number_text(value) -> str:
    """An exact JSON number: 725700, 1234.5 (never a float's 1234.4999…)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(int(value))


def _json(value) -> str:
    """JSON text of ``value``, numbers written exactly (json.dumps would go through float)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json(item) for item in value) + "]"
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return _number_text(value)
    return _script_safe(json.dumps(value, ensure_ascii=False))


# A JSON string may hold "</script>" or "<!--" as typed (an entered figure's source note); these
# escapes keep the document the same JSON and harmless where a page embeds it in a <script>.
SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _script_safe(json_text: str) -> str:
    return json_text.translate(SCRIPT_SAFE)


def _snapshot_time(row) -> str:
    return timezone.localtime(row["computed_at"]).isoformat(timespec="seconds")


def _source(row) -> str:
    return "entered" if row["entered"] else "computed"


def as_json(figures: list[dict]) -> str:
    """The year, its snapshot time, ``figures`` ({key: number}, the plain mapping) and ``items``:
    each figure's key, label, unit, value, year, definition URL, source ("computed" or
    "entered"), the entered figure's source note and the snapshot time. Written by hand so that
    money keeps every decimal exactly."""
    first = figures[0]
    document = {
        "year": first["year"],
        "snapshot_time": _snapshot_time(first),
        "figures": {row["key"]: row["value"] for row in figures},
        "items": [
            {
                "key": row["key"],
                "label": row["label"],
                "unit": row["unit"],
                "value": row["value"],
                "year": row["year"],
                "definition_url": row["definition_url"],
                "source": _source(row),
                "source_note": row["source"],
                "snapshot_time": _snapshot_time(row),
            }
            for row in figures
        ],
    }
    return _json(document) + "\n"


def _plain(cell):
    return xml_text(cell) if isinstance(cell, str) else cell


def _rows(figures: list[dict]):
    """Each figure as the cells of HEADERS, text escaped for spreadsheets (a formula made text,
    after dropping what XML cannot carry: openpyxl refuses it, and a vertical tab before "=cmd"
    would leave a formula once dropped); the value (index 1) is left for the caller to write as a
    number."""
    for row in figures:
        explanation = f"{row['source']}（填报）" if row["entered"] else row["definition"]
        cells = [
            row["label"],
            None,
            row["unit"],
            row["theme_label"],
            explanation,
            row["year"],
            SOURCE_LABELS[_source(row)],
            row["key"],
            row["definition_url"],
            timezone.localtime(row["computed_at"]).strftime("%Y-%m-%d %H:%M:%S"),
        ]
        cells = [escape_formula(_plain(cell)) for cell in cells]
        cells[VALUE] = row["value"]
        yield cells


def as_csv(figures: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for cells in _rows(figures):
        cells[VALUE] = _number_text(cells[VALUE])
        writer.writerow(cells)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def as_xlsx(figures: list[dict], *, year: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cells in _rows(figures):
        value = cells[VALUE]
        cells[VALUE] = int(value) if value == int(value) else value
        sheet.append(cells)
    widths = (36, 16, 8, 22, 60, 8, 10, 28, 48, 20)
    for column, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
