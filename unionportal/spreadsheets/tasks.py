"""Celery tasks of the imports: thin, an id in."""

from celery import shared_task

from unionportal.spreadsheets import services


@shared_task(acks_late=True, soft_time_limit=25 * 60, time_limit=30 * 60)
def run_import_job(job_id: int) -> str | None:
    """Import a large file in the background (see services.import_job_run)."""
    job = services.import_job_run(job_id=int(job_id))
    return job.state if job is not None else None
