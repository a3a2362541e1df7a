"""Writes to the shared reference data. The domain apps match or create organisations here."""

from django.db.models import Q

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


class OrganizationMatcher:
    """The organisations one spreadsheet names, read once, and the rules that match a row to
    one of them (honours' collectives, competitions' enterprises):

    - the 统一社会信用代码 wins: an enterprise that renamed itself is still the same one; a new
      code makes a new enterprise, which needs a name;
    - without a code, the name, among organisations of their own (not a team inside another);
      of several, the one without a code, else the clerk must give the code;
    - an organisation new to the portal is created (``organization_match_or_create``), a team
      when it has no code.

    ``match`` raises ``ValidationError`` keyed by ``"name"`` or ``"credit_code"``.

    With ``create_later`` a new organisation is not saved one by one but kept, unsaved, for the
    import to write in bulk with what refers to it (``take_new``): the organisations the file
    names were all read first, so one not found is new (one a concurrent import wrote meanwhile
    makes the bulk write fail on the unique rule, and the import is refused as a conflict).
    """

    CHUNK = 2000

    def __init__(self, *, codes, names, create_later: bool = False):
        self.create_later = create_later
        self.new: list[Organization] = []
        codes = {code.strip().upper() for code in codes if code and code.strip()}
        names = {name.strip() for name in names if name and name.strip()}
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        self.created = 0
        codes, names = sorted(codes), sorted(names)
        for start in range(0, max(len(codes), len(names)), self.CHUNK):  # one query a chunk
            some_codes, some_names = (
                codes[start : start + self.CHUNK],
                names[start : start + self.CHUNK],
            )
            found = Organization.objects.filter(
                Q(credit_code__in=some_codes) | Q(name__in=some_names, parent__isnull=True)
            ).order_by("pk")
            code_set, name_set = set(some_codes), set(some_names)
            for organization in found:
                if organization.credit_code in code_set:
                    self.by_code[organization.credit_code] = organization
                if organization.parent_id is None and organization.name in name_set:
                    self.by_name.setdefault(organization.name, []).append(organization)

    def match(
        self,
        *,
        name: str,
        code: str = "",
        kind: str = Organization.Kind.ENTERPRISE,
        kind_without_code: str = Organization.Kind.ENTERPRISE,
        district: District | None = None,
    ) -> Organization:
        from django.core.exceptions import ValidationError

        name, code = name.strip(), code.strip().upper()
        if code:
            organization = self.by_code.get(code)
            if organization is None:
                if not name:
                    raise ValidationError({"name": "新单位须填写名称。"})
                organization = self._create(
                    name=name, credit_code=code, kind=kind, district=district
                )
                self.by_code[code] = organization
            return organization
        if not name:
            raise ValidationError({"name": "必须填写（或填写统一社会信用代码）。"})
        candidates = self.by_name.get(name, [])
        if len(candidates) > 1:
            without_code = [candidate for candidate in candidates if not candidate.credit_code]
            if len(without_code) != 1:
                raise ValidationError(
                    {"credit_code": "有多家单位名为“%s”，请填写统一社会信用代码以区分。" % name}
                )
            return without_code[0]
        if candidates:
            return candidates[0]
        organization = self._create(name=name, kind=kind_without_code, district=district)
        self.by_name[name] = [organization]
        return organization

    def _create(self, *, name: str, credit_code: str = "", kind: str, district) -> Organization:
        if not self.create_later:
            organization, created = organization_match_or_create(
                name=name, credit_code=credit_code, kind=kind, district=district
            )
            self.created += created
            return organization
        organization = Organization(
            name=name, credit_code=credit_code, kind=kind, district=district, parent=None
        )
        self.new.append(organization)
        self.created += 1
        return organization

    def take_new(self) -> list[Organization]:
        """The new organisations not yet written (``create_later``), handed over once."""
        new, self.new = self.new, []
        return new
