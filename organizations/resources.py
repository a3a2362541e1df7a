"""The shared base of every spreadsheet import and export (django-import-export).

Each domain app's ``resources.py`` subclasses :class:`PortalResource` and lists its fields with
Chinese ``column_name``s. What they share lives here once:

- all or nothing: the import runs in one transaction (``IMPORT_EXPORT_USE_TRANSACTIONS``) and the
  library rolls it back when any row has an error;
- errors in Chinese that name the column (the library keys them by attribute name);
- required columns checked before any row is read, and formula cells refused;
- exported text that a spreadsheet would run as a formula (= + - @ tab CR) is escaped.
"""

import io
import re
import zipfile
from urllib.parse import quote

import tablib
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from simple_history.utils import bulk_update_with_history

from organizations.models import District, Organization
from organizations.widgets import ChoiceLabelWidget, NameWidget, TextWidget, cell_text
from unionportal.bulk import bulk_insert, bulk_insert_values, bulk_insert_with_history

#: the change reason of every history row an import writes
IMPORT_REASON = "表格导入"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
        except UnicodeDecodeError as exc:
            raise ValueError("CSV 文件编码无法识别，请另存为 UTF-8 或 GBK 编码。") from exc


class EmptySpreadsheet(ValueError):
    """A file that reads well but holds no row below its header."""


def _with_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    if not len(dataset):
        raise EmptySpreadsheet
    return dataset


