"""Spreadsheet import and export of service sites.

A row names the site's kind, union and district by name, gives its position with the datum it
was read in (GCJ-02 from 高德/腾讯 pickers is converted to the WGS-84 stored), its facilities
separated by 、 and its hours as text ("周一至周五 08:30-17:30；周六 09:00-12:00", "24小时",
"每天 22:00-06:00"). A site is found again by kind and name, so a second file updates it. County
union staff import only their own union's sites. The shared base makes it all or nothing, with
every error a Chinese sentence naming the row and column.
"""

import re

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from organizations.models import District, UnionUnit
from reports.imports import CountedRecordsResource
from stations import hours, services
from stations.models import Facility, FinderSettings, Station, StationKind
from stations.selectors import user_may_act_for
from unionportal.spreadsheets.widgets import (
    CellError,
    ChineseDateWidget,
    NameWidget,
    TextWidget,
    cell_text,
)

DATUM = "坐标系"
HOURS = "开放时间"
FACILITIES = "设施"
UNION = "运营工会"
DATUM_LABELS = {
    "GCJ-02": FinderSettings.Datum.GCJ02,
    "GCJ02": FinderSettings.Datum.GCJ02,
    "火星坐标": FinderSettings.Datum.GCJ02,
    "WGS-84": FinderSettings.Datum.WGS84,
    "WGS84": FinderSettings.Datum.WGS84,
    "GPS": FinderSettings.Datum.WGS84,
}


class CoordinateWidget(widgets.Widget):
    def __init__(self, label: str, low: float, high: float):
        super().__init__(coerce_to_string=False)
        self.label, self.low, self.high = label, low, high

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise CellError("必须填写%s。" % self.label)
        try:
            number = float(text)
        except ValueError:
            raise CellError(
                "%s应为小数度数，如 %s（填写的是%s）。" % (self.label, self.low, text)
            ) from None
        if not self.low <= number <= self.high:
            raise CellError(
                "%s应在%s到%s之间（填写的是%s），请核对是否填反了经纬度。"
                % (self.label, self.low, self.high, text)
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.6f}"


