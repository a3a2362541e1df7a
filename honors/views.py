"""Public pages: 劳模风采 gallery, a person's profile, honour rolls by year and level.

The lists are GET forms (honors.forms) with paging; every filter is a query parameter, listed in
the view's page-cache mark.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from honors import selectors
from honors.forms import HonourFilterForm, ModelWorkerFilterForm
from honors.models import HonourType
from unionportal.cache import cache_public_page, cached_record_parts

ROLL_PAGE_SIZE = 100


class ModelWorkerListView(ListView):
    template_name = "honors/model_worker_list.html"
    context_object_name = "people"
    paginate_by = 24

    def get_queryset(self):
        self.form = ModelWorkerFilterForm(self.request.GET)
        return selectors.model_worker_ids(self.form.filters)

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range or not a number shows the nearest page, not an error page.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        people = list(context["people"])
        cards = cached_record_parts(
            self.request,
            "honors/_person_card.html",
            "person",
            people,
            selectors.people_with_honours,
        )
        context.update(people=people, cards=mark_safe("".join(cards.values())))
        return context


class PersonDetailView(DetailView):
    template_name = "honors/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        return selectors.person_public_get(person_id=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        # read anew with their honours (the person above may be the copy kept for every request)
        body = cached_record_parts(
            self.request,
            "honors/_person_body.html",
            "person",
            [person.pk],
            selectors.people_with_honours,
        )
        context["body"] = body[person.pk]
        return context


class RollIndexView(TemplateView):
    template_name = "honors/roll_index.html"

    def get_context_data(self, **kwargs):
        # read by the template only when its kept table is not there
        return super().get_context_data(years=selectors.roll_years, **kwargs)


class RollView(TemplateView):
    template_name = "honors/roll.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = selectors.LEVEL_GROUPS_BY_SLUG.get(self.kwargs["level_group"])
        category = self.kwargs.get("category")
        if group is None or (category and category not in HonourType.Category.values):
            raise Http404("没有这个荣誉榜。")
        year = self.kwargs["year"]
        form = HonourFilterForm(self.request.GET, category=category)
        honours = selectors.honour_roll_rows(
            year=year, group=group, category=category, filters=form.filters
        )
        page = Paginator(honours, ROLL_PAGE_SIZE).get_page(self.request.GET.get("page"))
        types = dict(page.object_list)
        rows = cached_record_parts(
            self.request, "honors/_roll_row.html", "honour", types, selectors.honours_by_id
        )
        subject = selectors.CATEGORY_TITLES[category] if category else _("荣誉榜")
        sections: dict[str, list] = {}
        for pk, row in rows.items():  # in the roll's order: by type, then level
            sections.setdefault(types[pk], []).append(row)
        context.update(
            year=year,
            group=group,
            category=category,
            heading=_("%(year)s年%(level)s%(subject)s")
            % {"year": year, "level": group.label, "subject": subject},
            sections=[
                {"name": name, "count": len(rows), "rows": mark_safe("".join(rows))}
                for name, rows in sections.items()
            ],
            form=form,
            page_obj=page,
            total=page.paginator.count,
            level_groups=selectors.LEVEL_GROUPS,
            categories=selectors.CATEGORY_TITLES.items(),
        )
        return context


model_worker_list = cache_public_page(
    params=("q", "level", "honour_type", "year", "district", "industry", "page")
)(ModelWorkerListView.as_view())
person_detail = cache_public_page(PersonDetailView.as_view())
roll_index = cache_public_page(RollIndexView.as_view())
roll = cache_public_page(params=("q", "honour_type", "district", "industry", "page"))(
    RollView.as_view()
)
