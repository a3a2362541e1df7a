"""Beat tasks (schedules in settings.CELERY_BEAT_SCHEDULE; times in Asia/Shanghai).

Publishing is idempotent (it follows the clock), so it is acknowledged late and retried with
backoff when the database or Redis blinks. A flush retried after its UPDATE committed but before
the cache was decremented can count those views twice: view counts are a soft figure, and losing
them would be worse.
"""

from celery import shared_task

from news import services
from unionportal.celery import TRANSIENT_ERRORS

RETRIES = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "max_retries": 3,
    "soft_time_limit": 60,
    "time_limit": 120,
}


@shared_task(**RETRIES)
def publish_due_articles() -> int:
    return services.articles_publish_due()


@shared_task(**RETRIES)
def flush_view_counts() -> int:
    return services.view_counts_flush()


@shared_task(**{**RETRIES, "soft_time_limit": 15 * 60, "time_limit": 20 * 60})
def sync_search_index() -> dict:
    """Bring the search entries of every kind in line with their records (news.search_index)."""
    from news.search_index import search_entries_sync

    return search_entries_sync()
