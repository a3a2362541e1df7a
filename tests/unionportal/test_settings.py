"""The settings module: local defaults, and production refusing to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="unionportal.settings", VAR_DIR=str(ROOT / "var"))
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_language_and_time_zone_are_chinese_first():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert "en" in dict(settings.LANGUAGES)


def test_nothing_set_means_sqlite_eager_celery_and_local_cache():
    result = _settings_in_subprocess(
        {},
        "settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True django.db.backends.sqlite3 True django.core.cache.backends.locmem.LocMemCache"
    )


def test_database_and_redis_urls_select_postgresql_and_redis():
    result = _settings_in_subprocess(
        {"DATABASE_URL": "postgres://u@db:5432/portal", "REDIS_URL": "redis://cache:6379/2"},
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL, "
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://cache:6379/2",
        "False",
        "django_redis.cache.RedisCache",
    ]


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({}, "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.cn"}, "DATABASE_URL, REDIS_URL"),
    ],
)
def test_production_stops_and_names_what_is_missing(given, missing):
    result = _settings_in_subprocess({"DEBUG": "False", **given}, "'started'")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr
