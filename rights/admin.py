"""Staff screens of the rights records: each county union's staff see and enter only their own
union's; saves and deletes go through rights.services (``UnionRecordAdmin``), which marks
the years whose figures change. Contracts, the sample and supervision visits import from Excel,
one template a kind of record."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from rights import services
from rights.models import (
    CollectiveContract,
    LegalServiceActivity,
    LegalServiceTeam,
    MonitoringSample,
    SupervisionVisit,
)
from rights.resources import (
    CollectiveContractResource,
    MonitoringSampleResource,
    SupervisionVisitResource,
)
from unionportal.scoped_admin import UnionRecordAdmin
from unionportal.spreadsheets.admin import PortalImportExportAdmin

ENTERPRISE_HELP = (
    "企业按统一社会信用代码匹配（没有代码的按名称），门户中没有的企业会新建；"
    "县（市、区）总工会只能导入本工会（及下属工会）报送的记录。"
)


class RightsAdmin(UnionRecordAdmin):
    save_record = staticmethod(services.rights_record_save)
    delete_record = staticmethod(services.rights_record_delete)


@admin.register(CollectiveContract)
class CollectiveContractAdmin(RightsAdmin, PortalImportExportAdmin):
    resource_classes = [CollectiveContractResource]
    import_help_text = ENTERPRISE_HELP + "同一企业、同一类别、同一生效日期的合同再次导入时更新。"
    list_display = [
        "enterprise",
        "kind",
        "signed_on",
        "valid_from",
        "valid_to",
        "workers_covered",
        "union",
    ]
    list_filter = ["kind", "union", "enterprise__district"]
    list_select_related = ["enterprise", "union"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["enterprise"]
    date_hierarchy = "valid_from"


@admin.register(MonitoringSample)
class MonitoringSampleAdmin(RightsAdmin, PortalImportExportAdmin):
    resource_classes = [MonitoringSampleResource]
    import_help_text = ENTERPRISE_HELP
    list_display = ["year", "enterprise", "union", "note"]
    list_filter = ["year", "union"]
    list_select_related = ["enterprise", "union"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["enterprise"]


@admin.register(SupervisionVisit)
class SupervisionVisitAdmin(RightsAdmin, PortalImportExportAdmin):
    resource_classes = [SupervisionVisitResource]
    import_help_text = ENTERPRISE_HELP + "层级填写“市级”“县（市、区）级”或“乡镇（街道）级”。"
    list_display = [
        "enterprise",
        "visited_on",
        "supervisor",
        "level",
        "opinion_letter",
        "workers_corrected",
        "union",
    ]
    list_filter = ["level", "opinion_letter", "union", "enterprise__district"]
    list_select_related = ["enterprise", "union"]
    search_fields = ["enterprise__name", "enterprise__credit_code", "supervisor"]
    autocomplete_fields = ["enterprise"]
    date_hierarchy = "visited_on"


@admin.register(LegalServiceTeam)
class LegalServiceTeamAdmin(RightsAdmin):
    list_display = ["name", "union", "founded_on", "members", "activity_count"]
    list_filter = ["union"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activities_total=Count("activities"))

    @admin.display(description=_("活动次数"), ordering="activities_total")
    def activity_count(self, team):
        return team.activities_total


@admin.register(LegalServiceActivity)
class LegalServiceActivityAdmin(RightsAdmin):
    union_path = "team__union"
    scoped_foreign_keys = {"team": "union"}
    list_display = ["held_on", "team", "place", "district", "enterprise_count", "workers_served"]
    list_filter = ["team", "district"]
    list_select_related = ["team", "district"]
    search_fields = ["place", "team__name", "enterprises__name"]
    autocomplete_fields = ["enterprises"]
    date_hierarchy = "held_on"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("enterprises")

    @admin.display(description=_("走访企业"))
    def enterprise_count(self, activity):
        return len(activity.enterprises.all())
