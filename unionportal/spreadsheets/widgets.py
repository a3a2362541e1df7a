"""Cell readers shared by every spreadsheet import: Chinese labels, counts, money, dates, yes/no,
and an organisation named by its two cells (统一社会信用代码, name).

Each raises ``CellError`` (a ``ValueError``) with a Chinese message shown to staff as it is;
``PortalResource`` adds the row and column (``unionportal.spreadsheets.resources``).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import widgets

from organizations.validators import validate_credit_code


class CellError(ValueError):
    """A cell's value is wrong; the message is shown to staff as it is."""


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def cell_text(value) -> str:
    """A cell as trimmed text; None and blank cells are ''. Excel's 2018.0 reads as '2018'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_date(value) -> datetime.date | None:
    """A date as Excel gives it, or written 2018-09-01, 2018/9/1, 2018年9月1日 …; None for a
    blank cell. Raises ``ValueError`` for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value).split(" ")[0]
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)  # the usual 2018-09-01, quickly
    except ValueError:
        pass
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(text)


def _number(value, what: str) -> Decimal:
    try:
        number = Decimal(cell_text(value).replace(",", "").replace("，", ""))
    except InvalidOperation as exc:
        raise CellError("“%s”不是%s。" % (value, what)) from exc
    if not number.is_finite():
        raise CellError("“%s”不是%s。" % (value, what))
    return number


class TextWidget(widgets.Widget):
    """Text, trimmed; blank is ''."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ChoiceLabelWidget(widgets.Widget):
    """A TextChoices value written with its Chinese label (or its code); blank means ``default``."""

    def __init__(self, choices, *, required: bool = True, default: str | None = None):
        super().__init__(coerce_to_string=False)
        self.choices, self.required, self.default = list(choices), required, default

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.default is not None:
                return self.default
            if self.required:
                raise CellError("必须填写。")
            return ""
        for choice_value, label in self.choices:
            if text in (str(label), str(choice_value)):
                return choice_value
        allowed = "、".join(str(label) for _, label in self.choices)
        raise CellError("“%s”无效，应为以下之一：%s。" % (text, allowed))

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


# Far above any real count, far below the database's integer limit.
COUNT_MAX = 100_000_000


class CountWidget(widgets.Widget):
    """A whole number from ``minimum`` to ``maximum``; blank means ``default`` (None: required)."""

    def __init__(self, *, minimum: int = 0, maximum: int = COUNT_MAX, default: int | None = 0):
        super().__init__(coerce_to_string=False)
        self.minimum, self.maximum, self.default = minimum, maximum, default

    def clean(self, value, row=None, **kwargs):
        if not cell_text(value):
            if self.default is None:
                raise CellError("必须填写。")
            return self.default
        number = _number(value, "数字")
        if number != number.to_integral_value():
            raise CellError("“%s”不是整数。" % value)
        if number < self.minimum:
            if self.minimum == 0:
                raise CellError("不能为负数（填写的是%s）。" % value)
            raise CellError("应为不小于%d的整数（填写的是%s）。" % (self.minimum, value))
        if number > self.maximum:
            if self.maximum == COUNT_MAX:
                raise CellError("数值过大（填写的是%s），请核对。" % value)
            raise CellError("应为不大于%d的整数（填写的是%s）。" % (self.maximum, value))
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else int(value)


class MoneyWidget(widgets.Widget):
    """An amount in 元 with at most two decimals that fits a ``DecimalField(max_digits=…,
    decimal_places=2)``; never negative unless ``allow_negative``."""

    def __init__(self, *, max_digits: int, required: bool = False, allow_negative: bool = False):
        super().__init__(coerce_to_string=False)
        self.limit = Decimal(10) ** (max_digits - 2)
        self.required, self.allow_negative = required, allow_negative

    def clean(self, value, row=None, **kwargs):
        if not cell_text(value):
            if self.required:
                raise CellError("必须填写金额。")
            return Decimal("0")
        amount = _number(value, "金额数字")
        if amount < 0 and not self.allow_negative:
            raise CellError("金额不能为负数（填写的是%s）。" % value)
        if abs(amount) >= self.limit:
            raise CellError("金额过大（填写的是%s），请核对单位是否为元。" % value)
        if amount != amount.quantize(Decimal("0.01")):
            raise CellError("金额最多保留两位小数（填写的是%s）。" % value)
        return amount.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class YesNoWidget(widgets.Widget):
    YES = {"是", "y", "yes", "true", "1", "√", "✓"}
    NO = {"否", "n", "no", "false", "0", "×", "✗"}

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower()
        if not text:
            return False
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise CellError("请填写“是”或“否”（填写的是%s）。" % value)

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ChineseDateWidget(widgets.Widget):
    """A date as Excel gives it, or written 2018-09-01, 2018/9/1, 2018年9月1日 …"""

    def __init__(self, *, required: bool = False):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        try:
            date = cell_date(value)
        except ValueError as exc:
            raise CellError("“%s”不是有效日期，请写作 2018-09-01。" % exc) from None
        if date is None and self.required:
            raise CellError("必须填写日期。")
        return date

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class NameWidget(widgets.Widget):
    """A row of reference data given by its name; an unknown name is a clear error."""

    def __init__(self, model, label: str, *, required: bool = False, field: str = "name"):
        super().__init__(coerce_to_string=False)
        self.model, self.label, self.required, self.field = model, label, required, field

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if not name:
            if self.required:
                raise CellError("必须填写%s。" % self.label)
            return None
        try:
            return self.model.objects.get(**{self.field: name})
        except self.model.DoesNotExist:
            raise CellError("没有名为“%s”的%s。" % (name, self.label)) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def organisation_of_cells(
    matcher, *, name: str, code: str, errors: dict, name_column: str, code_column: str
):
    """The organisation a row names by its 统一社会信用代码 (checked first) or else its name,
    through the file's ``organizations.services.OrganizationMatcher`` (which creates one new to
    the portal); None when it cannot be, the reason added to ``errors`` under the column it is
    about. One reading for every import that names an enterprise by these two cells
    (competitions' entries and results, the rights records), so that they refuse alike."""
    if code:
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            errors.setdefault(code_column, []).extend(exc.messages)
            return None
    try:
        return matcher.match(name=name, code=code)
    except ValidationError as exc:
        columns = {"name": name_column, "credit_code": code_column}
        for field, messages in exc.message_dict.items():
            errors.setdefault(columns.get(field, name_column), []).extend(messages)
        return None
