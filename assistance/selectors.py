"""Reads of the assistance app: what a staff user may see, look-ups by ID number, aggregates.

Nothing here returns a beneficiary to a public page: the only public-facing reads are the
aggregates (``aid_figures``, ``aid_by_district``), which never carry a name or a number.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from assistance.models import AidType, Beneficiary, Disbursement
from organizations.models import UnionUnit

# The county-scope rule of every app that keeps union-entered records: one copy, in organizations.
from organizations.selectors import union_scope as union_scope
from organizations.selectors import user_may_act_for as user_may_act_for
from reports.disclosure import publishable_groups

#: groups of fewer recipients than this are never shown on their own in public
MIN_PUBLIC_GROUP = 5
OTHER_GROUP = "其他"


def beneficiary_list(*, user) -> QuerySet[Beneficiary]:
    queryset = Beneficiary.objects.all()
    scope = union_scope(user)
    return queryset if scope is None else queryset.filter(union__in=scope)


def disbursement_list(*, user) -> QuerySet[Disbursement]:
    queryset = Disbursement.objects.all()
    scope = union_scope(user)
    return queryset if scope is None else queryset.filter(paying_union__in=scope)


def beneficiary_find_by_id_number(*, id_number: str, user=None) -> Beneficiary | None:
    """The file of the person with this ID number (through its keyed hash), if any."""
    queryset = Beneficiary.objects.all() if user is None else beneficiary_list(user=user)
    return queryset.with_id_number(id_number).first()


def disbursement_same_type_in_year(*, disbursement: Disbursement) -> QuerySet[Disbursement]:
    """Other live payments of the same aid type to the same beneficiary in the same year."""
    year = disbursement.disbursed_on.year
    return (
        Disbursement.objects.in_year(year)
        .filter(
            beneficiary_id=disbursement.beneficiary_id,
            aid_type_id=disbursement.aid_type_id,
            reverses__isnull=True,
        )
        .exclude(status__in=[Disbursement.Status.REVERSED, Disbursement.Status.REFUSED])
        .exclude(pk=disbursement.pk)
    )


def disbursement_applicant_id(*, disbursement: Disbursement) -> int | None:
    """The user who entered the application (in the admin, by an import or through a service):
    the one its first history record names; None when nobody signed in made it."""
    return (
        disbursement.history.order_by("history_date", "history_id")
        .values_list("history_user_id", flat=True)
        .first()
    )


def _money(expression) -> Coalesce:
    return Coalesce(expression, Value(Decimal("0")), output_field=DecimalField())


def aid_figures(year: int) -> dict[str, int | Decimal]:
    """The aid figures of a year, in one aggregate query.

    Settled money only (paid entries, reversed originals and their negative reversing entries,
    which net to nothing); a recipient counts when a paid original (neither a reversal nor
    reversed) reached them.
    """
    city = Q(paying_union__kind=UnionUnit.Kind.CITY)
    grant = Q(aid_type__code=AidType.STUDENT_GRANT)
    illness = Q(aid_type__code=AidType.ILLNESS_RELIEF)
    counts = Q(status=Disbursement.Status.PAID, reverses__isnull=True)
    values = (
        Disbursement.objects.settled()
        .in_year(year)
        .aggregate(
            student_grant_recipients=Count(
                "beneficiary", distinct=True, filter=city & grant & counts
            ),
            student_grant_yuan=_money(Sum("amount", filter=city & grant)),
            illness_relief_recipients=Count(
                "beneficiary", distinct=True, filter=city & illness & counts
            ),
            illness_relief_yuan=_money(Sum("amount", filter=city & illness)),
            citywide_aid_yuan=_money(Sum("amount")),
        )
    )
    return {
        key: Decimal(value) if key.endswith("_yuan") else value for key, value in values.items()
    }


def aid_by_district(year: int) -> list[tuple[str, int, Decimal]]:
    """Recipients and 元 of all aid of a year by district, safe to publish beside the total.

    Districts with fewer than ``MIN_PUBLIC_GROUP`` recipients (and files without a district) are
    merged into “其他”; if that group is itself too small, the smallest districts join it, so
    that the total minus the districts shown never gives a small group's money
    (``reports.disclosure``). The rows add up to the year's citywide total; [] when fewer than
    two would remain. Only aggregates leave the database.
    """
    rows = (
        Disbursement.objects.settled()
        .in_year(year)
        .values("beneficiary__district__name", "beneficiary__district__order")
        .annotate(
            recipients=Count(
                "beneficiary",
                distinct=True,
                filter=Q(status=Disbursement.Status.PAID, reverses__isnull=True),
            ),
            yuan=_money(Sum("amount")),
        )
        .order_by("beneficiary__district__order", "beneficiary__district__name")
    )
    groups = publishable_groups(
        (
            (row["beneficiary__district__name"], row["recipients"], Decimal(row["yuan"]))
            for row in rows
        ),
        minimum=MIN_PUBLIC_GROUP,
        other=OTHER_GROUP,
    )
    return [tuple(group) for group in groups]


def disbursement_counts_pending(*, user) -> dict:
    """Disbursements of ``user``'s unions awaiting approval (``applied``) and awaiting payment
    (``approved``), with their amounts in 元, in one aggregate query (the 工作台)."""
    applied = Q(status=Disbursement.Status.APPLIED)
    approved = Q(status=Disbursement.Status.APPROVED)
    return disbursement_list(user=user).aggregate(
        applied=Count("pk", filter=applied),
        applied_yuan=_money(Sum("amount", filter=applied)),
        approved=Count("pk", filter=approved),
        approved_yuan=_money(Sum("amount", filter=approved)),
    )
