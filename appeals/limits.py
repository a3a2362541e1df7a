"""Rate limits of the public forms, counted in the shared cache.

Keys hold keyed hashes of the address or phone (``unionportal.personal_data.pii_hash``), never
the numbers: nothing personal is left in the cache.

With the cache away the two kinds of limit part ways: sending goes on (the captcha and the
honeypot still stand, and a worker with unpaid wages is not turned away because Redis is down),
while look-ups stop (``LookupsUnavailable``), since unlimited guesses of a code would be the one
way to reach somebody's request.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from ipware import get_client_ip

from unionportal.cache import shared_cache_call
from unionportal.personal_data import pii_hash


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


SEND_PER_ADDRESS = Limit("send-address", 5, 10 * 60)
SEND_PER_PHONE = Limit("send-phone", 3, 24 * 60 * 60)
LOOKUP_FAILURES_PER_ADDRESS = Limit("lookup-failures", 10, 60 * 60)


class LookupsUnavailable(Exception):
    """The cache that counts failed look-ups is away: look-ups are refused until it is back."""


def client_address(request) -> str:
    """The reader's address, behind as many trusted proxies as the login lockout trusts
    (``TRUSTED_PROXY_COUNT``)."""
    address, _routable = get_client_ip(request, proxy_count=settings.AXES_IPWARE_PROXY_COUNT)
    return address or "unknown"


def _key(limit: Limit, value: str) -> str:
    return f"appeals:limit:{limit.name}:{pii_hash(limit.name + ':' + value)[:32]}"


def _increment(key: str, seconds: int) -> int:
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1


def allow(limit: Limit, value: str) -> bool:
    """Count one use; False once ``value`` has used ``limit.count`` in the window. True while the
    cache is away (sending fails open)."""
    key = _key(limit, value)
    used = shared_cache_call(lambda: _increment(key, limit.seconds))
    return used is None or used <= limit.count


def lookup_blocked(address: str) -> bool:
    """Whether this address has failed too many look-ups; ``LookupsUnavailable`` with the cache
    away (look-ups fail closed)."""
    key = _key(LOOKUP_FAILURES_PER_ADDRESS, address)
    failures = shared_cache_call(lambda: cache.get(key, 0), default=None)
    if failures is None:
        raise LookupsUnavailable
    return failures >= LOOKUP_FAILURES_PER_ADDRESS.count


def lookup_failed(address: str) -> None:
    key = _key(LOOKUP_FAILURES_PER_ADDRESS, address)
    shared_cache_call(lambda: _increment(key, LOOKUP_FAILURES_PER_ADDRESS.seconds))
