"""The finder's GET form: filters, and where the reader is (position, district or typed place)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import WrittenOut
from organizations.models import District
from stations import selectors
from stations.geo import round_position
from stations.selectors import FinderFilters, Origin

#: every query parameter the finder reads (its page-cache mark lists them)
PARAMS = ("kind", "district", "facility", "open", "lat", "lng", "near", "place", "page")


class FinderForm(WrittenOut, forms.Form):
    """Written out by its template (``WrittenOut.menus``), as every public filter form."""

    kind = forms.ChoiceField(label=_("类型"), required=False)
    district = forms.TypedChoiceField(label=_("区县"), required=False, coerce=int, empty_value=None)
    facility = forms.MultipleChoiceField(
        label=_("设施"), required=False, widget=forms.CheckboxSelectMultiple
    )
    open = forms.BooleanField(label=_("只看现在开放的"), required=False)
    near = forms.TypedChoiceField(
        label=_("从哪个区县出发"), required=False, coerce=int, empty_value=None
    )
    place = forms.CharField(
        label=_("或输入地点"),
        required=False,
        max_length=50,
        help_text=_("区县名，或街道、道路、站点名称"),
    )
    lat = forms.FloatField(
        label=_("纬度"), required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    lng = forms.FloatField(
        label=_("经度"), required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )

    def __init__(self, data, *, choices: dict):
        super().__init__(data)
        districts = [("", _("全部区县")), *choices["districts"]]
        self.fields["kind"].choices = [("", _("全部类型")), *choices["kinds"]]
        self.fields["district"].choices = districts
        self.fields["near"].choices = [("", _("不选")), *choices["districts"]]
        self.fields["facility"].choices = choices["facilities"]
        self.place_not_found = ""

    def unrounded_position(self) -> dict | None:
        """The position rounded to about 100 m, if the address gave it finer (the page is then
        served at the rounded address, so that neighbours share one cached page)."""
        if not self.is_valid():
            return None
        lat, lng = self.cleaned_data.get("lat"), self.cleaned_data.get("lng")
        if lat is None or lng is None:
            return None
        rounded = {"lat": round_position(lat), "lng": round_position(lng)}
        given = {"lat": self.data.get("lat"), "lng": self.data.get("lng")}
        if given == {key: f"{value:.3f}".rstrip("0").rstrip(".") for key, value in rounded.items()}:
            return None
        return {key: f"{value:.3f}".rstrip("0").rstrip(".") for key, value in rounded.items()}

    def filters(self) -> FinderFilters:
        if not self.is_valid():
            return FinderFilters()
        data = self.cleaned_data
        return FinderFilters(
            kind=data["kind"],
            district=data["district"],
            facilities=data["facility"],
            open_now=data["open"],
            origin=self._origin(data),
        )

    def _origin(self, data) -> Origin | None:
        if data.get("lat") is not None and data.get("lng") is not None:
            return Origin(round_position(data["lat"]), round_position(data["lng"]), "您的位置")
        if data.get("place"):
            origin = selectors.place_find(data["place"])
            if origin is None:
                self.place_not_found = data["place"]
            return origin
        if data.get("near"):
            district = District.objects.filter(pk=data["near"]).first()
            return selectors.district_centre(district) if district else None
        return None

    @property
    def chosen_menus(self) -> str:
        """What the menus and boxes show chosen: the name their written-out HTML is kept under.
        Only choices can be chosen, so an unknown value sent makes no new name."""
        chosen = {
            name: [value for value, _label, is_chosen in options if is_chosen]
            for name, options in self.menus().items()
        }
        return repr(sorted(chosen.items())) + f" open={bool(self.data.get('open'))}"

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(
            self.cleaned_data.get(name) for name in ("kind", "district", "facility", "open")
        )
