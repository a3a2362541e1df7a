"""The admin of records a union enters (rights, welfare): each county union's staff see, open,
edit and import only their own union's records (and those of the unions under it); the city
federation's staff and superusers see all. The rule is ``organizations.selectors.union_scope``,
as in aid and the service sites.

A model admin sets ``union_path`` (the lookup from its record to the union, "union" or
"batch__union" …) and saves through its app's service, which checks the scope again and marks
the years whose figures the record touches: ``UnionRecordAdmin`` is that admin, given the app's
save and delete functions.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organizations.models import UnionUnit
from organizations.selectors import union_scope


class OutOfScopeIsNotFoundMixin:
    """For a user who acts for some unions only, a record they may not open is not found (404),
    whether it belongs to another union or does not exist: the two answers are the same, so that
    trying numbers tells a county's staff nothing of another county's records. Users who act for
    every union keep the admin's own answer (back to the list, saying the record is gone)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and union_scope(request.user) is not None:
            raise Http404(_("记录不存在，或不属于您所在工会。"))
        return obj


class UnionScopedAdminMixin(OutOfScopeIsNotFoundMixin):
    #: the lookup from a record to the union that entered it
    union_path = "union"
    #: other foreign keys limited to the user's unions: {field: lookup from it to its union}
    scoped_foreign_keys: dict[str, str] = {}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = union_scope(request.user)
        return queryset if scope is None else queryset.filter(**{f"{self.union_path}__in": scope})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = union_scope(request.user)
        if scope is not None and db_field.related_model is UnionUnit:
            kwargs["queryset"] = scope
        elif scope is not None and db_field.name in self.scoped_foreign_keys:
            path = self.scoped_foreign_keys[db_field.name]
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **{f"{path}__in": scope}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UnionRecordAdmin(UnionScopedAdminMixin, SimpleHistoryAdmin):
    """A union's records saved and deleted only through their app's service, never by the admin
    itself: the service checks the scope again and marks the years whose figures change.

    A subclass names the service's functions, each called with ``record=`` and ``user=``:
    ``save_record = staticmethod(services.rights_record_save)`` (staticmethod, so the admin
    instance is not passed as their first argument)."""

    save_record = None
    delete_record = None

    def save_model(self, request, obj, form, change):
        self.save_record(record=obj, user=request.user)

    def delete_model(self, request, obj):
        self.delete_record(record=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for record in queryset:  # each one's years marked; a page of records at most
            self.delete_record(record=record, user=request.user)
