"""django-axes' lockout list, in Chinese, with only the actions that work.

axes' ``AccessAttemptAdmin.status`` has no description, so the admin heads the column with its
name ("Status"), which no catalogue can translate: this subclass gives it one. axes' own action
"Clean up expired attempts" fails with an AttributeError in the admin (it reads
``request.axes_attempt_time``, which only a login request carries) and reports in an untranslatable
f-string; it is left out. Expired attempts are cleared by axes at each login anyway, and a
locked-out colleague is unlocked by deleting their record (Django's delete action). Everything
else of that admin is axes' own, translated in ``locale/zh_Hans``.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PortalAccessAttemptAdmin(AccessAttemptAdmin):
    actions = []  # Django's delete_selected (unlock) stays; axes' broken clean-up goes

    @admin.display(description=_("状态"))
    def status(self, obj):
        return super().status(obj)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, PortalAccessAttemptAdmin)
