"""CPU of rendering each public page type in-process, as a ratio to the minimal view, through the
test client and the same middleware, in the same run: an anonymous reader's request with the page
cache keeping no page (PUBLIC_PAGE_CACHE_SECONDS=0), the shared parts of pages kept per content
version as in production.

    PUBLIC_PAGE_CACHE_SECONDS=0 .venv/bin/python -m bench.page_render [--requests 40] [PATH …]

Uses the database the settings name (the local SQLite file after `make run`, or DATABASE_URL),
which must hold the demo data. Each figure is the best of three runs of ``--requests``. Requests
are made as over HTTPS, so that production settings (DEBUG off, Redis, the static files'
manifest after ``collectstatic``) can be measured too:

    DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=127.0.0.1 FIELD_ENCRYPTION_SALT=x PII_HMAC_KEY=x \
      DATABASE_URL=sqlite:///var/db.sqlite3 REDIS_URL=redis://127.0.0.1:6379/13 \
      PUBLIC_PAGE_CACHE_SECONDS=0 .venv/bin/python -m bench.page_render --requests 300

Not a test.
"""

import argparse
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
os.environ.setdefault("ROOT_URLCONF", "bench.urls")

import django

django.setup()

from django.test import Client  # noqa: E402

from competitions.models import Competition  # noqa: E402
from news.models import Article  # noqa: E402


def default_paths() -> list[str]:
    article = Article.objects.published().order_by("-publish_at").first()
    competition = Competition.objects.order_by("pk").first()
    return [
        "/",
        article.channel.get_absolute_url(),
        article.get_absolute_url(),
        "/search/?q=劳模",
        "/honors/models/",
        "/reports/2018/",
        competition.get_absolute_url(),
        "/fuwu/",
    ]


def cpu_ms(client: Client, path: str, requests: int) -> tuple[float, int]:
    for _ in range(3):  # warm: the shared parts of the page are kept
        client.get(path, secure=True)
    started = time.process_time()
    for _ in range(requests):
        status = client.get(path, secure=True).status_code
    return (time.process_time() - started) * 1000 / requests, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    paths = args.paths or default_paths()
    # every page once before any is timed: the first request of a process pays for imports and
    # template loading, which no page should be charged with
    for path in ["/bench/minimal", *paths]:
        client.get(path, secure=True)
    base = min(cpu_ms(client, "/bench/minimal", args.requests)[0] for _ in range(3))
    print(f"{'page':<40}{'status':>7}{'CPU ms':>9}{'× minimal':>11}")
    print(f"{'minimal view':<40}{200:>7}{base:>9.2f}{1:>11.1f}")
    for path in paths:
        ms, status = min(cpu_ms(client, path, args.requests) for _ in range(3))
        print(f"{path:<40}{status:>7}{ms:>9.2f}{ms / base:>11.1f}")


if __name__ == "__main__":
    main()
