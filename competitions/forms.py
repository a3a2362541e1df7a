from django import forms
from django.utils.translation import gettext_lazy as _

from competitions import selectors
from competitions.models import Competition
from organizations.forms import PublicFilterForm, WrittenOut


class CompetitionFilterForm(WrittenOut, forms.Form):
    """The filters of the public list: year and kind, both optional."""

    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("竞赛类别"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度"))] + [(y, f"{y}年") for y in years]
        self.fields["kind"].choices = [("", _("全部类别")), *Competition.Kind.choices]


class ChampionFilterForm(PublicFilterForm):
    """技术状元榜: a name, enterprise or trade; the year, trade, district and industry."""

    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    trade = forms.ChoiceField(label=_("工种/行业"), required=False)

    field_order = ["q", "year", "trade", "district", "industry"]

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].help_text = ""
        self.fields["year"].choices = lambda: [
            ("", _("全部年度")),
            *((year, f"{year}年") for year in selectors.champion_years()),
        ]
        self.fields["trade"].choices = lambda: [
            ("", _("全部工种")),
            *((trade, trade) for trade in selectors.champion_trades()),
        ]


class EnterpriseFilterForm(PublicFilterForm):
    """企业名录: a name or 统一社会信用代码, the district and industry."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = _("企业名称或统一社会信用代码")
