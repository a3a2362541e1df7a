"""Spreadsheet import and export of organisations (enterprises and institutions).

The shared base of every import and export is ``unionportal.spreadsheets``; this module only
declares the columns."""

from import_export import fields

from organizations.models import District, Organization
from unionportal.spreadsheets.formats import escape_formula
from unionportal.spreadsheets.resources import PortalResource
from unionportal.spreadsheets.widgets import ChoiceLabelWidget, NameWidget, TextWidget, cell_text

__all__ = ["OrganizationResource", "escape_formula"]  # reports.downloads imports escape_formula


class CreditCodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value).upper()


class OrganizationResource(PortalResource):
    """Enterprises and institutions, one per 统一社会信用代码 (the code identifies the row)."""

    required_columns = ("单位名称", "统一社会信用代码")
    template_examples = {"单位名称": "示例精密机械有限公司", "类别": "企业", "区划": "崇川区"}

    name = fields.Field(attribute="name", column_name="单位名称", widget=TextWidget())
    credit_code = fields.Field(
        attribute="credit_code", column_name="统一社会信用代码", widget=CreditCodeWidget()
    )
    kind = fields.Field(
        attribute="kind",
        column_name="类别",
        widget=ChoiceLabelWidget(Organization.Kind.choices, default=Organization.Kind.ENTERPRISE),
    )
    district = fields.Field(
        attribute="district", column_name="区划", widget=NameWidget(District, "区划")
    )
    industry = fields.Field(attribute="industry", column_name="行业", widget=TextWidget())

    class Meta:
        model = Organization
        fields = ("name", "credit_code", "kind", "district", "industry")
        import_id_fields = ("credit_code",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
