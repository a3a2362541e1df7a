"""Spreadsheet import and export of entries and results (they arrive from the enterprises).

Both resources read Chinese headers, match the competition by (竞赛名称, 年份) and the enterprise
by its 统一社会信用代码, else by its name (creating it when new). Look-ups are cached once per
file in ``before_import`` and rows are saved in bulk: no query per row except to create an
enterprise seen for the first time. A file with any bad row writes nothing; every error names
the spreadsheet row and the column.
"""

import contextlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from competitions.models import Competition, Entry, Result
from organizations.models import Organization
from organizations.services import OrganizationMatcher
from organizations.validators import credit_code_check_char
from reports.imports import CountedRecordsResource
from unionportal.spreadsheets.widgets import (
    CellError,
    CountWidget,
    MoneyWidget,
    YesNoWidget,
    organisation_of_cells,
)

COMPETITION_NAME = "竞赛名称"
YEAR = "年份"
ORGANISATION_NAME = "企业名称"
CREDIT_CODE = "统一社会信用代码"


NAME_MAX = Organization._meta.get_field("name").max_length


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class PrizeWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)
        self.by_label = {str(label): value for value, label in Result.Prize.choices}

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return ""
        text = str(value).strip()
        if text in self.by_label:
            return self.by_label[text]
        if text in Result.Prize.values:
            return text
        raise CellError(
            "奖项应为%s之一，或留空（填写的是%s）。" % ("、".join(self.by_label), value)
        )

    def render(self, value, obj=None, **kwargs):
        return str(Result.Prize(value).label) if value else ""


def _parse_year(value):
    if _blank(value):
        raise CellError("必须填写。")
    try:
        year = int(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError) as exc:
        raise CellError("应为四位年份，如2018（填写的是%s）。" % value) from exc
    if not 1949 <= year <= 2100:
        raise CellError("应为四位年份，如2018（填写的是%s）。" % value)
    return year


@dataclass
class RowState:
    competition: Competition | None = None
    organisation: Organization | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


EXAMPLE_CODE = "91320600MAEXAMP10" + credit_code_check_char("91320600MAEXAMP10")

EXAMPLES = {
    "竞赛名称": "2018年全市职工创新升级竞赛",
    "年份": 2018,
    "企业名称": "示例精密机械有限公司",
    "统一社会信用代码": EXAMPLE_CODE,
    "参与职工数": 120,
    "班组数": 8,
    "合理化建议": 30,
    "技术革新攻关": 3,
    "先进操作法": 1,
    "经济效益（元）": 500000,
    "姓名": "张示例",
    "名次": 1,
    "奖项": "一等奖",
    "是否晋升技术等级": "是",
    "晋升等级": "技师",
}


