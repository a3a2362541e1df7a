from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition


class CompetitionFilterForm(forms.Form):
    """The filters of the public list: year and kind, both optional."""

    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("竞赛类别"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度"))] + [(y, f"{y}年") for y in years]
        self.fields["kind"].choices = [("", _("全部类别")), *Competition.Kind.choices]
