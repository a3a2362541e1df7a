"""Reads of the appeals app: what staff may see, the requester's look-up, the dashboard counts,
the statistics and the published replies.

County union staff see the requests their union (or a union under it) has; the city federation's
staff see all (``organizations.selectors.union_scope``, the rule of aid and the service sites).
"""

import datetime
import hmac
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from appeals.models import Appeal, AppealKind
from organizations.models import UnionUnit
from organizations.selectors import union_scope, user_may_act_for
from unionportal.personal_data import normalize_phone

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out on the phone
CODE_LENGTH = 12
#: the finish deadline is "soon" within this many calendar days
DUE_SOON_DAYS = 3

__all__ = ["user_may_act_for"]


def appeal_list(*, user) -> QuerySet[Appeal]:
    queryset = Appeal.objects.all()
    scope = union_scope(user)
    return queryset if scope is None else queryset.filter(union__in=scope)


def kinds_public() -> list[AppealKind]:
    """The kinds a worker may choose, each with its active sub-kinds (two queries)."""
    kinds = list(
        AppealKind.objects.filter(active=True, parent__isnull=True).prefetch_related("children")
    )
    return kinds


def kind_public(code: str) -> AppealKind | None:
    return AppealKind.objects.filter(active=True, parent__isnull=True, code=code).first()


def subkinds_of(kind: AppealKind) -> QuerySet[AppealKind]:
    return kind.children.filter(active=True)


def normalize_code(value: str) -> str:
    """A code as typed (spaces, dashes, lower case) in its stored form."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def appeal_lookup(*, code: str, phone_last4: str) -> Appeal | None:
    """The request with this code whose phone ends with these four digits (a request sent
    without a phone: the code alone, ``phone_last4`` empty). None on any mismatch, told apart
    from nothing, so a look-up reveals nothing of which half was wrong."""
    code = normalize_code(code)
    if len(code) != CODE_LENGTH:
        return None
    appeal = Appeal.objects.select_related("kind", "subkind", "union").filter(code=code).first()
    if appeal is None:
        return None
    expected = normalize_phone(appeal.phone or "")[-4:]
    given = normalize_phone(phone_last4 or "")
    if not hmac.compare_digest(expected.encode(), given.encode()):
        return None
    return appeal


def appeal_public_events(*, appeal: Appeal) -> list:
    """The steps a requester sees: what and when, and to which union a request went (never who
    handled it, nor internal notes)."""
    return list(appeal.events.select_related("union").only("action", "status", "union", "at"))


# --------------------------------------------------------------------------- the 工作台


def appeal_counts(*, user, today: datetime.date) -> dict:
    """New, due soon and overdue requests of ``user``'s unions, in one aggregate query."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    open_ = Q(status__in=Appeal.OPEN)
    return appeal_list(user=user).aggregate(
        new=Count("pk", filter=Q(status=Appeal.Status.PENDING)),
        due_soon=Count("pk", filter=open_ & Q(finish_due__gte=today, finish_due__lte=soon)),
        overdue=Count(
            "pk",
            filter=Q(status=Appeal.Status.PENDING, accept_due__lt=today)
            | (open_ & Q(finish_due__lt=today)),
        ),
    )


