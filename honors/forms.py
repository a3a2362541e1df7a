"""The filters of 劳模风采 and the honour rolls (GET forms that work without JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from honors import selectors
from honors.models import Honour
from organizations.forms import PublicFilterForm


class HonourFilterForm(PublicFilterForm):
    """Honour type, district, industry and a search box: what every list of honours offers."""

    honour_type = forms.TypedChoiceField(
        label=_("荣誉类型"), required=False, coerce=int, empty_value=None
    )

    field_order = ["q", "honour_type", "district", "industry"]

    def __init__(self, data=None, *, category: str | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.menus_identity = category or ""  # a roll of one category lists only its types
        self.fields["honour_type"].choices = lambda: [
            ("", _("全部荣誉")),
            *selectors.honour_type_choices(category=category),
        ]


class ModelWorkerFilterForm(HonourFilterForm):
    """劳模风采 also filters by the level and year of an honour."""

    level = forms.ChoiceField(label=_("荣誉级别"), required=False)
    year = forms.TypedChoiceField(label=_("获得年份"), required=False, coerce=int, empty_value=None)

    field_order = ["q", "level", "honour_type", "year", "district", "industry"]

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["level"].choices = lambda: [("", _("全部级别")), *Honour.Level.choices]
        self.fields["year"].choices = lambda: [
            ("", _("全部年份")),
            *((year, f"{year}年") for year in selectors.honour_years()),
        ]
