"""Reads of the shared reference data for the public pages' filters."""

from django.db.models import Q, QuerySet

from organizations.models import District, Organization


def district_choices() -> list[tuple[int, str]]:
    """(id, name) of every district, in the city's order (one query)."""
    return list(District.objects.order_by("order", "name").values_list("pk", "name"))


def industry_choices() -> list[str]:
    """The industries organisations are filed under, alphabetically (one query)."""
    return list(
        Organization.objects.exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )


def organization_search(queryset: QuerySet, *, text: str) -> QuerySet:
    """Organisations whose name contains ``text``, or whose 统一社会信用代码 starts with it
    (codes are stored in capitals; readers type them either way)."""
    return queryset.filter(Q(name__icontains=text) | Q(credit_code__startswith=text.upper()))
