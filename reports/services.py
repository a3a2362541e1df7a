"""Writes of the reports app: stale marks, entered figures, rollups into snapshots.

Idempotence: a rollup whose values (and entered-figure sources, and district breakdowns) equal
those of the current snapshot writes NO new snapshot; it logs a run with status "unchanged". So
recomputing unchanged records any number of times leaves exactly one snapshot, and every snapshot
in the history differs from the one before it.
"""

import logging
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from reports.models import (
    EnteredFigure,
    RollupRun,
    Snapshot,
    StaleYear,
    encode_value,
)
from reports.registry import registry
from unionportal.cache import public_content_changed

logger = logging.getLogger(__name__)

# Longer than the rollup task's hard time limit, so the lock outlives any run that still holds it,
# short enough that a worker killed mid-run does not block the year for long.
LOCK_SECONDS = 20 * 60
ADVISORY_LOCK_NAMESPACE = 7_2018  # pg_advisory_xact_lock(namespace, year)


# --------------------------------------------------------------------------- stale marks


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


def figures_changed(*, years: Iterable[int]) -> None:
    """The one call every write path makes when records behind these years' figures changed (an
    import, an admin save or delete, an approval, a reversal): the years are marked stale for the
    next rollup once the transaction commits, at once outside one; a rolled-back write marks
    nothing."""
    years = sorted({int(year) for year in years if year})
    if years:
        transaction.on_commit(partial(rollup_mark_stale, years=years))


# --------------------------------------------------------------------------- entered figures


def entered_figure_set(
    *, year: int, key: str, value, source: str, entered_by=None, note: str = ""
) -> EnteredFigure:
    """Enter (or correct) a figure of a year; the year is marked stale for the next rollup."""
    figure = EnteredFigure.objects.filter(year=year, key=key).first() or EnteredFigure(
        year=year, key=key
    )
    figure.value, figure.source, figure.note = Decimal(str(value)), source, note
    if entered_by is not None:
        figure.entered_by = entered_by
    figure.full_clean(validate_unique=False)
    figure.save()
    figures_changed(years=[year])
    return figure


# --------------------------------------------------------------------------- cache


def snapshots_changed() -> None:
    """A snapshot was written: pages, charts and live figures built from the old one go stale
    (they are all kept per public content version)."""
    public_content_changed()


# --------------------------------------------------------------------------- lock


class YearLock:
    """A per-year lock in the shared cache (Redis in production): taken with ``cache.add``,
    released only by the token that took it (a compare-and-delete script on Redis)."""

    RELEASE_SCRIPT = (
        "if redis.call('get', KEYS[1]) == ARGV[1] then "
        "return redis.call('del', KEYS[1]) else return 0 end"
    )

    def __init__(self, year: int):
        self.key = f"reports:rollup-lock:{year}"
        # An int is stored as is by Django's Redis serializer, so the script can compare it.
        self.token = secrets.randbits(62)

    def acquire(self) -> bool:
        return cache.add(self.key, self.token, LOCK_SECONDS)

    def release(self) -> None:
        backend = getattr(cache, "_cache", None)
        if backend is not None and hasattr(backend, "get_client"):  # Django's RedisCache
            full_key = cache.make_and_validate_key(self.key)
            client = backend.get_client(full_key, write=True)
            client.eval(self.RELEASE_SCRIPT, 1, full_key, str(self.token))
        elif cache.get(self.key) == self.token:
            cache.delete(self.key)


