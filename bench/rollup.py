"""Benchmark: a full-year rollup (every registered figure group) against hand-written SQL.

Not a test. Needs ``DATABASE_URL`` pointing at PostgreSQL (a scratch database: everything the
benchmark writes, demo data included, is rolled back at the end):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionportal_rollup2 \\
        .venv/bin/python bench/rollup.py --sizes 10000,100000,1000000 --repeat 3

For each size N it tops the 2018 records up, each with set-based ``INSERT … SELECT`` over
``generate_series`` (copies of the demo's 2018 records, cycling over them, that keep every
constraint of the tables and the shape of the figures), then runs ``ANALYZE``:

- disbursements to N (copies of the paid originals, without a batch, never a reversal), copy k
  of a payment going to copy k of its beneficiary (``… #k``; the unique keyed hash of the ID
  number becomes a deterministic md5-based value, the rest is the demo's fake file), so aid
  recipients grow in the demo's proportion (741 for 1,570 payments: ~473k at 1M);
- honours in the demo's proportion to the disbursements (H·N/D), each copy with a copy of its
  person or organisation (named ``… #k``, so the one-honour-per-recipient rules hold) or, for
  the federation's own honours, a title ``… #k``;
- competition entries in the same proportion (E·N/D): copy k of an entry is made by copy
  ``… #ek`` of its enterprise (a credit code, where the original has one, derived by md5, so it
  stays unique) in copy ``… #k`` of its competition, so distinct enterprises grow in proportion
  too (4,068 for 6,641 entries: ~2.6M at 1M; one entry per enterprise and competition holds);
- competition results in the same proportion (R·N/D): more listed contestants (``… #k``) in the
  same contests, ranked below the real ones, so each contest keeps its one first place.

Run it on a freshly created database: one that has held a rolled-back 1M run keeps the dead
rows until VACUUM (autovacuum may be off), and every scan is slower.

Then it measures in the same session, best of ``--repeat`` runs:

- ``rollup_values(year=2018)``: every figure group of the registry through the ORM, plus the
  entered figures (what ``rollup_compute`` does before writing), and its number of queries;
- the same SQL statements replayed raw on a cursor (the ORM's own floor);
- each figure group through the ORM against every hand-written statement for it (``HAND_SQL``):
  "plain" (``COUNT(DISTINCT …)`` with FILTER clauses, for every group), "grouped first" (sums
  per recipient first, then counted: the aid, innovation and Ankang Cup groups) and, for the
  aid, "by district first" (figures and by-district split in one pass over the payments). A
  group's hand-written figure is the fastest of its statements;
- the full year by hand: every group with its fastest statement ("fastest hand SQL"), and every
  group with its plain one ("plain SQL"), plus the entered figures. Every statement's numbers
  are checked to equal the ORM's: otherwise the run prints DIFFERENT RESULTS and exits with
  status 1;
- one full ``rollup_compute`` (lock, transaction, snapshot written) and its queries.

The top-up is in ``bench/rollup_data.py``, the hand-written statements in ``bench/rollup_sql.py``;
this file measures and prints.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# bench/http.py would shadow the standard library's http when this file runs as a script.
sys.path[:] = [path for path in sys.path if Path(path or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")

if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    sys.exit("bench/rollup.py measures PostgreSQL: set DATABASE_URL=postgres://… (a scratch db)")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.rollup_data import (  # noqa: E402
    DISTINCT_SQL,
    YEAR,
    Baseline,
    baseline,
    fetch_counts,
    record_counts,
    top_up,
)
from bench.rollup_sql import (  # noqa: E402
    HAND_SQL,
    differences,
    hand_group,
    hand_rollup,
    hand_variants,
    orm_group,
)
from reports.registry import registry  # noqa: E402
from reports.services import rollup_compute, rollup_values  # noqa: E402


def best_of(repeat: int, function):
    """The best time of ``repeat`` runs, and the last run's result."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def replay(queries) -> None:
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql)
            cursor.fetchall()


def measure_group(group, repeat: int) -> dict:
    """The group through the ORM against each of its hand-written statements (each checked)."""
    with CaptureQueriesContext(connection) as group_queries:
        orm_values = orm_group(group)
    orm_s, _ = best_of(repeat, lambda: orm_group(group))
    variants = {}
    for variant in hand_variants(group):
        hand_s, hand_values = best_of(repeat, lambda variant=variant: hand_group(group, variant))
        variants[variant] = {"s": hand_s, "same": orm_values == hand_values}
    fastest = min(variants, key=lambda variant: variants[variant]["s"])
    return {
        "name": group.name,
        "queries": len(group_queries),
        "orm_s": orm_s,
        "variants": variants,
        "fastest": fastest,
        "hand_s": variants[fastest]["s"],
        "same": all(variant["same"] for variant in variants.values()),
    }


