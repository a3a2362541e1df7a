from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """Shared reference data: districts, union units (a tree) and organisations (enterprises …)."""

    name = "organizations"
    verbose_name = _("单位与区划")
