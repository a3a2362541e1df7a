"""Service-site finder benchmark: server time of /fuwu/ with 10,000 sites on PostgreSQL, every
filter combination, against a plain page of sites measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionportal .venv/bin/python -m bench.stations

A scratch database (``<name>_stationsbench``, dropped and made anew) is migrated and filled with
N sites (default 10,000) of every kind, spread over seven districts around 32.0°N 120.9°E, each
with its weekly hours (a fifth overnight or round the clock), three or four facilities, and a
holiday closure for one in twenty; then VACUUM ANALYZE.

Each combination of the finder's filters (none, kind, district, a facility, two facilities, open
now, and their mixes) is asked with and without a position (the browser's, a district's centre,
a typed place), as a reader gets it on a page-cache miss: the test client through the whole
middleware stack, ``page`` spelled anew each time (1, 01, 001 …) so that the page cache, which
keys on it, never holds the page. Two baselines, timed in the same run: the enterprise
directory (``/competitions/enterprises/``, empty here) through the same client and stack, a list
page paying what every public page pays (header, footer, middleware, a count and a page query);
and the first 20 sites by primary key with their count, rendered by a one-line template (the
database's least work for a page of sites).

The finder keeps each site's card, its menus and its choices per public content version (as in
production, in the Redis the settings name), so a line's first request warms them; two last lines
time the first reader after a change, the content version moved before each request.
"""

import argparse
import datetime
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import county_unions, percentile, scratch_database_setup, timed  # noqa: E402

CENTRES = [
    ("崇川区", 32.010, 120.865),
    ("通州区", 32.065, 121.075),
    ("海门区", 31.870, 121.180),
    ("如皋市", 32.370, 120.570),
    ("海安市", 32.535, 120.465),
    ("如东县", 32.330, 121.190),
    ("启东市", 31.810, 121.660),
]


