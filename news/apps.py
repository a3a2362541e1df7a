import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def _public_cache_bump_after_deploy(**kwargs):
    """Every deploy runs migrate: move the public version, so that no page or kept part of a
    page (pickled selectors' objects among them) written by the previous code is served. With the
    cache away the move is owed and made once it answers (unionportal.cache)."""
    from unionportal.cache import public_content_changed

    public_content_changed()


class NewsConfig(AppConfig):
    """Channels, articles and their review, photos, attachments, search, feeds, site settings.

    The roles 编辑 and 审核 are declared in news.roles and synced after every migrate by
    unionportal.roles (which holds every role of the portal).
    """

    name = "news"
    verbose_name = _("新闻")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from news.search_index import search_index_connect

        post_migrate.connect(_public_cache_bump_after_deploy, sender=self)
        # each app's search.py declares what the search finds (unionportal.search_registry)
        autodiscover_modules("search")
        search_index_connect()
