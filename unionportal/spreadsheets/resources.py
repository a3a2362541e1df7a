"""``PortalResource``: the base of every import/export resource of the portal.

Each app's ``resources.py`` subclasses it and declares its fields with Chinese ``column_name``s;
the rules of the domain (matching people and organisations …) live in that app's services.
What every import shares is here, through django-import-export's documented hooks:

- all or nothing: one transaction, rolled back when any row is invalid, whoever calls;
- the file checked before any row is read (``check_file``): required columns, formula cells,
  absurdly long cells; a refused file gives one Chinese sentence and no row results;
- every error a Chinese sentence naming the spreadsheet's row and column (the header is row 1);
  an exception is logged for the server and shown as a sentence, never as a traceback;
- bulk writes, each in a savepoint, so that a write the database refuses (two clerks confirming
  the same file) rolls back cleanly and is reported in Chinese: new records with
  ``unionportal.bulk`` (COPY on PostgreSQL: the import target is out of reach without it, see
  bench/RESULTS.md), updates with django-simple-history's ``bulk_update_with_history``;
- the records written are kept on the result (``PortalResult.written``) for the admin log, so
  that rows never need to keep their instances;
- whether a kept import wrote any row (``wrote_rows``), for the records that figures count
  (``reports.imports.CountedRecordsResource`` marks their years);
- an export reads its rows' relations along (``export_related``, ``export_prefetched``);
- exported text that a spreadsheet would run as a formula (= + - @ tab CR) is escaped.
"""

import contextlib
import functools
import gc
import io
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from import_export import resources
from import_export.results import Error, Result, RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from unionportal.bulk import bulk_insert, bulk_insert_with_history
from unionportal.plaintext import xml_text
from unionportal.spreadsheets import messages
from unionportal.spreadsheets.formats import SpreadsheetRefused, escape_formula
from unionportal.spreadsheets.widgets import CellError

logger = logging.getLogger(__name__)

#: the change reason of every history row an import writes
IMPORT_REASON = "表格导入"
#: far longer than any field we import takes (事迹简介 is a few hundred characters)
MAX_CELL_LENGTH = 10_000
#: how often (rows) a running import reports its progress
PROGRESS_EVERY = 500


class PortalResult(Result):
    """The library's result, plus the records an import wrote, by import type ("new",
    "update"), for the admin log (filled only when the import is kept)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.written: dict[str, list] = {}

    def append_invalid_row(self, number, row, validation_error):
        """As the library's, with an empty cell (or a column the file does not have) shown as
        nothing, not as "None" or "---"."""
        super().append_invalid_row(number, row, validation_error)
        shown = self.invalid_rows[-1]
        shown.values = tuple(
            "" if value is None or header not in row else value
            for header, value in zip(self.diff_headers, shown.values, strict=False)
        )

    @property
    def refusals(self) -> list[str]:
        """The file's errors, as the sentences the clerk reads."""
        return [str(error.error) for error in self.base_errors]


class PortalRowResult(RowResult):
    """The library's row result, without the record's name: the library renders
    ``str(instance)`` for every row only for an admin log it writes from the rows (before
    Django 5.1); ours is written from ``PortalResult.written``, and over 10,000 honours those
    names cost about a twentieth of the import. The preview shows the row's cells (``diff``)."""

    def add_instance_info(self, instance):
        if instance is not None:
            self.object_id = instance.pk


#: the collector's third threshold while a file is imported: no full collection before the end
FULL_COLLECTIONS_HELD = 1 << 30


