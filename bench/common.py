"""What the PostgreSQL benchmarks that fill a scratch database share (bench.appeals,
bench.search, bench.stations): the database made anew (or kept) and Django set up on it, the
city's union tree they fill records for, and how a call is timed and a percentile read. One
copy, so that the figures of the benchmarks are measured and read the same way."""

import os
import time
from pathlib import Path


def scratch_database_setup(suffix: str, *, keep: bool = False) -> None:
    """Set Django up on a scratch database ``<name>_<suffix>`` beside DATABASE_URL's, dropped
    and made anew (empty: the caller migrates and fills it); with ``keep``, the one a previous
    run filled, as it is (to time again without filling). Refuses anything but PostgreSQL:
    these benchmarks' targets are for it."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL server: the target is for PostgreSQL")

    from tests.portal_server import own_database_url

    if keep:
        base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
        os.environ["DATABASE_URL"] = f"{base}/{name}_{suffix}"
    else:
        os.environ["DATABASE_URL"] = own_database_url(Path("/nonexistent"), suffix)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
    import django

    django.setup()


def county_unions(districts: list[str]) -> tuple:
    """The city federation and, per district name in that order, the district and its county
    union, as the demo names them (each created once: a second run finds them)."""
    from organizations.models import District, UnionUnit

    city, _ = UnionUnit.objects.get_or_create(name="市总工会", defaults={"kind": "city"})
    counties = []
    for order, name in enumerate(districts):
        district, _ = District.objects.get_or_create(name=name, defaults={"order": order})
        union, _ = UnionUnit.objects.get_or_create(
            name=f"{name}总工会", defaults={"kind": "county", "parent": city, "district": district}
        )
        counties.append((district, union))
    return city, counties


def timed(function, repeat: int) -> list[float]:
    """Milliseconds of each of ``repeat`` calls of ``function``."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return times


def percentile(values: list[float], pct: int) -> float:
    """The nearest-rank percentile (no interpolation: a value some call took)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]