class ChineseCSV(base_formats.CSV):
    """CSV import that accepts UTF-8 (with or without BOM) and GBK."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_csv_bytes(in_stream)
        return _with_rows(tablib.import_set(in_stream, format="csv", **kwargs))


FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
ACTIVE_TAB = re.compile(rb'activeTab="(\d+)"')


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


class PortalXLSX(base_formats.XLSX):
    """xlsx import: the sheet that was open when the file was saved, with the empty rows Excel
    leaves at the end skipped.

    Read with python-calamine (Rust), about ten times faster than openpyxl on a large file.
    calamine reads formulas as their cached value, so a file holding any formula is read with
    openpyxl instead, which keeps formulas as formulas: ``PortalResource`` then refuses them,
    naming the cell, rather than importing a value the clerk did not type.
    """

    def create_dataset(self, in_stream):
        has_formula, active = _xlsx_parts(in_stream)
        if has_formula:
            return self._read_with_openpyxl(in_stream)
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(in_stream))
        rows = iter(book.get_sheet_by_index(min(active, len(book.sheet_names) - 1)).iter_rows())
        texts = {}
        return self._dataset([_cell(value, texts) for value in row] for row in rows)

    def _read_with_openpyxl(self, in_stream):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=False)
        try:
            return self._dataset(book.active.iter_rows(values_only=True))
        finally:
            book.close()

    @staticmethod
    def _dataset(rows) -> tablib.Dataset:
        dataset = tablib.Dataset()
        headers = [cell_text(value) for value in next(rows, ())]  # an empty sheet has none
        dataset.headers, width = headers, len(headers)
        for row in rows:
            if any(cell_text(value) for value in row):
                dataset.append((tuple(row) + (None,) * width)[:width])
        return _with_rows(dataset)


IMPORT_FORMATS = [PortalXLSX, ChineseCSV]
EXPORT_FORMATS = [base_formats.XLSX, base_formats.CSV]


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

    def column_label(self, attribute: str) -> str:
        field = self.fields.get(attribute)
        if field is None:
            for candidate in self.fields.values():
                if candidate.attribute == attribute:
                    field = candidate
                    break
        return field.column_name if field is not None and field.column_name else attribute

    def relabel(self, error: ValidationError) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return error
        return ValidationError(
            {self.column_label(name): messages for name, messages in error.error_dict.items()}
        )

    def before_import(self, dataset, **kwargs):
        user = kwargs.get("user")
        self.import_user = user if getattr(user, "is_authenticated", False) else None
        headers = [str(header or "").strip() for header in (dataset.headers or [])]
        missing = [column for column in self.required_columns if column not in headers]
        if missing:
            raise ValidationError(
                "文件缺少必需的列：%s。请下载导入模板，按模板的列名填写。" % "、".join(missing)
            )
        if dataset.headers:
            dataset.headers = headers
        for number, row in enumerate(dataset, start=2):
            for header, value in zip(headers, row, strict=False):
                if isinstance(value, str) and value.startswith("="):
                    raise ValidationError(
                        "第%(row)d行“%(column)s”列是公式（%(value)s），请改为填写数值或文字。"
                        % {"row": number, "column": header, "value": value[:30]}
                    )
        super().before_import(dataset, **kwargs)

    def import_data(self, dataset, *args, **kwargs):
        """Import; row numbers in the result are the spreadsheet's (its header is row 1), so
        that the preview, the errors and the file the clerk has open all say the same row."""
        # The library turns ``store_instance`` on for the class when the admin asks to keep the
        # instances (the confirmation step, for its log) and never off: every later preview
        # would then keep every instance too. Set it from this call only.
        self._meta.store_instance = kwargs.get("retain_instance_in_row_result", False)
        result = super().import_data(dataset, *args, **kwargs)
        for row in [*result.invalid_rows, *result.error_rows, *result.rows]:
            if getattr(row, "number", None) is not None:
                row.number += 1
        return result

    def after_import(self, dataset, result, **kwargs):
        """Not the library's, which sets the table's id sequence back to its largest id after
        every import (as ``loaddata`` does for fixtures that carry ids): our files carry no
        ids, the new rows take theirs from the sequence, and setting it back to the largest id
        this transaction sees could hand out again an id that a concurrent insert holds."""

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except ValueError as exc:
            value = row.get(field.column_name)
            raise ValueError("值“%s”无法识别：%s" % (value, exc)) from exc

    # A row's errors are named by attribute until the end, then by column: the cells' own errors
    # reach ``validate_instance``, which leaves those attributes out of the model's checks (else
    # a cell the reader refused would be reported again as the model's "不能为 null").
    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            raise self.relabel(exc) from exc

    # ---- writing in bulk (``use_bulk``), with the audit trail -------------------------------

    def insert_new(self, model, objects: list, batch_size=None) -> None:
        """Insert new records of ``model``, with their history rows unless switched off."""
        if self.record_history:
            bulk_insert_with_history(
                model, objects, user=self.import_user, reason=IMPORT_REASON, batch_size=batch_size
            )
        else:
            bulk_insert(model, objects, batch_size=batch_size)

    def before_bulk_create(self) -> None:
        """Hook: write what the new records refer to (honours: the new people) first."""

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.create_instances or not (using_transactions or not dry_run):
            return
        try:
            self.before_bulk_create()
            self.insert_new(self._meta.model, self.create_instances, batch_size)
        except Exception as exc:  # reported as the file's error, and rolled back
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.update_instances or not (using_transactions or not dry_run):
            return
        try:
            if self.record_history:
                bulk_update_with_history(
                    self.update_instances,
                    self._meta.model,
                    self.bulk_update_fields,
                    batch_size=batch_size,
                    default_user=self.import_user,
                    default_change_reason=IMPORT_REASON,
                )
            else:
                self._meta.model.objects.bulk_update(
                    self.update_instances, self.bulk_update_fields, batch_size=batch_size
                )
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.update_instances.clear()

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


#: the largest spreadsheet staff may import (a 100,000-row honours file is about 6 MB as xlsx)
MAX_IMPORT_BYTES = 20 * 1024 * 1024
#: admin log entries written per INSERT after an import
LOG_BATCH = 1000


class PortalImportForm(ImportForm):
    """The import form, refusing files too large to be a sane import before reading them."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                "文件过大（%(size).1f MB），单次导入不能超过 %(limit)d MB，请分批导入。"
                % {"size": upload.size / 1024 / 1024, "limit": MAX_IMPORT_BYTES // 1024 // 1024}
            )
        return upload