class CompetitionRecordResource(CountedRecordsResource):
    """What entries and results share: cached look-ups, row/column errors, bulk saving."""

    template_examples = EXAMPLES
    export_related = ("competition", "organisation")

    #: the natural key of a record in one competition, besides competition and organisation
    def record_key(self, state: RowState, row) -> tuple:
        raise NotImplementedError

    def existing_records(self, competitions):
        raise NotImplementedError

    # --- the import -------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []

        def column(name):
            return dataset[name] if name in headers else []

        names = {str(v).strip() for v in column(COMPETITION_NAME) if not _blank(v)}
        years = set()
        for value in column(YEAR):
            with contextlib.suppress(CellError):
                years.add(_parse_year(value))
        self.competitions = {
            (c.name, c.year): c for c in Competition.objects.filter(name__in=names, year__in=years)
        }
        codes = {str(v).strip().upper() for v in column(CREDIT_CODE) if not _blank(v)}
        org_names = {str(v).strip() for v in column(ORGANISATION_NAME) if not _blank(v)}
        self.organisations = OrganizationMatcher(codes=codes, names=org_names)
        self.existing = self.existing_records(list(self.competitions.values()))
        self.seen_rows: dict[tuple, int] = {}
        self.years: set[int] = set()
        self.state = RowState()

    def before_import_row(self, row, **kwargs):
        state = RowState()
        name = "" if _blank(row.get(COMPETITION_NAME)) else str(row[COMPETITION_NAME]).strip()
        year = None
        try:
            year = _parse_year(row.get(YEAR))
        except CellError as exc:
            state.errors[YEAR] = [str(exc)]
        if not name:
            state.errors[COMPETITION_NAME] = ["必须填写。"]
        elif year is not None:
            state.competition = self.competitions.get((name, year))
            if state.competition is None:
                state.errors[COMPETITION_NAME] = [
                    "未找到%d年的竞赛“%s”：请核对名称和年份，或先在后台录入该竞赛。" % (year, name)
                ]
        state.organisation = self.resolve_organisation(row, state.errors)
        self.state = state
        super().before_import_row(row, **kwargs)

    def resolve_organisation(self, row, errors) -> Organization | None:
        name = "" if _blank(row.get(ORGANISATION_NAME)) else str(row[ORGANISATION_NAME]).strip()
        code = "" if _blank(row.get(CREDIT_CODE)) else str(row[CREDIT_CODE]).strip().upper()
        if len(name) > NAME_MAX:
            errors[ORGANISATION_NAME] = ["不超过%d个字。" % NAME_MAX]
            return None
        return organisation_of_cells(
            self.organisations,
            name=name,
            code=code,
            errors=errors,
            name_column=ORGANISATION_NAME,
            code_column=CREDIT_CODE,
        )

    def get_instance(self, instance_loader, row):
        state = self.state
        if state.competition is None or state.organisation is None:
            return None
        return self.existing.get(self.record_key(state, row))

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for column, messages in exc.message_dict.items():
                    errors.setdefault(column, []).extend(messages)
            else:
                errors.setdefault(COMPETITION_NAME, []).extend(exc.messages)
        state = self.state
        number = kwargs.get("row_number", 0) + 1  # the header is the spreadsheet's row 1
        for column, messages in state.errors.items():
            errors.setdefault(column, []).extend(messages)
        if state.competition is not None and state.organisation is not None:
            instance.competition = state.competition
            instance.organisation = state.organisation
            key = self.record_key(state, row)
            if key in self.seen_rows:
                errors.setdefault(ORGANISATION_NAME, []).append(
                    "与第%d行重复：同一竞赛中不应出现两次。" % self.seen_rows[key]
                )
            else:
                self.seen_rows[key] = number
            self.years.add(state.competition.year)
        self.check_record(instance, row, errors, number=kwargs.get("row_number", 0) + 1)
        if errors:
            raise ValidationError(errors)

    def check_record(self, instance, row, errors, *, number: int) -> None:
        """Rules of the record beyond one cell (the database enforces them too)."""

    def figure_years_imported(self):
        return self.years


def _text(attribute, column, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, readonly=True, **kwargs)


def _count(attribute, column):
    return fields.Field(attribute=attribute, column_name=column, widget=CountWidget())


class EntryResource(CompetitionRecordResource):
    competition_name = _text("competition__name", COMPETITION_NAME)
    competition_year = _text("competition__year", YEAR, widget=CountWidget())
    organisation_name = _text("organisation__name", ORGANISATION_NAME)
    credit_code = _text("organisation__credit_code", CREDIT_CODE)
    workers = _count("workers", "参与职工数")
    teams = _count("teams", "班组数")
    suggestions = _count("suggestions", "合理化建议")
    innovations = _count("innovations", "技术革新攻关")
    advanced_methods = _count("advanced_methods", "先进操作法")
    economic_benefit_yuan = fields.Field(
        attribute="economic_benefit_yuan",
        column_name="经济效益（元）",
        widget=MoneyWidget(max_digits=Entry._meta.get_field("economic_benefit_yuan").max_digits),
    )

    required_columns = (COMPETITION_NAME, YEAR, ORGANISATION_NAME)
    bulk_update_fields = [
        "workers",
        "teams",
        "suggestions",
        "innovations",
        "advanced_methods",
        "economic_benefit_yuan",
    ]

    class Meta:
        model = Entry
        fields = (
            "competition_name",
            "competition_year",
            "organisation_name",
            "credit_code",
            "workers",
            "teams",
            "suggestions",
            "innovations",
            "advanced_methods",
            "economic_benefit_yuan",
        )
        use_bulk = True
        batch_size = 500
        clean_model_instances = False  # checked by the widgets; full_clean costs queries per row
        skip_diff = False

    def record_key(self, state, row):
        return (state.competition.pk, state.organisation.pk)

    def existing_records(self, competitions):
        entries = Entry.objects.filter(competition__in=competitions).select_related(
            "competition", "organisation"
        )
        return {(e.competition_id, e.organisation_id): e for e in entries}


