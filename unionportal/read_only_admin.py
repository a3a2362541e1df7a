"""``ReadOnlyAdminMixin``: the admin of records no one adds or edits by hand, because the portal
writes them itself (access logs, background imports, the reports' snapshots and runs).

Kept apart from ``unionportal.admin``, which puts django-axes' lockout list in the admin when
it is imported: an app's admin takes the mixin without that side effect.
"""


class ReadOnlyAdminMixin:
    """No add or change, for anyone, superusers included; viewing stays as the admin has it.

    Deleting is refused too, unless the admin sets ``deletable = True``: then a user with the
    model's delete permission may clear out records (the reports' snapshots and runs), while a
    log kept as evidence stays as it is."""

    #: whether users with the model's delete permission may delete its records
    deletable = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)
