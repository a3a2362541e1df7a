"""Reads of the reports app. Public pages and live figures read snapshots, never records."""

from django.core.cache import cache

from reports.models import Snapshot, decode_values

CURRENT_VALUES_CACHE_KEY = "reports:current-values:v1"
CACHE_SECONDS = 60 * 60


def current_values_by_year() -> dict[int, dict]:
    """{year: {key: value}} of every year's current snapshot: one query, then cached.

    The cache entry is dropped whenever a snapshot is written (``snapshots_changed``).
    """
    stored = cache.get(CURRENT_VALUES_CACHE_KEY)
    if stored is None:
        stored = {
            str(year): values
            for year, values in Snapshot.objects.current().values_list("year", "values")
        }
        cache.set(CURRENT_VALUES_CACHE_KEY, stored, CACHE_SECONDS)
    return {int(year): decode_values(values) for year, values in stored.items()}


def current_values(year: int) -> dict:
    """{key: value} of the year's current snapshot (counts as int, money as Decimal); {} if none."""
    return current_values_by_year().get(int(year), {})
