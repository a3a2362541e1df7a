"""Staff screens of worker services: the ledger (kinds and their measures are data; a line's
form shows its kind's measures), the person-level records with their numbers protected as in
aid, and the event series. Each county union's staff see and enter only their own union's
records; saves go through welfare.services, which marks the years whose figures change."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from reports.services import figures_changed
from unionportal.http import content_disposition
from unionportal.personal_data_admin import (
    AccessLogAdmin,
    PersonalNumbersAdminMixin,
    PersonalNumbersForm,
)
from unionportal.scoped_admin import UnionRecordAdmin
from unionportal.spreadsheets.admin import PortalImportExportAdmin
from welfare import services
from welfare.models import (
    Certificate,
    DegreeStudent,
    EventEdition,
    EventSeries,
    HousedFamily,
    LedgerKind,
    LedgerLine,
    Measure,
    PersonalDataAccess,
    RecuperationBatch,
    RecuperationParticipant,
)
from welfare.resources import (
    CertificateResource,
    DegreeStudentResource,
    HousedFamilyResource,
    RecuperationParticipantResource,
    ledger_resource_for,
    ledger_resources,
)


class WelfareAdmin(UnionRecordAdmin):
    save_record = staticmethod(services.welfare_record_save)
    delete_record = staticmethod(services.welfare_record_delete)


# --------------------------------------------------------------------------- the ledger


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 1
    fields = ["name", "code", "unit", "nature", "required", "order"]


@admin.register(LedgerKind)
class LedgerKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "measure_names", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    inlines = [MeasureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("measures")

    def get_readonly_fields(self, request, obj=None):
        # The annual figures find a kind by its code: fixed once the kind exists.
        return ["code"] if obj is not None else []

    @admin.display(description=_("统计项"))
    def measure_names(self, kind):
        return "、".join(f"{m.name}（{m.unit}）" for m in kind.measures.all())


def measure_field_name(measure: Measure) -> str:
    return f"measure_{measure.code}"


class LedgerLineForm(forms.ModelForm):
    """The line's own fields; ``LedgerLineAdmin.get_form`` adds one field a measure of the
    line's kind (the kind of the line, or the one chosen on the page)."""

    measures: list[Measure] = []

    class Meta:
        model = LedgerLine
        fields = ["kind", "held_on", "union", "district", "place", "title", "note"]
        help_texts = {"kind": _("新增时先选择类型并保存，页面会列出该类型的统计项供填写。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            stored = {v.measure_id: v.value for v in self.instance.values.all()}
            for measure in self.measures:
                self.initial.setdefault(measure_field_name(measure), stored.get(measure.pk))

    def measure_values(self) -> dict:
        return {m: self.cleaned_data.get(measure_field_name(m)) for m in self.measures}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind is not None and self.measures and kind.pk != self.measures[0].kind_id:
            raise ValidationError(_("类型已更改：请核对并填写新类型的统计项后再保存。"))
        if kind is not None and not self.measures and kind.measures.exists():
            raise ValidationError(_("请填写该类型的统计项。"))
        if kind is not None and self.measures:
            line = LedgerLine(kind=kind)
            try:
                services.ledger_values_check(line=line, values=self.measure_values())
            except ValidationError as exc:
                for code, messages in exc.message_dict.items():
                    self.add_error(f"measure_{code}", messages)
        return cleaned


@admin.register(LedgerLine)
class LedgerLineAdmin(WelfareAdmin, PortalImportExportAdmin):
    form = LedgerLineForm
    import_template_name = "admin/welfare/ledgerline/import.html"
    import_help_text = (
        "请先选择台账类型，并下载该类型的导入模板：模板的列是该类型的统计项。"
        "按“日期＋报送工会＋地点＋活动名称”匹配，已有的台账行会被更新。"
    )
    list_display = ["held_on", "kind", "title", "place", "union", "values_text"]
    list_filter = ["kind", "union", "district"]
    list_select_related = ["kind", "union", "district"]
    search_fields = ["title", "place", "note"]
    date_hierarchy = "held_on"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("values__measure")

    @admin.display(description=_("统计值"))
    def values_text(self, line):
        return "；".join(
            f"{v.measure.name} {v.value.normalize():f}{v.measure.unit}" for v in line.values.all()
        )

    # ---- one template and one import resource a kind ----------------------------------------

    def get_import_resource_classes(self, request):
        return ledger_resources()

    def get_export_resource_classes(self, request):
        return ledger_resources()

    def import_template_view(self, request):
        """The template of the kind asked for (``?kind=<code>``), else of the first kind."""
        code = request.GET.get("kind")
        kind = LedgerKind.objects.filter(code=code).first() if code else None
        if kind is None:
            return super().import_template_view(request)
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = ledger_resource_for(kind)()
        response = HttpResponse(
            resource.import_template_workbook(), content_type=base_formats.XLSX.CONTENT_TYPE
        )
        response["Content-Disposition"] = content_disposition(f"{kind.name}导入模板.xlsx")
        return response

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["kind_templates"] = [
            (kind.name, f"{context['template_url']}?kind={kind.code}")
            for kind in LedgerKind.objects.order_by("order", "name")
        ]
        return context

    # ---- the form: the kind's measures --------------------------------------------------------

    def _kind_for(self, request, obj):
        if obj is not None:
            return obj.kind
        chosen = request.POST.get("kind") or request.GET.get("kind")
        if chosen and str(chosen).isdigit():
            return LedgerKind.objects.filter(pk=chosen).first()
        return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        kind = self._kind_for(request, obj)
        measures = list(kind.measures.order_by("order", "pk")) if kind else []
        attrs = {"measures": measures}
        for measure in measures:
            attrs[measure_field_name(measure)] = forms.DecimalField(
                label=f"{measure.name}（{measure.unit}）",
                required=measure.required,
                min_value=0,
                max_digits=16,
                decimal_places=2 if measure.is_money else 0,
            )
        kwargs["form"] = type("LedgerLineKindForm", (self.form,), attrs)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        services.ledger_line_save(line=obj, values=form.measure_values(), user=request.user)


# --------------------------------------------------------------------------- people


class PersonRecordAdmin(PersonalNumbersAdminMixin, WelfareAdmin, PortalImportExportAdmin):
    sensitive_permission = services.SENSITIVE_PERMISSION
    form = PersonalNumbersForm
    search_fields = ["name", "workplace"]
    list_select_related = ["union"]

    def personal_data_seen(self, request, records, action):
        services.personal_data_access_record(user=request.user, records=records, action=action)

    def resource_kwargs_for(self, *, user) -> dict:
        return {"user": user, "sensitive": services.user_sees_sensitive(user)}

    def get_export_resource_kwargs(self, request, **kwargs):
        return self.resource_kwargs_for(user=request.user)


class ParticipantInline(admin.TabularInline):
    """Names only: the numbers are entered and seen on each participant's own page."""

    model = RecuperationParticipant
    extra = 0
    fields = ["name", "category", "workplace"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RecuperationBatch)
class RecuperationBatchAdmin(WelfareAdmin):
    list_display = ["name", "destination", "starts_on", "ends_on", "union"]
    list_filter = ["union"]
    search_fields = ["name", "destination"]
    date_hierarchy = "starts_on"
    inlines = [ParticipantInline]


@admin.register(RecuperationParticipant)
class RecuperationParticipantAdmin(PersonRecordAdmin):
    union_path = "batch__union"
    scoped_foreign_keys = {"batch": "union"}
    resource_classes = [RecuperationParticipantResource]
    import_help_text = "批次须先在“疗休养批次”中录入；同一批次中按身份证号匹配，已有的会被更新。"
    list_display = ["name", "masked_id", "masked_phone_number", "category", "batch", "union"]
    list_filter = ["category", "batch__union"]
    list_select_related = ["batch", "union"]


@admin.register(Certificate)
class CertificateAdmin(PersonRecordAdmin):
    resource_classes = [CertificateResource]
    import_help_text = "按身份证号和证书名称匹配，已有的会被更新。"
    list_display = ["name", "masked_id", "certificate", "obtained_on", "union"]
    list_filter = ["union"]
    date_hierarchy = "obtained_on"


@admin.register(DegreeStudent)
class DegreeStudentAdmin(PersonRecordAdmin):
    resource_classes = [DegreeStudentResource]
    import_help_text = "按身份证号、专业和入学日期匹配，已有的会被更新。"
    list_display = ["name", "masked_id", "programme", "school", "enrolled_on", "left_on", "union"]
    list_filter = ["front_line", "union"]


@admin.register(HousedFamily)
class HousedFamilyAdmin(PersonRecordAdmin):
    resource_classes = [HousedFamilyResource]
    import_help_text = "按身份证号匹配，已有的会被更新。"
    list_display = ["name", "masked_id", "estate", "household_size", "keys_received_on", "union"]
    list_filter = ["union"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(AccessLogAdmin):
    list_display = ["at", "username", "action", "record_type", "record_label"]
    list_filter = ["action", "record_type"]
    date_hierarchy = None  # this list has had no drill-down by date


# --------------------------------------------------------------------------- event series


class EventEditionInline(admin.TabularInline):
    model = EventEdition
    extra = 0
    fields = ["year", "opened_on", "shows", "note"]


@admin.register(EventSeries)
class EventSeriesAdmin(WelfareAdmin):
    list_display = ["name", "code", "union", "edition_count"]
    search_fields = ["name"]
    inlines = [EventEditionInline]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(editions_total=Count("editions"))

    @admin.display(description=_("已举办届数"), ordering="editions_total")
    def edition_count(self, series):
        return series.editions_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        years = [edition.year for edition in form.instance.editions.all()]
        if years:
            figures_changed(years=range(min(years), max(years) + 1))