class PortalImportExportAdmin(ImportExportModelAdmin):
    """Admin base for every model staff import and export: our formats, Excel-friendly CSV, and
    a "下载导入模板" link (the first resource's columns and example row, as xlsx)."""

    import_form_class = PortalImportForm
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    to_encoding = "utf-8-sig"  # so that Excel opens exported CSV with its Chinese intact
    import_template_name = "admin/import_export/portal_import.html"
    import_export_change_list_template = "admin/import_export/portal_change_list.html"
    #: what staff should know before filling in the template (matching rules …)
    import_help_text = ""

    def _template_url_name(self) -> str:
        return "%s_%s_import_template" % (self.opts.app_label, self.opts.model_name)

    def get_urls(self):
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name=self._template_url_name(),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0](
            **self.get_import_resource_kwargs(request)
        )
        response = HttpResponse(
            resource.import_template_workbook(),
            content_type=base_formats.XLSX.CONTENT_TYPE,
        )
        filename = quote(f"{self.opts.verbose_name}导入模板.xlsx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "template_url": reverse(f"admin:{self._template_url_name()}"),
            "import_help_text": self.import_help_text,
        }

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "template_url": reverse(f"admin:{self._template_url_name()}"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def _create_log_entry(self, user_pk, rows, import_type, action_flag):
        """The admin log entry of every imported row, as the library writes them
        (``LogEntry.objects.log_actions``: each entry timed when it is made), inserted as plain
        rows a thousand at a time (``bulk_insert_values``: COPY on PostgreSQL). A 100,000-row
        import writes 100,000 entries: as ``LogEntry`` objects through Django's bulk_create
        they took longer than the rows, and built all at once ~100 MB."""
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        message = "%s through import_export" % import_type
        columns = ["action_time", "user_id", "content_type_id", "object_id", "object_repr"]
        columns += ["action_flag", "change_message"]
        now = timezone.now
        for start in range(0, len(rows), LOG_BATCH):
            entries = [
                (
                    now(),
                    user_pk,
                    content_type.pk,
                    str(instance.pk),
                    str(instance)[:200],
                    action_flag,
                    message,
                )
                for instance in rows[start : start + LOG_BATCH]
            ]
            bulk_insert_values(LogEntry, columns, entries)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, EmptySpreadsheet):
            form.add_error(
                "import_file", "文件中没有数据：请在第1行表头下方逐行填写要导入的记录后再导入。"
            )
            return
        form.add_error(
            "import_file",
            "无法读取该文件：它不是所选格式（xlsx 或 CSV）的表格文件，或文件已损坏。"
            "请用 Excel/WPS 另存为 .xlsx 后重试。",
        )


class CreditCodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value).upper()


class OrganizationResource(PortalResource):
    """Enterprises and institutions, one per 统一社会信用代码 (the code identifies the row)."""

    required_columns = ("单位名称", "统一社会信用代码")
    template_examples = {"单位名称": "示例精密机械有限公司", "类别": "企业", "区划": "崇川区"}

    name = fields.Field(attribute="name", column_name="单位名称", widget=TextWidget())
    credit_code = fields.Field(
        attribute="credit_code", column_name="统一社会信用代码", widget=CreditCodeWidget()
    )
    kind = fields.Field(
        attribute="kind",
        column_name="类别",
        widget=ChoiceLabelWidget(Organization.Kind.choices, default=Organization.Kind.ENTERPRISE),
    )
    district = fields.Field(
        attribute="district", column_name="区划", widget=NameWidget(District, "区划")
    )
    industry = fields.Field(attribute="industry", column_name="行业", widget=TextWidget())

    class Meta:
        model = Organization
        fields = ("name", "credit_code", "kind", "district", "industry")
        import_id_fields = ("credit_code",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
