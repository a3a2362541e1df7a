"""Staff side: entered figures with their source, snapshots with what changed, the rollup log,
stale years, and "重新计算" (which enqueues the rollup task for a year)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from reports import selectors, services
from reports.counted_admin import CountedRecordsAdmin
from reports.formatting import format_exact
from reports.models import EnteredFigure, RollupRun, Snapshot, StaleYear, entered_figure_choices
from reports.registry import registry
from unionportal.read_only_admin import ReadOnlyAdminMixin

RECOMPUTE_PERMISSION = "reports.add_rolluprun"


def _keys_summary(keys, limit=6) -> str:
    if not keys:
        return "—"
    keys = sorted(keys, key=selectors.figure_order)
    labels = [registry.get(key).label if registry.get(key) else key for key in keys]
    more = f" 等{len(labels)}项" if len(labels) > limit else ""
    return "、".join(labels[:limit]) + more


def _enqueue(request, years) -> None:
    if not request.user.has_perm(RECOMPUTE_PERMISSION):
        raise PermissionDenied
    years = services.rollup_enqueue(years=years, requested_by=request.user)
    messages.success(
        request,
        _("已提交重新计算：%(years)s。完成后可在“计算记录”中查看结果和变化。")
        % {"years": "、".join(f"{year}年" for year in years)},
    )


@admin.action(description=_("重新计算所选年度"))
def recompute_years(modeladmin, request, queryset):
    _enqueue(request, set(queryset.values_list("year", flat=True)))


class RecomputeForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class RecomputeMixin:
    """A "重新计算" button on the changelist, leading to a one-field form (year)."""

    change_list_template = "admin/reports/change_list_recompute.html"

    def get_urls(self):
        opts = self.model._meta
        own = [
            path(
                "recompute/",
                self.admin_site.admin_view(self.recompute_view),
                name=f"{opts.app_label}_{opts.model_name}_recompute",
            )
        ]
        return own + super().get_urls()

    def recompute_view(self, request):
        if not request.user.has_perm(RECOMPUTE_PERMISSION):
            raise PermissionDenied
        form = RecomputeForm(request.POST or None, initial={"year": request.GET.get("year")})
        if request.method == "POST" and form.is_valid():
            _enqueue(request, [form.cleaned_data["year"]])
            return redirect(reverse("admin:reports_rolluprun_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("重新计算年度数据"),
        }
        return TemplateResponse(request, "admin/reports/recompute.html", context)


@admin.register(Snapshot)
class SnapshotAdmin(RecomputeMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "computed_at", "changed", "figure_count", "duration", "requested_by"]
    list_filter = ["year"]
    list_select_related = ["requested_by"]
    search_fields = ["year"]
    date_hierarchy = "computed_at"
    actions = [recompute_years]
    deletable = True
    fields = ["year", "computed_at", "duration", "requested_by", "diff"]
    readonly_fields = fields

    @admin.display(description=_("变化的指标"))
    def changed(self, obj):
        return _keys_summary(obj.changed_keys)

    @admin.display(description=_("指标数"))
    def figure_count(self, obj):
        return len(obj.values)

    @admin.display(description=_("与上一份快照比较"))
    def diff(self, obj):
        rows = selectors.snapshot_diff(obj)
        body = format_html_join(
            "",
            '<tr class="{}"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    "changed" if row["changed"] else "",
                    row["label"],
                    row["before"],
                    row["after"],
                    "变化" if row["changed"] else "",
                )
                for row in rows
            ),
        )
        return format_html(
            "<table><caption>{}</caption><thead><tr><th scope='col'>指标</th>"
            "<th scope='col'>上一份</th><th scope='col'>本份</th><th scope='col'></th></tr>"
            "</thead><tbody>{}</tbody></table>",
            _("与同年上一份快照比较"),
            body,
        )


@admin.register(RollupRun)
class RollupRunAdmin(RecomputeMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "year",
        "status",
        "started_at",
        "finished_at",
        "run_duration",
        "changed",
        "requested_by",
    ]
    list_filter = ["status", "year"]
    list_select_related = ["requested_by"]
    search_fields = ["year", "error"]
    date_hierarchy = "started_at"
    actions = [recompute_years]
    deletable = True
    fields = [
        "year",
        "status",
        "started_at",
        "finished_at",
        "changed",
        "snapshot",
        "requested_by",
        "error",
    ]
    readonly_fields = fields

    @admin.display(description=_("变化的指标"))
    def changed(self, obj):
        return _keys_summary(obj.changed_keys)

    @admin.display(description=_("耗时"))
    def run_duration(self, obj):
        return obj.duration


@admin.register(StaleYear)
class StaleYearAdmin(RecomputeMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "stale_since"]
    actions = [recompute_years]
    search_fields = ["year"]
    deletable = True


class EnteredFigureForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("指标"), choices=())

    class Meta:
        model = EnteredFigure
        fields = ["year", "key", "value", "source", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", "---------"), *entered_figure_choices()]


@admin.register(EnteredFigure)
class EnteredFigureAdmin(CountedRecordsAdmin, SimpleHistoryAdmin):
    form = EnteredFigureForm
    list_display = ["year", "label", "printed_value", "source", "entered_by", "updated_at"]
    list_display_links = ["year", "label"]
    list_filter = ["year", "key"]
    list_select_related = ["entered_by"]
    search_fields = ["key", "source", "note"]
    readonly_fields = ["entered_by", "updated_at"]

    @admin.display(description=_("指标"), ordering="key")
    def label(self, obj):
        figure = registry.get(obj.key)
        return figure.label if figure else obj.key

    @admin.display(description=_("数值"), ordering="value")
    def printed_value(self, obj):
        figure = registry.get(obj.key)
        return format_exact(obj.value, figure.unit if figure else "", bool(figure and figure.money))

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
