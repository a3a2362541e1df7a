"""``PortalImportExportAdmin``: the base of every admin that imports or exports spreadsheets,
and the page of the background imports (``ImportJob``).

Through django-import-export's documented admin hooks (``import_action``, ``process_import``,
``process_dataset``, ``process_result``, ``generate_log_entries``, ``export_action`` …):

- the clerk uploads a file and its content says whether it is xlsx or CSV (one import format);
- a file of more than ``IMPORT_EXPORT_ASYNC_ROWS`` rows goes to a Celery task (``ImportJob``),
  whose page shows its progress; smaller files are previewed, then confirmed, as before;
- the upload waits encrypted (``storage.EncryptedUploadStorage``) and is removed at once when the
  file is refused;
- a refusal is a Chinese sentence, never a traceback; a confirmation the database refuses (two
  clerks confirming the same file) or whose upload is gone says so and writes nothing;
- downloads with Chinese names carry an RFC 6266 ``Content-Disposition``.
"""

import re
from email.header import decode_header, make_header

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import ImportForm

from unionportal.http import content_disposition
from unionportal.read_only_admin import ReadOnlyAdminMixin
from unionportal.spreadsheets import messages as refusals
from unionportal.spreadsheets import selectors, services
from unionportal.spreadsheets.formats import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    SpreadsheetRefused,
    count_rows,
    looks_like_xlsx,
)
from unionportal.spreadsheets.models import ImportJob
from unionportal.spreadsheets.resources import full_collections_held
from unionportal.spreadsheets.storage import EncryptedUploadStorage, UploadGone

#: the largest spreadsheet staff may import (a 100,000-row honours file is about 6 MB as xlsx)
MAX_IMPORT_BYTES = 20 * 1024 * 1024
#: files with more rows than this are imported by a Celery task (``IMPORT_EXPORT_ASYNC_ROWS``)
DEFAULT_ASYNC_ROWS = 3000


def async_rows() -> int:
    return int(getattr(settings, "IMPORT_EXPORT_ASYNC_ROWS", DEFAULT_ASYNC_ROWS))


