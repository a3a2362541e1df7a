from django.contrib import admin

from organizations.models import District, Organization, UnionUnit
from organizations.resources import OrganizationResource
from unionportal.spreadsheets.admin import PortalImportExportAdmin


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
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
class OrganizationAdmin(PortalImportExportAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "kind", "credit_code", "parent", "district", "industry"]
    list_filter = ["kind", "district"]
    list_select_related = ["parent", "district"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["parent", "district"]