class ResultResource(CompetitionRecordResource):
    competition_name = _text("competition__name", COMPETITION_NAME)
    competition_year = _text("competition__year", YEAR, widget=CountWidget())
    contestant_name = fields.Field(
        attribute="contestant_name", column_name="姓名", widget=widgets.CharWidget()
    )
    organisation_name = _text("organisation__name", ORGANISATION_NAME)
    credit_code = _text("organisation__credit_code", CREDIT_CODE)
    rank = fields.Field(
        attribute="rank", column_name="名次", widget=CountWidget(minimum=1, default=None)
    )
    prize = fields.Field(attribute="prize", column_name="奖项", widget=PrizeWidget())
    grade_upgraded = fields.Field(
        attribute="grade_upgraded", column_name="是否晋升技术等级", widget=YesNoWidget()
    )
    new_grade = fields.Field(
        attribute="new_grade", column_name="晋升等级", widget=widgets.CharWidget()
    )

    required_columns = (COMPETITION_NAME, YEAR, "姓名", ORGANISATION_NAME, "名次")
    bulk_update_fields = ["rank", "prize", "grade_upgraded", "new_grade"]

    class Meta:
        model = Result
        fields = (
            "competition_name",
            "competition_year",
            "contestant_name",
            "organisation_name",
            "credit_code",
            "rank",
            "prize",
            "grade_upgraded",
            "new_grade",
        )
        use_bulk = True
        batch_size = 500
        clean_model_instances = False
        skip_diff = False

    @staticmethod
    def _name(row) -> str:
        return "" if _blank(row.get("姓名")) else str(row["姓名"]).strip()

    def record_key(self, state, row):
        return (state.competition.pk, self._name(row), state.organisation.pk)

    def existing_records(self, competitions):
        results = Result.objects.filter(competition__in=competitions).select_related(
            "competition", "organisation"
        )
        self.first_places = {r.competition_id: r for r in results if r.rank == 1}
        self.first_places_in_file: dict[int, int] = {}
        return {(r.competition_id, r.contestant_name, r.organisation_id): r for r in results}

    def check_record(self, instance, row, errors, *, number):
        instance.contestant_name = (instance.contestant_name or "").strip()
        instance.new_grade = (instance.new_grade or "").strip()
        if not instance.contestant_name:
            errors.setdefault("姓名", []).append("必须填写。")
        if len(instance.contestant_name) > 50:
            errors.setdefault("姓名", []).append("不超过50个字。")
        if len(instance.new_grade) > 30:
            errors.setdefault("晋升等级", []).append("不超过30个字。")
        if instance.new_grade and not instance.grade_upgraded:
            errors.setdefault("晋升等级", []).append(
                "填写了晋升等级，但“是否晋升技术等级”不是“是”。"
            )
        if instance.rank == 1 and instance.competition_id:
            holder = self.first_places.get(instance.competition_id)
            if holder is not None and holder.pk != instance.pk:
                errors.setdefault("名次", []).append(
                    "该竞赛已有第一名（%s），每项竞赛只有一名第一名。" % holder.contestant_name
                )
            elif instance.competition_id in self.first_places_in_file:
                errors.setdefault("名次", []).append(
                    "与第%d行同为第一名，每项竞赛只有一名第一名。"
                    % self.first_places_in_file[instance.competition_id]
                )
            else:
                self.first_places_in_file[instance.competition_id] = number
