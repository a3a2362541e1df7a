"""Spreadsheet import and export of rights records, one template a kind of record: collective
contracts, the monitoring sample, supervision visits.

A row names its enterprise by 统一社会信用代码 (or name, for one the portal knows by name only;
a new one is created, as competitions' entries do) and the union that reports it by name. A
county union's staff import only their own union's rows. A record is found again by its natural
key (contract: enterprise, kind, start; sample: year, enterprise; visit: enterprise, date,
supervising organisation), so a second import of the same file updates rather than duplicates.
All or nothing, every error a Chinese sentence naming the row and column (the shared base).
"""

from django.core.exceptions import ValidationError
from import_export import fields

from organizations.models import Organization, UnionUnit
from organizations.selectors import user_may_act_for
from organizations.services import OrganizationMatcher
from organizations.validators import credit_code_check_char
from reports.imports import CountedRecordsResource
from rights import services
from rights.models import CollectiveContract, MonitoringSample, SupervisionVisit
from unionportal.spreadsheets.widgets import (
    ChineseDateWidget,
    ChoiceLabelWidget,
    CountWidget,
    NameWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    organisation_of_cells,
)

ENTERPRISE = "企业名称"
CREDIT_CODE = "统一社会信用代码"
EXAMPLE_CODE = "91320600MAEXAMP20" + credit_code_check_char("91320600MAEXAMP20")


class EnterpriseRecordResource(CountedRecordsResource):
    """What the rights imports share: the enterprise matched, the union's scope checked, the
    years whose figures the rows touch marked once the import is kept."""

    enterprise_name = fields.Field(
        attribute="enterprise__name", column_name=ENTERPRISE, readonly=True
    )
    credit_code = fields.Field(
        attribute="enterprise__credit_code", column_name=CREDIT_CODE, readonly=True
    )
    #: the column naming the union (its label differs by record)
    union_column = "报送工会"
    export_related = ("enterprise", "union")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []

        def column(name):
            return [cell_text(value) for value in dataset[name]] if name in headers else []

        self.enterprises = OrganizationMatcher(
            codes=[code.upper() for code in column(CREDIT_CODE)], names=column(ENTERPRISE)
        )
        self.years: set[int] = set()
        self.seen: dict[tuple, int] = {}

    #: the attributes (besides the enterprise) that find a stored record again
    key_fields: tuple[str, ...] = ()

    def get_instance(self, instance_loader, row):
        """The stored record this row names (its enterprise and ``key_fields``), to update it;
        None for a new one, or when a key cell cannot be read (the row's reading reports it)."""
        errors: dict[str, list[str]] = {}
        enterprise = self._enterprise(row, errors)
        if enterprise is None or enterprise.pk is None:
            return None
        try:
            key = tuple(self.fields[name].clean(row) for name in self.key_fields)
        except (ValueError, ValidationError):
            return None
        lookup = dict(zip(self.key_fields, key, strict=True))
        return self.get_queryset().filter(enterprise=enterprise, **lookup).first()

    def _enterprise(self, row, errors) -> Organization | None:
        return organisation_of_cells(
            self.enterprises,
            name=cell_text(row.get(ENTERPRISE)),
            code=cell_text(row.get(CREDIT_CODE)).upper(),
            errors=errors,
            name_column=ENTERPRISE,
            code_column=CREDIT_CODE,
        )

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        enterprise = self._enterprise(row, errors)
        if enterprise is not None:
            instance.enterprise = enterprise
        union = instance.union if instance.union_id else None
        if union is not None and self.import_user and not user_may_act_for(self.import_user, union):
            errors.setdefault(self.union_column, []).append(
                "只能导入本工会（及下属工会）报送的记录。"
            )
        if not errors:
            key = (instance.enterprise.pk, *(getattr(instance, n) for n in self.key_fields))
            number = kwargs.get("row_number", 0) + 1
            if key in self.seen:
                errors.setdefault(ENTERPRISE, []).append("与第%d行重复。" % self.seen[key])
            self.seen[key] = number
            self.years.update(services.figure_years(instance))
        if errors:
            raise ValidationError(errors)

    def figure_years_imported(self):
        return self.years


def _union(column: str) -> fields.Field:
    return fields.Field(
        attribute="union", column_name=column, widget=NameWidget(UnionUnit, "工会", required=True)
    )


