"""Spreadsheet import and export of worker-service records, one template a kind.

- The ledger: ``ledger_resource_for(kind)`` makes the resource of one ledger kind, whose columns
  are the line's own (date, reporting union, place …) followed by one column a measure of that
  kind, named “measure (unit)”. A new kind of work with its measures, entered in the admin, has
  its template at once. A line is found again by kind, date, union, place and title, so a
  second import of the same file updates rather than duplicates.
- Person-level records (recuperation participants, certificates, students, housed families):
  ID and phone numbers are read, checked and stored encrypted; the table of rows with errors
  masks them; an export masks them unless the exporting user may see them whole, and such an
  export is written to the access log.

County union staff import only their own union's rows; all or nothing, every error a Chinese
sentence naming the row and column (the shared base, ``unionportal.spreadsheets``).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from organizations.models import District, UnionUnit
from organizations.selectors import user_may_act_for
from reports.imports import CountedRecordsResource
from unionportal.personal_data import (
    AccessAction,
    id_number_check,
    id_number_hash,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    phone_check,
)
from unionportal.spreadsheets.widgets import (
    CellError,
    ChineseDateWidget,
    ChoiceLabelWidget,
    CountWidget,
    MoneyWidget,
    NameWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
)
from welfare import services
from welfare.models import (
    Certificate,
    DegreeStudent,
    HousedFamily,
    LedgerKind,
    LedgerLine,
    LedgerValue,
    Measure,
    RecuperationBatch,
    RecuperationParticipant,
)

UNION = "报送工会"
ID_NUMBER = "身份证号"
PHONE = "手机号"
SCOPE_REFUSAL = "只能导入本工会（及下属工会）报送的记录。"


class ScopedImportMixin:
    """The union's scope checked for each row, and the years the kept import touches marked."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.years: set[int] = set()
        self.seen: dict[tuple, int] = {}

    def scope_check(self, instance, errors, column=UNION) -> None:
        union = services.union_of(instance)
        if union is not None and self.import_user and not user_may_act_for(self.import_user, union):
            errors.setdefault(column, []).append(SCOPE_REFUSAL)

    def once_in_file(self, key, errors, column, number) -> None:
        if key in self.seen:
            errors.setdefault(column, []).append("与第%d行重复。" % self.seen[key])
        else:
            self.seen[key] = number

    def figure_years_imported(self):
        return self.years


# --------------------------------------------------------------------------- the ledger


class MeasureField(fields.Field):
    """The column of one measure: read into the line's values, written from them."""

    def __init__(self, measure: Measure):
        widget = (
            MoneyWidget(max_digits=16, required=measure.required)
            if measure.is_money
            else CountWidget(default=None if measure.required else 0)
        )
        # an attribute of its own (the library reads only fields with one); ``save`` and
        # ``get_value`` keep the value on the line's values instead
        super().__init__(
            attribute=f"measure_{measure.code}",
            column_name=f"{measure.name}（{measure.unit}）",
            widget=widget,
        )
        self.measure = measure

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row, **kwargs)
        instance.import_values[self.measure] = None if value is None else Decimal(value)

    def get_value(self, obj):
        pending = getattr(obj, "import_values", None)  # a row being imported (its preview)
        if pending is not None:
            value = pending.get(self.measure)
            return None if value is None else self._shown(value)
        if obj.pk is None:
            return None
        for value in obj.values.all():  # prefetched
            if value.measure_id == self.measure.pk:
                return self._shown(value.value)
        return None

    def _shown(self, value: Decimal):
        return value if self.measure.is_money else int(value)


