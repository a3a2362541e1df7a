"""A task enqueued on commit runs in a real Celery worker (only where REDIS_URL names a broker)."""

import os
import time
import uuid

import celery.contrib.testing.tasks  # noqa: F401 - registers the ping task start_worker expects
import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.db import transaction

from unionportal.celery import app as celery_app

pytestmark = [
    pytest.mark.celery_integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real broker"),
]


@celery_app.task(name="tests.remember")
def remember(key: str, value: str) -> str:
    cache.set(key, value, 60)
    return value


@pytest.mark.django_db(transaction=True)
def test_task_enqueued_on_commit_runs_in_a_real_worker():
    celery_app.conf.task_always_eager = False
    key, value = f"celery-test-{uuid.uuid4().hex}", "ran"
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        with transaction.atomic():
            transaction.on_commit(lambda: remember.delay(key, value))
            assert cache.get(key) is None  # nothing is sent before the commit
        for _ in range(100):  # at most 10 s for the worker to pick it up
            if cache.get(key) == value:
                break
            time.sleep(0.1)
    assert cache.get(key) == value
