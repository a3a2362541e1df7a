"""/healthz: the database, the cache and the broker, each checked for real, all within
``DEADLINE_SECONDS``.

The compose and nginx healthchecks use it. The checks run side by side, each in a thread of its
own, so a hung service costs the answer at most the deadline, and the answer names it: 503 with
``{"database": "timeout", ...}`` while the database hangs, ``"error: ConnectionError"`` while the
cache is down.
"""

from concurrent.futures import ThreadPoolExecutor, wait

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from unionportal.celery import app as celery_app

DEADLINE_SECONDS = 2.5


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # this thread's own connection
    return "ok"


def _check_cache() -> str:
    cache.set("healthz", "ok", 10)
    return "ok" if cache.get("healthz") == "ok" else "unreadable"


def _check_broker() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
_pool = ThreadPoolExecutor(max_workers=2 * len(CHECKS), thread_name_prefix="healthz")


def _outcome(future) -> str:
    if not future.done():
        return "timeout"
    try:
        return future.result()
    except Exception as exc:  # a health check reports failures, it never raises
        return f"error: {exc.__class__.__name__}"


@never_cache
def healthz(request):
    futures = {name: _pool.submit(check) for name, check in CHECKS.items()}
    wait(futures.values(), timeout=DEADLINE_SECONDS)
    report = {name: _outcome(future) for name, future in futures.items()}
    healthy = all(value in ("ok", "eager") for value in report.values())
    down = [name for name, value in report.items() if value not in ("ok", "eager")]
    body = {"status": "ok" if healthy else "error", **report}
    if down:
        body["down"] = down
    return JsonResponse(body, status=200 if healthy else 503)
