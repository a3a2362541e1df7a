"""How many queries a public page costs: the lists of honours and competitions pin that a page
costs the same whatever it shows."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def query_counts_as_records_grow(client, urls, add_records, sizes=(5, 25)) -> dict:
    """{size: {url: (first, second)}}: each page asked for twice (rendered, then with its parts
    kept) once ``add_records(numbers)`` made ``size`` records, every kept part dropped in between.
    A second render never costs more queries than the first."""
    counts, made = {}, 0
    for size in sizes:
        add_records(range(made, size))
        made = size
        cache.clear()
        counts[size] = {}
        for url in urls:
            first, second = queries_of(client, url), queries_of(client, url)
            assert second <= first, url
            counts[size][url] = (first, second)
    return counts
