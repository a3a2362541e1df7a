"""Cached public pages, invalidated by bumping one version number.

Every public page (and the navigation and footer it shows) is cached under a key holding the
current version; ``public_cache_bump()`` makes all of them stale at once. The services bump it
after a commit that changes what the public sees (an article approved, edited, withdrawn; a
channel, photo or the site settings changed) and the beat task bumps it when an approved
article's publish or expiry time has come.
"""

import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

VERSION_KEY = "news:public:version"
PAGE_SECONDS = 10 * 60


def public_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def public_cache_bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(time.time() * 1000), None)


def public_cache_bump_on_commit() -> None:
    """Bump now (this transaction's readers) and again after the commit (readers that cached the
    old content meanwhile). Outside a transaction on_commit runs at once."""
    public_cache_bump()
    transaction.on_commit(public_cache_bump)


def versioned_key(name: str) -> str:
    return f"news:public:{public_version()}:{name}"


def _page_key(request) -> str:
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return versioned_key(f"page:{digest}")


def cached_page(request) -> HttpResponse | None:
    """The cached response of this public request, or None."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return None
    stored = cache.get(_page_key(request))
    if stored is None:
        return None
    content, content_type = stored
    response = HttpResponse(content, content_type=content_type)
    response["X-Page-Cache"] = "hit"
    return response


def page_store(request, response) -> None:
    if (
        request.method == "GET"
        and response.status_code == 200
        and not request.user.is_authenticated
        and not response.streaming
        and not response.cookies
    ):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        cache.set(_page_key(request), (response.content, response["Content-Type"]), PAGE_SECONDS)


def cache_public_page(view):
    """Serve a public view from the versioned page cache (anonymous GETs only)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = cached_page(request)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        page_store(request, response)
        return response

    return wrapped
