"""The filter fields every public list of the portal shares: a search box, district, industry.

A public list is a GET form that works without JavaScript. A value that is not one of the choices
(an old link, a hand-edited address) is reported next to its field and ignored; the other filters
still apply (``PublicFilterForm.filters``).

The public forms are written out by their templates from plain data (``WrittenOut``: each menu's
options as (value, label, chosen), each box's value and errors), not through Django's widget
templates: one template per widget and per option cost more than the rest of a list page.
"""

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations import selectors

SEARCH_MAX_LENGTH = 50

#: (value, label, chosen) of one option of a menu or one box of a list of check boxes
Option = tuple[str, str, bool]


@dataclass(frozen=True)
class WrittenField:
    """What a template needs to write out one field of a public GET form itself."""

    name: str
    id: str
    label: str
    input_type: str  # the text box's type ("search", "text" …); "" for a menu
    value: str  # what the reader typed in the text box ("" if nothing)
    maxlength: int | None
    options: list[Option]  # a menu's options; [] for a text box
    errors: list[str]  # announced next to the field (role="alert")

    @property
    def is_menu(self) -> bool:
        return not self.input_type

    @property
    def error_id(self) -> str:
        return f"{self.id}_error"


class WrittenOut:
    """A mixin for public GET forms whose template writes the fields out itself: ``menus()`` for
    named menus and lists of check boxes, ``written_fields`` for every field in order (or its
    ``written_boxes`` and ``written_menus``).

    An option is chosen when the reader sent its value; with nothing sent, the empty option ("全部
    …") is. A value that is not an option (the field then has an error) chooses none, as Django's
    own widgets do."""

    def sent(self, name: str) -> list[str]:
        """What the reader sent for the field (nothing if the form is not bound)."""
        if not self.is_bound:
            return []
        value = self.fields[name].widget.value_from_datadict(
            self.data, self.files, self.add_prefix(name)
        )
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(value) for value in values if value not in (None, "")]

    def menu(self, name: str) -> list[Option]:
        chosen = set(self.sent(name)) or {""}
        return [
            (str(value), str(label), str(value) in chosen)
            for value, label in self.fields[name].choices
        ]

    def menus(self, names=None) -> dict[str, list[Option]]:
        """(value, label, chosen) of each named menu (every choice field if none are named)."""
        if names is None:
            names = [n for n, f in self.fields.items() if isinstance(f, forms.ChoiceField)]
        return {name: self.menu(name) for name in names}

    #: what decides a menu's options besides the content version and the reader's language (an
    #: argument of the form's constructor that changes them, such as a category): part of
    #: ``menus_key``
    menus_identity = ""

    def _written(self, name: str, field, errors) -> WrittenField:
        is_menu = isinstance(field, forms.ChoiceField)
        widget = field.widget
        return WrittenField(
            name=name,
            id=self[name].auto_id,
            label=str(field.label),
            input_type=""
            if is_menu
            else widget.attrs.get("type", getattr(widget, "input_type", "text")),
            value="" if is_menu else "".join(self.sent(name)[:1]),
            maxlength=getattr(field, "max_length", None),
            options=self.menu(name) if is_menu else [],
            errors=[str(error) for error in errors.get(name, [])],
        )

    def _written_where(self, wanted) -> list[WrittenField]:
        errors = self.errors if self.is_bound else {}
        return [
            self._written(name, field, errors)
            for name, field in self.fields.items()
            if wanted(isinstance(field, forms.ChoiceField))
        ]

    @property
    def written_fields(self) -> list[WrittenField]:
        return self._written_where(lambda is_menu: True)

    @cached_property
    def written_boxes(self) -> list[WrittenField]:
        return self._written_where(lambda is_menu: not is_menu)

    @cached_property
    def written_menus(self) -> list[WrittenField]:
        """Built only when they are written out (the menus' HTML is kept: ``menus_key``)."""
        return self._written_where(lambda is_menu: is_menu)

    @property
    def menus_key(self) -> str:
        """A digest of what decides the menus' HTML besides the content version and the reader's
        language (under which it is kept): the form, its ``menus_identity`` and the value sent for
        each menu, so that the menus need not be built to find their kept HTML. "" when a menu has
        an error, whose message quotes what was sent. A menu's options must come from data read
        per content version (``cached`` selectors) or from ``menus_identity``."""
        names = [
            name for name, field in self.fields.items() if isinstance(field, forms.ChoiceField)
        ]
        if self.is_bound and any(name in self.errors for name in names):
            return ""
        form = type(self)
        chosen = [(name, self.sent(name)) for name in names]
        described = repr(
            (form.__module__, form.__qualname__, self.prefix, self.menus_identity, chosen)
        )
        return hashlib.sha256(described.encode()).hexdigest()[:32]


class PublicFilterForm(WrittenOut, forms.Form):
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
        # Callables: read only when a menu is written out or a sent value checked against them.
        self.fields["district"].choices = lambda: [
            ("", _("全部区划")),
            *selectors.district_choices(),
        ]
        self.fields["industry"].choices = lambda: [
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
