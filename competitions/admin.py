from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from competitions.models import Competition, Entry, OnlineCourseReport, Result
from competitions.resources import EntryResource, ResultResource
from reports.counted_admin import CountedRecordsAdmin
from unionportal.spreadsheets.admin import PortalImportExportAdmin


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
class CompetitionAdmin(CountedRecordsAdmin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "year",
        "kind",
        "level",
        "trade",
        "status",
        "total_participants",
        "entries_link",
        "result_count",
    ]
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

    def get_queryset(self, request):
        # Counted in subqueries: two joined counts would multiply each other.
        def count(model):
            return Subquery(
                model.objects.filter(competition=OuterRef("pk"))
                .order_by()
                .values("competition")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            )

        return (
            super()
            .get_queryset(request)
            .annotate(entry_count=count(Entry), result_count=count(Result))
        )

    @admin.display(description=_("参赛企业"), ordering="entry_count")
    def entries_link(self, obj):
        url = reverse("admin:competitions_entry_changelist")
        return format_html(
            '<a href="{}?competition__id__exact={}">{}家</a>', url, obj.pk, obj.entry_count or 0
        )

    @admin.display(description=_("获奖名单"), ordering="result_count")
    def result_count(self, obj):
        return obj.result_count or 0


IMPORT_HELP = (
    "竞赛按“竞赛名称＋年份”匹配（须先在后台录入竞赛），企业按统一社会信用代码匹配，"
    "没有代码时按企业名称匹配，新企业会自动建立。"
)


@admin.register(Entry)
class EntryAdmin(CountedRecordsAdmin, PortalImportExportAdmin, SimpleHistoryAdmin):
    year_lookup = "competition__year"
    resource_classes = [EntryResource]
    import_help_text = IMPORT_HELP
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


@admin.register(Result)
class ResultAdmin(CountedRecordsAdmin, PortalImportExportAdmin, SimpleHistoryAdmin):
    year_lookup = "competition__year"
    resource_classes = [ResultResource]
    import_help_text = IMPORT_HELP
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


@admin.register(OnlineCourseReport)
class OnlineCourseReportAdmin(CountedRecordsAdmin, SimpleHistoryAdmin):
    year_lookup = "competition__year"
    list_display = ["organisation", "competition", "learners"]
    list_filter = ["competition__year"]
    search_fields = ["organisation__name", "organisation__credit_code", "competition__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["competition", "organisation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "competition":  # the online course belongs to an 安康杯 only
            kwargs["queryset"] = Competition.objects.filter(kind=Competition.Kind.ANKANG)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