class PortalImportForm(ImportForm):
    """The import form: no format to pick (the file's content says it), and files too large to
    be a sane import refused before they are read."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("要导入的文件（xlsx 或 CSV）")
        self.fields["import_file"].widget.attrs["accept"] = ".xlsx,.csv"
        self.fields["import_file"].error_messages.update(
            {"required": refusals.NO_FILE, "empty": refusals.EMPTY, "invalid": refusals.UNREADABLE}
        )
        # One format, SpreadsheetFile, which reads xlsx and CSV alike: nothing to pick, and a
        # format an older page or client still sends is ignored.
        self.fields["format"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.initial["format"] = "0"

    def clean_format(self):
        return "0"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                refusals.TOO_LARGE
                % {"size": upload.size / 1024 / 1024, "limit": MAX_IMPORT_BYTES // 1024 // 1024}
            )
        name = (upload.name or "").lower()
        head = upload.read(8)
        upload.seek(0)
        if name.endswith((".xlsx", ".xlsm")) and not looks_like_xlsx(head):
            raise ValidationError(refusals.UNREADABLE)
        return upload


def _filename_of(disposition: str) -> str | None:
    """The file name in a ``Content-Disposition`` Django may have RFC 2047-encoded."""
    text = str(make_header(decode_header(disposition)))
    match = re.search(r'filename="([^"]*)"', text)
    return match.group(1) if match else None


class PortalImportExportAdmin(ImportExportModelAdmin):
    """Admin base for every model staff import and export: our formats, Excel-friendly CSV, a
    "下载导入模板" link (the first resource's columns and example row, as xlsx), background
    imports of large files."""

    import_form_class = PortalImportForm
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    tmp_storage_class = EncryptedUploadStorage
    to_encoding = "utf-8-sig"  # so that Excel opens exported CSV with its Chinese intact
    import_template_name = "admin/import_export/portal_import.html"
    import_export_change_list_template = "admin/import_export/portal_change_list.html"
    #: what staff should know before filling in the template (matching rules …)
    import_help_text = ""

    # ---- the resource, for a request or for a background job --------------------------------

    def resource_kwargs_for(self, *, user) -> dict:
        """What the import resource is built with for ``user`` (aid: who imports)."""
        return {}

    def get_import_resource_kwargs(self, request, **kwargs):
        return self.resource_kwargs_for(user=request.user)

    def import_resource_for(self, *, user, index: int = 0):
        """The import resource for a background job, which has no request (the library's
        ``get_import_resource_classes`` does not read it)."""
        classes = self.get_import_resource_classes(None)
        return classes[index](**self.resource_kwargs_for(user=user))

    # ---- the template download --------------------------------------------------------------

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
            resource.import_template_workbook(), content_type=base_formats.XLSX.CONTENT_TYPE
        )
        response["Content-Disposition"] = content_disposition(
            f"{self.opts.verbose_name}导入模板.xlsx"
        )
        return response

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "template_url": reverse(f"admin:{self._template_url_name()}"),
            "import_help_text": self.import_help_text,
            "async_rows": async_rows(),
        }

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "template_url": reverse(f"admin:{self._template_url_name()}"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    # ---- the upload and its preview ----------------------------------------------------------

    @full_collections_held()
    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            job = self._start_job_if_large(request)
            if job is not None:
                return HttpResponseRedirect(
                    reverse("admin:spreadsheets_importjob_change", args=[job.pk])
                )
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if request.method == "POST" and not context.get("confirm_form"):
            self._remove_upload(request)  # refused: nothing waits for a confirmation
        return response

    def _start_job_if_large(self, request) -> ImportJob | None:
        """Hand a file of more than ``IMPORT_EXPORT_ASYNC_ROWS`` rows to a background job. Its
        rows are counted here (``count_rows``: a file it refuses goes on to the preview, which
        says why), and the file is read by the preview when it is smaller, by the job when
        larger."""
        form = self.create_import_form(request)
        if not form.is_valid():
            return None
        upload = form.cleaned_data["import_file"]
        data = b"".join(upload.chunks())
        upload.seek(0)
        try:
            rows = count_rows(data)
        except SpreadsheetRefused:
            return None  # the preview reports it
        if rows <= async_rows():
            return None
        job = services.import_job_start(
            user=request.user,
            model_label=self.opts.label_lower,
            resource_index=int(form.cleaned_data.get("resource") or 0),
            file_name=upload.name,
            data=data,
            rows_total=rows,
        )
        self.message_user(request, refusals.QUEUED % rows)
        return job

    def _remove_upload(self, request) -> None:
        # The library names the stored upload on the uploaded file itself (``tmp_storage_name``).
        name = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if name:
            self.get_tmp_storage_class()(name=name, read_mode="rb").remove()

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetRefused):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", refusals.UNREADABLE)

    # ---- the confirmation --------------------------------------------------------------------

    @full_collections_held()
    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except UploadGone:
            return self._refused(request, [refusals.UPLOAD_GONE])

    def process_dataset(self, dataset, form, request, **kwargs):
        """The library's, without ``retain_instance_in_row_result``: that switches the library's
        ``store_instance`` on for the resource class for good (every later preview would keep
        every instance); the records to log come from ``PortalResult.written`` instead."""
        file_name = kwargs.pop("file_name", None) or form.cleaned_data.get("original_file_name")
        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form, **kwargs)
        )
        import_kwargs = self.get_import_data_kwargs(request=request, form=form, **kwargs)
        return resource.import_data(
            dataset, dry_run=False, file_name=file_name, user=request.user, **import_kwargs
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            return self._refused(request, services.refusal_sentences(result))
        return super().process_result(result, request)

    def _refused(self, request, sentences):
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": _("导入"),
            "opts": self.model._meta,
            "refusals": sentences,
            "form": self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request)
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=409)

    def generate_log_entries(self, result, request):
        if not self.get_skip_admin_log():
            services.import_log_entries(user_id=request.user.pk, result=result)

    def add_success_message(self, result, request):
        messages.success(request, services.outcome_sentence(result))

    # ---- export ------------------------------------------------------------------------------

    def export_action(self, request):
        response = super().export_action(request)
        disposition = (
            response.get("Content-Disposition")
            if response.has_header("Content-Disposition")
            else None
        )
        name = _filename_of(disposition) if disposition else None
        if name:
            response["Content-Disposition"] = content_disposition(name)
        return response


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Background imports: each clerk sees their own (a superuser every one), read only."""

    change_form_template = "admin/spreadsheets/importjob/change_form.html"
    list_display = ["file_name", "model_name", "state", "progress", "created_by", "created_at"]
    list_filter = ["state"]
    fields = ["file_name", "model_name", "state", "summary", "created_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return selectors.import_jobs_visible_to(user=request.user)

    @admin.display(description=_("导入到"))
    def model_name(self, job):
        from django.apps import apps

        try:
            return apps.get_model(job.model_label)._meta.verbose_name
        except LookupError:
            return job.model_label

    @admin.display(description=_("进度"))
    def progress(self, job):
        return "%d / %d 行" % (services.import_job_progress(job=job), job.rows_total)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if job is not None:
            done = services.import_job_progress(job=job)
            extra_context.update(
                {
                    "job": job,
                    "rows_done": done,
                    "percent": done * 100 // job.rows_total if job.rows_total else 0,
                    "changelist_url": self._target_changelist(job),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _target_changelist(job) -> str:
        app_label, model_name = job.model_label.split(".")
        return reverse(f"admin:{app_label}_{model_name}_changelist")
