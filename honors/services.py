"""Writes of the honours app. The admin and the import call these and stay thin."""

from django.db import transaction

from honors.models import Honour
from reports.services import figures_changed


@transaction.atomic
def honour_save(*, honour: Honour, previous_year: int | None = None) -> Honour:
    """Save an honour entered by staff and mark its year (and a year it moved from) stale."""
    honour.full_clean()
    honour.save()
    figures_changed(years=[honour.year, previous_year])
    return honour


@transaction.atomic
def honour_delete(*, honour: Honour) -> None:
    year = honour.year
    honour.delete()
    figures_changed(years=[year])
