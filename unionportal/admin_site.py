"""The staff admin: Django's own admin, opening on the 工作台 and grouping models by task.

Why not a theme (django-simpleui, django-unfold): both replace the admin's templates wholesale,
and the portal's admin pages that matter most are our own templates on top of Django's
(CKEditor 5's change form, django-import-export's import and preview pages, the review and
reversal pages). A front page and a grouped index are two templates and two public methods of
``AdminSite`` (``index``, ``get_app_list``); a theme would have to be fought on every one of the
others, and a Chinese admin is what Django's own translations plus ``locale/zh_Hans`` give.

``unionportal.admin_apps.PortalAdminConfig`` (in INSTALLED_APPS instead of
``django.contrib.admin``) makes this the default site, so ``admin.site`` and every
``@admin.register`` (ours and the libraries') use it.
"""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from unionportal.workbench import workbench


class PortalAdminSite(admin.AdminSite):
    site_header = _("市总工会门户 · 管理后台")
    site_title = _("市总工会门户管理")
    index_title = _("工作台")
    index_template = "admin/index.html"

    def get_urls(self):
        return [
            path("all/", self.admin_view(self.all_features_view), name="all_features"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        context = {"boxes": workbench.boxes_for(request.user), **(extra_context or {})}
        return super().index(request, context)

    def all_features_view(self, request):
        """ "全部功能": every model this user may open, grouped by task."""
        context = {
            **self.each_context(request),
            "title": _("全部功能"),
            "subtitle": None,
            "app_list": self.get_app_list(request),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/all_features.html", context)

    def get_app_list(self, request, app_label=None):
        """Models grouped by task (新闻发布, 荣誉与劳模 …), not apps alphabetically.

        One app's own page (``app_label`` given) stays Django's. The groups are declared by the
        apps in their ``workbench.py``; a model no group claims is listed under its app's name.
        """
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        all_url = reverse("admin:all_features", current_app=self.name)
        sections: dict[str, dict] = {}
        orders: dict[str, tuple] = {}
        for app in apps:
            for model in app["models"]:
                group = workbench.group_of(app["app_label"], model["object_name"].lower())
                key = group.key if group else app["app_label"]
                if key not in sections:
                    sections[key] = {
                        "name": group.title if group else app["name"],
                        "app_label": key,
                        "app_url": f"{all_url}#{key}",
                        "has_module_perms": True,
                        "models": [],
                    }
                    orders[key] = (group.order, "") if group else (1000, str(app["name"]))
                sections[key]["models"].append(model)
        return [sections[key] for key in sorted(sections, key=lambda key: orders[key])]
