"""The admin side of personal data (``unionportal.personal_data``): a form that never puts a
stored ID or phone number into the page, a model-admin mixin that lists them masked, finds
them through their hashes and logs every page that shows them whole, and the read-only list of
such a log (``AccessLogAdmin``).

Aid's beneficiary files and the person-level welfare records use these (a model's own form
subclasses ``PersonalNumbersForm`` for its fields); a list that finds records through a related
record's numbers uses ``number_search``. A model admin using the mixin sets
``sensitive_permission`` and implements ``personal_data_seen(request, records, action)``.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from unionportal.personal_data import (
    AccessAction,
    normalize_id_number,
    normalize_phone,
    number_lookup,
    phone_check,
)
from unionportal.read_only_admin import ReadOnlyAdminMixin


def number_search(queryset, search_term: str, prefix: str = ""):
    """The records of ``queryset`` whose whole ID or mobile number is ``search_term``, found by
    its hash (``prefix`` leads to the record holding the numbers, "beneficiary__" …), or None
    when the term is no such number and the admin's own search applies."""
    lookup = number_lookup(search_term)
    if lookup is None:
        return None
    field, value = lookup
    return queryset.filter(**{prefix + field: value})


class PersonalNumbersForm(forms.ModelForm):
    """The numbers are shown as help text (masked unless the user may see them whole) and the
    inputs only take a replacement; a blank input keeps the stored number."""

    show_sensitive = False
    clear_phone = forms.BooleanField(label=_("清除联系电话"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.pop("id_number", None)
        self.initial.pop("phone", None)
        if "id_number" not in self.fields:
            return
        if self.instance.pk is not None:
            show = self.show_sensitive
            number = self.instance.id_number if show else self.instance.masked_id_number
            phone = self.instance.phone if show else self.instance.masked_phone
            self.fields["id_number"].required = False
            self.fields["id_number"].label = _("更换身份证号")
            self.fields["id_number"].help_text = _("当前：%(value)s。留空则不变。") % {
                "value": number
            }
            self.fields["phone"].label = _("更换联系电话")
            self.fields["phone"].help_text = _("当前：%(value)s。留空则不变。") % {
                "value": phone or _("未填")
            }
        else:
            self.fields.pop("clear_phone", None)
        for name in ("id_number", "phone"):
            # the admin's own input (its width, the field's maxlength), not filled in by the browser
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_id_number(self):
        value = normalize_id_number(self.cleaned_data.get("id_number") or "")
        if not value and self.instance.pk is not None:
            return self.instance.id_number
        return value

    def clean_phone(self):
        value = normalize_phone(self.cleaned_data.get("phone") or "")
        if self.data.get(self.add_prefix("clear_phone")):
            return None
        if not value:
            return self.instance.phone if self.instance.pk is not None else None
        phone_check(value)
        return value


class PersonalNumbersAdminMixin:
    """Masked columns, search by whole number, masked view-only pages, logged full views."""

    form = PersonalNumbersForm
    #: "app_label.codename" of the permission that shows numbers whole
    sensitive_permission = ""
    search_help_text = _("可按姓名，或完整的身份证号、手机号查找。")

    def user_sees_sensitive(self, request) -> bool:
        return bool(self.sensitive_permission) and request.user.has_perm(self.sensitive_permission)

    def personal_data_seen(self, request, records, action: str) -> None:
        raise NotImplementedError

    @admin.display(description=_("身份证号"))
    def masked_id(self, obj):
        return obj.masked_id_number

    @admin.display(description=_("联系电话"))
    def masked_phone_number(self, obj):
        return obj.masked_phone

    def get_search_results(self, request, queryset, search_term):
        found = number_search(queryset, search_term)
        if found is not None:
            return found, False
        return super().get_search_results(request, queryset, search_term)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # The view-only page shows fields as text: the numbers masked, never whole.
            shown = {"id_number": "masked_id", "phone": "masked_phone_number"}
            return [shown.get(f, f) for f in fields if f != "clear_phone"]
        return fields if obj is not None else [f for f in fields if f != "clear_phone"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            readonly += ["masked_id", "masked_phone_number"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.show_sensitive = self.user_sees_sensitive(request)
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and self.user_sees_sensitive(request):
            obj = self.get_object(request, object_id)
            if obj is not None:
                self.personal_data_seen(request, [obj], AccessAction.VIEW)
        return super().change_view(request, object_id, form_url, extra_context)


class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The list of an access log (``AccessLogBase``: aid's, welfare's, requests'). Read-only for
    everyone, superusers included: the log is evidence."""

    list_display = ["at", "username", "action", "record_label"]
    list_filter = ["action"]
    search_fields = ["username", "record_label"]
    date_hierarchy = "at"
