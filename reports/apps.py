from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Annual figures: the registry, rollup snapshots, entered figures and the report pages."""

    name = "reports"
    verbose_name = _("年度统计")

    def ready(self):
        # Each domain app declares its figures in figures.py, the way the admin finds admin.py.
        autodiscover_modules("figures")
