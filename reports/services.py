"""Writes of the reports app: stale marks, entered figures, rollups into snapshots.

Idempotence: a rollup whose values (and entered-figure sources, and district breakdowns) equal
those of the current snapshot writes NO new snapshot; it logs a run with status "unchanged". So
recomputing unchanged records any number of times leaves exactly one snapshot, and every snapshot
in the history differs from the one before it.
"""

import fcntl
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
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

ADVISORY_LOCK_NAMESPACE = 7_2018  # pg_try_advisory_lock(namespace, year)

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
    nothing. The records themselves are on public pages (劳模风采, honour rolls, competitions,
    the enterprise directory): the cached pages go stale with the same commit."""
    years = sorted({int(year) for year in years if year})
    if years:
        transaction.on_commit(partial(rollup_mark_stale, years=years))
    public_content_changed()


#: an app's "the years whose figures this record counts in" (``rights.services.figure_years`` …)
FigureYears = Callable[[models.Model], Iterable[int]]


def stored_figure_years(record: models.Model, figure_years: FigureYears) -> list[int]:
    """The years the record counted in as stored, before this write changes it (none for a new
    record): an edit that moves a record to another year changes the figures of both."""
    if record.pk is None:
        return []
    stored = type(record)._default_manager.filter(pk=record.pk).first()
    return list(figure_years(stored)) if stored is not None else []


@transaction.atomic
def counted_record_save(*, record: models.Model, figure_years: FigureYears) -> models.Model:
    """Validate and save a record that figures count (an app's own write, its scope checked by
    the app first); the years it counted in before and counts in now are marked through
    ``figures_changed``. Raises ``ValidationError`` when the record breaks a rule."""
    previous = stored_figure_years(record, figure_years)
    record.full_clean()
    record.save()
    figures_changed(years=[*previous, *figure_years(record)])
    return record


@transaction.atomic
def counted_record_delete(*, record: models.Model, figure_years: FigureYears) -> None:
    """Delete a record that figures count; the years it counted in are marked."""
    years = list(figure_years(record))
    record.delete()
    figures_changed(years=years)


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
    """The right to compute one year, held for a whole run and gone with the process holding it.

    A worker killed mid-run (out of memory, a redeploy) must not keep the year locked: on
    PostgreSQL the lock is a session-level advisory lock on a connection of its own, which the
    server drops with the connection; elsewhere (a SQLite file on one machine) it is an exclusive
    ``flock`` on a file beside the database, which the kernel drops with the process. An
    in-memory database is seen by this process only, so a lock in memory is enough for it.
    Only the lock that acquired releases; a second ``acquire`` of a held year returns False.
    """

    _in_memory_locks: dict[str, threading.Lock] = {}

    def __init__(self, year: int, *, using: str = DEFAULT_DB_ALIAS):
        self.year, self.using = int(year), using
        self._release = None  # set while held: closes the session or the file, or unlocks

    def acquire(self) -> bool:
        if self._release is not None:
            return False
        database = connections[self.using]
        if database.vendor == "postgresql":
            self._release = self._session_lock()
        elif database.vendor == "sqlite" and database.is_in_memory_db():
            self._release = self._memory_lock(database)
        else:
            self._release = self._file_lock(database)
        return self._release is not None

    def release(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc_info) -> None:
        self.release()

    def _session_lock(self):
        # A connection of its own (``create_connection`` is the handler's public factory, the
        # one ``connections[alias]`` uses): the run's transactions and errors on the default
        # connection cannot end the lock early, and the lock never outlives this process.
        session = connections.create_connection(self.using)
        try:
            with session.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_try_advisory_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, self.year]
                )
                if cursor.fetchone()[0]:
                    return session.close  # the session's locks end with it
        except Exception:
            session.close()
            raise
        session.close()
        return None

    def _file_lock(self, database):
        path = Path(f"{database.settings_dict['NAME']}.rollup-{self.year}.lock")
        handle = open(path, "a+b")  # noqa: SIM115 - kept open as long as the lock is held
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return None
        return handle.close

    def _memory_lock(self, database):
        lock = self._in_memory_locks.setdefault(
            f"{database.settings_dict['NAME']}:{self.year}", threading.Lock()
        )
        return lock.release if lock.acquire(blocking=False) else None


# --------------------------------------------------------------------------- rollup


class RollupLocked(Exception):
    """Another run holds the year: the task tries again later rather than report it done."""


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
    # An entered value stands for the year: for a figure declared as entered, and for a
    # computed one whose records the year lacks (then its computed breakdown goes too).
    entered_keys = [figure.key for figure in registry.figures()]
    sources = {}
    rows = EnteredFigure.objects.filter(year=year, key__in=entered_keys).values_list(
        "key", "value", "source"
    )
    for key, value, source in rows:
        values[key] = encode_value(value)
        sources[key] = source
        breakdowns.pop(key, None)
    return values, sources, breakdowns


def changed_keys_between(old: dict, new: dict) -> list[str]:
    return sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))


def rollup_compute(*, year: int, requested_by=None) -> RollupResult:
    """Compute every figure of ``year`` and store a new snapshot if anything changed.

    Safe when two runs overlap: the second one finds the year locked and returns status
    "skipped" at once (the Celery task then retries). Everything is written in one transaction: a
    run that dies halfway (a figure group raising, a lost connection) leaves the previous
    snapshot current, logs the run as failed and re-raises. A run whose process was killed
    leaves no lock (see ``YearLock``); the next run marks its record abandoned. Clears the
    year's stale mark if it predates the run.
    """
    year = int(year)
    lock = YearLock(year)
    if not lock.acquire():
        return _skipped(year, requested_by)
    try:
        _abandoned_runs_mark(year)
        return _rollup_locked(year, requested_by)
    finally:
        lock.release()


def _abandoned_runs_mark(year: int) -> int:
    """Runs of the year still "running" while this one holds the year's lock: every run holds
    it while it runs, so theirs died with their process (killed, out of memory, redeployed)
    before they could write anything. Returns how many were marked."""
    now = timezone.now()
    return RollupRun.objects.filter(year=year, status=RollupRun.Status.RUNNING).update(
        status=RollupRun.Status.ABANDONED,
        error=(
            f"计算进程中途退出（如被终止、内存不足或重新部署），未写入结果；"
            f"{timezone.localtime(now):%Y-%m-%d %H:%M}下一次计算开始时发现并标记。"
        ),
    )


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
