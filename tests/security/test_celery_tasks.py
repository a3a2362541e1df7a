"""Every task of the portal survives a lost worker and a blinking database, and cannot run away."""

import pytest
from django.conf import settings

from unionportal.celery import TRANSIENT_ERRORS
from unionportal.celery import app as celery_app

PORTAL_APPS = ("news.", "reports.", "honors.", "assistance.", "competitions.")


def portal_tasks():
    celery_app.loader.import_default_modules()
    return sorted(
        (name, task) for name, task in celery_app.tasks.items() if name.startswith(PORTAL_APPS)
    )


def test_the_beat_schedule_names_real_tasks():
    names = {name for name, _ in portal_tasks()}
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in names


@pytest.mark.parametrize(("name", "task"), portal_tasks(), ids=lambda value: str(value))
def test_each_task_is_acknowledged_late_retried_with_backoff_and_time_limited(name, task):
    assert task.acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    assert set(TRANSIENT_ERRORS) <= set(task.autoretry_for)
    assert task.retry_backoff
    assert (task.time_limit or celery_app.conf.task_time_limit) is not None
    assert (task.soft_time_limit or celery_app.conf.task_soft_time_limit) is not None


def test_tasks_are_serialised_as_json_only():
    assert celery_app.conf.task_serializer == "json"
    assert celery_app.conf.accept_content == ["json"]
