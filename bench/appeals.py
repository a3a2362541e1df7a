"""Workers' requests benchmark: the status look-up and the staff list with 100,000 requests on
PostgreSQL, and a burst of submissions, each against a baseline measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/up_appeals \\
      REDIS_URL=redis://127.0.0.1:6379/12 CACHE_KEY_PREFIX=appeals .venv/bin/python -m bench.appeals

A scratch database (``<name>_appealsbench``, dropped and made anew) is migrated and filled with N
requests (default 100,000) of every kind over two years, in every state, spread over the city
federation and seven county unions, each with one to four steps of history; then VACUUM ANALYZE.

- Look-up: POST /hudong/chaxun/ with a random request's code and the last four digits of its
  phone, through the test client and the whole middleware stack; baseline: GET of the same page
  (the empty form: the page chrome, no look-up).
- Staff list: /admin/appeals/appeal/ as the city federation (all requests) and as a county union
  (its own), unfiltered and by state, and page 50; baseline: the admin list of the kinds (a
  dozen rows through the same admin).
- Burst: 50 submissions a second for ``--burst-seconds`` from as many addresses (each with its own
  form, captcha answered), while one address sends 20 in the same seconds; counted by status.
"""

import argparse
import concurrent.futures
import datetime
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import county_unions, percentile, scratch_database_setup, timed  # noqa: E402

UNIONS = ["崇川区", "通州区", "海门区", "如皋市", "海安市", "如东县", "启东市"]


def fill(n: int, rng: random.Random) -> None:
    from django.utils import timezone

    from appeals import services
    from appeals.models import Appeal, AppealEvent, AppealKind

    city, counties = county_unions(UNIONS)
    unions = [city, *(union for _, union in counties)]
    kinds = list(AppealKind.objects.filter(parent__isnull=True))
    now = timezone.now()
    answered = ("replied", "closed")
    statuses = ["pending", "accepted", "routed", "replied", "closed", "closed", "refused"]
    batch, events = [], []
    for number in range(n):
        kind = rng.choice(kinds)
        status = rng.choice(statuses)
        sent = now - datetime.timedelta(days=rng.uniform(0, 730))
        routed = status in ("routed", "replied", "closed") and rng.random() < 0.7
        appeal = Appeal(
            code=services.code_new(),
            kind=kind,
            status=status,
            union=rng.choice(unions[1:]) if routed else city,
            name=f"职工{number:06d}",
            phone=f"139{number:08d}",
            employer=f"测试企业{number % 997}",
            description=f"第{number}件诉求：单位拖欠工资，多次讨要未果。" * 3,
            consent_version=kind.privacy_version,
            consented_at=sent,
            submitted_at=sent,
            accept_due=sent.date() + datetime.timedelta(days=4),
            finish_due=sent.date() + datetime.timedelta(days=21),
            accepted_at=sent + datetime.timedelta(days=1) if status != "pending" else None,
            replied_at=sent + datetime.timedelta(days=9)
            if status in ("replied", "closed")
            else None,
            closed_at=sent + datetime.timedelta(days=12) if status == "closed" else None,
            reply="已答复。" if status in answered else None,
            refusal_reason="不属于受理范围" if status == "refused" else "",
        )
        appeal.refresh_hashes()
        batch.append(appeal)
        if len(batch) == 5000:
            _write(batch, events)
    _write(batch, events)
    del AppealEvent  # (written by _write)


def _write(batch: list, events: list) -> None:
    from appeals.models import Appeal, AppealEvent

    Appeal.objects.bulk_create(batch, batch_size=1000)
    steps = {
        "pending": ["submit"],
        "accepted": ["submit", "accept"],
        "routed": ["submit", "accept", "route"],
        "replied": ["submit", "accept", "reply"],
        "closed": ["submit", "accept", "reply", "close"],
        "refused": ["submit", "refuse"],
    }
    for appeal in batch:
        for step in steps[appeal.status]:
            events.append(
                AppealEvent(
                    appeal=appeal, action=step, status=appeal.status, at=appeal.submitted_at
                )
            )
    AppealEvent.objects.bulk_create(events, batch_size=2000)
    batch.clear()
    events.clear()


