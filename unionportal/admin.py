"""django-axes' lockout list with a Chinese header on its status column.

axes' ``AccessAttemptAdmin.status`` has no description, so the admin heads the column with its
name ("Status"), which no translation reaches; a subclass gives it one. Everything else of that
admin is axes' own, translated in ``locale/zh_Hans``.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PortalAccessAttemptAdmin(AccessAttemptAdmin):
    @admin.display(description=_("状态"))
    def status(self, obj):
        return super().status(obj)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, PortalAccessAttemptAdmin)
