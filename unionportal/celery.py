"""The Celery app: settings from Django's (prefix ``CELERY_``), tasks from each app's tasks.py."""

import os

import redis.exceptions
from celery import Celery
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")

app = Celery("unionportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Errors worth another try: the database or Redis went away for a moment. Tasks list them in
# ``autoretry_for`` with ``retry_backoff``; anything else is a bug and fails at once.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