def row(label: str, times: list[float], base: float) -> str:
    p95 = percentile(times, 95)
    return f"{label:<46}{statistics.median(times):>8.1f}{p95:>8.1f}{p95 / base:>11.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--burst-seconds", type=int, default=5)
    args = parser.parse_args()
    scratch_database_setup("appealsbench")
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from appeals.models import Appeal
    from assistance.models import StaffUnionMembership
    from organizations.models import UnionUnit

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    rng = random.Random(2018)
    fill(args.requests, rng)
    print(f"{Appeal.objects.count()} requests written in {time.perf_counter() - began:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    cache.clear()

    # ---- the look-up ------------------------------------------------------------------------
    client = Client()
    chosen = Appeal.objects.order_by("?").only("code", "phone")[: args.repeat * 4]
    sample = [(appeal.code, appeal.pk) for appeal in chosen]
    phones = {appeal.pk: appeal.phone[-4:] for appeal in chosen}

    def form_page():
        assert client.get("/hudong/chaxun/").status_code == 200

    picks = iter(sample * 2)

    def lookup():
        code, pk = next(picks)
        response = client.post(
            "/hudong/chaxun/", {"code": code, "phone_last4": phones[pk]}, REMOTE_ADDR="10.3.0.1"
        )
        assert response.status_code == 200, response.status_code

    form_page(), lookup()  # warm
    base_lookup = timed(form_page, args.repeat)
    lookups = timed(lookup, args.repeat * 2)
    base50 = statistics.median(base_lookup)
    print(f"\n{'':<46}{'p50 ms':>8}{'p95 ms':>8}{'p95 ×base':>11}")
    print(row("baseline: GET /hudong/chaxun/ (empty form)", base_lookup, base50))
    print(row("status look-up (code + last four digits)", lookups, base50))

    # ---- the staff list ---------------------------------------------------------------------
    User = get_user_model()
    chief = User.objects.create_superuser("bench-chief", password="x-bench-password-1")  # noqa: S106
    county_user = User.objects.create_user(
        "bench-county",
        password="x-bench-password-1",  # noqa: S106
        is_staff=True,
    )
    county_user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="appeals", codename__in=["view_appeal", "handle_appeal"]
        )
    )
    StaffUnionMembership.objects.create(
        user=county_user, union=UnionUnit.objects.get(name="海门区总工会")
    )
    staff = {"city": Client(), "county": Client()}
    staff["city"].force_login(chief)
    staff["county"].force_login(county_user)

    def admin_get(who: str, url: str, query: dict | None = None):
        def call():
            response = staff[who].get(url, query or {})
            assert response.status_code == 200, (url, response.status_code)

        return call

    base_admin = admin_get("city", "/admin/appeals/appealkind/")
    base_admin()
    base_times = timed(base_admin, args.repeat)
    admin_base50 = statistics.median(base_times)
    print(row("baseline: admin list of the kinds", base_times, admin_base50))
    lists = {
        "staff list, city, all": ("city", {}),
        "staff list, city, 待受理": ("city", {"status__exact": "pending"}),
        "staff list, city, overdue": ("city", {"deadline": "overdue"}),
        "staff list, city, page 50": ("city", {"p": str(min(50, args.requests // 50))}),
        "staff list, county, all": ("county", {}),
        "staff list, city, search by phone": ("city", {"q": "13900012345"}),
    }
    every = []
    for label, (who, query) in lists.items():
        call = admin_get(who, "/admin/appeals/appeal/", query)
        call()
        times = timed(call, args.repeat)
        every += times
        print(row(label, times, admin_base50))
    print(row("staff list, all of the above", every, admin_base50))

    # ---- the burst --------------------------------------------------------------------------
    from tests.appeals.factories import captcha_answer, captcha_token

    def prepared(address: str, phone: str) -> tuple:
        page = Client().get("/hudong/new/consultation/", REMOTE_ADDR=address).content.decode()
        data = {
            "name": "测试职工",
            "phone": phone,
            "description": "请问试用期被辞退可以要求经济补偿吗？",
            "consent": "on",
            "captcha_token": captcha_token(page),
            "captcha_answer": captcha_answer(page),
        }
        return address, data

    rate = 50
    total = rate * args.burst_seconds
    many = [prepared(f"10.{8 + i // 60000}.{i // 250 % 240}.{i % 250 + 1}", f"137{i:08d}")
            for i in range(total)]  # fmt: skip
    one = [prepared("10.99.0.1", f"136{i:08d}") for i in range(20)]
    schedule = [(i / rate, "many", item) for i, item in enumerate(many)]
    schedule += [(i * args.burst_seconds / 20, "one", item) for i, item in enumerate(one)]
    schedule.sort(key=lambda entry: entry[0])
    local = threading.local()
    results: dict[str, dict[int, int]] = {"many": {}, "one": {}}
    latencies: list[float] = []
    lock = threading.Lock()
    cache.clear()

    def submit(entry, start):
        at, who, (address, data) = entry
        delay = start + at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        if not hasattr(local, "client"):
            local.client = Client()
        began = time.perf_counter()
        try:
            status = local.client.post(
                "/hudong/new/consultation/", data, REMOTE_ADDR=address
            ).status_code
        except Exception:
            status = 599
        finally:
            connection.close()
        with lock:
            results[who][status] = results[who].get(status, 0) + 1
            latencies.append((time.perf_counter() - began) * 1000)

    before = Appeal.objects.count()
    start = time.perf_counter() + 0.5
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda entry: submit(entry, start), schedule))
    took = time.perf_counter() - start
    sent = Appeal.objects.count() - before
    print(
        f"\nburst: {total} submissions from {total} addresses at {rate}/s, and 20 from one "
        f"address, over {took:.1f} s"
    )
    print(f"  many addresses: {dict(sorted(results['many'].items()))}")
    print(f"  one address:    {dict(sorted(results['one'].items()))}")
    print(
        f"  requests stored: {sent}; submission p50 {statistics.median(latencies):.0f} ms, "
        f"p95 {percentile(latencies, 95):.0f} ms"
    )


if __name__ == "__main__":
    main()
