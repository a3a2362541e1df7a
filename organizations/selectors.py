"""Reads of the shared reference data for the public pages' filters."""

from django.db.models import Q, QuerySet

from organizations.models import District, Organization, UnionUnit
from unionportal.cache import cached


def district_choices() -> list[tuple[int, str]]:
    """(id, name) of every district, in the city's order (one query, kept per content version:
    the public lists' filters)."""
    return cached(
        "choices:districts",
        lambda: list(District.objects.order_by("order", "name").values_list("pk", "name")),
    )


def industry_choices() -> list[str]:
    """The industries organisations are filed under, alphabetically (one query, kept per content
    version)."""
    return cached(
        "choices:industries",
        lambda: list(
            Organization.objects.exclude(industry="")
            .order_by("industry")
            .values_list("industry", flat=True)
            .distinct()
        ),
    )


def organization_search(queryset: QuerySet, *, text: str) -> QuerySet:
    """Organisations whose name contains ``text``, or whose 统一社会信用代码 starts with it
    (codes are stored in capitals; readers type them either way)."""
    return queryset.filter(Q(name__icontains=text) | Q(credit_code__startswith=text.upper()))


def union_scope(user) -> QuerySet[UnionUnit] | None:
    """The unions whose records ``user`` may see and edit; ``None`` means all of them.

    The rule of aid and of the service sites, for the apps that keep county-entered records
    (rights, welfare): superusers and the city federation's staff act for every union; a county
    union's staff for their own union and the unions under it; a user attached to no union
    (``user.union_membership``) for none.
    """
    if user.is_superuser:
        return None
    membership = getattr(user, "union_membership", None)
    if membership is None:
        return UnionUnit.objects.none()
    union = membership.union
    if union.kind == UnionUnit.Kind.CITY:
        return None
    return UnionUnit.objects.filter(Q(pk=union.pk) | Q(parent_id=union.pk))


def user_may_act_for(user, union: UnionUnit) -> bool:
    scope = union_scope(user)
    return scope is None or scope.filter(pk=union.pk).exists()
