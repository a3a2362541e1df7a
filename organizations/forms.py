"""The filter fields every public list of the portal shares: a search box, district, industry.

A public list is a GET form that works without JavaScript. A value that is not one of the choices
(an old link, a hand-edited address) is reported next to its field and ignored; the other filters
still apply (``PublicFilterForm.filters``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations import selectors

SEARCH_MAX_LENGTH = 50


class PublicFilterForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": _("关键词最多 %(limit_value)d 个字。")},
    )
    district = forms.TypedChoiceField(label=_("区划"), required=False, coerce=int, empty_value=None)
    industry = forms.ChoiceField(label=_("行业"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data or None, **kwargs)
        self.fields["district"].choices = [("", _("全部区划")), *selectors.district_choices()]
        self.fields["industry"].choices = [
            ("", _("全部行业")),
            *((name, name) for name in selectors.industry_choices()),
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": SEARCH_MAX_LENGTH})
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = _(
                    "没有“%(value)s”这一项，已忽略这个条件。"
                )

    @property
    def filters(self) -> dict:
        """The valid, non-empty filters the reader chose ({} when none)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name not in self.errors
        }

    @property
    def is_filtered(self) -> bool:
        return bool(self.filters)
