"""Spreadsheet import of a batch of disbursements, and export of the (filtered) list.

One row is one payment. The beneficiary is matched by the keyed hash of the ID number and a file
is created when the person is new. Imported payments start as 已申请: approval stays with the
approvers. Exports mask ID and phone numbers unless the exporting user holds ``view_sensitive``,
in which case every exported file is written to the access log.
"""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from assistance.models import AidType, Batch, Beneficiary, Disbursement
from assistance.privacy import mask_id_number, mask_phone
from assistance.selectors import user_may_act_for
from assistance.services import (
    batch_for_import,
    beneficiary_match_for_import,
    beneficiary_open_for_import,
)
from assistance.validators import (
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from organizations.models import District, UnionUnit
from reports.imports import CountedRecordsResource
from unionportal.spreadsheets.widgets import (
    ChineseDateWidget,
    ChoiceLabelWidget,
    MoneyWidget,
    NameWidget,
    TextWidget,
    cell_text,
)

NAME, ID_NUMBER, PHONE, GENDER = "姓名", "身份证号", "电话", "性别"
WORKPLACE, DISTRICT, CATEGORY, CAUSE = "工作单位", "区划", "困难类别", "致困原因"
AID_TYPE, AMOUNT, PAYING_UNION, DATE = "帮扶类型", "金额（元）", "发放工会", "发放日期"
FUND_SOURCE, BATCH = "资金来源", "批次"


#: what staff record of a payment itself, in this order: a file's columns after the person's, and
#: the admin's form after the person's file (assistance/admin.py)
PAYMENT_FIELDS = (
    "aid_type",
    "amount",
    "paying_union",
    "disbursed_on",
    "fund_source",
    "batch",
    "student_name",
    "school",
    "grade",
    "note",
)


class DisbursementResource(CountedRecordsResource):
    """One row, one payment: 姓名, 身份证号 … 金额（元）, 发放工会, 发放日期, 资金来源, 批次."""

    template_skip = ("状态",)  # set by approval, never by a file
    masked_columns = {ID_NUMBER: mask_id_number, PHONE: mask_phone}
    export_related = ("beneficiary__district", "aid_type", "paying_union", "batch")

    required_columns = (NAME, ID_NUMBER, CATEGORY, AID_TYPE, AMOUNT, PAYING_UNION, DATE, BATCH)

    name = Field(column_name=NAME)
    id_number = Field(column_name=ID_NUMBER)
    gender = Field(column_name=GENDER)
    phone = Field(column_name=PHONE)
    workplace = Field(column_name=WORKPLACE)
    district = Field(column_name=DISTRICT)
    category = Field(column_name=CATEGORY)
    cause = Field(column_name=CAUSE)
    aid_type = Field(
        attribute="aid_type", column_name=AID_TYPE, widget=NameWidget(AidType, "帮扶类型")
    )
    amount = Field(
        attribute="amount",
        column_name=AMOUNT,
        widget=MoneyWidget(
            required=True, max_digits=Disbursement._meta.get_field("amount").max_digits
        ),
    )
    paying_union = Field(
        attribute="paying_union", column_name=PAYING_UNION, widget=NameWidget(UnionUnit, "工会")
    )
    disbursed_on = Field(attribute="disbursed_on", column_name=DATE, widget=ChineseDateWidget())
    fund_source = Field(
        attribute="fund_source",
        column_name=FUND_SOURCE,
        widget=ChoiceLabelWidget(Disbursement.FundSource.choices, required=False),
    )
    batch = Field(column_name=BATCH)
    student_name = Field(attribute="student_name", column_name="学生姓名", widget=TextWidget())
    school = Field(attribute="school", column_name="学校", widget=TextWidget())
    grade = Field(attribute="grade", column_name="年级", widget=TextWidget())
    note = Field(attribute="note", column_name="备注", widget=TextWidget())
    status = Field(
        attribute="status",
        column_name="状态",
        widget=ChoiceLabelWidget(Disbursement.Status.choices, required=False),
        readonly=True,
    )

    class Meta:
        model = Disbursement
        fields = (
            "name",
            "id_number",
            "gender",
            "phone",
            "workplace",
            "district",
            "category",
            "cause",
            *PAYMENT_FIELDS,
            "status",
        )
        export_order = fields
        import_order = fields
        force_init_instance = True  # every row is a new payment; nothing is overwritten
        skip_unchanged = False
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, user=None, sensitive: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.sensitive = sensitive
        self.exported_files: dict[int, Beneficiary] = {}
        self.years: set[int] = set()

    # ---- import -------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        user = kwargs.get("user") or self.user
        errors: dict[str, list[str]] = {}
        paying_union = self._clean_column(self.fields["paying_union"], row, errors)
        date = self._clean_column(self.fields["disbursed_on"], row, errors)
        if (
            paying_union is not None
            and user is not None
            and not user_may_act_for(user, paying_union)
        ):
            errors.setdefault(PAYING_UNION, []).append("只能导入本工会发放的记录。")
        beneficiary = self._beneficiary_from_row(row, paying_union, date, errors)
        batch = self._batch_from_row(row, date, errors)
        if errors:
            raise ValidationError(errors)
        instance.beneficiary = beneficiary
        instance.batch = batch
        instance.status = Disbursement.Status.APPLIED
        super().import_instance(instance, row, **kwargs)
        if not instance.fund_source:
            instance.fund_source = Disbursement.FundSource.UNION_FUNDS
        self.years.add(date.year)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors and instance.beneficiary_id is None:
            # The file's own errors say what is wrong; the model would only add "no beneficiary".
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def figure_years_imported(self):
        return self.years

    @staticmethod
    def _clean_column(field, row, errors):
        try:
            return field.clean(row)
        except (ValueError, KeyError) as exc:  # our readers' messages are sentences already
            errors.setdefault(field.column_name, []).append(str(exc))
            return None

    def _beneficiary_from_row(self, row, paying_union, date, errors) -> Beneficiary | None:
        name = cell_text(row.get(NAME))
        number = normalize_id_number(cell_text(row.get(ID_NUMBER)))
        if not name:
            errors.setdefault(NAME, []).append("姓名不能为空。")
        try:
            validate_id_number(number)
        except ValidationError as exc:
            errors.setdefault(ID_NUMBER, []).extend(exc.messages)
            return None
        try:
            existing = beneficiary_match_for_import(id_number=number, name=name)
        except ValidationError as exc:
            errors.setdefault(NAME, []).extend(exc.message_dict["name"])
            return None
        if existing is not None:
            return existing
        phone = normalize_phone(cell_text(row.get(PHONE)))
        if phone:
            try:
                validate_phone(phone)
            except ValidationError as exc:
                errors.setdefault(PHONE, []).extend(exc.messages)
        category = self._choice(row, CATEGORY, Beneficiary.Category.choices, errors, True)
        cause = self._choice(row, CAUSE, Beneficiary.Cause.choices, errors, False)
        gender = self._choice(row, GENDER, Beneficiary.Gender.choices, errors, False)
        district = None
        district_name = cell_text(row.get(DISTRICT))
        if district_name:
            district = District.objects.filter(name=district_name).first()
            if district is None:
                errors.setdefault(DISTRICT, []).append("没有名为“%s”的区划。" % district_name)
        if errors or paying_union is None or date is None:
            return None
        try:
            return beneficiary_open_for_import(
                name=name,
                id_number=number,
                union=paying_union,
                filed_on=date,
                category=category,
                cause=cause,
                gender=gender,
                phone=phone,
                workplace=cell_text(row.get(WORKPLACE)),
                district=district,
            )
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors.setdefault(self._file_column(field_name), []).extend(messages)
            return None

    @staticmethod
    def _file_column(field_name: str) -> str:
        columns = {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE, "gender": GENDER}
        columns |= {"workplace": WORKPLACE, "district": DISTRICT, "category": CATEGORY}
        return columns.get(field_name, field_name)

    @staticmethod
    def _choice(row, column, choices, errors, required):
        text = cell_text(row.get(column))
        if not text:
            if required:
                errors.setdefault(column, []).append("%s不能为空。" % column)
            return ""
        for value, label in choices:
            if text in (str(label), value):
                return value
        errors.setdefault(column, []).append(
            "值“%s”无法识别：应为以下之一：%s"
            % (text, "、".join(str(label) for _, label in choices))
        )
        return ""

    @staticmethod
    def _batch_from_row(row, date, errors) -> Batch | None:
        name = cell_text(row.get(BATCH))
        if not name:
            errors.setdefault(BATCH, []).append("批次不能为空。")
            return None
        if date is None:
            return Batch.objects.filter(name=name).first()
        return batch_for_import(name=name, disbursed_on=date)

    # ---- export -------------------------------------------------------------------------

    def _file(self, disbursement) -> Beneficiary:
        beneficiary = disbursement.beneficiary
        if self.sensitive:
            self.exported_files[beneficiary.pk] = beneficiary
        return beneficiary

    def dehydrate_name(self, disbursement):
        return disbursement.beneficiary.name

    def dehydrate_id_number(self, disbursement):
        number = self._file(disbursement).id_number
        return number if self.sensitive else mask_id_number(number)

    def dehydrate_phone(self, disbursement):
        phone = self._file(disbursement).phone
        return (phone or "") if self.sensitive else mask_phone(phone)

    def dehydrate_gender(self, disbursement):
        return disbursement.beneficiary.get_gender_display()

    def dehydrate_workplace(self, disbursement):
        return disbursement.beneficiary.workplace

    def dehydrate_district(self, disbursement):
        district = disbursement.beneficiary.district
        return district.name if district else ""

    def dehydrate_category(self, disbursement):
        return disbursement.beneficiary.get_category_display()

    def dehydrate_cause(self, disbursement):
        return disbursement.beneficiary.get_cause_display()

    def dehydrate_batch(self, disbursement):
        return disbursement.batch.name if disbursement.batch else ""

    def after_export(self, queryset, dataset, **kwargs):
        super().after_export(queryset, dataset, **kwargs)
        if self.sensitive and self.exported_files and self.user is not None:
            from assistance.models import SensitiveAccessLog
            from assistance.services import sensitive_access_record

            sensitive_access_record(
                user=self.user,
                beneficiaries=self.exported_files.values(),
                action=SensitiveAccessLog.Action.EXPORT,
            )
