"""Staff roles as groups with permissions, made by one reusable function.

``roles_sync()`` creates or updates each group with exactly the permissions listed. Another app
adds its roles by calling ``roles_sync(roles={"帮扶经办": [...]})`` with its own mapping.
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITOR = "编辑"
REVIEWER = "审核"

_EDITOR_PERMISSIONS = [
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.submit_article",
    "news.view_channel",
    "news.view_source",
    "news.view_tag",
    "news.add_tag",
    "news.view_gallery",
    "news.add_gallery",
    "news.change_gallery",
    "news.view_photo",
    "news.add_photo",
    "news.change_photo",
    "news.delete_photo",
    "news.view_attachment",
    "news.add_attachment",
    "news.change_attachment",
    "news.delete_attachment",
]

ROLES: dict[str, list[str]] = {
    EDITOR: _EDITOR_PERMISSIONS,
    REVIEWER: [*_EDITOR_PERMISSIONS, "news.review_article", "news.delete_article"],
}


def roles_sync(*, roles: dict[str, list[str]] | None = None) -> dict[str, Group]:
    """Make each group hold exactly its listed permissions ("app_label.codename")."""
    roles = ROLES if roles is None else roles
    for app_config in django_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    groups = {}
    for name, permission_names in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        query = Q(pk__in=[])
        for permission_name in permission_names:
            app_label, codename = permission_name.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query).select_related("content_type"))
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        missing = set(permission_names) - found
        if missing:
            raise LookupError("unknown permissions: " + ", ".join(sorted(missing)))
        group.permissions.set(permissions)
        groups[name] = group
    return groups
