from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """Competitions, entries and results, and their public pages."""

    name = "competitions"
    verbose_name = _("劳动和技能竞赛")
