"""Celery tasks: thin wrappers around reports.services (a year in, a result dict out)."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from reports import selectors, services
from reports.models import RollupRun
from unionportal.celery import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    # A year another run holds is tried again later, like a database that went away: after
    # about 30 s, 1, 2, 4, 8 and 10 minutes (less with jitter); the hard time limit below bounds
    # how long the other run can hold it. Out of tries, the task fails: never "done".
    autoretry_for=(*TRANSIENT_ERRORS, services.RollupLocked),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=10 * 60,
    time_limit=15 * 60,
)
def rollup_year(year: int, requested_by_id: int | None = None) -> dict:
    """Compute one year's figures into a snapshot (see services.rollup_compute)."""
    user = None
    if requested_by_id is not None:
        user = get_user_model().objects.filter(pk=requested_by_id).first()
    result = services.rollup_compute(year=int(year), requested_by=user)
    logger.info("rollup %s: %s %s", year, result.status, result.changed_keys)
    if result.status == RollupRun.Status.SKIPPED:
        raise services.RollupLocked(f"{year}年的统计正由另一次计算进行，稍后重试")
    return result.as_dict()


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, max_retries=3)
def recompute_recent_years() -> list[int]:
    """Nightly (beat, 02:30): the current and previous year, and every year marked stale."""
    years = selectors.years_to_recompute()
    services.rollup_enqueue(years=years)
    return years
