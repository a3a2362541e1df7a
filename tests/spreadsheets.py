"""The spreadsheets a clerk would upload, made for tests: one sheet, a header row, then rows;
the import run on them, its errors by row and column, and the unions the files name."""

import io

import pytest
import tablib
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


def run(resource, headers, *rows, user=None):
    """Import the rows with ``resource`` as the admin's confirmation does (kept, not a preview)."""
    return resource.import_data(tablib.Dataset(*rows, headers=headers), dry_run=False, user=user)


def errors_of(result) -> dict[int, dict[str, list[str]]]:
    """The rows refused, by spreadsheet row number, then column name: the clerk's messages."""
    return {
        invalid.number: {column: list(messages) for column, messages in invalid.error_dict.items()}
        for invalid in result.invalid_rows
    }


@pytest.fixture
def unions(city, qidong):
    """(the city federation, 崇川区总工会, 启东市总工会): the unions the rights' and welfare's
    import files and templates name (崇川区总工会 is the templates' example union)."""
    from tests.assistance.factories import CountyUnionFactory
    from tests.factories import DistrictFactory

    chongchuan = CountyUnionFactory(district=DistrictFactory(name="崇川区"), parent=city)
    return city, chongchuan, qidong


def upload(content: bytes, name: str) -> io.BytesIO:
    """A file as a browser posts it: readable once, with its name."""
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def csv_bytes(header, rows, encoding="utf-8-sig") -> bytes:
    lines = [",".join(map(str, header))] + [",".join(map(str, values)) for values in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def importable_admins():
    """(model, its admin) for every model staff import in the admin, found as the admin finds
    them: every registered admin built on the portal's import base."""
    from django.apps import apps
    from django.contrib import admin

    from unionportal.spreadsheets.admin import PortalImportExportAdmin

    found = []
    for model in apps.get_models():
        if admin.site.is_registered(model):
            model_admin = admin.site.get_model_admin(model)
            if isinstance(model_admin, PortalImportExportAdmin):
                found.append((model, model_admin))
    return found


def import_url(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/import/"


def post_upload(client, model, content: bytes, name: str):
    """Upload a file on a model's import page, with the page's hidden fields, as a browser."""
    return client.post(
        import_url(model),
        {"import_file": upload(content, name), "resource": "0", "format": "0"},
    )


def page_text(response) -> str:
    return response.content.decode()


#: what no page a clerk sees may contain: a traceback, a server path, a Python repr
LEAKS = ("Traceback", 'File "/', "['", "{'", "object has no attribute", "Error:", "<class ")
