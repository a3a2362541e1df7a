"""The public form of a request: the kind's own fields only, the privacy consent, a captcha in
words, a honeypot, size limits. It works with no JavaScript."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from appeals import captcha, selectors, services
from appeals.models import Appeal, AppealKind
from organizations.models import District
from unionportal.personal_data import (
    id_number_check,
    normalize_id_number,
    normalize_phone,
    phone_check,
)

DESCRIPTION_MAX = 2000
DESCRIPTION_MIN = 10
HONEYPOT = "website"
OPTIONAL_VALUES = ("name", "phone", "id_number", "employer", "district", "amount_owed", "email")


def _phone(value: str) -> str:
    value = normalize_phone(value)
    phone_check(value)
    return value


class KindFieldsMixin:
    """Adds the fields a kind switches on (``AppealKind.asks_*``) to a form."""

    def add_kind_fields(self, kind: AppealKind, *, anonymous_allowed: bool) -> None:
        required = not anonymous_allowed
        fields = self.fields
        subkinds = selectors.subkinds_of(kind)
        if subkinds.exists():
            fields["subkind"] = forms.ModelChoiceField(
                label=_("具体类别"), queryset=subkinds, empty_label=_("请选择")
            )
            fields["subkind"].label_from_instance = lambda subkind: subkind.name
        if anonymous_allowed:
            fields["anonymous"] = forms.BooleanField(
                label=_("匿名提交（不填姓名和手机号码）"), required=False
            )
        if kind.asks_name:
            fields["name"] = forms.CharField(label=_("姓名"), max_length=50, required=required)
        if kind.asks_phone:
            fields["phone"] = forms.CharField(
                label=_("手机号码"),
                max_length=20,
                required=required,
                help_text=_("查询办理进度时需要手机号码后四位。"),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
            )
        if kind.asks_id_number:
            fields["id_number"] = forms.CharField(label=_("身份证号"), max_length=20)
        if kind.asks_employer:
            fields["employer"] = forms.CharField(
                label=_("工作单位"), max_length=200, required=False
            )
        if kind.asks_district:
            fields["district"] = forms.ModelChoiceField(
                label=_("所在区县"),
                queryset=District.objects.order_by("order", "name"),
                required=False,
                empty_label=_("请选择"),
            )
        if kind.asks_amount_owed:
            fields["amount_owed"] = forms.DecimalField(
                label=_("涉及金额（元）"),
                max_digits=12,
                decimal_places=2,
                required=False,
                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1e9"))],
            )
        if kind.asks_email:
            fields["email"] = forms.EmailField(
                label=_("电子邮箱（选填，用于接收查询码）"), max_length=254, required=False
            )
        fields["description"] = forms.CharField(
            label=_("诉求内容"),
            min_length=DESCRIPTION_MIN,
            max_length=DESCRIPTION_MAX,
            widget=forms.Textarea(attrs={"rows": 8}),
            help_text=_("请写明事情经过和您的诉求，%(max)d字以内。") % {"max": DESCRIPTION_MAX},
        )

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        return _phone(value) if value else ""

    def clean_id_number(self):
        value = normalize_id_number(self.cleaned_data.get("id_number", ""))
        id_number_check(value)
        return value

    def kind_values(self) -> dict:
        """The kind's optional fields as the service takes them (empty numbers are None)."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in OPTIONAL_VALUES if name in self.fields}
        for name in ("phone", "id_number", "email"):
            if name in values and not values[name]:
                values[name] = None
        for name in ("name", "employer"):
            if name in values:
                values[name] = values[name] or ""
        if data.get("anonymous"):
            values["name"], values["phone"] = "", None
        return values


class AppealForm(KindFieldsMixin, forms.Form):
    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha_answer = forms.CharField(
        label=_("验证问题"),
        max_length=10,
        error_messages={"required": _("请回答验证问题。")},
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意上述个人信息保护告知"),
        error_messages={"required": _("请阅读个人信息保护告知，同意后才能提交。")},
    )
    publish_consent = forms.BooleanField(
        label=_("同意在去除个人信息后，将答复公开在“答复选登”中"), required=False
    )

    def __init__(self, *args, kind: AppealKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        consent = self.fields.pop("consent")
        publish = self.fields.pop("publish_consent")
        token, answer = self.fields.pop("captcha_token"), self.fields.pop("captcha_answer")
        self.add_kind_fields(kind, anonymous_allowed=kind.allows_anonymous)
        if kind.asks_attachments:
            for number in range(1, services.ATTACHMENT_MAX_COUNT + 1):
                self.fields[f"attachment_{number}"] = forms.FileField(
                    label=_("附件%(n)d（图片或PDF，4MB以内，选填）") % {"n": number},
                    required=False,
                    widget=forms.ClearableFileInput(
                        attrs={"accept": "image/jpeg,image/png,image/gif,image/webp,.pdf"}
                    ),
                )
        self.fields["publish_consent"] = publish
        self.fields["consent"] = consent
        # The honeypot: off screen, skipped by keyboard and screen readers, filled by robots.
        self.fields[HONEYPOT] = forms.CharField(
            label=_("请勿填写此项"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields["captcha_token"], self.fields["captcha_answer"] = token, answer
        asked = captcha.question_of(self.data.get("captcha_token", "")) if self.is_bound else None
        if asked is None:
            self.renew_captcha()
        else:
            self._ask(asked)

    def _ask(self, question: str) -> None:
        self.question = question
        field = self.fields["captcha_answer"]
        field.label = _("验证问题：%(q)s（请填数字）") % {"q": question}
        field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def renew_captcha(self) -> None:
        """A new question (a form shown again: the one answered may be spent)."""
        question, token = captcha.challenge()
        self.fields["captcha_token"].initial = token
        if self.is_bound:
            self.data = self.data.copy()
            self.data["captcha_token"], self.data["captcha_answer"] = token, ""
        self._ask(question)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise ValidationError(_("提交未成功，请稍后再试。"), code="honeypot")
        anonymous = cleaned.get("anonymous")
        if self.kind.allows_anonymous and not anonymous:
            for name in ("name", "phone"):
                if name in self.fields and not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("请填写此项，或选择匿名提交。"))
        files = []
        for name in list(self.fields):
            if name.startswith("attachment_") and cleaned.get(name):
                try:
                    files.append(services.attachment_read(cleaned[name]))
                except ValidationError as error:
                    self.add_error(name, error)
        self.files_checked = files
        if not self.errors and not captcha.solved(
            cleaned.get("captcha_token", ""), cleaned.get("captcha_answer", "")
        ):
            self.add_error("captcha_answer", _("验证问题回答不正确，请重新计算后填写。"))
        return cleaned


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    phone_last4 = forms.CharField(
        label=_("手机号码后四位"),
        max_length=4,
        required=False,
        help_text=_("匿名提交、未留手机号码的请留空。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_phone_last4(self):
        value = self.cleaned_data["phone_last4"].strip()
        if value and (len(value) != 4 or not value.isdigit()):
            raise ValidationError(_("请填写手机号码的最后4位数字。"))
        return value


class RatingForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(
        label=_("您对办理结果的评价"), choices=Appeal.Rating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("评价意见（选填）"),
        max_length=services.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
