"""Writes of the competitions app: the admin, the imports and the demo call these."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from competitions.models import Competition, Entry, Result
from organizations.models import Organization
from reports.services import figures_changed


@transaction.atomic
def entry_record(
    *,
    competition: Competition,
    organisation: Organization,
    workers: int = 0,
    teams: int = 0,
    suggestions: int = 0,
    innovations: int = 0,
    advanced_methods: int = 0,
    economic_benefit_yuan: Decimal | int = 0,
) -> Entry:
    """Record (or correct) what an enterprise reports for a competition."""
    values = {
        "workers": workers,
        "teams": teams,
        "suggestions": suggestions,
        "innovations": innovations,
        "advanced_methods": advanced_methods,
        "economic_benefit_yuan": Decimal(economic_benefit_yuan),
    }
    negative = [name for name, value in values.items() if value < 0]
    if negative:
        raise ValidationError(dict.fromkeys(negative, "不能为负数。"))
    entry, _ = Entry.objects.update_or_create(
        competition=competition, organisation=organisation, defaults=values
    )
    figures_changed(years=[competition.year])
    return entry


@transaction.atomic
def result_record(
    *,
    competition: Competition,
    contestant_name: str,
    organisation: Organization,
    rank: int,
    prize: str = "",
    grade_upgraded: bool = False,
    new_grade: str = "",
) -> Result:
    """Record (or correct) a contestant's result."""
    result, _ = Result.objects.update_or_create(
        competition=competition,
        contestant_name=contestant_name.strip(),
        organisation=organisation,
        defaults={
            "rank": rank,
            "prize": prize,
            "grade_upgraded": grade_upgraded,
            "new_grade": new_grade.strip(),
        },
    )
    figures_changed(years=[competition.year])
    return result
