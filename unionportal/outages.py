"""What a reader gets while a service behind the portal is away.

The database: any request that needed it answers 503 with ``Retry-After`` and the friendly error
page (``server_error``, the project's ``handler500``, sees the exception being handled); pages in
the page cache are served without it (unionportal.cache touches no database on a hit). The cache:
pages render uncached (unionportal.cache). Settings give every client short timeouts, so neither
holds a worker for long.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30

# The errors of a database that is down, hung (a timeout) or restarting, as opposed to a bug.
DATABASE_AWAY = (OperationalError, InterfaceError)


def database_is_away(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_AWAY) and not _is_a_query_bug(exc)


def _is_a_query_bug(exc: DatabaseError) -> bool:
    # SQLite reports a missing table or column as OperationalError too: a bug, not an outage.
    return "no such table" in str(exc) or "no such column" in str(exc)


def server_error(request, template_name="500.html"):
    """handler500: 503 + Retry-After when the database is away, the 500 page otherwise."""
    template = loader.get_template(template_name)
    if database_is_away(sys.exc_info()[1]):
        response = HttpResponse(template.render({"outage": True}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(template.render(), status=500)