def appeal_open_by_union(*, user, today: datetime.date) -> list[dict]:
    """Requests being handled, by union, with how many are overdue (one grouped query)."""
    open_ = Q(status__in=Appeal.OPEN)
    overdue = Q(status=Appeal.Status.PENDING, accept_due__lt=today) | Q(finish_due__lt=today)
    return list(
        appeal_list(user=user)
        .filter(open_)
        .order_by()
        .values("union_id", "union__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue))
        .order_by("-open", "union__name")
    )


# --------------------------------------------------------------------------- statistics


def _year_range(year: int) -> Q:
    tz = timezone.get_current_timezone()
    first = datetime.datetime(year, 1, 1, tzinfo=tz)
    last = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    return Q(submitted_at__gte=first, submitted_at__lt=last)


def _days(duration) -> Decimal | None:
    if duration is None:
        return None
    return (Decimal(duration.total_seconds()) / Decimal(86400)).quantize(Decimal("0.1"))


def appeal_totals(year: int) -> dict:
    """A year's requests (by the day they were sent): received, answered (replied or closed),
    answered by the finish deadline, refused, average days to the answer, ratings. One query."""
    answered = Q(status__in=Appeal.ANSWERED)
    on_time = answered & Q(replied_on__lte=F("finish_due"))
    values = (
        Appeal.objects.filter(_year_range(year))
        .annotate(
            replied_on=TruncDate("replied_at"),
            taken=ExpressionWrapper(
                F("replied_at") - F("submitted_at"), output_field=DurationField()
            ),
        )
        .aggregate(
            received=Count("pk"),
            answered=Count("pk", filter=answered),
            on_time=Count("pk", filter=on_time),
            refused=Count("pk", filter=Q(status=Appeal.Status.REFUSED)),
            average=Avg("taken", filter=answered),
            rated=Count("pk", filter=~Q(rating="")),
            satisfied=Count("pk", filter=Q(rating=Appeal.Rating.SATISFIED)),
            fairly=Count("pk", filter=Q(rating=Appeal.Rating.FAIRLY)),
            dissatisfied=Count("pk", filter=Q(rating=Appeal.Rating.DISSATISFIED)),
            legal_aid=Count("pk", filter=Q(kind__code="legal_aid")),
        )
    )
    values["average_days"] = _days(values.pop("average"))
    values["satisfaction_rate"] = (
        (Decimal(values["satisfied"] + values["fairly"]) * 100 / values["rated"]).quantize(
            Decimal("0.1")
        )
        if values["rated"]
        else None
    )
    values["on_time_rate"] = (
        (Decimal(values["on_time"]) * 100 / values["answered"]).quantize(Decimal("0.1"))
        if values["answered"]
        else None
    )
    return values


def appeal_by_kind_and_month(year: int) -> dict:
    """{"months": [1..12 with requests], "rows": [(kind name, [count per month], total)]}: one
    grouped query."""
    rows = (
        Appeal.objects.filter(_year_range(year))
        .annotate(month=TruncMonth("submitted_at"))
        .order_by()
        .values("kind__name", "kind__order", "month")
        .annotate(count=Count("pk"))
        .order_by("kind__order", "kind__name", "month")
    )
    table: dict[str, list[int]] = {}
    for row in rows:  # at most kinds × 12 rows, already aggregated
        counts = table.setdefault(row["kind__name"], [0] * 12)
        counts[row["month"].month - 1] += row["count"]
    return {
        "months": list(range(1, 13)),
        "rows": [(name, counts, sum(counts)) for name, counts in table.items()],
    }


def appeal_years() -> list[int]:
    """The years from the first request to the last, newest first (one query, read from the
    index on the sending time rather than every row)."""
    bounds = Appeal.objects.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if bounds["first"] is None:
        return []
    first, last = (timezone.localtime(bounds[key]).year for key in ("first", "last"))
    return list(range(last, first - 1, -1))


def replies_published(*, text: str = "") -> QuerySet[Appeal]:
    """Published replies, newest first; ``text`` in the question or the answer."""
    queryset = Appeal.objects.published().select_related("kind", "subkind")
    if text:
        queryset = queryset.filter(
            Q(published_question__icontains=text) | Q(published_answer__icontains=text)
        )
    return queryset.only(
        "code",
        "kind__name",
        "subkind__name",
        "published_question",
        "published_answer",
        "published_at",
    ).order_by("-published_at", "-pk")


def union_choices_for(user) -> QuerySet[UnionUnit]:
    """The unions ``user`` may route a request to."""
    scope = union_scope(user)
    return UnionUnit.objects.all() if scope is None else scope


def city_federation() -> UnionUnit | None:
    return UnionUnit.objects.filter(kind=UnionUnit.Kind.CITY).first()
