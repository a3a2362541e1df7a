"""CPU of one article render in-process: warm (a page-cache miss while the public version stands)
and cold (right after a version bump: the article's data and kept blocks built anew), as ratios
to the minimal view, all through the test client and the same middleware, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionportal_render \\
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python -m bench.article_render --requests 200

Needs a database with the demo data (`createdb …`, then `manage.py migrate` and `seed_demo`). Not
a test.
"""

import argparse
import os
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
os.environ.setdefault("ROOT_URLCONF", "bench.urls")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from news.models import Article  # noqa: E402
from unionportal.cache import public_content_changed  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    n = parser.parse_args().requests
    settings.DEBUG = False
    run = uuid.uuid4().hex[:8]  # new query strings: never a page-cache hit
    url = Article.objects.published().order_by("-publish_at").first().get_absolute_url()
    client = Client(HTTP_HOST="127.0.0.1")

    def cpu_ms(path: str) -> float:
        started = time.process_time()
        response = client.get(path)
        elapsed = time.process_time() - started
        assert response.status_code == 200, (path, response.status_code)
        return elapsed * 1000

    for number in range(30):  # warm-up: imports, template loader, connections
        client.get(f"{url}?warm{run}={number}")
        client.get(f"/bench/minimal?warm{run}={number}")
    minimal = sum(cpu_ms(f"/bench/minimal?m{run}={i}") for i in range(n)) / n
    warm = sum(cpu_ms(f"{url}?a{run}={i}") for i in range(n)) / n
    cold = 0.0
    for number in range(n):
        public_content_changed()
        cold += cpu_ms(f"{url}?c{run}={number}")
    cold /= n
    print(f"minimal view {minimal:.2f} ms CPU per request")
    print(f"article, warm: {warm:.2f} ms ({warm / minimal:.1f}x the minimal view)")
    print(f"article, cold (right after a bump): {cold:.2f} ms ({cold / minimal:.1f}x)")


if __name__ == "__main__":
    main()
