from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from reports.counted_admin import CountedRecordsAdmin
from stations import selectors, services
from stations.models import (
    Facility,
    FinderSettings,
    SpecialDays,
    Station,
    StationKind,
    StationPhoto,
    WeeklyHours,
)
from stations.resources import StationResource
from unionportal.cache import ShownOnPublicPages
from unionportal.spreadsheets.admin import PortalImportExportAdmin


@admin.register(Facility)
class FacilityAdmin(ShownOnPublicPages, SimpleHistoryAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(StationKind)
class StationKindAdmin(ShownOnPublicPages, SimpleHistoryAdmin):
    list_display = ["name", "code", "short_name", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    filter_horizontal = ["facilities"]

    def get_readonly_fields(self, request, obj=None):
        # The annual figures find a kind by its code: fixed once the kind exists.
        return ["code"] if obj is not None else []


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    extra = 0
    fields = ["weekday", "opens", "closes"]


class SpecialDaysInline(admin.TabularInline):
    model = SpecialDays
    extra = 0
    fields = ["starts_on", "ends_on", "closed", "opens", "closes", "note"]


class StationPhotoInline(admin.TabularInline):
    model = StationPhoto
    extra = 0
    fields = ["image", "alt", "order"]


#: a station's fields as the admin groups them (``StationAdmin.fieldsets``): the station itself,
#: then after its place (address, coordinates and their datum) what it offers
STATION_FIELDS = ["kind", "name", "union", "district", "opened_on", "closed_on"]
SERVICE_FIELDS = [
    "phone",
    "contact_email",
    "always_open",
    "hours_note",
    "facilities",
    "accessibility",
    "description",
    "honours",
]


class StationAdminForm(forms.ModelForm):
    datum = forms.ChoiceField(
        label=_("所填坐标的坐标系"),
        choices=FinderSettings.Datum.choices,
        initial=FinderSettings.Datum.GCJ02,
        help_text=_(
            "从高德、腾讯地图拾取的坐标是 GCJ-02，保存时换算为 WGS-84 存储；GPS 读数是 WGS-84。"
        ),
    )

    class Meta:
        model = Station
        fields = [*STATION_FIELDS, "address", "latitude", "longitude", *SERVICE_FIELDS]
        widgets = {"facilities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["datum"].initial = FinderSettings.Datum.WGS84  # shown as stored

    def clean(self):
        cleaned = super().clean()
        kind, facilities = cleaned.get("kind"), cleaned.get("facilities")
        if kind is not None and facilities is not None:
            try:
                services.facilities_check(kind=kind, facilities=facilities)
            except ValidationError as exc:
                self.add_error("facilities", exc.message_dict["facilities"])
        return cleaned


@admin.register(Station)
class StationAdmin(
    CountedRecordsAdmin, ShownOnPublicPages, PortalImportExportAdmin, SimpleHistoryAdmin
):
    form = StationAdminForm
    resource_classes = [StationResource]
    import_help_text = (
        "站点按“类型＋名称”匹配，已有的站点会被更新。坐标请注明坐标系：高德、腾讯地图拾取的是"
        " GCJ-02，GPS 读数是 WGS-84。开放时间如“周一至周五 08:30-17:30；周六 09:00-12:00”、"
        "“每天 22:00-06:00”或“24小时”；设施用顿号分隔，须在该类型的设施清单中。"
    )
    list_display = ["name", "kind", "district", "union", "opened_on", "closed_on", "always_open"]
    list_filter = ["kind", "district", "union", "always_open", "closed_on"]
    search_fields = ["name", "address", "phone"]
    list_select_related = ["kind", "district", "union"]
    autocomplete_fields = ["honours"]
    inlines = [WeeklyHoursInline, SpecialDaysInline, StationPhotoInline]
    fieldsets = [
        (None, {"fields": STATION_FIELDS}),
        (_("位置"), {"fields": ["address", ("latitude", "longitude"), "datum"]}),
        (_("服务"), {"fields": SERVICE_FIELDS}),
    ]

    def get_queryset(self, request):
        return selectors.station_list(user=request.user).select_related("kind", "district", "union")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "union":
            scope = selectors.union_scope(request.user)
            if scope is not None:
                kwargs["queryset"] = scope
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        previous = ()
        if change:
            stored = Station.objects.filter(pk=obj.pk).values_list("opened_on", "closed_on")
            previous = stored.first() or ()
        # A county union's staff can pick only their unions (above); the service checks again.
        services.station_save(
            station=obj,
            user=request.user,
            datum=form.cleaned_data.get("datum", FinderSettings.Datum.WGS84),
            previous_dates=previous,
        )

    def figure_years(self, records) -> set[int]:
        """A site counts in every year-end figure from its opening on (deletes: one site, or
        several from the list; a save goes through ``station_save``, which marks them itself)."""
        dates = records.values_list("opened_on", "closed_on")
        return {year for pair in dates for year in services.years_touched(*pair)}


@admin.register(FinderSettings)
class FinderSettingsAdmin(ShownOnPublicPages, SimpleHistoryAdmin):
    list_display = ["__str__", "tile_url", "datum", "report_email"]
