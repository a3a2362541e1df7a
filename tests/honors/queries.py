"""How many queries a public page costs: the lists of honours and competitions pin that a page
costs the same whatever it shows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)
