"""Reads of import jobs (the staff workbench lists the imports in progress)."""

from django.db.models import QuerySet

from unionportal.spreadsheets.models import ImportJob


def import_jobs_in_progress(*, user=None) -> QuerySet[ImportJob]:
    """Imports queued or running, newest first; only ``user``'s when given."""
    jobs = ImportJob.objects.in_progress().select_related("created_by")
    if user is not None:
        jobs = jobs.filter(created_by=user)
    return jobs


def import_jobs_visible_to(*, user) -> QuerySet[ImportJob]:
    """The jobs a staff member may open: their own; every job for a superuser."""
    jobs = ImportJob.objects.select_related("created_by")
    return jobs if user.is_superuser else jobs.filter(created_by=user)
