"""Writes of the honours app. The admin and the import call these and stay thin."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction

from honors.models import Honour


def honours_mark_stale(*, years: Iterable[int]) -> None:
    """Tell the reports app, once the transaction commits, that these years' figures changed."""
    from reports.services import rollup_mark_stale

    years = sorted({int(year) for year in years if year})
    if years:
        transaction.on_commit(partial(rollup_mark_stale, years=years))


@transaction.atomic
def honour_save(*, honour: Honour, previous_year: int | None = None) -> Honour:
    """Save an honour entered by staff and mark its year (and a year it moved from) stale."""
    honour.full_clean()
    honour.save()
    honours_mark_stale(years=[honour.year, previous_year])
    return honour


@transaction.atomic
def honour_delete(*, honour: Honour) -> None:
    year = honour.year
    honour.delete()
    honours_mark_stale(years=[year])
