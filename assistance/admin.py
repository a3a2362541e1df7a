"""Staff screens for hardship aid. Thin: scoping, masking and state changes live in selectors,
privacy helpers and services."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from assistance import selectors, services
from assistance.models import (
    AidType,
    Batch,
    Beneficiary,
    Disbursement,
    SensitiveAccessLog,
    StaffUnionMembership,
)
from assistance.resources import PAYMENT_FIELDS, DisbursementResource
from unionportal.personal_data_admin import (
    AccessLogAdmin,
    PersonalNumbersAdminMixin,
    PersonalNumbersForm,
    number_search,
)
from unionportal.scoped_admin import OutOfScopeIsNotFoundMixin
from unionportal.spreadsheets.admin import PortalImportExportAdmin


class ScopedAdminMixin(OutOfScopeIsNotFoundMixin):
    """County staff see and open only their union's records; others get 404, not a redirect."""

    def _limit_unions(self, request, kwargs):
        scope = selectors.union_scope(request.user)
        if scope is not None:
            kwargs["queryset"] = scope
        return kwargs


@admin.register(StaffUnionMembership)
class StaffUnionMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "union"]
    list_filter = ["union"]
    list_select_related = ["user", "union"]
    search_fields = ["user__username", "user__first_name", "union__name"]
    autocomplete_fields = ["user", "union"]


@admin.register(AidType)
class AidTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "cap_yuan", "for_students", "order"]
    list_editable = ["cap_yuan", "order"]
    search_fields = ["name", "code"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "note"]
    list_filter = ["year"]
    search_fields = ["name"]


class BeneficiaryForm(PersonalNumbersForm):
    """A file's form: the numbers as every person-level record shows and takes them."""

    class Meta:
        model = Beneficiary
        fields = [
            "name",
            "gender",
            "id_number",
            "phone",
            "clear_phone",
            "workplace",
            "district",
            "union",
            "category",
            "cause",
            "cause_detail",
            "household_size",
            "income_per_head",
            "status",
            "filed_on",
            "closed_on",
        ]


