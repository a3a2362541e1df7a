"""The file formats of imports and exports.

Imports have one format, ``SpreadsheetFile``: the clerk uploads a file and its content says
what it is (an xlsx is a zip archive; anything else is read as CSV in UTF-8, with or without
BOM, or GBK), so nobody picks a format from a list and a .xlsx renamed .csv still reads.
A file that cannot be read raises ``SpreadsheetRefused`` with a Chinese sentence for the clerk.
"""

import csv
import io
import re
import zipfile

import tablib
from import_export.formats import base_formats

from unionportal.spreadsheets import messages
from unionportal.spreadsheets.widgets import cell_text

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc …)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
ACTIVE_TAB = re.compile(rb'activeTab="(\d+)"')


class SpreadsheetRefused(ValueError):
    """The file cannot be imported; ``str()`` is the Chinese sentence the clerk reads."""


class EmptySpreadsheet(SpreadsheetRefused):
    """A file that reads well but holds no row below its header."""

    def __init__(self, message: str = messages.EMPTY):
        super().__init__(message)


def escape_formula(value):
    """Prefix a quote to text a spreadsheet would evaluate (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def decode_csv_bytes(data: bytes) -> str:
    """Decode a CSV saved by Excel or WPS in China: UTF-8 with or without BOM, else GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise SpreadsheetRefused(messages.ENCODING) from None


def _with_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    if not len(dataset):
        raise EmptySpreadsheet
    return dataset


def _dataset(rows) -> tablib.Dataset:
    """A dataset of the rows (the first is the header), empty rows (Excel leaves some at the end
    of a sheet) dropped and every row as wide as the header."""
    dataset = tablib.Dataset()
    headers = [cell_text(value) for value in next(rows, ())]  # an empty sheet has none
    dataset.headers, width = headers, len(headers)
    if not any(headers):
        raise EmptySpreadsheet
    for row in rows:
        if any(cell_text(value) for value in row):
            dataset.append((tuple(row) + (None,) * width)[:width])
    return _with_rows(dataset)


def read_csv(data: bytes) -> tablib.Dataset:
    if b"\x00" in data:  # no text file holds NUL bytes (nor does a CSV saved as UTF-16)
        raise SpreadsheetRefused(messages.UNREADABLE)
    text = decode_csv_bytes(data)
    try:
        return _dataset(iter(list(csv.reader(io.StringIO(text)))))
    except csv.Error:  # a quote never closed, a cell beyond the csv module's limit …
        raise SpreadsheetRefused(messages.UNREADABLE) from None


def _xlsx_parts(data: bytes) -> tuple[bool, int]:
    """Whether any sheet of an xlsx holds a formula, and which sheet was open when it was saved
    (read from the file's XML, without loading the workbook)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        has_formula = any(
            FORMULA_TAG.search(archive.read(name))
            for name in names
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )
        active = (
            ACTIVE_TAB.search(archive.read("xl/workbook.xml"))
            if "xl/workbook.xml" in names
            else None
        )
    return has_formula, int(active.group(1)) if active else 0


def _cell(value, texts: dict):
    """A cell as openpyxl would give it: None for blank, 2018 rather than 2018.0. Text repeated
    down a column (区划, 级别, 荣誉类型 …) is kept once: ``texts`` maps each text to its copy."""
    if type(value) is str:
        return texts.setdefault(value, value) if value else None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def read_xlsx(data: bytes) -> tablib.Dataset:
    """The sheet that was open when the file was saved.

    Read with python-calamine (Rust), about ten times faster than openpyxl on a large file.
    calamine reads formulas as their cached value, so a file holding any formula is read with
    openpyxl instead, which keeps formulas as formulas: ``PortalResource`` then refuses them,
    naming the cell, rather than importing a value the clerk did not type.
    """
    try:
        has_formula, active = _xlsx_parts(data)
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise SpreadsheetRefused(messages.UNREADABLE) from None
    try:
        if has_formula:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                return _dataset(iter(book.active.iter_rows(values_only=True)))
            finally:
                book.close()
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(min(active, len(book.sheet_names) - 1))
        texts = {}
        return _dataset([_cell(value, texts) for value in row] for row in sheet.iter_rows())
    except SpreadsheetRefused:
        raise
    except Exception:  # whatever a damaged workbook makes the readers raise
        raise SpreadsheetRefused(messages.UNREADABLE) from None


def read_spreadsheet(data: bytes | str) -> tablib.Dataset:
    """The rows of an uploaded file, whatever it is, or ``SpreadsheetRefused``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        raise EmptySpreadsheet
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise SpreadsheetRefused(messages.OLD_EXCEL)
    return read_csv(data)


def looks_like_xlsx(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


class SpreadsheetFile(base_formats.Format):
    """The one import format: xlsx or CSV (UTF-8 or GBK), recognised from the file's content."""

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return "xlsx / CSV"

    def can_import(self):
        return True

    def create_dataset(self, in_stream):
        return read_spreadsheet(in_stream)


IMPORT_FORMATS = [SpreadsheetFile]
EXPORT_FORMATS = [base_formats.XLSX, base_formats.CSV]
