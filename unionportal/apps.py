from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from unionportal.roles import roles_sync

    roles_sync()


class UnionPortalConfig(AppConfig):
    """The project itself as an app: staff roles and the project's management commands."""

    name = "unionportal"
    verbose_name = _("门户")

    def ready(self):
        # Every role exists, with exactly its permissions, after each migrate (unionportal.roles).
        # Django sends post_migrate only for apps with models, so hang it on auth's.
        post_migrate.connect(
            _sync_roles, sender=apps.get_app_config("auth"), dispatch_uid="unionportal_roles"
        )
