"""The spreadsheets a clerk would upload, made for tests: one sheet, a header row, then rows."""

import io

from openpyxl import Workbook


def xlsx_bytes(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str) -> io.BytesIO:
    """A file as a browser posts it: readable once, with its name."""
    stream = io.BytesIO(content)
    stream.name = name
    return stream