def fill(n: int, rng: random.Random) -> None:
    from stations.models import Facility, SpecialDays, Station, StationKind, WeeklyHours

    _, counties = county_unions([name for name, _, _ in CENTRES])
    districts = [
        (district, lat, lng) for (district, _), (_, lat, lng) in zip(counties, CENTRES, strict=True)
    ]
    unions = [union for _, union in counties]
    kinds = list(StationKind.objects.prefetch_related("facilities"))
    checklists = {kind.pk: [f.pk for f in kind.facilities.all()] for kind in kinds}
    sites = []
    for number in range(n):
        index = rng.randrange(len(districts))
        district, lat, lng = districts[index]
        kind = rng.choice(kinds)
        sites.append(
            Station(
                kind=kind,
                name=f"站点{number:05d}{kind.short_name}",
                union=unions[index],
                district=district,
                address=f"{district.name}测试路{number}号",
                latitude=lat + rng.uniform(-0.08, 0.08),
                longitude=lng + rng.uniform(-0.09, 0.09),
                opened_on=datetime.date(2012 + number % 12, 1 + number % 12, 1),
                closed_on=datetime.date(2024, 6, 30) if number % 50 == 0 else None,
                always_open=number % 10 == 0,
            )
        )
    Station.objects.bulk_create(sites, batch_size=2000)
    sites = list(Station.objects.order_by("pk").only("pk", "kind_id", "always_open"))
    hours, facilities, specials = [], [], []
    through = Station.facilities.through
    this_year = datetime.date.today().year
    for number, site in enumerate(sites):
        if not site.always_open:
            night = number % 10 == 1
            for day in range(7 if night else 5):
                ranges = (
                    [(datetime.time(22), datetime.time(6))]
                    if night
                    else [
                        (datetime.time(8, 30), datetime.time(11, 30)),
                        (datetime.time(13, 30), datetime.time(17, 30)),
                    ]
                )
                hours += [
                    WeeklyHours(station_id=site.pk, weekday=day, opens=o, closes=c)
                    for o, c in ranges
                ]
        chosen = rng.sample(checklists[site.kind_id], k=min(4, len(checklists[site.kind_id])))
        facilities += [through(station_id=site.pk, facility_id=pk) for pk in chosen]
        if number % 20 == 0:
            specials.append(
                SpecialDays(
                    station_id=site.pk,
                    starts_on=datetime.date(this_year, 10, 1),
                    ends_on=datetime.date(this_year, 10, 7),
                    closed=True,
                )
            )
    WeeklyHours.objects.bulk_create(hours, batch_size=5000)
    through.objects.bulk_create(facilities, batch_size=5000)
    SpecialDays.objects.bulk_create(specials, batch_size=5000)
    del Facility  # (imported for the reader: the facilities are the seeded ones)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    scratch_database_setup("stationsbench")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from organizations.models import District
    from stations.models import Station
    from unionportal.cache import public_content_changed

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    fill(args.sites, random.Random(2018))
    print(f"{Station.objects.count()} sites written in {time.perf_counter() - began:.0f} s")
    # As any write the public sees: what an earlier run kept of its sites is stale.
    public_content_changed()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    client = Client()
    spellings = itertools.count(0)

    def finder(query: dict):
        """A page-cache miss: ``page`` is 1 spelled anew each time (1, 01, 001 …)."""
        page = "0" * (next(spellings) % 200) + "1"
        response = client.get("/fuwu/", {**query, "page": page})
        assert response.status_code == 200, response.status_code
        assert "X-Page-Cache" not in response
        return response

    def baseline():
        from django.core.paginator import Paginator
        from django.template import engines

        page = Paginator(Station.objects.order_by("pk").select_related("kind"), 20).get_page(1)
        engines["django"].from_string(
            "{{ page.paginator.count }}{% for s in page %}{{ s.name }}{{ s.kind.name }}{% endfor %}"
        ).render({"page": page})

    qidong = District.objects.get(name="启东市").pk
    filters = {
        "no filter": {},
        "kind": {"kind": "care-station"},
        "kind + district": {"kind": "care-station", "district": qidong},
        "facility": {"facility": "water"},
        "two facilities": {"facility": ["water", "step-free"]},
        "open now": {"open": "on"},
        "kind + facility + open": {"kind": "nursing-room", "facility": "water", "open": "on"},
        "everything": {
            "kind": "care-station",
            "district": qidong,
            "facility": ["water", "toilet"],
            "open": "on",
        },
    }
    origins = {
        "": {},
        "· position": {"lat": "32.012", "lng": "120.87"},
        "· district centre": {"near": qidong},
        "· typed place": {"place": "海门"},
    }
    from django.urls import reverse

    directory = reverse("competitions:enterprise_list")
    directory_spellings = itertools.count(0)

    def chrome():
        """The enterprise directory, a list page like the finder, on a page-cache miss."""
        page = "0" * next(directory_spellings) + "1"
        response = client.get(directory, {"page": page})
        assert response.status_code == 200 and "X-Page-Cache" not in response

    plain = timed(baseline, args.repeat)
    print(f"baseline 2, first 20 sites with count: p50 {statistics.median(plain):.1f} ms")
    print(
        "\nEach line: the finder and baseline 1 (the empty enterprise directory) asked in turn,"
        " so that both see the same load; the ratio is the finder's p95 over the baseline's p50"
        " of the same line."
    )
    print(f"\n{'finder':<40}{'p50 ms':>8}{'p95 ms':>8}{'base p50':>10}{'p95 ×base':>11}")
    every, bases, ratios = [], [], []
    for (title, query), (where, origin) in itertools.product(filters.items(), origins.items()):
        wanted = {**query, **origin}
        finder(wanted)  # warm
        times, base = [], []
        for _ in range(args.repeat):
            base += timed(chrome, 1)
            times += timed(lambda q=wanted: finder(q), 1)
        every += times
        bases += base
        base50, p95 = statistics.median(base), percentile(times, 95)
        ratios.append(p95 / base50)
        label = f"{title} {where}".strip()
        print(
            f"{label:<40}{statistics.median(times):>8.1f}{p95:>8.1f}{base50:>10.1f}"
            f"{p95 / base50:>11.1f}"
        )
    print(
        f"\nall {len(every)} requests: p50 {statistics.median(every):.1f} ms, "
        f"p95 {percentile(every, 95):.1f} ms, max {max(every):.1f} ms; baseline 1 over the run: "
        f"p50 {statistics.median(bases):.1f} ms; p95 ×base per line: median "
        f"{statistics.median(ratios):.1f}, worst {max(ratios):.1f}"
    )

    print("\nThe first reader after a change (every kept card, menu and choice stale):")
    for title, wanted in (
        ("no filter", {}),
        ("open now · position", {**filters["open now"], **origins["· position"]}),
    ):
        times = []
        for _ in range(args.repeat):
            public_content_changed()  # as any write the public sees (not timed)
            times += timed(lambda q=wanted: finder(q), 1)
        print(
            f"{title + ', after a change':<40}{statistics.median(times):>8.1f}"
            f"{percentile(times, 95):>8.1f}"
        )


if __name__ == "__main__":
    main()
