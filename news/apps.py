from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Channels, articles and their review, photos, attachments, search, feeds, site settings."""

    name = "news"
    verbose_name = _("新闻")
