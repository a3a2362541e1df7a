from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionPortalConfig(AppConfig):
    """The project itself as an app: its management commands (seed_demo, ensure_admin)."""

    name = "unionportal"
    verbose_name = _("门户")
