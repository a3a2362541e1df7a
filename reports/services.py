"""Writes of the reports app: stale marks, entered figures, rollups into snapshots."""

from collections.abc import Iterable

from django.utils import timezone

from reports.models import StaleYear


def rollup_mark_stale(*, years: Iterable[int]) -> None:
    """Record that these years' figures need recomputing (after an import or an approval).

    Idempotent and cheap (one query): marking a year twice keeps one mark, with the latest time,
    so that a rollup that started before the mark does not clear it.
    """
    now = timezone.now()
    marks = [StaleYear(year=int(year), stale_since=now) for year in sorted(set(years)) if year]
    if not marks:
        return
    StaleYear.objects.bulk_create(
        marks, update_conflicts=True, unique_fields=["year"], update_fields=["stale_since"]
    )