@contextlib.contextmanager
def full_collections_held():
    """Python's cyclic garbage collector makes no full collection while a file is read, imported
    and logged (young collections still run and free each row's short-lived cycles). A
    10,000-row import holds about a million containers at its peak, and each full collection
    walks them all: the two of a confirmation (one as the file was read, one as the admin log
    was built) cost several times the ~300 young ones, 0.6-0.7 s against 0.07-0.1 s of wall
    time at load 5 (bench/import_honours.py, timed with ``gc.callbacks``). Once the import's
    objects are freed, the next full collection walks a heap of the usual size. Used around the
    admin's upload and confirmation, the import job, and every ``import_data``."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTIONS_HELD)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


@functools.cache
def _has_history(model) -> bool:
    """Whether django-simple-history records ``model``; asked once per model: reading
    ``model.history`` builds a manager class each time (it cost 40 % of a 10,000-row import
    when asked per row)."""
    return hasattr(model, "history")


def _refusal(error: BaseException) -> SpreadsheetRefused:
    """A file-level error as a Chinese sentence; anything unforeseen is logged for the server."""
    if isinstance(error, SpreadsheetRefused):
        return error
    if isinstance(error, ValidationError):
        return SpreadsheetRefused("".join(error.messages))
    if isinstance(error, IntegrityError):
        logger.info("import refused by the database: %s", error)
        return SpreadsheetRefused(messages.CONFLICT)
    logger.error("import failed", exc_info=error)
    return SpreadsheetRefused(messages.UNEXPECTED)


class PortalResource(resources.ModelResource):
    """Base of the portal's import/export resources."""

    #: column names (Chinese) that every imported file must have
    required_columns: tuple[str, ...] = ()
    #: an example value per column name, for the second row of the downloadable template
    template_examples: dict[str, object] = {}
    #: columns that are exported but not read on import, left out of the template
    template_skip: tuple[str, ...] = ()
    #: with ``use_bulk``: write django-simple-history rows for the records an import creates
    #: or updates, so that the audit trail holds what the file wrote (and who imported it)
    record_history = True
    #: with ``use_bulk``: the fields an import may change on a record it finds already stored
    bulk_update_fields: list[str] = []
    #: column name -> how its cells are shown in the table of rows with errors (personal
    #: data masked there as everywhere: the clerk's own file, but a page can be looked over)
    masked_columns: dict = {}
    #: with ``use_bulk``: insert with ``unionportal.bulk`` (COPY on PostgreSQL); off, with
    #: Django's and django-simple-history's bulk APIs (the bench times both)
    use_copy = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.import_user = None
        #: called as ``progress(rows_done, rows_total)`` while rows are read (the import job)
        self.progress = None
        self.written: dict[str, list] = {}

    def get_result_class(self):
        return PortalResult

    def get_row_result_class(self):
        return PortalRowResult

    # ---- the template staff download ------------------------------------------------------

    def import_template_workbook(self) -> bytes:
        """The blank import file staff download: the columns in bold, then one example row."""
        import openpyxl
        from openpyxl.styles import Font

        headers = [
            field.column_name
            for field in self.get_import_fields()
            if field.column_name not in self.template_skip
        ]
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "导入模板"
        sheet.append(headers)
        sheet.append([self.template_examples.get(header, "") for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(12, len(cell.value) * 2 + 4)
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    # ---- the file as a whole ----------------------------------------------------------------

    def check_file(self, dataset) -> None:
        """Refuse a file that no row of can be read right: missing columns, formula cells,
        cells far too long. Raises ``SpreadsheetRefused`` naming the row and column."""
        headers = [str(header or "").strip() for header in (dataset.headers or [])]
        missing = [column for column in self.required_columns if column not in headers]
        if missing:
            raise SpreadsheetRefused(messages.MISSING_COLUMNS % "、".join(missing))
        dataset.headers = headers
        for number, row in enumerate(dataset, start=2):
            for header, value in zip(headers, row, strict=False):
                if not isinstance(value, str):
                    continue
                if value.startswith("="):
                    raise SpreadsheetRefused(messages.FORMULA % {"row": number, "column": header})
                if len(value) > MAX_CELL_LENGTH:
                    raise SpreadsheetRefused(
                        messages.HUGE_CELL % {"row": number, "column": header, "length": len(value)}
                    )

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Import all or nothing; refuse a bad file before any row; row numbers as in the
        spreadsheet (its header is row 1), so that the preview, the errors and the file the
        clerk has open all say the same row."""
        user = kwargs.get("user")
        self.import_user = user if getattr(user, "is_authenticated", False) else None
        self.written = {}
        kwargs["rollback_on_validation_errors"] = True
        try:
            self.check_file(dataset)
        except SpreadsheetRefused as refusal:
            if raise_errors:
                raise
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            result.append_base_error(self.get_error_result_class()(refusal))
            return result
        with full_collections_held():
            result = super().import_data(
                dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs
            )
        result.base_errors = [
            Error(_refusal(error.error), row=error.row, number=error.number)
            for error in result.base_errors
        ]
        for row in [*result.invalid_rows, *result.error_rows, *result.rows]:
            if getattr(row, "number", None) is not None:
                row.number += 1
        if self.masked_columns:
            for invalid in result.invalid_rows:
                invalid.values = tuple(
                    self.masked_columns[header](str(value))
                    if header in self.masked_columns and value
                    else value
                    for header, value in zip(result.diff_headers, invalid.values, strict=False)
                )
        return result

    def after_import(self, dataset, result, **kwargs):
        """Not the library's, which sets the table's id sequence back to its largest id after
        every import (as ``loaddata`` does for fixtures that carry ids): our files carry no ids,
        the new rows take theirs from the sequence, and setting it back to the largest id this
        transaction sees could hand out again an id that a concurrent insert holds."""
        if kwargs.get("dry_run"):
            return
        result.written = self.written

    def wrote_rows(self, result) -> bool:
        """Whether this import, kept, wrote any row (new or updated)."""
        return (
            not result.has_errors()
            and not result.has_validation_errors()
            and any(
                row.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
                for row in result.rows
            )
        )

    # ---- one row ----------------------------------------------------------------------------

    def column_label(self, attribute: str) -> str:
        field = self.fields.get(attribute)
        if field is None:
            for candidate in self.fields.values():
                if candidate.attribute == attribute:
                    field = candidate
                    break
        return field.column_name if field is not None and field.column_name else attribute

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except CellError:
            raise  # our readers' messages are sentences already
        except ValueError as exc:
            value = row.get(field.column_name)
            shown = "" if value is None else str(value).strip()
            raise ValueError("值“%s”无法识别，请核对。" % shown[:50]) from exc

    # A row's errors are named by attribute until the end, then by column: the cells' own errors
    # reach ``validate_instance``, which leaves those attributes out of the model's checks (else
    # a cell the reader refused would be reported again as the model's "不能为 null").
    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            raise ValidationError(
                {self.column_label(name): errors for name, errors in exc.error_dict.items()}
            ) from exc

    def import_row(self, row, instance_loader, **kwargs):
        """The library's row, with every message a sentence naming the spreadsheet's row and
        column, and an exception turned into such a sentence (logged for the server)."""
        number = kwargs.get("row_number", 0) + 1  # the header is the spreadsheet's row 1
        if self.progress is not None and number % PROGRESS_EVERY == 0:
            self.progress(number - 1)
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.errors:
            refusals = [_refusal(error.error) for error in row_result.errors]
            row_result.errors = []
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(
                [messages.ROW % {"row": number, "message": str(refusal)} for refusal in refusals]
            )
        error = row_result.validation_error
        if error is not None:
            row_result.validation_error = self._name_row(error, number)
        return row_result

    def _name_row(self, error: ValidationError, number: int) -> ValidationError:
        prefix = "第%d行" % number
        if not hasattr(error, "error_dict"):
            return ValidationError(
                [
                    message
                    if message.startswith(prefix)
                    else messages.ROW % {"row": number, "message": message}
                    for message in error.messages
                ]
            )
        named = {}
        for column, errors in error.error_dict.items():
            column = self.column_label(column)
            named[column] = [
                message
                if message.startswith(prefix)
                else messages.cell(row=number, column=column, message=message)
                for message in ValidationError(errors).messages
            ]
        return ValidationError(named)

    def before_save_instance(self, instance, row, **kwargs):
        """Records saved one by one (no ``use_bulk``) keep the same audit trail as the bulk
        ones: who imported them, and why. ``_history_user`` and ``_change_reason`` are
        django-simple-history's documented way to say so without a request (a background
        import has none)."""
        super().before_save_instance(instance, row, **kwargs)
        if _has_history(type(instance)):
            if self.import_user is not None:
                instance._history_user = self.import_user
            instance._change_reason = IMPORT_REASON

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        if not kwargs.get("dry_run"):
            import_type = RowResult.IMPORT_TYPE_NEW if is_create else RowResult.IMPORT_TYPE_UPDATE
            self.written.setdefault(import_type, []).append(instance)

    # ---- writing in bulk (``use_bulk``), with the audit trail -------------------------------

    def write_new(self, model, objects: list, batch_size=None) -> None:
        """Insert new records of ``model``, with their history rows unless switched off: with
        ``unionportal.bulk`` (COPY on PostgreSQL), or, with ``use_copy`` off, Django's
        ``bulk_create`` and django-simple-history's ``bulk_create_with_history``."""
        history = self.record_history and _has_history(model)
        if self.use_copy and history:
            bulk_insert_with_history(
                model, objects, user=self.import_user, reason=IMPORT_REASON, batch_size=batch_size
            )
        elif self.use_copy:
            bulk_insert(model, objects, batch_size=batch_size)
        elif history:
            bulk_create_with_history(
                objects,
                model,
                batch_size=batch_size,
                default_user=self.import_user,
                default_change_reason=IMPORT_REASON,
            )
        else:
            model.objects.bulk_create(objects, batch_size=batch_size)

    def before_bulk_create(self) -> None:
        """Hook: write what the new records refer to (honours: the new people) first."""

    def _in_savepoint(self, write, result, raise_errors) -> None:
        """Run a bulk write in a savepoint: a write the database refuses (a unique rule, when
        two clerks confirm the same file) is rolled back to it, and the import goes on to report
        it in Chinese rather than failing on an aborted transaction."""
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                write()
        except Exception as exc:  # reported as the file's error; the import is rolled back
            self.handle_import_error(result, exc, raise_errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.create_instances or not (using_transactions or not dry_run):
            return

        def write():
            self.before_bulk_create()
            self.write_new(self.get_queryset().model, self.create_instances, batch_size)

        try:
            self._in_savepoint(write, result, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.update_instances or not (using_transactions or not dry_run):
            return
        model = self.get_queryset().model

        def write():
            if self.record_history and _has_history(model):
                bulk_update_with_history(
                    self.update_instances,
                    model,
                    self.bulk_update_fields,
                    batch_size=batch_size,
                    default_user=self.import_user,
                    default_change_reason=IMPORT_REASON,
                )
            else:
                model.objects.bulk_update(
                    self.update_instances, self.bulk_update_fields, batch_size=batch_size
                )

        try:
            self._in_savepoint(write, result, raise_errors)
        finally:
            self.update_instances.clear()

    # ---- export -----------------------------------------------------------------------------

    #: the relations each exported row shows, joined in the export's one query
    export_related: tuple[str, ...] = ()
    #: the many-valued relations each exported row shows, read in one query each
    export_prefetched: tuple[str, ...] = ()

    def filter_export(self, queryset, **kwargs):
        """The library's hook, with the rows' ``export_related`` and ``export_prefetched`` read
        along (else one query per row and relation)."""
        queryset = super().filter_export(queryset, **kwargs)
        if not hasattr(queryset, "select_related"):  # a list of records, already read
            return queryset
        if self.export_related:
            queryset = queryset.select_related(*self.export_related)
        if self.export_prefetched:
            queryset = queryset.prefetch_related(*self.export_prefetched)
        return queryset

    def export_field(self, field, instance, **kwargs):
        # Text a spreadsheet would run is quoted; characters an XLSX cell cannot hold (a
        # vertical tab pasted from Word …) are dropped, as in the reports' downloads.
        value = super().export_field(field, instance, **kwargs)
        return escape_formula(xml_text(value) if isinstance(value, str) else value)
