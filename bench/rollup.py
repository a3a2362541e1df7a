"""Benchmark: a full-year rollup (every registered figure group) against raw SQL, on PostgreSQL.

Not a test. Needs ``DATABASE_URL`` pointing at PostgreSQL (a scratch database: everything the
benchmark writes, demo data included, is rolled back at the end):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionportal_reports \\
        .venv/bin/python bench/rollup.py --sizes 10000,100000,1000000

For each size N it tops the 2018 disbursements (assistance, the largest table behind the
figures) up to N rows with one ``INSERT … SELECT`` over ``generate_series``, runs ``ANALYZE``,
then measures in the same session, best of ``--repeat`` runs:

- ``rollup_values(year=2018)``: every figure group of the registry through the ORM, plus the
  entered figures (what ``rollup_compute`` does before writing), and its number of queries;
- the same SQL statements replayed raw on a cursor (no ORM, no Python per row): the floor;
- the aid figures alone through the ORM group against a hand-written SQL aggregate (FILTER
  clauses), checking both give the same numbers;
- one full ``rollup_compute`` (lock, transaction, snapshot written).
"""

import argparse
import os
import statistics
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

from reports.registry import registry  # noqa: E402
from reports.services import rollup_compute, rollup_values  # noqa: E402

YEAR = 2018

HAND_AID_SQL = """
SELECT
  COUNT(DISTINCT d.beneficiary_id) FILTER (
    WHERE u.kind = 'city' AND t.code = 'student_grant'
      AND d.status = 'paid' AND d.reverses_id IS NULL),
  COALESCE(SUM(d.amount) FILTER (WHERE u.kind = 'city' AND t.code = 'student_grant'), 0),
  COUNT(DISTINCT d.beneficiary_id) FILTER (
    WHERE u.kind = 'city' AND t.code = 'illness_relief'
      AND d.status = 'paid' AND d.reverses_id IS NULL),
  COALESCE(SUM(d.amount) FILTER (WHERE u.kind = 'city' AND t.code = 'illness_relief'), 0),
  COALESCE(SUM(d.amount), 0)
FROM assistance_disbursement d
JOIN organizations_unionunit u ON u.id = d.paying_union_id
JOIN assistance_aidtype t ON t.id = d.aid_type_id
WHERE d.status IN ('paid', 'reversed')
  AND d.disbursed_on BETWEEN %s AND %s
"""

# Copies of the year's paid originals, cycling over them, without a batch (the one-per-batch
# rule does not apply) and never a reversal: the figures grow, their shape stays.
TOP_UP_SQL = """
WITH source AS (
  SELECT row_number() OVER (ORDER BY id) AS n, *
  FROM assistance_disbursement
  WHERE status = 'paid' AND reverses_id IS NULL AND disbursed_on BETWEEN %s AND %s
), total AS (SELECT count(*) AS c FROM source)
INSERT INTO assistance_disbursement (
  beneficiary_id, aid_type_id, amount, paying_union_id, disbursed_on, fund_source, batch_id,
  student_name, school, grade, status, approved_by_id, approved_at, paid_at, reverses_id, note,
  created_at, updated_at)
SELECT s.beneficiary_id, s.aid_type_id, s.amount, s.paying_union_id, s.disbursed_on,
  s.fund_source, NULL, s.student_name, s.school, s.grade, s.status, s.approved_by_id,
  s.approved_at, s.paid_at, NULL, 'bench copy', s.created_at, s.updated_at
FROM generate_series(1, %s) AS g(i)
CROSS JOIN total
JOIN source s ON s.n = 1 + (g.i %% total.c)
"""


def year_range():
    return [f"{YEAR}-01-01", f"{YEAR}-12-31"]


def disbursement_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM assistance_disbursement WHERE disbursed_on BETWEEN %s AND %s",
            year_range(),
        )
        return cursor.fetchone()[0]


def top_up(target: int) -> float:
    missing = target - disbursement_count()
    started = time.perf_counter()
    if missing > 0:
        with connection.cursor() as cursor:
            cursor.execute(TOP_UP_SQL, [*year_range(), missing])
            cursor.execute("ANALYZE assistance_disbursement")
    return time.perf_counter() - started


def best_of(repeat: int, function):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), result


def replay(queries) -> None:
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql)
            cursor.fetchall()


def aid_group():
    return next(
        (g for g in registry.groups() if "student_grant_yuan" in {f.key for f in g.figures}),
        None,
    )


def measure(size: int, repeat: int) -> dict:
    inserted = top_up(size)
    with CaptureQueriesContext(connection) as captured:
        rollup_values(year=YEAR)
    statements = [query["sql"] for query in captured.captured_queries]
    orm, orm_median, _ = best_of(repeat, lambda: rollup_values(year=YEAR))
    raw, _, _ = best_of(repeat, lambda: replay(statements))
    row = {
        "size": disbursement_count(),
        "top_up_s": inserted,
        "queries": len(statements),
        "orm_s": orm,
        "orm_median_s": orm_median,
        "raw_s": raw,
        "ratio": orm / raw if raw else float("nan"),
    }
    group = aid_group()
    if group is not None:
        orm_aid, _, orm_values = best_of(repeat, lambda: group.compute(YEAR))

        def hand():
            with connection.cursor() as cursor:
                cursor.execute(HAND_AID_SQL, year_range())
                return cursor.fetchone()

        hand_aid, _, hand_values = best_of(repeat, hand)
        expected = [
            orm_values[key]
            for key in (
                "student_grant_recipients",
                "student_grant_yuan",
                "illness_relief_recipients",
                "illness_relief_yuan",
                "citywide_aid_yuan",
            )
        ]
        row.update(
            aid_orm_s=orm_aid,
            aid_hand_s=hand_aid,
            aid_ratio=orm_aid / hand_aid if hand_aid else float("nan"),
            aid_same=list(hand_values) == expected,
        )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as full:
        result = rollup_compute(year=YEAR)
    row.update(
        compute_s=time.perf_counter() - started,
        compute_queries=len(full),
        status=result.status,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    call_command("migrate", verbosity=0)
    print(f"PostgreSQL {connection.pg_version}, figure groups: {len(registry.groups())}")
    with transaction.atomic():
        call_command("seed_demo", verbosity=0)
        print(f"demo data: {disbursement_count()} disbursements in {YEAR}")
        header = (
            "| 2018 disbursements | queries | rollup_values (ORM) | same SQL raw | ratio "
            "| aid group ORM | aid hand SQL | ratio | rollup_compute (queries) |"
        )
        print(header)
        print("|---" * 9 + "|")
        for size in sizes:
            row = measure(size, args.repeat)
            print(
                f"| {row['size']:,} | {row['queries']} | {row['orm_s'] * 1000:.1f} ms "
                f"| {row['raw_s'] * 1000:.1f} ms | {row['ratio']:.2f} "
                f"| {row.get('aid_orm_s', 0) * 1000:.1f} ms "
                f"| {row.get('aid_hand_s', 0) * 1000:.1f} ms "
                f"| {row.get('aid_ratio', float('nan')):.2f}"
                f"{'' if row.get('aid_same', True) else ' (DIFFERENT RESULTS)'} "
                f"| {row['compute_s'] * 1000:.1f} ms ({row['compute_queries']}) |",
                flush=True,
            )
        transaction.set_rollback(True)
    print("rolled back: the database is as it was (apart from migrations).")


if __name__ == "__main__":
    main()