class LedgerLineResource(ScopedImportMixin, CountedRecordsResource):
    """The lines of one kind (``kind`` and ``measures`` are set by ``ledger_resource_for``)."""

    #: None until staff create a kind: the import then refuses every row, saying so
    kind: LedgerKind | None = None
    measures: list[Measure] = []
    export_related = ("union", "district")
    export_prefetched = ("values",)

    held_on = fields.Field(
        attribute="held_on", column_name="日期", widget=ChineseDateWidget(required=True)
    )
    union = fields.Field(
        attribute="union", column_name=UNION, widget=NameWidget(UnionUnit, "工会", required=True)
    )
    district = fields.Field(
        attribute="district", column_name="区划", widget=NameWidget(District, "区划")
    )
    place = fields.Field(attribute="place", column_name="地点", widget=TextWidget())
    title = fields.Field(attribute="title", column_name="活动名称", widget=TextWidget())
    note = fields.Field(attribute="note", column_name="备注", widget=TextWidget())

    class Meta:
        model = LedgerLine
        fields = ("held_on", "union", "district", "place", "title", "note")
        skip_unchanged = False
        clean_model_instances = True

    @classmethod
    def get_display_name(cls):
        return cls.kind.name if cls.kind is not None else "工作台账"

    def get_queryset(self):
        queryset = LedgerLine.objects.all()
        return queryset if self.kind is None else queryset.filter(kind=self.kind)

    def get_instance(self, instance_loader, row):
        try:
            key = {name: self.fields[name].clean(row) for name in ("held_on", "union", "place")}
        except (ValueError, ValidationError):
            return None
        return self.get_queryset().filter(**key, title=cell_text(row.get("活动名称"))).first()

    def init_instance(self, row=None):
        return LedgerLine(kind=self.kind)

    def import_instance(self, instance, row, **kwargs):
        instance.import_values = {}
        errors: dict[str, list[str]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not cell_text(row.get("地点")):
            errors.setdefault("地点", []).append("必须填写地点。")
        if self.kind is None:
            raise ValidationError("还没有台账类型：请先在“台账类型”中建立类型及其统计项。")
        self.scope_check(instance, errors)
        columns = {m.code: f"{m.name}（{m.unit}）" for m in self.measures}
        try:
            instance.import_values = services.ledger_values_check(
                line=instance, values=instance.import_values
            )
        except ValidationError as exc:
            for code, messages in exc.message_dict.items():
                errors.setdefault(columns.get(code, code), []).extend(messages)
        if not errors and instance.held_on:
            key = (instance.held_on, instance.union_id, instance.place, instance.title)
            self.once_in_file(key, errors, "日期", kwargs.get("row_number", 0) + 1)
            self.years.add(instance.held_on.year)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if kwargs.get("dry_run"):
            return
        LedgerValue.objects.filter(line=instance).exclude(
            measure__in=list(instance.import_values)
        ).delete()
        for measure, value in instance.import_values.items():
            LedgerValue.objects.update_or_create(
                line=instance, measure=measure, defaults={"value": value}
            )

    def filter_export(self, queryset, **kwargs):
        """The lines of this resource's kind only."""
        if self.kind is not None:
            queryset = queryset.filter(kind=self.kind)
        return super().filter_export(queryset, **kwargs)

    @property
    def template_examples(self):
        examples = {
            "日期": "2018-07-15",
            UNION: "崇川区总工会",
            "区划": "崇川区",
            "地点": "示例工业园区",
            "活动名称": f"{self.get_display_name()}（示例）",
            "备注": "",
        }
        for measure in self.measures:
            examples[f"{measure.name}（{measure.unit}）"] = "1200.00" if measure.is_money else 30
        return examples

    @property
    def required_columns(self):
        return (
            "日期",
            UNION,
            "地点",
            *(f"{m.name}（{m.unit}）" for m in self.measures if m.required),
        )


def ledger_resource_for(kind: LedgerKind) -> type[LedgerLineResource]:
    """The import/export resource of one ledger kind, with a column a measure."""
    measures = list(kind.measures.order_by("order", "pk"))
    columns = {f"measure_{measure.code}": MeasureField(measure) for measure in measures}
    return type(  # declared fields, so that the library's export form names them in Chinese
        f"LedgerLineResource_{kind.code}",
        (LedgerLineResource,),
        {
            "kind": kind,
            "measures": measures,
            "__module__": __name__,
            "Meta": type(
                "Meta",
                (LedgerLineResource.Meta,),
                {"fields": (*LedgerLineResource.Meta.fields, *columns)},
            ),
            **columns,
        },
    )


def ledger_resources() -> list[type[LedgerLineResource]]:
    """One resource a kind, in the kinds' order; before any kind exists, the kindless one."""
    kinds = LedgerKind.objects.order_by("order", "name")
    return [ledger_resource_for(kind) for kind in kinds] or [LedgerLineResource]


# --------------------------------------------------------------------------- people


class IdNumberWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        number = normalize_id_number(cell_text(value))
        if not number:
            raise CellError("必须填写身份证号。")
        try:
            id_number_check(number)
        except ValidationError as exc:
            raise CellError("".join(exc.messages)) from None
        return number


class PhoneWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        phone = normalize_phone(cell_text(value))
        if not phone:
            return None
        try:
            phone_check(phone)
        except ValidationError as exc:
            raise CellError("".join(exc.messages)) from None
        return phone


class PersonRecordResource(ScopedImportMixin, CountedRecordsResource):
    """What the person-level imports share: the numbers read, masked and logged."""

    name = fields.Field(attribute="name", column_name="姓名", widget=TextWidget())
    id_number = fields.Field(attribute="id_number", column_name=ID_NUMBER, widget=IdNumberWidget())
    phone = fields.Field(attribute="phone", column_name=PHONE, widget=PhoneWidget())
    workplace = fields.Field(attribute="workplace", column_name="工作单位", widget=TextWidget())
    union = fields.Field(
        attribute="union", column_name=UNION, widget=NameWidget(UnionUnit, "工会", required=True)
    )

    masked_columns = {ID_NUMBER: mask_id_number, PHONE: mask_phone}
    #: the attributes besides the ID number that find a stored record again
    key_fields: tuple[str, ...] = ()

    def __init__(self, *, user=None, sensitive: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.user, self.sensitive = user, sensitive
        self.exported: list = []

    def get_instance(self, instance_loader, row):
        try:
            number = self.fields["id_number"].clean(row)
            key = {name: self.fields[name].clean(row) for name in self.key_fields}
        except (ValueError, ValidationError):
            return None
        return self.get_queryset().filter(id_number_hash=id_number_hash(number), **key).first()

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not cell_text(row.get("姓名")):
            errors.setdefault("姓名", []).append("必须填写姓名。")
        self.scope_check(instance, errors)
        if not errors:
            instance.refresh_hashes()
            key = (instance.id_number_hash, *(getattr(instance, n) for n in self.key_fields))
            self.once_in_file(key, errors, ID_NUMBER, kwargs.get("row_number", 0) + 1)
            self.years.update(services.figure_years(instance))
        if errors:
            raise ValidationError(errors)

    # ---- export: masked unless the user may see the numbers, and then logged ---------------

    def dehydrate_id_number(self, record):
        if self.sensitive:
            self.exported.append(record)
            return record.id_number
        return record.masked_id_number

    def dehydrate_phone(self, record):
        return (record.phone or "") if self.sensitive else record.masked_phone

    def after_export(self, queryset, dataset, **kwargs):
        super().after_export(queryset, dataset, **kwargs)
        if self.sensitive and self.exported and self.user is not None:
            services.personal_data_access_record(
                user=self.user, records=self.exported, action=AccessAction.EXPORT
            )


PERSON_FIELDS = ("name", "id_number", "phone", "workplace", "union")
PERSON_EXAMPLES = {
    "姓名": "张三",
    ID_NUMBER: "320602198001010011",
    PHONE: "13900000000",
    "工作单位": "示例精密机械有限公司",
    UNION: "崇川区总工会",
}


class RecuperationParticipantResource(PersonRecordResource):
    batch = fields.Field(
        attribute="batch",
        column_name="批次名称",
        widget=NameWidget(RecuperationBatch, "疗休养批次", required=True),
    )
    category = fields.Field(
        attribute="category",
        column_name="类别",
        widget=ChoiceLabelWidget(RecuperationParticipant.Category.choices),
    )
    key_fields = ("batch",)
    required_columns = ("批次名称", "姓名", ID_NUMBER, "类别", UNION)
    template_examples = {"批次名称": "2018年职工疗休养第1批", **PERSON_EXAMPLES, "类别": "一线职工"}

    class Meta:
        model = RecuperationParticipant
        fields = ("batch", *PERSON_FIELDS, "category")
        skip_unchanged = False
        clean_model_instances = True

    def scope_check(self, instance, errors, column=UNION):
        super().scope_check(instance, errors, "批次名称")
        union = instance.union if instance.union_id else None
        if union is not None and self.import_user and not user_may_act_for(self.import_user, union):
            errors.setdefault(UNION, []).append(SCOPE_REFUSAL)


class CertificateResource(PersonRecordResource):
    certificate = fields.Field(attribute="certificate", column_name="证书名称", widget=TextWidget())
    obtained_on = fields.Field(
        attribute="obtained_on", column_name="取得日期", widget=ChineseDateWidget(required=True)
    )
    key_fields = ("certificate",)
    required_columns = ("姓名", ID_NUMBER, "证书名称", "取得日期", UNION)
    template_examples = {**PERSON_EXAMPLES, "证书名称": "电工（中级）", "取得日期": "2018-11-20"}

    class Meta:
        model = Certificate
        fields = (*PERSON_FIELDS, "certificate", "obtained_on")
        skip_unchanged = False
        clean_model_instances = True


class DegreeStudentResource(PersonRecordResource):
    programme = fields.Field(attribute="programme", column_name="专业", widget=TextWidget())
    school = fields.Field(attribute="school", column_name="学校", widget=TextWidget())
    enrolled_on = fields.Field(
        attribute="enrolled_on", column_name="入学日期", widget=ChineseDateWidget(required=True)
    )
    left_on = fields.Field(
        attribute="left_on", column_name="毕业/离校日期", widget=ChineseDateWidget()
    )
    front_line = fields.Field(
        attribute="front_line", column_name="一线职工（农民工）", widget=YesNoWidget()
    )
    key_fields = ("programme", "enrolled_on")
    required_columns = ("姓名", ID_NUMBER, "专业", "学校", "入学日期", UNION)
    template_examples = {
        **PERSON_EXAMPLES,
        "专业": "机电一体化",
        "学校": "示例职工大学",
        "入学日期": "2018-09-01",
        "毕业/离校日期": "",
        "一线职工（农民工）": "是",
    }

    class Meta:
        model = DegreeStudent
        fields = (*PERSON_FIELDS, "programme", "school", "enrolled_on", "left_on", "front_line")
        skip_unchanged = False
        clean_model_instances = True


class HousedFamilyResource(PersonRecordResource):
    estate = fields.Field(attribute="estate", column_name="小区", widget=TextWidget())
    household_size = fields.Field(
        attribute="household_size",
        column_name="家庭人口",
        widget=CountWidget(minimum=1, maximum=20, default=1),
    )
    keys_received_on = fields.Field(
        attribute="keys_received_on",
        column_name="交钥匙日期",
        widget=ChineseDateWidget(required=True),
    )
    required_columns = ("姓名", ID_NUMBER, "小区", "交钥匙日期", UNION)
    template_examples = {
        **PERSON_EXAMPLES,
        "小区": "示例家园",
        "家庭人口": 3,
        "交钥匙日期": "2018-09-28",
    }

    class Meta:
        model = HousedFamily
        fields = (*PERSON_FIELDS, "estate", "household_size", "keys_received_on")
        skip_unchanged = False
        clean_model_instances = True
