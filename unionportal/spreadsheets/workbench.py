"""Imports on the 工作台: the user's background imports still queued or running, with progress.

The box appears only while one of them is in progress; each line opens the job's page.
"""

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unionportal.spreadsheets.selectors import import_jobs_in_progress
from unionportal.spreadsheets.services import import_job_progress
from unionportal.workbench import Item, workbench

#: jobs listed; a clerk rarely has more than one or two running
JOBS_SHOWN = 5


def _target(model_label: str) -> str:
    try:
        return str(apps.get_model(model_label)._meta.verbose_name)
    except (LookupError, ValueError):
        return model_label


@workbench.box(key="imports", title=_("导入进度"), order=60, hide_when_empty=True)
def import_items(user) -> list[Item]:
    items = []
    for job in import_jobs_in_progress(user=user)[:JOBS_SHOWN]:
        done = import_job_progress(job=job)
        percent = done * 100 // job.rows_total if job.rows_total else 0
        items.append(
            Item(
                label=_("%(file)s → %(target)s")
                % {"file": job.file_name, "target": _target(job.model_label)},
                url=reverse("admin:spreadsheets_importjob_change", args=[job.pk]),
                note=_("%(state)s，已处理 %(done)d / %(total)d 行（%(percent)d%%）")
                % {
                    "state": job.get_state_display(),
                    "done": done,
                    "total": job.rows_total,
                    "percent": percent,
                },
            )
        )
    return items