class StationResource(CountedRecordsResource):
    export_prefetched = ("weekly_hours", "facilities")

    kind = fields.Field(
        attribute="kind",
        column_name="类型",
        widget=NameWidget(StationKind, "站点类型", required=True),
    )
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    union = fields.Field(
        attribute="union", column_name=UNION, widget=NameWidget(UnionUnit, "工会", required=True)
    )
    district = fields.Field(
        attribute="district",
        column_name="区划",
        widget=NameWidget(District, "区划", required=True),
    )
    address = fields.Field(attribute="address", column_name="地址", widget=TextWidget())
    latitude = fields.Field(
        attribute="latitude", column_name="纬度", widget=CoordinateWidget("纬度", 3.5, 54.0)
    )
    longitude = fields.Field(
        attribute="longitude", column_name="经度", widget=CoordinateWidget("经度", 73.0, 136.0)
    )
    datum = fields.Field(column_name=DATUM)
    phone = fields.Field(attribute="phone", column_name="电话", widget=TextWidget())
    hours_text = fields.Field(column_name=HOURS)
    hours_note = fields.Field(
        attribute="hours_note", column_name="开放时间说明", widget=TextWidget()
    )
    facility_names = fields.Field(column_name=FACILITIES)
    opened_on = fields.Field(
        attribute="opened_on", column_name="建成日期", widget=ChineseDateWidget(required=True)
    )
    closed_on = fields.Field(
        attribute="closed_on", column_name="停用日期", widget=ChineseDateWidget()
    )
    accessibility = fields.Field(
        attribute="accessibility", column_name="无障碍说明", widget=TextWidget()
    )
    contact_email = fields.Field(
        attribute="contact_email", column_name="联系邮箱", widget=TextWidget()
    )

    required_columns = ("类型", "名称", UNION, "区划", "地址", "纬度", "经度", DATUM, "建成日期")
    template_examples = {
        "类型": "安康·爱心驿站",
        "名称": "示例街道安康·爱心驿站",
        UNION: "崇川区总工会",
        "区划": "崇川区",
        "地址": "示例路88号",
        "纬度": 32.0145,
        "经度": 120.8632,
        DATUM: "GCJ-02",
        "电话": "0513-80000000",
        HOURS: "周一至周五 08:30-17:30；周六、周日 09:00-16:00",
        "开放时间说明": "法定节假日另行通知",
        FACILITIES: "饮用水、微波炉、充电",
        "建成日期": "2018-05-01",
        "停用日期": "",
        "无障碍说明": "入口有坡道",
        "联系邮箱": "",
    }

    class Meta:
        model = Station
        import_id_fields = ("kind", "name")
        fields = (
            "kind",
            "name",
            "union",
            "district",
            "address",
            "latitude",
            "longitude",
            "datum",
            "phone",
            "hours_text",
            "hours_note",
            "facility_names",
            "opened_on",
            "closed_on",
            "accessibility",
            "contact_email",
        )
        skip_unchanged = False
        clean_model_instances = True

    # ---- import -------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.facilities_by_name = {facility.name: facility for facility in Facility.objects.all()}
        self.years: set[int] = set()

    def get_instance(self, instance_loader, row):
        """The site this row names, if stored; a kind the portal does not know finds none, and
        the row's own reading then names the cell (not a failure of the whole file)."""
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:  # CellError included
            return None

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        previous = (instance.opened_on, instance.closed_on) if instance.pk else ()
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        datum = DATUM_LABELS.get(cell_text(row.get(DATUM)).upper().replace(" ", ""))
        if datum is None:
            errors.setdefault(DATUM, []).append(
                "请填写 GCJ-02（高德、腾讯地图拾取的坐标）或 WGS-84（GPS 坐标）。"
            )
        elif instance.latitude is not None and instance.longitude is not None:
            instance.latitude, instance.longitude = services.position_to_wgs84(
                latitude=instance.latitude, longitude=instance.longitude, datum=datum
            )
        union = getattr(instance, "union", None) if instance.union_id else None
        if union is not None and self.import_user and not user_may_act_for(self.import_user, union):
            errors.setdefault(UNION, []).append("只能导入本工会（及下属工会）运营的站点。")
        try:
            instance.import_hours = hours.parse_hours(cell_text(row.get(HOURS)))
        except hours.HoursError as exc:
            errors.setdefault(HOURS, []).append(str(exc))
        instance.import_facilities = self._facilities(row, instance, errors)
        if errors:
            raise ValidationError(errors)
        self.years.update(services.years_touched(instance.opened_on, instance.closed_on, *previous))

    def _facilities(self, row, instance, errors) -> list[Facility]:
        names = [
            name for name in re.split(r"[、,，;；\s]+", cell_text(row.get(FACILITIES))) if name
        ]
        unknown = [name for name in names if name not in self.facilities_by_name]
        if unknown:
            errors.setdefault(FACILITIES, []).append("没有名为“%s”的设施。" % "、".join(unknown))
            return []
        chosen = [self.facilities_by_name[name] for name in dict.fromkeys(names)]
        if instance.kind_id:
            try:
                services.facilities_check(kind=instance.kind, facilities=chosen)
            except ValidationError as exc:
                errors.setdefault(FACILITIES, []).extend(exc.messages)
        return chosen

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        always_open, weekly = instance.import_hours
        services.station_set_weekly_hours(station=instance, always_open=always_open, weekly=weekly)
        instance.facilities.set(instance.import_facilities)

    def figure_years_imported(self):
        return self.years

    # ---- export -------------------------------------------------------------------------

    def dehydrate_datum(self, station):
        return "WGS-84"

    def dehydrate_hours_text(self, station):
        weekly: dict[int, list[hours.Range]] = {}
        for row in station.weekly_hours.all():
            weekly.setdefault(row.weekday, []).append((row.opens, row.closes))
        return hours.format_hours(station.always_open, weekly)

    def dehydrate_facility_names(self, station):
        return "、".join(facility.name for facility in station.facilities.all())
