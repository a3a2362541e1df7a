"""Handling requests in the admin.

A request's page shows what it holds (the requester's name, phone and ID number masked unless
the user holds ``appeals.view_personal_data``, and each whole view logged), its history, and a
small form of the steps the user may take now (受理, 不予受理, 转办, 答复, 办结, 选登); the
form only calls the services, which check everything again. "Add" enters a request taken by the
12351 hotline or at a visit, of the same kinds, with the channel recorded.
"""

from operator import attrgetter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from appeals import selectors, services
from appeals.models import (
    OPTIONAL_FIELDS,
    Appeal,
    AppealAccessLog,
    AppealAttachment,
    AppealEvent,
    AppealKind,
)
from organizations.models import UnionUnit
from unionportal.http import content_disposition
from unionportal.personal_data import (
    AccessAction,
    id_number_check,
    normalize_id_number,
    normalize_phone,
    phone_check,
)
from unionportal.personal_data_admin import AccessLogAdmin, number_search


@admin.register(AppealKind)
class AppealKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "accept_days", "finish_days", "active", "order"]
    list_filter = ["active", "parent"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    fieldsets = [
        (None, {"fields": ["code", "name", "parent", "intro", "active", "order"]}),
        (
            _("收集的信息（最小必要）"),
            {
                "fields": [
                    "asks_name",
                    "asks_phone",
                    "asks_id_number",
                    "asks_employer",
                    "asks_district",
                    "asks_amount_owed",
                    "asks_email",
                    "asks_attachments",
                    "allows_anonymous",
                    "opens_aid_file",
                ]
            },
        ),
        (_("个人信息保护告知"), {"fields": ["privacy_notice", "privacy_version"]}),
        (_("办理时限（工作日）"), {"fields": ["accept_days", "finish_days"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []


class DeadlineFilter(admin.SimpleListFilter):
    title = _("办理时限")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("已超期")), ("due_soon", _("即将到期"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "due_soon":
            soon = today + timezone.timedelta(days=selectors.DUE_SOON_DAYS)
            return queryset.open().filter(finish_due__gte=today, finish_due__lte=soon)
        return queryset


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "status", "union", "note", "by"]
    readonly_fields = fields
    verbose_name_plural = _("办理过程")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("union", "by")


#: what staff enter of the requester: the fields a kind may ask for, but attachments (online only)
ENTERED_FIELDS = tuple(name for name in OPTIONAL_FIELDS if name != "attachments")

LIST_DEFERRED = (
    "description",
    "reply",
    "id_number",
    "email",
    "employer",
    "published_question",
    "published_answer",
    "refusal_reason",
    "rating_comment",
)

ACTION_LABELS = {
    "accept": _("受理"),
    "refuse": _("不予受理（须填写原因）"),
    "route": _("转办（选择工会或填写部门，并填写说明）"),
    "reply": _("答复（填写答复内容，诉求人可查询）"),
    "close": _("办结"),
    "publish": _("选登答复（填写去除个人信息后的摘要和答复）"),
    "unpublish": _("撤销选登"),
}


def shown_or_dash(label, value):
    """A field of a request's page or list: ``value(appeal)``, or a dash where there is none."""

    @admin.display(description=label)
    def shown(model_admin, appeal):
        return value(appeal) or "—"

    return shown


def masked_and_whole(label, masked, whole):
    """A detail of the requester as two fields under one label: masked, shown to every user, and
    whole, shown in its place to users holding appeals.view_personal_data."""
    return shown_or_dash(label, masked), shown_or_dash(label, whole)


def requester_name(appeal) -> str:
    return _("匿名") if appeal.anonymous else appeal.name


def masked_email(appeal) -> str:
    """a***@example.com: the mailbox's first letter and the domain."""
    if not appeal.email:
        return ""
    local, _at, domain = appeal.email.partition("@")
    return f"{local[:1]}***@{domain}"


#: a request's page, all read only, above the step staff take (``STEP_FIELDS``, ``HandleForm``)
RECORD_FIELDSETS = [
    (
        None,
        {
            "fields": [
                "code",
                "kind_shown",
                "channel",
                "status",
                "union",
                "department",
                ("submitted_at", "accept_due", "finish_due"),
            ]
        },
    ),
    (
        _("诉求人（按最小必要收集）"),
        {
            "fields": [
                "requester",
                "phone_shown",
                "id_number_shown",
                "email_shown",
                "employer_shown",
                "district",
                "amount_owed",
                "consent_shown",
            ]
        },
    ),
    (_("诉求"), {"fields": ["description_shown", "attachments_shown"]}),
    (
        _("办理结果"),
        {
            "fields": [
                "reply_shown",
                "refusal_reason",
                "rating_shown",
                "beneficiary",
                "published_shown",
            ]
        },
    ),
]
STEP_FIELDS = ("step", "route_union", "department", "text", "published_question_text")


class HandleForm(forms.ModelForm):
    """The step staff take on a request; every field is checked again by the service."""

    step = forms.ChoiceField(label=_("办理操作"), required=False)
    route_union = forms.ModelChoiceField(
        label=_("转办至工会"), queryset=UnionUnit.objects.none(), required=False
    )
    department = forms.CharField(label=_("或转办部门"), max_length=100, required=False)
    text = forms.CharField(
        label=_("说明 / 原因 / 答复内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    published_question_text = forms.CharField(
        label=_("选登：诉求摘要（不含个人信息）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    class Meta:
        model = Appeal
        fields = []

    def clean(self):
        cleaned = super().clean()
        step = cleaned.get("step")
        if step and step not in self.allowed_steps:
            raise ValidationError(_("该操作当前不可用。"))
        return cleaned


class StaffEntryForm(forms.ModelForm):
    """A request taken by the 12351 hotline or at a visit, as staff write it down."""

    channel = forms.ChoiceField(
        label=_("渠道"),
        choices=[
            (Appeal.Channel.HOTLINE, Appeal.Channel.HOTLINE.label),
            (Appeal.Channel.VISIT, Appeal.Channel.VISIT.label),
        ],
    )
    consent = forms.BooleanField(
        label=_("已向诉求人告知该类别的个人信息保护事项，并取得同意"),
        error_messages={"required": _("须告知个人信息保护事项并取得同意后登记。")},
    )

    class Meta:
        model = Appeal
        fields = [
            "kind",
            "subkind",
            "channel",
            "union",
            "anonymous",
            *ENTERED_FIELDS,
            "description",
            "publish_consent",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def clean_phone(self):
        value = normalize_phone(self.cleaned_data.get("phone") or "")
        if value:
            phone_check(value)
        return value or None

    def clean_id_number(self):
        value = normalize_id_number(self.cleaned_data.get("id_number") or "")
        if value:
            id_number_check(value)
        return value or None

    def clean(self):
        cleaned = super().clean()
        kind, subkind = cleaned.get("kind"), cleaned.get("subkind")
        if kind is None:
            return cleaned
        if kind.parent_id is not None:
            self.add_error("kind", _("请选择大类，具体类别在下一项选择。"))
        if subkind is not None and subkind.parent_id != kind.pk:
            self.add_error("subkind", _("具体类别不属于所选类别。"))
        anonymous = cleaned.get("anonymous") and kind.allows_anonymous
        if cleaned.get("anonymous") and not kind.allows_anonymous:
            self.add_error("anonymous", _("该类别不可匿名。"))
        required = {"name": kind.asks_name, "phone": kind.asks_phone}
        if kind.asks_id_number:
            required["id_number"] = kind.opens_aid_file
        for name, needed in required.items():
            if needed and not anonymous and not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("该类别须填写此项。"))
        # minimum necessary: what the kind does not collect is not kept
        for name in ENTERED_FIELDS:
            if not getattr(kind, f"asks_{name}"):
                cleaned[name] = (
                    None
                    if name in ("phone", "id_number", "email")
                    else ("" if name in ("name", "employer") else None)
                )
        return cleaned


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "kind_shown",
        "channel",
        "requester",
        "phone_shown",
        "status",
        "union",
        "submitted_at",
        "deadline_shown",
    ]
    list_filter = ["status", DeadlineFilter, "kind", "channel", "union", "published"]
    list_select_related = ["kind", "subkind", "subkind__parent", "union"]
    search_fields = ["code"]
    search_help_text = _("可按查询码，或完整的手机号、身份证号查找。")
    # no date_hierarchy: its years query read every row of a 100,000-row list (bench/appeals.py)
    list_per_page = 50
    show_full_result_count = False  # a county's list of 100,000 rows needs no second count
    inlines = [AppealEventInline]
    readonly_fields = flatten_fieldsets(RECORD_FIELDSETS)

    # ---- lists --------------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = selectors.appeal_list(user=request.user).select_related(
            "kind", "subkind", "subkind__parent", "union"
        )
        match = request.resolver_match
        if match is not None and match.url_name == "appeals_appeal_changelist":
            # the list shows none of these: not read, not decrypted (bench/appeals.py)
            queryset = queryset.defer(*LIST_DEFERRED)
        return queryset

    def get_search_results(self, request, queryset, search_term):
        found = number_search(queryset, search_term)
        if found is not None:
            return found, False
        code = selectors.normalize_code(search_term)
        if code and len(code) == selectors.CODE_LENGTH:
            return queryset.filter(code=code), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("类别"), ordering="kind__order")
    def kind_shown(self, obj):
        return obj.kind_label()

    # the requester's details: masked for every user, whole (``WHOLE``) for users holding
    # appeals.view_personal_data, each view logged (``change_view``)
    requester, requester_whole = masked_and_whole(
        _("诉求人"), attrgetter("masked_name"), requester_name
    )
    phone_shown, phone_whole = masked_and_whole(
        _("手机号码"), attrgetter("masked_phone"), attrgetter("phone")
    )
    id_number_shown, id_number_whole = masked_and_whole(
        _("身份证号"), attrgetter("masked_id_number"), attrgetter("id_number")
    )
    email_shown, email_whole = masked_and_whole(_("电子邮箱"), masked_email, attrgetter("email"))
    employer_shown = shown_or_dash(_("工作单位"), attrgetter("employer"))

    @admin.display(description=_("诉求内容"))
    def description_shown(self, obj):
        return format_html("<div style='white-space:pre-wrap'>{}</div>", obj.description)

    @admin.display(description=_("答复内容"))
    def reply_shown(self, obj):
        if not obj.reply:
            return "—"
        return format_html("<div style='white-space:pre-wrap'>{}</div>", obj.reply)

    @admin.display(description=_("个人信息告知"))
    def consent_shown(self, obj):
        when = timezone.localtime(obj.consented_at).strftime("%Y-%m-%d %H:%M")
        return _("版本 %(v)s，%(when)s 同意；选登答复：%(p)s") % {
            "v": obj.consent_version,
            "when": when,
            "p": _("同意") if obj.publish_consent else _("不同意"),
        }

    @admin.display(description=_("评价"))
    def rating_shown(self, obj):
        if not obj.rating:
            return "—"
        return f"{obj.get_rating_display()} {obj.rating_comment}".strip()

    @admin.display(description=_("选登"))
    def published_shown(self, obj):
        if not obj.published:
            return "—"
        url = reverse("appeals:reply_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("已选登，查看公开页面"))

    @admin.display(description=_("附件"))
    def attachments_shown(self, obj):
        count = obj.attachments.count()
        if not count:
            return "—"
        return _("%(n)d个附件（查看需有“查看诉求人完整个人信息”权限）") % {"n": count}

    @admin.display(description=_("附件"))
    def attachments_whole(self, obj):
        rows = list(obj.attachments.only("pk", "kind", "suffix", "size"))
        if not rows:
            return "—"
        return format_html_join(
            "、",
            '<a href="{}">{}{}（{} KB）</a>',
            (
                (
                    reverse("admin:appeals_appeal_attachment", args=[obj.pk, row.pk]),
                    _("附件"),
                    index,
                    max(row.size // 1024, 1),
                )
                for index, row in enumerate(rows, start=1)
            ),
        )

    @admin.display(description=_("时限"))
    def deadline_shown(self, obj):
        today = timezone.localdate()
        due = obj.accept_due if obj.status == Appeal.Status.PENDING else obj.finish_due
        if obj.status not in Appeal.OPEN:
            return "—"
        label = due.strftime("%Y-%m-%d")
        if obj.is_overdue(today):
            return format_html('<strong style="color:#a30000">{}（{}）</strong>', label, _("超期"))
        return label

    # ---- personal data --------------------------------------------------------------------

    WHOLE = {
        "requester": "requester_whole",
        "phone_shown": "phone_whole",
        "id_number_shown": "id_number_whole",
        "email_shown": "email_whole",
        "attachments_shown": "attachments_whole",
    }

    def _shown(self, request, names):
        """Field names as this user sees them: masked, or whole with the permission."""
        if not services.user_sees_personal_data(request.user):
            return names
        return [
            tuple(self.WHOLE.get(n, n) for n in name)
            if isinstance(name, tuple)
            else self.WHOLE.get(name, name)
            for name in names
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and services.user_sees_personal_data(request.user):
            obj = self.get_object(request, object_id)
            if obj is not None:
                services.personal_data_access_record(
                    user=request.user, appeals=[obj], action=AccessAction.VIEW
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/attachment/<int:attachment_pk>/",
                self.admin_site.admin_view(self.attachment_view),
                name="appeals_appeal_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk, attachment_pk):
        appeal = self.get_object(request, str(pk))
        if appeal is None:
            raise Http404
        attachment = get_object_or_404(AppealAttachment, appeal=appeal, pk=attachment_pk)
        data = services.attachment_open(attachment=attachment, user=request.user)
        content_type = (
            "application/pdf"
            if attachment.kind == AppealAttachment.Kind.PDF
            else "image/" + attachment.suffix.lstrip(".").replace("jpg", "jpeg")
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = content_disposition(
            f"{appeal.code}-{attachment.pk}{attachment.suffix}"
        )
        response["Cache-Control"] = "private, no-store"
        return response

    # ---- forms ----------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self._shown(request, self.readonly_fields)

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": [*StaffEntryForm.Meta.fields, "consent"]})]
        sets = [*RECORD_FIELDSETS, (_("办理"), {"fields": STEP_FIELDS})]
        return [(title, {"fields": self._shown(request, o["fields"])}) for title, o in sets]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = StaffEntryForm
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["form"] = HandleForm
        kwargs["fields"] = STEP_FIELDS
        form = super().get_form(request, obj, change=change, **kwargs)
        allowed = services.appeal_allowed_transitions(appeal=obj, user=request.user)
        if request.user.has_perm(services.PUBLISH_PERMISSION):
            if obj.published:
                allowed.append("unpublish")
            elif obj.publish_consent and obj.status in Appeal.ANSWERED:
                allowed.append("publish")

        class Form(form):
            allowed_steps = allowed

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["step"].choices = [
                    ("", "——"),
                    *((name, ACTION_LABELS[name]) for name in allowed),
                ]
                self.fields["route_union"].queryset = selectors.union_choices_for(
                    request.user
                ).exclude(pk=obj.union_id)

        return Form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "union":
            kwargs["queryset"] = selectors.union_choices_for(request.user)
        if db_field.name == "kind":
            kwargs["queryset"] = AppealKind.objects.filter(parent__isnull=True, active=True)
        if db_field.name == "subkind":
            kwargs["queryset"] = AppealKind.objects.filter(
                parent__isnull=False, active=True
            ).select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # a request stays on record, whatever became of it

    def save_model(self, request, obj, form, change):
        if not change:
            data = form.cleaned_data
            kind = data["kind"]
            appeal = services.appeal_submit(
                kind=kind,
                subkind=data.get("subkind"),
                channel=data["channel"],
                union=data.get("union"),
                by=request.user,
                description=data["description"],
                consent_version=kind.privacy_version,
                publish_consent=data.get("publish_consent", False),
                anonymous=bool(data.get("anonymous") and kind.allows_anonymous),
                name=data.get("name") or "",
                phone=data.get("phone"),
                id_number=data.get("id_number"),
                employer=data.get("employer") or "",
                district=data.get("district"),
                amount_owed=data.get("amount_owed"),
                email=data.get("email") or None,
            )
            obj.pk, obj.code = appeal.pk, appeal.code
            messages.info(request, _("查询码：%(code)s（请告知诉求人）") % {"code": appeal.code})
            return
        self._step(request, obj, form.cleaned_data)

    def _step(self, request, obj, data):
        step = data.get("step")
        if not step:
            return
        text = data.get("text", "")
        calls = {
            "accept": lambda: services.appeal_accept(appeal=obj, by=request.user),
            "refuse": lambda: services.appeal_refuse(appeal=obj, by=request.user, reason=text),
            "route": lambda: services.appeal_route(
                appeal=obj,
                by=request.user,
                union=data.get("route_union"),
                department=data.get("department", ""),
                note=text,
            ),
            "reply": lambda: services.appeal_reply(appeal=obj, by=request.user, text=text),
            "close": lambda: services.appeal_close(appeal=obj, by=request.user),
            "publish": lambda: services.appeal_publish(
                appeal=obj,
                by=request.user,
                question=data.get("published_question_text", ""),
                answer=text,
            ),
            "unpublish": lambda: services.appeal_unpublish(appeal=obj, by=request.user),
        }
        try:
            calls[step]()
        except (ValidationError, PermissionDenied) as error:
            message = "；".join(error.messages) if hasattr(error, "messages") else str(error)
            messages.error(request, message)
        else:
            messages.success(request, _("已%(step)s。") % {"step": ACTION_LABELS[step]})

    def save_related(self, request, form, formsets, change):
        if change:
            return  # the history is written by the services; nothing else is edited here
        super().save_related(request, form, formsets, change)


admin.site.register(AppealAccessLog, AccessLogAdmin)
