"""App configs that put the admin in the portal's shape, named in INSTALLED_APPS.

Kept apart from ``unionportal.admin_site``: an app config is imported before any model may be,
and the site imports models.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PortalAdminConfig(AdminConfig):
    """The admin with the portal's site (the 工作台 and models grouped by task) as default."""

    default_site = "unionportal.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        # Each app's workbench boxes and task groups, the way the admin finds admin.py.
        autodiscover_modules("workbench")


class PortalAxesConfig(AxesAppConfig):
    """django-axes under a Chinese name: its app config has no translatable one ("Axes")."""

    verbose_name = _("登录安全")
