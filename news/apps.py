from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from news.roles import roles_sync

    roles_sync()


class NewsConfig(AppConfig):
    """Channels, articles and their review, photos, attachments, search, feeds, site settings."""

    name = "news"
    verbose_name = _("新闻")

    def ready(self):
        # The groups 编辑 and 审核 exist after every migrate (news.roles.roles_sync).
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="news_sync_roles")
