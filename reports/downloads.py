"""A year's figures as JSON, CSV (UTF-8 with BOM, for Excel) and XLSX, from the snapshot."""

import csv
import io
import json
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from organizations.resources import escape_formula

HEADERS = ["指标", "数值", "单位", "主题", "来源/定义"]


def _number_text(value) -> str:
    """An exact JSON number: 725700, 1234.5 (never a float's 1234.4999…)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(int(value))


def as_json(figures: list[dict]) -> str:
    """{"key": number, …}: written by hand so money keeps every decimal exactly."""
    items = (f"{json.dumps(row['key'])}: {_number_text(row['value'])}" for row in figures)
    return "{" + ", ".join(items) + "}\n"


def _rows(figures: list[dict]):
    for row in figures:
        explanation = f"{row['source']}（填报）" if row["entered"] else row["definition"]
        yield [row["label"], row["value"], row["unit"], row["theme_label"], explanation]


def as_csv(figures: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for label, value, unit, theme, explanation in _rows(figures):
        writer.writerow(
            [
                escape_formula(label),
                _number_text(value),
                escape_formula(unit),
                escape_formula(theme),
                escape_formula(explanation),
            ]
        )
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def as_xlsx(figures: list[dict], *, year: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for label, value, unit, theme, explanation in _rows(figures):
        number = int(value) if value == int(value) else value
        sheet.append(
            [
                escape_formula(label),
                number,
                escape_formula(unit),
                escape_formula(theme),
                escape_formula(explanation),
            ]
        )
    for column, width in zip("ABCDE", (36, 16, 8, 22, 60), strict=True):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
