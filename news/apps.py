from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Channels, articles and their review, photos, attachments, search, feeds, site settings.

    The roles 编辑 and 审核 are declared in news.roles and synced after every migrate by
    unionportal.roles (which holds every role of the portal).
    """

    name = "news"
    verbose_name = _("新闻")
