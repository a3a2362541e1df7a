"""Writes to the shared reference data. The domain apps match or create organisations here."""

from organizations.models import District, Organization


def organization_match_or_create(
    *,
    name: str,
    credit_code: str = "",
    kind: str = Organization.Kind.ENTERPRISE,
    district: District | None = None,
    parent: Organization | None = None,
) -> tuple[Organization, bool]:
    """Find an organisation by its credit code, else by name (and parent); create it when new.

    The credit code wins: an enterprise that renamed itself is still the same enterprise.
    """
    name, credit_code = name.strip(), credit_code.strip().upper()
    if credit_code:
        return Organization.objects.get_or_create(
            credit_code=credit_code,
            defaults={"name": name, "kind": kind, "district": district, "parent": parent},
        )
    return Organization.objects.get_or_create(
        name=name,
        parent=parent,
        credit_code="",
        defaults={"kind": kind, "district": district},
    )
