"""Beat tasks (schedules in settings.CELERY_BEAT_SCHEDULE; times in Asia/Shanghai)."""

from celery import shared_task

from news import services


@shared_task(acks_late=True)
def publish_due_articles() -> int:
    return services.articles_publish_due()


@shared_task(acks_late=True)
def flush_view_counts() -> int:
    return services.view_counts_flush()