class CollectiveContractResource(EnterpriseRecordResource):
    kind = fields.Field(
        attribute="kind",
        column_name="合同类别",
        widget=ChoiceLabelWidget(
            [
                ("general", "综合"),
                ("wage", "工资专项"),
                ("women", "女职工专项"),
                *CollectiveContract.Kind.choices,  # last: the label an export writes
            ]
        ),
    )
    signed_on = fields.Field(
        attribute="signed_on", column_name="签订日期", widget=ChineseDateWidget(required=True)
    )
    valid_from = fields.Field(
        attribute="valid_from", column_name="生效日期", widget=ChineseDateWidget(required=True)
    )
    valid_to = fields.Field(
        attribute="valid_to", column_name="到期日期", widget=ChineseDateWidget(required=True)
    )
    workers_covered = fields.Field(
        attribute="workers_covered", column_name="覆盖职工数", widget=CountWidget()
    )
    union = _union("指导工会")
    union_column = "指导工会"

    required_columns = (ENTERPRISE, "合同类别", "签订日期", "生效日期", "到期日期", "指导工会")
    template_examples = {
        ENTERPRISE: "示例精密机械有限公司",
        CREDIT_CODE: EXAMPLE_CODE,
        "合同类别": "工资专项",
        "签订日期": "2018-03-20",
        "生效日期": "2018-04-01",
        "到期日期": "2021-03-31",
        "覆盖职工数": 260,
        "指导工会": "崇川区总工会",
    }

    key_fields = ("kind", "valid_from")

    class Meta:
        model = CollectiveContract
        fields = (
            "enterprise_name",
            "credit_code",
            "kind",
            "signed_on",
            "valid_from",
            "valid_to",
            "workers_covered",
            "union",
        )
        skip_unchanged = False
        clean_model_instances = True


class MonitoringSampleResource(EnterpriseRecordResource):
    year = fields.Field(
        attribute="year",
        column_name="年度",
        widget=CountWidget(minimum=1949, maximum=2100, default=None),
    )
    union = _union("报送工会")
    note = fields.Field(attribute="note", column_name="备注", widget=TextWidget())

    required_columns = ("年度", ENTERPRISE, "报送工会")
    template_examples = {
        "年度": 2018,
        ENTERPRISE: "示例精密机械有限公司",
        CREDIT_CODE: EXAMPLE_CODE,
        "报送工会": "崇川区总工会",
        "备注": "",
    }

    key_fields = ("year",)

    class Meta:
        model = MonitoringSample
        fields = ("year", "enterprise_name", "credit_code", "union", "note")
        skip_unchanged = False
        clean_model_instances = True


class SupervisionVisitResource(EnterpriseRecordResource):
    visited_on = fields.Field(
        attribute="visited_on", column_name="监督日期", widget=ChineseDateWidget(required=True)
    )
    supervisor = fields.Field(attribute="supervisor", column_name="监督组织", widget=TextWidget())
    level = fields.Field(
        attribute="level",
        column_name="监督组织层级",
        widget=ChoiceLabelWidget(
            [
                ("city", "市"),
                ("county", "县"),
                ("town", "乡镇"),
                *SupervisionVisit.Level.choices,  # last: the label an export writes
            ]
        ),
    )
    union = _union("报送工会")
    findings = fields.Field(attribute="findings", column_name="发现的问题", widget=TextWidget())
    opinion_letter = fields.Field(
        attribute="opinion_letter", column_name="发出监督意见书", widget=YesNoWidget()
    )
    workers_corrected = fields.Field(
        attribute="workers_corrected", column_name="纠正违法用工人次", widget=CountWidget()
    )

    required_columns = (ENTERPRISE, "监督日期", "监督组织", "监督组织层级", "报送工会")
    template_examples = {
        ENTERPRISE: "示例精密机械有限公司",
        CREDIT_CODE: EXAMPLE_CODE,
        "监督日期": "2018-06-12",
        "监督组织": "示例镇工会劳动法律监督小组",
        "监督组织层级": "乡镇（街道）级",
        "报送工会": "崇川区总工会",
        "发现的问题": "部分职工未签订书面劳动合同",
        "发出监督意见书": "是",
        "纠正违法用工人次": 12,
    }

    key_fields = ("visited_on", "supervisor")

    class Meta:
        model = SupervisionVisit
        fields = (
            "enterprise_name",
            "credit_code",
            "visited_on",
            "supervisor",
            "level",
            "union",
            "findings",
            "opinion_letter",
            "workers_corrected",
        )
        skip_unchanged = False
        clean_model_instances = True
