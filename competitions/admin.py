from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from competitions.models import Competition, Entry, Result
from competitions.resources import EntryResource, ResultResource
from competitions.services import competition_figures_mark_stale
from competitions.templates_xlsx import import_template_workbook
from organizations.resources import PortalImportExportAdmin


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0
    fields = [
        "rank",
        "contestant_name",
        "organisation",
        "prize",
        "grade_upgraded",
        "new_grade",
        "person",
    ]
    autocomplete_fields = ["organisation", "person"]
    ordering = ["rank"]
    show_change_link = True


@admin.register(Competition)
class CompetitionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "kind", "level", "trade", "status", "total_participants"]
    list_filter = ["year", "kind", "level", "status"]
    search_fields = ["name", "trade", "organiser"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "level", "year", "organiser", "status"]}),
        (_("时间"), {"fields": ["start_date", "end_date"]}),
        (
            _("职业技能竞赛"),
            {
                "fields": ["trade", "total_participants", "grade_upgrades"],
                "description": _("只填职业技能竞赛：参赛总人数与晋升技术等级人数计入年度统计。"),
            },
        ),
        (None, {"fields": ["description"]}),
    ]
    inlines = [ResultInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        years = {obj.year}
        if change and "year" in form.changed_data and form.initial.get("year"):
            years.add(form.initial["year"])
        competition_figures_mark_stale(years=years)

    def delete_model(self, request, obj):
        year = obj.year
        super().delete_model(request, obj)
        competition_figures_mark_stale(years=[year])


class TemplateDownloadMixin:
    """A "下载导入模板" link on the import page: the headers and one example row, as xlsx."""

    import_template_name = "competitions/admin/import.html"
    template_filename = ""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="%s_%s_import_template" % info,
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.resource_classes[0]()
        response = HttpResponse(
            import_template_workbook(resource),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{self.template_filename}"
        return response

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        info = self.opts.app_label, self.opts.model_name
        context["template_url"] = reverse("admin:%s_%s_import_template" % info)
        return context


@admin.register(Entry)
class EntryAdmin(TemplateDownloadMixin, PortalImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [EntryResource]
    template_filename = "entries-template.xlsx"
    list_display = [
        "organisation",
        "competition",
        "workers",
        "teams",
        "suggestions",
        "innovations",
        "advanced_methods",
        "economic_benefit_yuan",
    ]
    list_filter = ["competition__year", "competition__kind", "competition__level"]
    search_fields = ["organisation__name", "organisation__credit_code", "competition__name"]
    autocomplete_fields = ["competition", "organisation"]
    list_select_related = ["competition", "organisation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        competition_figures_mark_stale(years=[obj.competition.year])

    def delete_model(self, request, obj):
        year = obj.competition.year
        super().delete_model(request, obj)
        competition_figures_mark_stale(years=[year])


@admin.register(Result)
class ResultAdmin(TemplateDownloadMixin, PortalImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [ResultResource]
    template_filename = "results-template.xlsx"
    list_display = [
        "contestant_name",
        "organisation",
        "competition",
        "rank",
        "prize",
        "champion",
        "grade_upgraded",
        "new_grade",
    ]
    list_filter = [
        "competition__year",
        "competition__kind",
        "competition__level",
        "prize",
        "grade_upgraded",
    ]
    search_fields = ["contestant_name", "organisation__name", "competition__name"]
    autocomplete_fields = ["competition", "organisation", "person"]
    list_select_related = ["competition", "organisation"]

    @admin.display(description=_("技术状元"), boolean=True)
    def champion(self, obj):
        return obj.is_champion

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        competition_figures_mark_stale(years=[obj.competition.year])

    def delete_model(self, request, obj):
        year = obj.competition.year
        super().delete_model(request, obj)
        competition_figures_mark_stale(years=[year])
