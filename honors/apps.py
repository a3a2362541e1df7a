from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    """Honour types, honours, people (model workers and other honourees) and their public pages."""

    name = "honors"
    verbose_name = _("荣誉与劳模")