@admin.register(Beneficiary)
class BeneficiaryAdmin(PersonalNumbersAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    form = BeneficiaryForm
    sensitive_permission = services.SENSITIVE_PERMISSION
    list_display = [
        "name",
        "masked_id",
        "masked_phone_number",
        "gender",
        "district",
        "union",
        "category",
        "status",
        "filed_on",
    ]
    list_filter = ["status", "category", "cause", "district", "union"]
    list_select_related = ["district", "union"]
    search_fields = ["name", "workplace"]
    search_help_text = _("可按姓名、工作单位，或完整的身份证号、手机号查找。")
    autocomplete_fields = ["district", "union"]
    date_hierarchy = "filed_on"

    def personal_data_seen(self, request, records, action):
        services.sensitive_access_record(user=request.user, beneficiaries=records, action=action)

    def get_queryset(self, request):
        return selectors.beneficiary_list(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "union":
            kwargs = self._limit_unions(request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class YearFilter(admin.SimpleListFilter):
    title = _("年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("disbursed_on", "year", order="DESC")
        return [(str(day.year), f"{day.year}年") for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.in_year(int(self.value()))
        return queryset


class DisbursementForm(forms.ModelForm):
    class Meta:
        model = Disbursement
        fields = ["beneficiary", *PAYMENT_FIELDS]


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("驳回原因"),
        max_length=services.REFUSAL_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("请写明缺少的材料或不符合的条件；原因随记录留档。"),
    )


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=_("冲正原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(Disbursement)
class DisbursementAdmin(ScopedAdminMixin, PortalImportExportAdmin, SimpleHistoryAdmin):
    form = DisbursementForm
    resource_classes = [DisbursementResource]
    change_list_template = "admin/assistance/disbursement/change_list.html"
    change_form_template = "admin/assistance/disbursement/change_form.html"
    list_display = [
        "disbursed_on",
        "beneficiary_name",
        "beneficiary_id_number",
        "aid_type",
        "amount_yuan",
        "paying_union",
        "batch",
        "status_and_reason",
        "approved_by",
    ]
    list_filter = [
        YearFilter,
        "aid_type",
        ("paying_union", admin.RelatedOnlyFieldListFilter),
        "status",
        "fund_source",
        ("batch", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = [
        "beneficiary__district",
        "aid_type",
        "paying_union",
        "batch",
        "approved_by",
    ]
    search_fields = ["beneficiary__name", "batch__name", "student_name"]
    search_help_text = _("可按姓名、批次、学生姓名，或完整的身份证号、手机号查找。")
    autocomplete_fields = ["beneficiary", "batch"]
    readonly_fields = [
        "status",
        "approved_by",
        "approved_at",
        "paid_at",
        "reverses",
        "refused_by",
        "refused_at",
        "refusal_reason",
    ]
    actions = ["approve_selected", "refuse_selected", "mark_paid_selected"]

    @admin.display(description=_("姓名"), ordering="beneficiary__name")
    def beneficiary_name(self, obj):
        return obj.beneficiary.name

    # Not "beneficiary_id": that is the foreign key's column, and the admin would head the
    # column with its name ("BENEFICIARY ID") instead of this description.
    @admin.display(description=_("身份证号"))
    def beneficiary_id_number(self, obj):
        return obj.beneficiary.masked_id_number

    @admin.display(description=_("金额（元）"), ordering="amount")
    def amount_yuan(self, obj):
        return f"{obj.amount:,.2f}"

    @admin.display(description=_("状态"), ordering="status")
    def status_and_reason(self, obj):
        if obj.status == Disbursement.Status.REFUSED:
            return _("已驳回：%(reason)s") % {"reason": obj.refusal_reason}
        return obj.get_status_display()

    def get_queryset(self, request):
        return selectors.disbursement_list(user=request.user)

    def get_search_results(self, request, queryset, search_term):
        found = number_search(queryset, search_term, prefix="beneficiary__")
        if found is not None:
            return found, False
        return super().get_search_results(request, queryset, search_term)

    def get_fields(self, request, obj=None):
        fields = list(DisbursementForm.Meta.fields)
        if obj is not None:
            fields += self.readonly_fields
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "paying_union":
            kwargs = self._limit_unions(request, kwargs)
        if db_field.name == "beneficiary":
            kwargs["queryset"] = selectors.beneficiary_list(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # ---- nothing lost ------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is not None and (obj.is_settled or obj.is_reversal or obj.is_refused):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_settled or obj.is_reversal or obj.is_refused):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete could reach paid records
        return actions

    def save_model(self, request, obj, form, change):
        if not selectors.user_may_act_for(request.user, obj.paying_union):
            raise PermissionDenied
        super().save_model(request, obj, form, change)
        warning = services.disbursement_same_year_warning(disbursement=obj)
        if warning:
            self.message_user(request, warning, messages.WARNING)

    # ---- approval ----------------------------------------------------------------------

    def has_approve_permission(self, request):
        return request.user.has_perm(services.APPROVE_PERMISSION)

    @admin.action(permissions=["approve"], description=_("审批通过所选记录"))
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, services.disbursement_approve, _("审批通过"))

    @admin.action(permissions=["approve"], description=_("驳回所选申请（需填写原因）"))
    def refuse_selected(self, request, queryset):
        """First the reason (a page of its own, like Django's delete confirmation), then 驳回."""
        form = RefusalForm(request.POST if "confirm_refusal" in request.POST else None)
        if form.is_bound and form.is_valid():
            refuse = partial(services.disbursement_refuse, reason=form.cleaned_data["reason"])
            self._apply(request, queryset, refuse, _("驳回"))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("驳回帮扶申请"),
            "opts": self.opts,
            "applications": queryset.select_related("beneficiary", "aid_type"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "form": form,
        }
        return TemplateResponse(request, "admin/assistance/disbursement/refuse.html", context)

    @admin.action(permissions=["change"], description=_("登记所选记录已发放"))
    def mark_paid_selected(self, request, queryset):
        self._apply(request, queryset, services.disbursement_mark_paid, _("登记发放"))

    def _apply(self, request, queryset, service, verb):
        done, refused = 0, []
        for disbursement in queryset.select_related("beneficiary", "aid_type"):
            try:
                service(disbursement=disbursement, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                message = "；".join(getattr(exc, "messages", [str(exc)]))
                refused.append(f"{disbursement.beneficiary.name}：{message}")
        if done:
            self.message_user(request, _("已%(verb)s %(n)d 条记录。") % {"verb": verb, "n": done})
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    # ---- reversal ----------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/reverse/",
                self.admin_site.admin_view(self.reverse_view),
                name="%s_%s_reverse" % info,
            ),
            *super().get_urls(),
        ]

    def reverse_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not super().has_change_permission(request, None):
            raise PermissionDenied
        form = ReversalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.disbursement_reverse(
                    disbursement=obj, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, _("已办理冲正，原记录保留并标记为“已冲正”。"))
                return redirect(reverse("admin:assistance_disbursement_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("冲正帮扶发放记录"),
            "opts": self.opts,
            "original": obj,
            "form": form,
        }
        return TemplateResponse(request, "admin/assistance/disbursement/reverse.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        extra_context["can_reverse"] = (
            obj is not None
            and obj.status == Disbursement.Status.PAID
            and not obj.is_reversal
            and super().has_change_permission(request, None)
        )
        return super().change_view(request, object_id, form_url, extra_context)

    # ---- history: same scope as the records ---------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    # ---- totals, import, export --------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:
            context["totals"] = context["cl"].queryset.aggregate(
                count=Count("id"), amount=Sum("amount")
            )
        return response

    def resource_kwargs_for(self, *, user):
        return {"user": user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user, "sensitive": services.user_sees_sensitive(request.user)}

    def get_export_filename(self, request, queryset, file_format):
        return "帮扶发放记录-%s.%s" % (
            timezone.localdate().isoformat(),
            file_format.get_extension(),
        )


admin.site.register(SensitiveAccessLog, AccessLogAdmin)