def measure(base: Baseline, size: int, repeat: int) -> dict:
    inserted = top_up(base, size)
    with CaptureQueriesContext(connection) as captured:
        orm_result = rollup_values(year=YEAR)
    statements = [query["sql"] for query in captured.captured_queries]
    orm, _ = best_of(repeat, lambda: rollup_values(year=YEAR))
    raw, _ = best_of(repeat, lambda: replay(statements))
    groups = [measure_group(group, repeat) for group in registry.groups()]
    # The full year by hand, each group with its fastest statement (measured just above).
    fastest = {group["name"]: group["fastest"] for group in groups}
    with CaptureQueriesContext(connection) as captured_hand:
        hand_result = hand_rollup(fastest)
    hand, _ = best_of(repeat, lambda: hand_rollup(fastest))
    plain, plain_result = best_of(repeat, lambda: hand_rollup({}))
    row = {
        "counts": record_counts() | fetch_counts(DISTINCT_SQL),
        "top_up_s": inserted,
        "queries": len(statements),
        "orm_s": orm,
        "raw_s": raw,
        "plain_s": plain,
        "hand_queries": len(captured_hand),
        "hand_s": hand,
        "differences": differences(orm_result, hand_result) + differences(orm_result, plain_result),
        "groups": groups,
    }
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as full:
        rollup_compute(year=YEAR)
    row["compute_s"] = time.perf_counter() - started
    row["compute_queries"] = len(full)
    return row


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def mark(same: bool) -> str:
    return "" if same else " (DIFFERENT RESULTS)"


def print_row(row: dict) -> None:
    counts = row["counts"]
    print(
        f"| {counts['disbursement']:,} | {counts['recipients']:,} | {counts['honour']:,} "
        f"| {counts['entry']:,} | {counts['enterprises']:,} | {counts['result']:,} "
        f"| {ms(row['orm_s'])} ({row['queries']}) | {ms(row['raw_s'])} "
        f"| {ms(row['plain_s'])} | {ms(row['hand_s'])} ({row['hand_queries']}) "
        f"| {row['orm_s'] / row['hand_s']:.2f}{mark(not row['differences'])} "
        f"| {ms(row['compute_s'])} ({row['compute_queries']}) | {row['top_up_s']:.1f} s |",
        flush=True,
    )


def print_groups(row: dict) -> None:
    print(f"\nper group at {row['counts']['disbursement']:,} disbursements (best of the runs):")
    print("| group | ORM queries | ORM | hand-written statements | fastest | ORM / fastest |")
    print("|---|---|---|---|---|---|")
    for group in row["groups"]:
        variants = ", ".join(
            f"{name} {ms(variant['s'])}{mark(variant['same'])}"
            for name, variant in group["variants"].items()
        )
        print(
            f"| {group['name'].rsplit('.', 1)[-1]} | {group['queries']} | {ms(group['orm_s'])} "
            f"| {variants} | {group['fastest']} "
            f"| {group['orm_s'] / group['hand_s']:.2f}{mark(group['same'])} |"
        )
    for line in row["differences"]:
        print(f"DIFFERENT RESULTS: {line}")
    print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    missing = [group.name for group in registry.groups() if group.name not in HAND_SQL]
    if missing:
        print(f"no hand-written SQL (the ORM counted on both sides): {', '.join(missing)}")
    call_command("migrate", verbosity=0)
    print(f"PostgreSQL {connection.pg_version}, figure groups: {len(registry.groups())}")
    rows = []
    with transaction.atomic():
        call_command("seed_demo", verbosity=0)
        base = baseline()
        print(
            "demo data in {year}: {disbursement} disbursements ({recipients} recipients), "
            "{honour} honours, {entry} competition entries ({enterprises} enterprises), "
            "{result} results (the proportions kept)".format(
                year=YEAR, **base.counts, **fetch_counts(DISTINCT_SQL)
            )
        )
        header = (
            "| 2018 disbursements | aid recipients | honours | entries | enterprises | results "
            "| rollup_values ORM (queries) | ORM's SQL raw | plain SQL "
            "| fastest hand SQL (statements) | ORM / fastest "
            "| rollup_compute (queries) | top-up |"
        )
        print(header)
        print("|---" * 13 + "|", flush=True)
        for size in sizes:
            row = measure(base, size, args.repeat)
            rows.append(row)
            print_row(row)
        for row in rows:
            print_groups(row)
        transaction.set_rollback(True)
    print("rolled back: the database is as it was (apart from migrations).")
    if any(row["differences"] or not all(g["same"] for g in row["groups"]) for row in rows):
        sys.exit("DIFFERENT RESULTS between the ORM and the hand-written SQL (see above)")


if __name__ == "__main__":
    main()
