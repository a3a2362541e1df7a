from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from honors import services
from honors.models import (
    FederationRecognition,
    Honour,
    HonourType,
    ModelWorkerActivity,
    Person,
)
from honors.resources import HonourResource
from reports.counted_admin import CountedRecordsAdmin
from unionportal.cache import ShownOnPublicPages
from unionportal.spreadsheets.admin import PortalImportExportAdmin


@admin.register(HonourType)
class HonourTypeAdmin(ShownOnPublicPages, admin.ModelAdmin):  # the filters of the public lists
    list_display = ["name", "code", "category", "recipient_kind", "order"]
    list_editable = ["order"]
    list_filter = ["category", "recipient_kind"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # The annual figures filter on the code: it is fixed once the type exists.
        return ["code"] if obj is not None else []


class PersonHonourInline(admin.TabularInline):
    """The person's honours, read only here: they are recorded (and audited) as honours."""

    model = Honour
    fk_name = "person"
    fields = ["year", "honour_type", "level", "title", "awarding_body"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "所获荣誉"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("honour_type")


@admin.register(Person)
class PersonAdmin(ShownOnPublicPages, SimpleHistoryAdmin):
    """A person's name, photo (and consent to show it) and honours are on public pages: the cached
    pages go stale with a change, so a withdrawn consent takes effect at once."""

    inlines = [PersonHonourInline]
    list_display = [
        "name",
        "gender",
        "birth_year",
        "workplace",
        "occupation",
        "photo_consent",
        "honour_count",
    ]
    list_filter = ["gender", "photo_consent"]
    search_fields = ["name", "workplace"]
    autocomplete_fields = ["workplace_organization"]
    list_select_related = ["workplace_organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(honour_total=Count("honours"))

    @admin.display(description="荣誉数", ordering="honour_total")
    def honour_count(self, person):
        return person.honour_total


@admin.register(Honour)
class HonourAdmin(PortalImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [HonourResource]
    import_help_text = (
        "个人按“姓名＋工作单位”匹配，集体按统一社会信用代码或名称匹配，新的人员和单位会自动建立。"
    )
    list_display = [
        "year",
        "honour_type",
        "level",
        "recipient_kind",
        "recipient",
        "workplace",
        "district",
    ]
    list_filter = ["year", "level", "honour_type", "district", "recipient_kind"]
    search_fields = [
        "person__name",
        "person__workplace",
        "organization__name",
        "title",
        "workplace",
    ]
    autocomplete_fields = ["honour_type", "person", "organization", "district"]
    list_select_related = ["honour_type", "person", "organization", "district"]
    fieldsets = [
        (None, {"fields": ["honour_type", "title", "level", "year", "awarded_on"]}),
        (
            "获奖对象",
            {"fields": ["recipient_kind", "person", "organization", "workplace", "district"]},
        ),
        ("文件", {"fields": ["document_number", "awarding_body", "citation"]}),
    ]

    @admin.display(description="获奖对象")
    def recipient(self, honour):
        return honour.recipient_name

    def save_model(self, request, obj, form, change):
        previous_year = form.initial.get("year") if change else None
        services.honour_save(honour=obj, previous_year=previous_year)

    def delete_model(self, request, obj):
        services.honour_delete(honour=obj)

    def delete_queryset(self, request, queryset):
        for honour in queryset.select_related("honour_type"):  # few rows, each with its history
            services.honour_delete(honour=honour)


@admin.register(FederationRecognition)
class FederationRecognitionAdmin(CountedRecordsAdmin, SimpleHistoryAdmin):
    list_display = ["year", "kind", "level", "title", "convened_by", "held_on"]
    list_filter = ["year", "kind", "level"]
    search_fields = ["title", "convened_by"]


@admin.register(ModelWorkerActivity)
class ModelWorkerActivityAdmin(CountedRecordsAdmin, SimpleHistoryAdmin):
    list_display = ["held_on", "title", "organiser", "place", "participants", "district"]
    list_filter = ["organiser", "district"]
    list_select_related = ["district"]
    search_fields = ["title", "organiser", "place"]
    date_hierarchy = "held_on"
    year_lookup = "held_on__year"
