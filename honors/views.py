"""Public pages: 劳模风采 gallery, a person's profile, honour rolls by year and level."""

from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from honors import selectors
from honors.models import HonourType


class ModelWorkerListView(ListView):
    template_name = "honors/model_worker_list.html"
    context_object_name = "people"
    paginate_by = 24

    def get_queryset(self):
        return selectors.model_worker_list()


class PersonDetailView(DetailView):
    template_name = "honors/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        return selectors.person_public_get(person_id=self.kwargs["pk"])


class RollIndexView(TemplateView):
    template_name = "honors/roll_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=selectors.roll_years(), **kwargs)


class RollView(TemplateView):
    template_name = "honors/roll.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = selectors.LEVEL_GROUPS_BY_SLUG.get(self.kwargs["level_group"])
        category = self.kwargs.get("category")
        if group is None or (category and category not in HonourType.Category.values):
            raise Http404("没有这个荣誉榜。")
        year = self.kwargs["year"]
        honours = selectors.honour_roll(year=year, group=group, category=category)
        subject = selectors.CATEGORY_TITLES[category] if category else "荣誉榜"
        sections: dict[str, list] = {}
        for honour in honours:  # grouping the rows already fetched for display
            sections.setdefault(honour.honour_type.name, []).append(honour)
        context.update(
            year=year,
            group=group,
            category=category,
            heading=f"{year}年{group.label}{subject}",
            sections=sections.items(),
            total=len(honours),
            level_groups=selectors.LEVEL_GROUPS,
            categories=selectors.CATEGORY_TITLES.items(),
        )
        return context
