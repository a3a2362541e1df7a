"""Spreadsheet import and export of honours (django-import-export, Chinese column headers).

The import is built for speed: a 10,000-row file should not cost 10,000 × (a few) queries. Every
lookup the rows need (honour types, districts, people, organisations, the honours already
recorded for the file's years) is read once in ``before_import`` into dictionaries; each row is
then parsed and checked against those dictionaries only; new honours are written with
``bulk_create_with_history`` in batches (``use_bulk``: Django's ``bulk_create`` and
django-simple-history's history rows), and new people are written the same way just before the
honours that refer to them. ``skip_diff`` spares a
deep copy per row; the preview still shows each row's values and whether it is new, an update
or unchanged (skipped).

All or nothing: the library runs the import in one transaction, which ``PortalResource`` always
rolls back when any row is invalid, so a file with one bad row writes nothing.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export.fields import Field

from honors.models import YEAR_MAX, YEAR_MIN, Honour, HonourType, Person, RecipientKind
from honors.services import PersonMatcher
from organizations.models import District, Organization
from organizations.services import OrganizationMatcher
from organizations.validators import validate_credit_code
from reports.imports import CountedRecordsResource
from unionportal.spreadsheets.widgets import cell_date, cell_text

COL_YEAR = "年份"
COL_TYPE = "荣誉类型"
COL_LEVEL = "级别"
COL_KIND = "获奖对象类型"
COL_NAME = "姓名"
COL_GENDER = "性别"
COL_BIRTH_YEAR = "出生年份"
COL_WORKPLACE = "工作单位"
COL_CREDIT_CODE = "统一社会信用代码"
COL_COLLECTIVE = "集体名称"
COL_DISTRICT = "区划"
COL_DATE = "授予日期"
COL_DOCUMENT = "文号"
COL_BODY = "授予机关"
COL_CITATION = "事迹简介"
COL_TITLE = "荣誉名称"

COLUMNS = [
    COL_YEAR,
    COL_TYPE,
    COL_LEVEL,
    COL_KIND,
    COL_NAME,
    COL_GENDER,
    COL_BIRTH_YEAR,
    COL_WORKPLACE,
    COL_CREDIT_CODE,
    COL_COLLECTIVE,
    COL_DISTRICT,
    COL_DATE,
    COL_DOCUMENT,
    COL_BODY,
    COL_CITATION,
    COL_TITLE,
]
REQUIRED_COLUMNS = (COL_YEAR, COL_TYPE, COL_LEVEL, COL_KIND)

EXAMPLE_ROW = [
    2018,
    "五一劳动奖章",
    "省级",
    "个人",
    "张三",
    "男",
    1980,
    "示例机械有限公司",
    "",
    "",
    "崇川区",
    "2018-04-28",
    "苏工发〔2018〕12号",
    "省总工会",
    "（示例行，导入前请删除）",
    "",
]

Level = Honour.Level


def _labels(choices, extra: dict[str, str]) -> dict[str, str]:
    """Accepted spellings → value: the stored value, its Chinese label and common variants."""
    labels = {}
    for value, label in choices:
        labels[str(value)] = value
        labels[str(label)] = value
    labels.update(extra)
    return labels


LEVEL_LABELS = _labels(
    Level.choices,
    {
        "全国": Level.NATIONAL,
        "国家": Level.NATIONAL,
        "全国级": Level.NATIONAL,
        "部级": Level.NATIONAL,
        "省": Level.PROVINCIAL,
        "省部级": Level.PROVINCIAL,
        "市": Level.MUNICIPAL,
        "地市级": Level.MUNICIPAL,
        "县": Level.COUNTY,
        "县级": Level.COUNTY,
        "区级": Level.COUNTY,
        "县区级": Level.COUNTY,
        "县（市、区）": Level.COUNTY,
    },
)
KIND_LABELS = _labels(
    RecipientKind.choices,
    {"本会": RecipientKind.FEDERATION, "市总工会": RecipientKind.FEDERATION},
)
#: rows written per statement
BATCH_SIZE = 1000
GENDER_LABELS = _labels(Person.Gender.choices, {"男性": "male", "女性": "female"})


def _integer(value) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError from exc
    if number != number.to_integral_value():
        raise ValueError
    return int(number)


@dataclass
class ParsedRow:
    key: tuple
    honour_type: HonourType
    level: str
    year: int
    kind: str
    person: Person | None
    organization: Organization | None
    values: dict


class HonourResource(CountedRecordsResource):
    """Honours with Chinese columns; one row is one honour of one recipient."""

    required_columns = REQUIRED_COLUMNS
    template_examples = dict(zip(COLUMNS, EXAMPLE_ROW, strict=True))
    export_related = ("honour_type", "person", "organization", "district")

    #: what an import may change on an honour it finds already recorded
    bulk_update_fields = [
        "awarded_on",
        "document_number",
        "awarding_body",
        "workplace",
        "district",
        "citation",
        "title",
    ]

    year = Field(attribute="year", column_name=COL_YEAR)
    honour_type_name = Field(column_name=COL_TYPE)
    level_label = Field(column_name=COL_LEVEL)
    kind_label = Field(column_name=COL_KIND)
    person_name = Field(column_name=COL_NAME)
    person_gender = Field(column_name=COL_GENDER)
    person_birth_year = Field(column_name=COL_BIRTH_YEAR)
    workplace = Field(attribute="workplace", column_name=COL_WORKPLACE)
    credit_code = Field(column_name=COL_CREDIT_CODE)
    collective_name = Field(column_name=COL_COLLECTIVE)
    district_name = Field(column_name=COL_DISTRICT)
    awarded_on = Field(attribute="awarded_on", column_name=COL_DATE)
    document_number = Field(attribute="document_number", column_name=COL_DOCUMENT)
    awarding_body = Field(attribute="awarding_body", column_name=COL_BODY)
    citation = Field(attribute="citation", column_name=COL_CITATION)
    title = Field(attribute="title", column_name=COL_TITLE)

    class Meta:
        model = Honour
        fields = (
            "year",
            "honour_type_name",
            "level_label",
            "kind_label",
            "person_name",
            "person_gender",
            "person_birth_year",
            "workplace",
            "credit_code",
            "collective_name",
            "district_name",
            "awarded_on",
            "document_number",
            "awarding_body",
            "citation",
            "title",
        )
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True
        report_skipped = True

    # ---- export ---------------------------------------------------------------------------

    def get_queryset(self):
        return Honour.objects.all()

    def dehydrate_honour_type_name(self, honour):
        return honour.honour_type.name

    def dehydrate_level_label(self, honour):
        return honour.get_level_display()

    def dehydrate_kind_label(self, honour):
        return honour.get_recipient_kind_display()

    def dehydrate_person_name(self, honour):
        return honour.person.name if honour.person else ""

    def dehydrate_person_gender(self, honour):
        return honour.person.get_gender_display() if honour.person else ""

    def dehydrate_person_birth_year(self, honour):
        return honour.person.birth_year if honour.person else None

    def dehydrate_credit_code(self, honour):
        return honour.organization.credit_code if honour.organization else ""

    def dehydrate_collective_name(self, honour):
        return honour.organization.name if honour.organization else ""

    def dehydrate_district_name(self, honour):
        return honour.district.name if honour.district else ""

    # ---- import: read every lookup once ---------------------------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._prepare(dataset, **kwargs)

    def _prepare(self, dataset, **kwargs):
        self._years: set[int] = set()
        self._seen: dict[tuple, int] = {}
        self._current: ParsedRow | None = None

        self._types = {}
        for honour_type in HonourType.objects.all():
            self._types[honour_type.name] = honour_type
            self._types[honour_type.code] = honour_type
        self._districts = {district.name: district for district in District.objects.all()}

        headers = dataset.headers or []
        column = {name: headers.index(name) for name in COLUMNS if name in headers}

        def cells(name):
            if name not in column:
                return [""] * len(dataset)
            return [cell_text(value) for value in dataset.get_col(column[name])]

        names, codes, collectives = set(cells(COL_NAME)), set(), set(cells(COL_COLLECTIVE))
        codes = {code.upper() for code in cells(COL_CREDIT_CODE) if code}
        years = set()
        for value in cells(COL_YEAR):
            try:
                years.add(_integer(value))
            except ValueError:
                continue
        names.discard("")
        collectives.discard("")

        self._people = PersonMatcher(names=names)
        self._organizations = OrganizationMatcher(codes=codes, names=collectives, create_later=True)
        self._existing = {}
        years.discard(None)
        if years:
            recorded = Honour.objects.filter(year__in=years).select_related(
                "honour_type", "person", "organization"
            )
            for honour in recorded:
                self._existing[self._key_of(honour)] = honour

    @staticmethod
    def _key(kind, honour_type, level, year, person=None, organization=None, title=""):
        if kind == RecipientKind.INDIVIDUAL:
            recipient = (person.name, person.workplace)
        elif kind == RecipientKind.COLLECTIVE:
            # what the database keeps unique, not the key: a new organisation has none until
            # it is written with the honours of its batch, and a later row names it again
            recipient = organization.credit_code or (organization.name, organization.parent_id)
        else:
            recipient = title
        return (kind, recipient, honour_type.pk, level, year)

    def _key_of(self, honour):
        return self._key(
            honour.recipient_kind,
            honour.honour_type,
            honour.level,
            honour.year,
            honour.person,
            honour.organization,
            honour.title,
        )

    # ---- import: one row ------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        self._current = None
        line = kwargs.get("row_number", 0) + 1  # the header is line 1 of the spreadsheet
        self._current = self._parse(row, line)

    def _parse(self, row, line):
        errors: dict[str, list[str]] = {}

        def fail(column, message):
            errors.setdefault(column, []).append(f"第{line}行“{column}”列：{message}")

        def text(column, max_length=None):
            value = cell_text(row.get(column))
            if max_length and len(value) > max_length:
                fail(column, f"内容过长（最多{max_length}个字）。")
            return value

        year = None
        try:
            year = _integer(row.get(COL_YEAR))
        except ValueError:
            fail(COL_YEAR, f"“{cell_text(row.get(COL_YEAR))}”不是年份，请填写如 2018。")
        else:
            if year is None:
                fail(COL_YEAR, "必须填写。")
            elif not YEAR_MIN <= year <= YEAR_MAX:
                fail(COL_YEAR, f"{year} 不在 {YEAR_MIN}–{YEAR_MAX} 之间。")

        type_name = text(COL_TYPE)
        honour_type = self._types.get(type_name)
        if honour_type is None:
            names = "、".join(name for name, t in self._types.items() if name == t.name)
            fail(COL_TYPE, f"“{type_name}”不是已登记的荣誉类型。可填：{names}。")

        level_text = text(COL_LEVEL)
        level = LEVEL_LABELS.get(level_text)
        if level is None:
            fail(COL_LEVEL, f"“{level_text}”无法识别，请填写 国家级、省级、市级 或 县级。")

        kind_text = text(COL_KIND)
        kind = KIND_LABELS.get(kind_text)
        if not kind_text and honour_type is not None and honour_type.recipient_kind:
            kind = honour_type.recipient_kind
        if kind is None:
            fail(COL_KIND, f"“{kind_text}”无法识别，请填写 个人、集体 或 本会。")
        elif honour_type is not None and honour_type.recipient_kind not in ("", kind):
            fail(
                COL_KIND,
                f"“{honour_type.name}”只授予{honour_type.get_recipient_kind_display()}，"
                f"不能授予{RecipientKind(kind).label}。",
            )

        district_name = text(COL_DISTRICT)
        district = self._districts.get(district_name) if district_name else None
        if district_name and district is None:
            fail(COL_DISTRICT, f"“{district_name}”不是已登记的区划：{'、'.join(self._districts)}。")

        awarded_on = None
        try:
            awarded_on = cell_date(row.get(COL_DATE))
        except ValueError:
            fail(COL_DATE, f"“{cell_text(row.get(COL_DATE))}”不是日期，请填写如 2018-04-28。")

        workplace = text(COL_WORKPLACE, 200)
        title = text(COL_TITLE, 200)
        values = {
            "awarded_on": awarded_on,
            "document_number": text(COL_DOCUMENT, 100),
            "awarding_body": text(COL_BODY, 200),
            "workplace": workplace,
            "district": district,
            "citation": text(COL_CITATION),
            "title": title,
        }

        person = organization = None
        if kind == RecipientKind.INDIVIDUAL:
            name = text(COL_NAME, 50)
            if not name:
                fail(COL_NAME, "个人荣誉必须填写姓名。")
            gender_text = text(COL_GENDER)
            gender = GENDER_LABELS.get(gender_text, "") if gender_text else ""
            if gender_text and not gender:
                fail(COL_GENDER, f"“{gender_text}”无法识别，请填写 男 或 女。")
            birth_year = None
            try:
                birth_year = _integer(row.get(COL_BIRTH_YEAR))
            except ValueError:
                fail(COL_BIRTH_YEAR, f"“{cell_text(row.get(COL_BIRTH_YEAR))}”不是年份。")
            else:
                if birth_year is not None and not 1900 <= birth_year <= YEAR_MAX:
                    fail(COL_BIRTH_YEAR, f"{birth_year} 不是合理的出生年份。")
            if not errors:
                person = self._people.match(
                    name=name, workplace=workplace, gender=gender, birth_year=birth_year
                )
        elif kind == RecipientKind.COLLECTIVE:
            name = text(COL_COLLECTIVE, 200)
            code = text(COL_CREDIT_CODE).upper()
            if code:
                try:
                    validate_credit_code(code)
                except ValidationError as exc:
                    fail(COL_CREDIT_CODE, "".join(exc.messages))
            if not name and not code:
                fail(COL_COLLECTIVE, "集体荣誉必须填写集体名称或统一社会信用代码。")
            if not errors:
                try:
                    organization = self._organizations.match(
                        name=name or code,
                        code=code,
                        kind_without_code=Organization.Kind.TEAM,
                        district=district,
                    )
                except ValidationError as exc:
                    columns = {"name": COL_COLLECTIVE, "credit_code": COL_CREDIT_CODE}
                    for field, messages in exc.message_dict.items():
                        fail(columns.get(field, COL_COLLECTIVE), "".join(messages))
        elif kind == RecipientKind.FEDERATION and not title:
            fail(COL_TITLE, "授予本会的荣誉必须填写荣誉名称（具体称号）。")

        if errors:
            raise ValidationError(errors)

        key = self._key(kind, honour_type, level, year, person, organization, title)
        if key in self._seen:
            raise ValidationError(
                {
                    COL_TYPE: [
                        f"第{line}行与第{self._seen[key]}行重复：同一获奖对象、荣誉类型、级别和年份"
                        "只能登记一次。"
                    ]
                }
            )
        self._seen[key] = line
        self._years.add(year)
        return ParsedRow(key, honour_type, level, year, kind, person, organization, values)

    def get_instance(self, instance_loader, row):
        return self._existing.get(self._current.key) if self._current else None

    @staticmethod
    def _honour_values(parsed: ParsedRow) -> dict:
        return {
            "honour_type": parsed.honour_type,
            "level": parsed.level,
            "year": parsed.year,
            "recipient_kind": parsed.kind,
            "person": parsed.person,
            "organization": parsed.organization,
            **parsed.values,
        }

    def init_instance(self, row=None):
        """A new honour with the row's values, given in one call: each field is set once, not
        to its default first (about a sixth of the rows' own CPU in a 10,000-row import)."""
        if self._current is None:
            return Honour()
        return Honour(**self._honour_values(self._current))

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:  # new: init_instance gave it this row's values
            self._unchanged = False
            return
        before = tuple(getattr(instance, field) for field in self.bulk_update_fields)
        for field, value in self._honour_values(self._current).items():
            setattr(instance, field, value)
        self._unchanged = before == tuple(
            getattr(instance, field) for field in self.bulk_update_fields
        )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not import_validation_errors and self._unchanged

    def get_diff_headers(self):
        return COLUMNS

    def after_import_row(self, row, row_result, **kwargs):
        # The preview shows the row as read (no diff is computed: skip_diff); the confirmation
        # shows no rows, so it keeps none (a 100,000-row file's copy cost ~100 MB).
        if kwargs.get("dry_run"):
            row_result.diff = [cell_text(row.get(column)) for column in COLUMNS]

    # ---- import: write in bulk --------------------------------------------------------------

    def before_bulk_create(self):
        """The new organisations and people first: the honours about to be inserted refer to
        them. Organisations in bulk too: saved one by one (a look-up, a savepoint and an insert
        each, and a search-index refresh at the commit) the 167 new collectives of a
        10,000-row file cost about a tenth of the confirmation (bench/import_honours.py). Like
        the honours, they reach the search index at its periodic sync."""
        for model, new in (
            (Organization, self._organizations.take_new()),
            (Person, self._people.take_new()),
        ):
            if new:
                self.write_new(model, new, BATCH_SIZE)

    def figure_years_imported(self):
        return self._years
