from django.contrib import admin

from organizations.models import District, Organization, UnionUnit
from organizations.resources import OrganizationResource
from unionportal.cache import ShownOnPublicPages
from unionportal.spreadsheets.admin import PortalImportExportAdmin


# Districts and organisations are on public pages (the enterprise directory and its filters, the
# filters of 劳模风采 and the rolls): ShownOnPublicPages makes the cached pages follow an edit.
@admin.register(District)
class DistrictAdmin(ShownOnPublicPages, admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(UnionUnit)
class UnionUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "district", "order"]
    list_filter = ["kind", "district"]
    list_select_related = ["parent", "district"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "district"]


@admin.register(Organization)
class OrganizationAdmin(ShownOnPublicPages, PortalImportExportAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "kind", "credit_code", "parent", "district", "industry"]
    list_filter = ["kind", "district"]
    list_select_related = ["parent", "district"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["parent", "district"]
