"""CPU of rendering public pages in-process with each Redis cache backend, alternated in rounds
in one process: Django's built-in RedisCache (a new redis.Redis for every cache call) against
django-redis (the portal's: one client per process). Pages are rendered anew on every request
(PUBLIC_PAGE_CACHE_SECONDS=0), their shared parts kept as in production.

    REDIS_URL=redis://127.0.0.1:6379/14 CACHE_KEY_PREFIX=bench PUBLIC_PAGE_CACHE_SECONDS=0 \\
      .venv/bin/python -m bench.cache_backends [--rounds 12] [--requests 150]

Uses the database the settings name (the local SQLite file after `make seed`), which must hold
the demo data; REDIS_URL must name a Redis (its keys under CACHE_KEY_PREFIX are written). Not a
test. Prints the median CPU per request of each page under each backend.
"""

import argparse
import os
import statistics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
os.environ.setdefault("ROOT_URLCONF", "bench.urls")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from bench.page_render import cpu_ms, default_paths  # noqa: E402


def backends() -> dict[str, dict]:
    portal = settings.CACHES["default"]
    if portal["BACKEND"] != "django_redis.cache.RedisCache":
        raise SystemExit("Set REDIS_URL: this benchmark compares two Redis backends.")
    timeout = settings.REDIS_SOCKET_TIMEOUT
    return {
        "Django's RedisCache": {
            **portal,
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        },
        "django-redis": portal,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--requests", type=int, default=150)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    paths = ["/bench/minimal", *default_paths()]
    configs = backends()
    timings = {(name, path): [] for name in configs for path in paths}
    for _ in range(args.rounds):
        for name, config in configs.items():
            with override_settings(CACHES={"default": config}):
                for path in paths:
                    timings[name, path].append(cpu_ms(client, path, args.requests)[0])
    names = list(configs)
    print(f"{'page':<40}" + "".join(f"{name:>22}" for name in names) + f"{'ratio':>8}")
    for path in paths:
        medians = [statistics.median(timings[name, path]) for name in names]
        cells = "".join(f"{ms:>19.3f} ms" for ms in medians)
        print(f"{path:<40}{cells}{medians[1] / medians[0]:>8.2f}")


if __name__ == "__main__":
    main()