def _advisory_lock_taken(year: int) -> bool:
    """On PostgreSQL, a transaction-level advisory lock as a second guard (another process with
    another cache, or a lock that expired): False when another transaction holds it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, int(year)]
        )
        return bool(cursor.fetchone()[0])


# --------------------------------------------------------------------------- rollup


class RollupLocked(Exception):
    pass


class FigureGroupError(ValueError):
    pass


@dataclass
class RollupResult:
    year: int
    status: str
    run_id: int | None = None
    snapshot_id: int | None = None
    changed_keys: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "status": self.status,
            "run_id": self.run_id,
            "snapshot_id": self.snapshot_id,
            "changed_keys": self.changed_keys,
        }


def _group_values(group, year: int) -> dict:
    values = group.compute(year)
    declared = {figure.key for figure in group.figures}
    if not isinstance(values, dict) or set(values) != declared:
        got = sorted(values) if isinstance(values, dict) else type(values).__name__
        raise FigureGroupError(
            f"figure group {group.name} returned {got}, expected the keys {sorted(declared)}"
        )
    # An aggregate over no rows gives None: the figure is 0 that year.
    return {key: encode_value(0 if value is None else value) for key, value in values.items()}


def _group_breakdowns(group, year: int) -> dict:
    if group.breakdown is None:
        return {}
    declared = {figure.key for figure in group.figures}
    breakdowns = {}
    for key, by_district in (group.breakdown(year) or {}).items():
        if key not in declared:
            raise FigureGroupError(f"breakdown of {group.name} names an unknown figure {key!r}")
        breakdowns[key] = {
            str(name): encode_value(0 if value is None else value)
            for name, value in by_district.items()
        }
    return breakdowns


def rollup_values(*, year: int) -> tuple[dict, dict, dict]:
    """(values, sources, breakdowns) of every registered figure for the year, as stored.

    One call per figure group (each one query or a small fixed number) and one query for the
    entered figures: the number of queries does not depend on the number of records.
    """
    values, breakdowns = {}, {}
    for group in registry.groups():
        values.update(_group_values(group, year))
        breakdowns.update(_group_breakdowns(group, year))
    entered_keys = [figure.key for figure in registry.entered()]
    sources = {}
    rows = EnteredFigure.objects.filter(year=year, key__in=entered_keys).values_list(
        "key", "value", "source"
    )
    for key, value, source in rows:
        values[key] = encode_value(value)
        sources[key] = source
    return values, sources, breakdowns


def changed_keys_between(old: dict, new: dict) -> list[str]:
    return sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))


def rollup_compute(*, year: int, requested_by=None) -> RollupResult:
    """Compute every figure of ``year`` and store a new snapshot if anything changed.

    Safe when two runs overlap: the second one finds the year locked and returns status
    "skipped" at once. Everything is written in one transaction: a run that dies halfway (a
    figure group raising, a lost connection) leaves the previous snapshot current, logs the run
    as failed and re-raises. Clears the year's stale mark if it predates the run.
    """
    year = int(year)
    lock = YearLock(year)
    if not lock.acquire():
        return _skipped(year, requested_by)
    try:
        return _rollup_locked(year, requested_by)
    finally:
        lock.release()


def _skipped(year: int, requested_by) -> RollupResult:
    now = timezone.now()
    run = RollupRun.objects.create(
        year=year,
        status=RollupRun.Status.SKIPPED,
        started_at=now,
        finished_at=now,
        requested_by=requested_by,
    )
    logger.info("rollup of %s skipped: another run holds the lock", year)
    return RollupResult(year=year, status=RollupRun.Status.SKIPPED, run_id=run.pk)


def _rollup_locked(year: int, requested_by) -> RollupResult:
    run = RollupRun.objects.create(
        year=year, status=RollupRun.Status.RUNNING, requested_by=requested_by
    )
    started = time.monotonic()
    try:
        with transaction.atomic():
            if not _advisory_lock_taken(year):
                raise RollupLocked(year)
            values, sources, breakdowns = rollup_values(year=year)
            previous = Snapshot.objects.of_year(year).first()
            old_values = previous.values if previous else {}
            changed = changed_keys_between(old_values, values)
            changed += [
                key
                for key in changed_keys_between(previous.sources if previous else {}, sources)
                if key not in changed
            ]
            snapshot = None
            if previous is None or changed or previous.breakdowns != breakdowns:
                snapshot = Snapshot.objects.create(
                    year=year,
                    values=values,
                    sources=sources,
                    breakdowns=breakdowns,
                    changed_keys=changed,
                    duration=timedelta(seconds=time.monotonic() - started),
                    requested_by=requested_by,
                )
                snapshots_changed()
            StaleYear.objects.filter(year=year, stale_since__lte=run.started_at).delete()
    except RollupLocked:
        run.status, run.finished_at = RollupRun.Status.SKIPPED, timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return RollupResult(year=year, status=run.status, run_id=run.pk)
    except Exception as exc:
        run.status, run.finished_at = RollupRun.Status.FAILED, timezone.now()
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        _save_run_outside_failed_transaction(run)
        raise
    run.status = RollupRun.Status.CHANGED if snapshot else RollupRun.Status.UNCHANGED
    run.finished_at, run.snapshot, run.changed_keys = timezone.now(), snapshot, changed
    run.save(update_fields=["status", "finished_at", "snapshot", "changed_keys"])
    return RollupResult(
        year=year,
        status=run.status,
        run_id=run.pk,
        snapshot_id=snapshot.pk if snapshot else (previous.pk if previous else None),
        changed_keys=changed,
    )


def _save_run_outside_failed_transaction(run: RollupRun) -> None:
    """Log the failure; inside a caller's broken transaction that is impossible, so just log."""
    if connection.needs_rollback:
        logger.error("rollup of %s failed: %s", run.year, run.error)
        return
    run.save(update_fields=["status", "finished_at", "error"])


# --------------------------------------------------------------------------- enqueueing


def rollup_enqueue(*, years: Iterable[int], requested_by=None) -> list[int]:
    """Ask the worker to recompute these years once the current transaction commits."""
    from reports.tasks import rollup_year

    years = sorted({int(year) for year in years})
    user_id = requested_by.pk if requested_by is not None else None
    for year in years:
        transaction.on_commit(lambda year=year: rollup_year.delay(year, requested_by_id=user_id))
    return years
