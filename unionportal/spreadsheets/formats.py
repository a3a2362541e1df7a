"""The file formats of imports and exports.

Imports have one format, ``SpreadsheetFile``: the clerk uploads a file and its content says
what it is (an xlsx is a zip archive; anything else is read as CSV in UTF-8, with or without
BOM, or GBK), so nobody picks a format from a list and a .xlsx renamed .csv still reads.
A file that cannot be read raises ``SpreadsheetRefused`` with a Chinese sentence for the clerk.
"""

import contextlib
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
#: a formula cell's <f> element; with a namespace prefix (<x:f>) only in files written by some
#: libraries, so looked for only where the sheet holds ":f" at all: a pattern that begins with
#: a literal "<f" is found by a fast scan, where one that begins "<" then a choice tries every
#: tag (a quarter of the reading of a 10,000-row sheet)
FORMULA_TAG = re.compile(rb"<f[\s>/]")
PREFIXED_FORMULA_TAG = re.compile(rb"<\w+:f[\s>/]")
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


def _header(rows) -> list[str]:
    """The first row, as the columns' names; ``EmptySpreadsheet`` when it names none."""
    headers = [cell_text(value) for value in next(rows, ())]  # an empty sheet has none
    if not any(headers):
        raise EmptySpreadsheet
    return headers


def _filled(row) -> bool:
    """Whether a row holds anything: Excel leaves empty rows at the end of a sheet."""
    return any(cell_text(value) for value in row)


def _dataset(rows) -> tablib.Dataset:
    """A dataset of the rows (the first is the header), empty rows dropped and every row as
    wide as the header."""
    headers = _header(rows)
    padding = (None,) * len(headers)
    kept = [(tuple(row) + padding)[: len(headers)] for row in rows if _filled(row)]
    # Given to the constructor, the rows are not checked one by one against the header as
    # ``append`` checks them: each is as wide as the header already.
    return _with_rows(tablib.Dataset(*kept, headers=headers))


def _count(rows) -> int:
    """How many rows ``_dataset`` would keep, without keeping them."""
    _header(rows)
    count = sum(1 for row in rows if _filled(row))
    if not count:
        raise EmptySpreadsheet
    return count


def read_csv(data: bytes) -> tablib.Dataset:
    if b"\x00" in data:  # no text file holds NUL bytes (nor does a CSV saved as UTF-16)
        raise SpreadsheetRefused(messages.UNREADABLE)
    text = decode_csv_bytes(data)
    try:
        return _dataset(iter(list(csv.reader(io.StringIO(text)))))
    except csv.Error:  # a quote never closed, a cell beyond the csv module's limit …
        raise SpreadsheetRefused(messages.UNREADABLE) from None


def _has_formula(sheet_xml: bytes) -> bool:
    if FORMULA_TAG.search(sheet_xml):
        return True
    return b":f" in sheet_xml and PREFIXED_FORMULA_TAG.search(sheet_xml) is not None


def _xlsx_parts(data: bytes) -> tuple[bool, int]:
    """Whether any sheet of an xlsx holds a formula, and which sheet was open when it was saved
    (read from the file's XML, without loading the workbook)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        has_formula = any(
            _has_formula(archive.read(name))
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


def _xlsx_rows(data: bytes, *, as_read=True):
    """The rows of the sheet that was open when the file was saved.

    Read with python-calamine (Rust), about ten times faster than openpyxl on a large file.
    calamine reads formulas as their cached value, so a file holding any formula is read with
    openpyxl instead, which keeps formulas as formulas: ``PortalResource`` then refuses them,
    naming the cell, rather than importing a value the clerk did not type. With ``as_read``
    off, calamine's rows come as it gives them (2018.0, "" for a blank cell), enough to count
    them.
    """
    try:
        has_formula, active = _xlsx_parts(data)
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise SpreadsheetRefused(messages.UNREADABLE) from None
    if has_formula:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            yield from book.active.iter_rows(values_only=True)
        finally:
            book.close()
        return
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet = book.get_sheet_by_index(min(active, len(book.sheet_names) - 1))
    if not as_read:
        yield from sheet.iter_rows()
        return
    texts = {}
    yield from ([_cell(value, texts) for value in row] for row in sheet.iter_rows())


def _read(rows, build):
    """``build(rows)``, whatever a damaged workbook makes the readers raise as the sentence
    the clerk reads."""
    try:
        with contextlib.closing(rows):  # an openpyxl workbook closed however it ends
            return build(rows)
    except SpreadsheetRefused:
        raise
    except Exception:
        raise SpreadsheetRefused(messages.UNREADABLE) from None


def read_xlsx(data: bytes) -> tablib.Dataset:
    return _read(_xlsx_rows(data), _dataset)


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


def count_rows(data: bytes) -> int:
    """How many rows ``read_spreadsheet`` gives, or the ``SpreadsheetRefused`` it raises,
    without building them: the admin asks this of every upload to choose between the preview
    and a background import, which reads the file again. An xlsx read by calamine is counted
    from the sheet as calamine gives it (about half the reading of a 10,000-row sheet); a CSV,
    or an xlsx with formulas, is read."""
    if isinstance(data, bytes) and data.startswith(ZIP_MAGIC):
        return _read(_xlsx_rows(data, as_read=False), _count)
    return len(read_spreadsheet(data))


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
