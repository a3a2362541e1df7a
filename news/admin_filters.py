"""List filters of the news admin that need more than a field lookup."""

from django.contrib import admin

from news.figure_notices import articles_with_changed_figures


class ChangedFiguresFilter(admin.SimpleListFilter):
    """Published articles whose live figures a rollup changed after they went public: readers
    see a correction note on them, and an editor may want to check the text around the figure."""

    title = "实时数据"
    parameter_name = "figures_changed"

    def lookups(self, request, model_admin):
        return [("yes", "发布后数据已更新（显示更正说明）")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=articles_with_changed_figures())
        return queryset
