"""Writes of the import machinery: the admin log of an import, and large files imported by a
Celery task (``ImportJob``), with their progress."""

import logging
from functools import partial

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from import_export.results import RowResult

from unionportal.bulk import bulk_insert_values
from unionportal.spreadsheets import messages, storage
from unionportal.spreadsheets.formats import SpreadsheetRefused, read_spreadsheet
from unionportal.spreadsheets.models import ImportJob
from unionportal.spreadsheets.resources import full_collections_held

logger = logging.getLogger(__name__)

#: admin log entries written per INSERT after an import
LOG_BATCH = 1000
#: errors kept on a job (the clerk fixes these, uploads again, and sees the next ones)
JOB_ERRORS_KEPT = 200
LOG_FLAGS = {RowResult.IMPORT_TYPE_NEW: ADDITION, RowResult.IMPORT_TYPE_UPDATE: CHANGE}
LOG_COLUMNS = ["action_time", "user_id", "content_type_id", "object_id", "object_repr"]
LOG_COLUMNS += ["action_flag", "change_message"]


@transaction.atomic
def import_log_entries(*, user_id, result, use_copy: bool = True) -> None:
    """The admin log entry of every record an import wrote (``PortalResult.written``), with the
    values ``LogEntry.objects.log_actions`` gives them (each entry timed when it is made), a
    thousand at a time: as plain rows (``unionportal.bulk.bulk_insert_values``, COPY on
    PostgreSQL), or with ``use_copy`` off through ``log_actions`` itself. A 100,000-row import
    writes 100,000 entries: as ``LogEntry`` objects through ``bulk_create`` they took longer
    than the rows. All in one transaction: the admin and the import job call this after the
    import has committed, where each thousand would otherwise be a commit of its own (ten
    commits, each waiting for the disk, for a 10,000-row file)."""
    now = timezone.now
    for import_type, instances in getattr(result, "written", {}).items():
        flag = LOG_FLAGS.get(import_type)
        if flag is None or not instances:
            continue
        message = "%s through import_export" % import_type
        content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=False)
        for start in range(0, len(instances), LOG_BATCH):
            chunk = instances[start : start + LOG_BATCH]
            if not use_copy:
                LogEntry.objects.log_actions(user_id, chunk, flag, change_message=message)
                continue
            rows = [
                (now(), user_id, content_type.pk, str(obj.pk), str(obj)[:200], flag, message)
                for obj in chunk
            ]
            bulk_insert_values(LogEntry, LOG_COLUMNS, rows)


def outcome_sentence(result) -> str:
    """What an import did, in one sentence: 已新增 120 条、更新 3 条。"""
    totals = result.totals
    sentence = "已新增 %d 条、更新 %d 条" % (totals["new"], totals["update"])
    if totals["skip"]:
        sentence += "，%d 条与已有记录相同未改动" % totals["skip"]
    return sentence + "。"


def refusal_sentences(result) -> list[str]:
    """Every reason the import wrote nothing, as the sentences the clerk reads."""
    sentences = [str(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        for column_errors in row.field_specific_errors.values():
            sentences.extend(str(message) for message in column_errors)
        sentences.extend(str(message) for message in row.non_field_specific_errors)
    return sentences


# ---- large files: an import job -------------------------------------------------------------


def _progress_key(job_id: int) -> str:
    return f"spreadsheets:import-job:{job_id}:done"


def import_job_progress(*, job: ImportJob) -> int:
    """Rows done so far: the running task reports them in the cache (its own writes to the
    database are invisible until the import commits); the job's own figure otherwise."""
    try:
        done = cache.get(_progress_key(job.pk))
    except Exception:  # the cache is a speed-up: without it the bar moves at the end only
        done = None
    return max(job.rows_done, min(done or 0, job.rows_total))


def _report_progress(job_id: int, rows_done: int) -> None:
    try:
        cache.set(_progress_key(job_id), rows_done, 60 * 60)
    except Exception:
        logger.warning("import job %s: progress not written to the cache", job_id)


def import_job_start(
    *, user, model_label: str, resource_index: int, file_name: str, data: bytes, rows_total: int
) -> ImportJob:
    """Keep the uploaded file (encrypted) on a new job and run it in the background once this
    transaction commits."""
    from unionportal.spreadsheets.tasks import run_import_job

    job = ImportJob.objects.create(
        created_by=user,
        model_label=model_label,
        resource_index=resource_index,
        file_name=file_name[:255],
        rows_total=rows_total,
        payload=storage.encrypt(data),
    )
    transaction.on_commit(partial(run_import_job.delay, job.pk))
    return job


def _claim(job_id: int) -> ImportJob | None:
    """Move a queued job to running, once: a task delivered twice finds it taken."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    return ImportJob.objects.get(pk=job_id) if claimed else None


def _finish(job: ImportJob, *, state: str, summary: str, errors=(), rows_done=None) -> None:
    job.state, job.summary = state, summary[:300]
    job.errors = list(errors)[:JOB_ERRORS_KEPT]
    job.rows_done = job.rows_total if rows_done is None else rows_done
    job.payload = b""  # the file goes with the import, whatever its outcome
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "summary", "errors", "rows_done", "payload", "finished_at"])


@full_collections_held()
def import_job_run(*, job_id: int) -> ImportJob | None:
    """Import a job's file all or nothing, as the admin's confirmation would, reporting progress.
    The outcome (a sentence, the Chinese errors) is written on the job; the file is dropped."""
    job = _claim(job_id)
    if job is None:
        return None
    user = get_user_model().objects.filter(pk=job.created_by_id).first()
    try:
        data = storage.decrypt(bytes(job.payload))
        dataset = read_spreadsheet(data)
        model_admin = admin.site.get_model_admin(_model(job.model_label))
        resource = model_admin.import_resource_for(user=user, index=job.resource_index)
        resource.progress = partial(_report_progress, job.pk)
        result = resource.import_data(
            dataset, dry_run=False, raise_errors=False, user=user, file_name=job.file_name
        )
    except SpreadsheetRefused as refusal:
        _finish(job, state=ImportJob.State.REFUSED, summary=str(refusal), errors=[str(refusal)])
        return job
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _finish(job, state=ImportJob.State.FAILED, summary=messages.UNEXPECTED, rows_done=0)
        return job
    if result.has_errors() or result.has_validation_errors():
        errors = refusal_sentences(result)
        summary = "文件有 %d 处错误，没有写入任何记录。" % len(errors)
        _finish(job, state=ImportJob.State.REFUSED, summary=summary, errors=errors)
        return job
    if user is not None:
        import_log_entries(user_id=user.pk, result=result)
    _finish(job, state=ImportJob.State.DONE, summary=outcome_sentence(result))
    return job


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def import_jobs_sweep() -> int:
    """Jobs still queued after ``IMPORT_EXPORT_UPLOAD_MAX_AGE`` (no worker ever took them):
    marked failed and their file dropped. Returns how many."""
    from datetime import timedelta

    limit = timezone.now() - timedelta(seconds=storage.max_age())
    stale = ImportJob.objects.filter(state=ImportJob.State.QUEUED, created_at__lt=limit)
    return stale.update(
        state=ImportJob.State.FAILED,
        summary="后台导入未能开始，文件已删除，请重新上传。",
        payload=b"",
        finished_at=timezone.now(),
    )
