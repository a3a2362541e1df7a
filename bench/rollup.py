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
"""

# The top-up statements insert constant SQL fragments (``copies``), never any input.
# ruff: noqa: S608

import argparse
import os
import sys
import time
from dataclasses import dataclass
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

from assistance.selectors import MIN_PUBLIC_GROUP, OTHER_GROUP  # noqa: E402
from reports.disclosure import publishable_groups  # noqa: E402
from reports.models import encode_value  # noqa: E402
from reports.registry import registry  # noqa: E402
from reports.services import rollup_compute, rollup_values  # noqa: E402

YEAR = 2018
YEAR_PARAMS = {"year": YEAR, "first_day": f"{YEAR}-01-01", "last_day": f"{YEAR}-12-31"}

# --------------------------------------------------------------------------- scaling the year

# The year's records of each scaled table, ``t``, after FROM (with what picks them): what is
# counted, and what the copies cycle over.
RECORDS_OF_THE_YEAR = {
    "disbursement": """assistance_disbursement t
        WHERE t.disbursed_on BETWEEN %(first_day)s AND %(last_day)s""",
    "honour": "honors_honour t WHERE t.year = %(year)s",
    "entry": """competitions_entry t
        JOIN competitions_competition c ON c.id = t.competition_id WHERE c.year = %(year)s""",
    "result": """competitions_result t
        JOIN competitions_competition c ON c.id = t.competition_id WHERE c.year = %(year)s""",
    # The rights and worker-service records of the year (see RECORD_SCALE).
    "contract": """rights_collectivecontract t
        WHERE t.valid_from <= %(last_day)s AND t.valid_to >= %(last_day)s""",
    "visit": """rights_supervisionvisit t
        WHERE t.visited_on BETWEEN %(first_day)s AND %(last_day)s""",
    "ledgerline": """welfare_ledgerline t
        WHERE t.held_on BETWEEN %(first_day)s AND %(last_day)s""",
    "participant": """welfare_recuperationparticipant t
        JOIN welfare_recuperationbatch b ON b.id = t.batch_id
        WHERE b.starts_on BETWEEN %(first_day)s AND %(last_day)s""",
    "certificate": """welfare_certificate t
        WHERE t.obtained_on BETWEEN %(first_day)s AND %(last_day)s""",
}
#: of the year's payments, only the paid originals are copied (never a reversal)
COPIED_ONLY = {"disbursement": " AND t.status = 'paid' AND t.reverses_id IS NULL"}
#: ordered by competition, so that each competition's entries are one run of n
COPY_ORDER = {"entry": "t.competition_id, t.id"}

# The demo's 2018 records that the copies cycle over, numbered n = 0, 1, … (temporary tables,
# gone with the transaction).
SOURCES = {
    table: f"""
        CREATE TEMPORARY TABLE bench_{table}_source AS
        SELECT row_number() OVER (ORDER BY {COPY_ORDER.get(table, "t.id")}) - 1 AS n, t.*
        FROM {records}{COPIED_ONLY.get(table, "")}"""
    for table, records in RECORDS_OF_THE_YEAR.items()
}

#: the rights and worker-service records grow with the disbursements too, but the demo holds
#: far more of them than of payments (58,400 contracts in force for 1,570 payments): they are
#: scaled to the demo's count times size / RECORD_SCALE (10x the demo's at 1M disbursements),
#: a city's records many times over, rather than to the demo's proportion (37M contracts).
RECORD_SCALE = 100_000
RECORD_TABLES = ("contract", "visit", "ledgerline", "participant", "certificate")


# Every statement below makes the copies j = first … last (numbered over all the copies made so
# far, for smaller sizes too): copy j is copy number j / size + 1 of source record j % size.
def copies(table: str) -> str:
    """The copies to make, g (copy, n), each joined to its source record s of ``table``."""
    return (
        "(SELECT j / %(size)s + 1 AS copy, j %% %(size)s AS n"
        " FROM generate_series(%(first)s, %(last)s) AS j) g"
        f" JOIN bench_{table}_source s ON s.n = g.n"
    )


TOP_UP_SQL = {
    "disbursement": [
        # The beneficiaries the copies pay: copy k of a payment goes to copy k of its
        # beneficiary, so distinct recipients grow with the payments (the demo's proportion).
        # The one unique column, the keyed hash of the ID number, becomes a deterministic
        # md5-based value (64 hex digits, like the real HMAC); the rest is the demo's fake file.
        f"""
        INSERT INTO assistance_beneficiary (
          name, gender, id_number, id_number_hash, phone, phone_hash, workplace, district_id,
          union_id, category, cause, cause_detail, household_size, income_per_head, status,
          filed_on, closed_on, created_at, updated_at)
        SELECT b.name || ' #' || c.copy, b.gender, b.id_number,
          md5(b.id_number_hash || ' #' || c.copy)
          || md5('bench ' || b.id_number_hash || ' #' || c.copy),
          b.phone, b.phone_hash, b.workplace, b.district_id, b.union_id, b.category, b.cause,
          b.cause_detail, b.household_size, b.income_per_head, b.status, b.filed_on,
          b.closed_on, b.created_at, b.updated_at
        FROM (SELECT DISTINCT s.beneficiary_id, g.copy FROM {copies("disbursement")}) c
        JOIN assistance_beneficiary b ON b.id = c.beneficiary_id
        ON CONFLICT DO NOTHING""",
        # Without a batch (the one-per-batch rule does not apply), never a reversal: the figures
        # grow, their shape stays.
        f"""
        INSERT INTO assistance_disbursement (
          beneficiary_id, aid_type_id, amount, paying_union_id, disbursed_on, fund_source,
          batch_id, student_name, school, grade, status, approved_by_id, approved_at, paid_at,
          refusal_reason, reverses_id, note, created_at, updated_at)
        SELECT bc.id, s.aid_type_id, s.amount, s.paying_union_id, s.disbursed_on,
          s.fund_source, NULL, s.student_name, s.school, s.grade, s.status, s.approved_by_id,
          s.approved_at, s.paid_at, '', NULL, 'bench copy', s.created_at, s.updated_at
        FROM {copies("disbursement")}
        JOIN assistance_beneficiary b ON b.id = s.beneficiary_id
        JOIN assistance_beneficiary bc
          ON bc.id_number_hash = md5(b.id_number_hash || ' #' || g.copy)
          || md5('bench ' || b.id_number_hash || ' #' || g.copy)""",
    ],
    "honour": [
        # The people and organisations the copies need, one copy each per copy number.
        f"""
        INSERT INTO honors_person (
          name, gender, birth_year, workplace, occupation, photo, photo_consent, biography,
          created_at, workplace_organization_id)
        SELECT p.name || ' #' || c.copy, p.gender, p.birth_year, p.workplace, p.occupation,
          p.photo, p.photo_consent, p.biography, p.created_at, p.workplace_organization_id
        FROM (SELECT DISTINCT s.person_id, g.copy FROM {copies("honour")}
              WHERE s.person_id IS NOT NULL) c
        JOIN honors_person p ON p.id = c.person_id
        ON CONFLICT DO NOTHING""",
        # Without a credit code, the name tells a copy apart (organization_unique_name_*).
        f"""
        INSERT INTO organizations_organization (
          name, kind, credit_code, industry, district_id, parent_id)
        SELECT o.name || ' #' || c.copy, o.kind, '', o.industry, o.district_id, o.parent_id
        FROM (SELECT DISTINCT s.organization_id, g.copy FROM {copies("honour")}
              WHERE s.organization_id IS NOT NULL) c
        JOIN organizations_organization o ON o.id = c.organization_id
        ON CONFLICT DO NOTHING""",
        # No ON CONFLICT: a copy breaking a rule of the table stops the benchmark.
        f"""
        INSERT INTO honors_honour (
          title, level, year, awarded_on, document_number, awarding_body, recipient_kind,
          workplace, citation, created_at, district_id, organization_id, honour_type_id,
          person_id)
        SELECT CASE WHEN s.recipient_kind = 'federation' THEN s.title || ' #' || g.copy
                    ELSE s.title END,
          s.level, s.year, s.awarded_on, s.document_number, s.awarding_body, s.recipient_kind,
          s.workplace, s.citation, s.created_at, s.district_id, oc.id, s.honour_type_id, pc.id
        FROM {copies("honour")}
        LEFT JOIN honors_person p ON p.id = s.person_id
        LEFT JOIN honors_person pc
          ON pc.name = p.name || ' #' || g.copy AND pc.workplace = p.workplace
        LEFT JOIN organizations_organization o ON o.id = s.organization_id
        LEFT JOIN organizations_organization oc
          ON oc.name = o.name || ' #' || g.copy AND oc.credit_code = ''
          AND oc.parent_id IS NOT DISTINCT FROM o.parent_id""",
    ],
    "entry": [
        # The copies of the competitions that these entries belong to.
        """
        INSERT INTO competitions_competition (
          name, kind, level, year, organiser, trade, start_date, end_date, status,
          total_participants, grade_upgrades, description)
        SELECT c.name || ' #' || k.copy, c.kind, c.level, c.year, c.organiser, c.trade,
          c.start_date, c.end_date, c.status, c.total_participants, c.grade_upgrades,
          c.description
        FROM (SELECT competition_id, min(n) AS lo, max(n) AS hi
              FROM bench_entry_source GROUP BY competition_id) r
        CROSS JOIN generate_series(%(first)s / %(size)s + 1, %(last)s / %(size)s + 1) AS k(copy)
        JOIN competitions_competition c ON c.id = r.competition_id
        WHERE (k.copy - 1) * %(size)s + r.lo <= %(last)s
          AND (k.copy - 1) * %(size)s + r.hi >= %(first)s
        ON CONFLICT DO NOTHING""",
        # The enterprises the copies enter: copy k of an entry is made by copy ``… #ek`` of its
        # enterprise, so distinct enterprises grow with the entries (the demo's proportion).
        # Names, and credit codes where the original has one, stay unique.
        f"""
        INSERT INTO organizations_organization (
          name, kind, credit_code, industry, district_id, parent_id)
        SELECT o.name || ' #e' || c.copy, o.kind, CASE WHEN o.credit_code = '' THEN ''
            ELSE upper(left(md5(o.credit_code || ' #' || c.copy), 18)) END,
          o.industry, o.district_id, o.parent_id
        FROM (SELECT DISTINCT s.organisation_id, g.copy FROM {copies("entry")}) c
        JOIN organizations_organization o ON o.id = c.organisation_id
        ON CONFLICT DO NOTHING""",
        f"""
        INSERT INTO competitions_entry (
          competition_id, organisation_id, workers, teams, suggestions, innovations,
          advanced_methods, economic_benefit_yuan)
        SELECT cc.id, oc.id, s.workers, s.teams, s.suggestions, s.innovations,
          s.advanced_methods, s.economic_benefit_yuan
        FROM {copies("entry")}
        JOIN competitions_competition c ON c.id = s.competition_id
        JOIN competitions_competition cc
          ON cc.year = c.year AND cc.name = c.name || ' #' || g.copy
        JOIN organizations_organization o ON o.id = s.organisation_id
        JOIN organizations_organization oc
          ON oc.name = o.name || ' #e' || g.copy
          AND oc.credit_code = CASE WHEN o.credit_code = '' THEN ''
            ELSE upper(left(md5(o.credit_code || ' #' || g.copy), 18)) END
          AND oc.parent_id IS NOT DISTINCT FROM o.parent_id""",
    ],
    "result": [
        f"""
        INSERT INTO competitions_result (
          contestant_name, rank, prize, grade_upgraded, new_grade, competition_id,
          organisation_id, person_id)
        SELECT s.contestant_name || ' #' || g.copy, s.rank + g.copy * m.max_rank, s.prize,
          s.grade_upgraded, s.new_grade, s.competition_id, s.organisation_id, s.person_id
        FROM {copies("result")}
        CROSS JOIN (SELECT max(rank) AS max_rank FROM bench_result_source) m""",
    ],
}

# Copies of the rights and worker-service records: copy k of a contract starts (and was signed)
# k days earlier, so the one-contract-per-enterprise-kind-and-start rule holds and it is still
# in force on 31 December; a visit's copy names its supervising organisation "… #k"; a ledger
# line's copy is titled "… #k" and gets copies of its values (found by the note naming its
# source line); people's copies get an md5-based hash of the ID number (distinct people).
TOP_UP_SQL.update(
    {
        "contract": [
            f"""INSERT INTO rights_collectivecontract (enterprise_id, kind, signed_on,
                  valid_from, valid_to, workers_covered, union_id)
                SELECT s.enterprise_id, s.kind, s.signed_on - g.copy, s.valid_from - g.copy,
                  s.valid_to, s.workers_covered, s.union_id
                FROM {copies("contract")}"""
        ],
        "visit": [
            f"""INSERT INTO rights_supervisionvisit (enterprise_id, visited_on, supervisor,
                  level, union_id, findings, opinion_letter, workers_corrected)
                SELECT s.enterprise_id, s.visited_on, s.supervisor || ' #' || g.copy, s.level,
                  s.union_id, s.findings, s.opinion_letter, s.workers_corrected
                FROM {copies("visit")}"""
        ],
        "ledgerline": [
            f"""INSERT INTO welfare_ledgerline (kind_id, held_on, union_id, district_id, place,
                  title, note)
                SELECT s.kind_id, s.held_on, s.union_id, s.district_id, s.place,
                  s.title || ' #' || g.copy, 'bench ' || s.id
                FROM {copies("ledgerline")}""",
            """INSERT INTO welfare_ledgervalue (line_id, measure_id, value)
                SELECT l.id, v.measure_id, v.value
                FROM welfare_ledgerline l
                JOIN welfare_ledgervalue v ON v.line_id = split_part(l.note, ' ', 2)::bigint
                WHERE l.note LIKE 'bench %%'
                  AND NOT EXISTS (SELECT 1 FROM welfare_ledgervalue x WHERE x.line_id = l.id)""",
        ],
        "participant": [
            f"""INSERT INTO welfare_recuperationparticipant (id_number, id_number_hash, phone,
                  phone_hash, name, workplace, union_id, batch_id, category)
                SELECT s.id_number, md5(s.id_number_hash || g.copy) || md5(g.copy::text),
                  s.phone, s.phone_hash, s.name, s.workplace, s.union_id, s.batch_id, s.category
                FROM {copies("participant")}"""
        ],
        "certificate": [
            f"""INSERT INTO welfare_certificate (id_number, id_number_hash, phone, phone_hash,
                  name, workplace, union_id, certificate, obtained_on)
                SELECT s.id_number, md5(s.id_number_hash || g.copy) || md5(g.copy::text),
                  s.phone, s.phone_hash, s.name, s.workplace, s.union_id, s.certificate,
                  s.obtained_on
                FROM {copies("certificate")}"""
        ],
    }
)

COUNT_SQL = {
    table: f"SELECT count(*) FROM {records}" for table, records in RECORDS_OF_THE_YEAR.items()
}

# Distinct recipients of the year's aid and distinct enterprises entering its competitions.
DISTINCT_SQL = {
    "recipients": "SELECT count(DISTINCT t.beneficiary_id) FROM "
    + RECORDS_OF_THE_YEAR["disbursement"],
    "enterprises": "SELECT count(DISTINCT t.organisation_id) FROM " + RECORDS_OF_THE_YEAR["entry"],
}

ANALYZED = (
    "assistance_beneficiary",
    "assistance_disbursement",
    "honors_person",
    "honors_honour",
    "organizations_organization",
    "competitions_competition",
    "competitions_entry",
    "competitions_result",
    "rights_collectivecontract",
    "rights_supervisionvisit",
    "welfare_ledgerline",
    "welfare_ledgervalue",
    "welfare_recuperationparticipant",
    "welfare_certificate",
)


def fetch_counts(statements: dict[str, str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for name, sql in statements.items():
            cursor.execute(sql, YEAR_PARAMS)
            counts[name] = cursor.fetchone()[0]
        return counts


def record_counts() -> dict[str, int]:
    return fetch_counts(COUNT_SQL)


@dataclass
class Baseline:
    """The demo's 2018 record counts (the proportions) and the sizes of the copied sources."""

    counts: dict[str, int]
    sources: dict[str, int]


def baseline() -> Baseline:
    sources = {}
    with connection.cursor() as cursor:
        for table, sql in SOURCES.items():
            cursor.execute(sql, YEAR_PARAMS)
            sources[table] = cursor.rowcount
            cursor.execute(f"ANALYZE bench_{table}_source")
    return Baseline(counts=record_counts(), sources=sources)


def top_up(base: Baseline, size: int) -> float:
    """Top every scaled table up to its share of ``size`` disbursements; the seconds it took."""
    started = time.perf_counter()
    ratio = size / base.counts["disbursement"]
    now = record_counts()
    with connection.cursor() as cursor:
        for table, statements in TOP_UP_SQL.items():
            share = size / RECORD_SCALE if table in RECORD_TABLES else ratio
            missing = round(base.counts[table] * share) - now[table]
            if missing <= 0 or not base.sources[table]:
                continue
            made = now[table] - base.counts[table]  # copies made for a smaller size
            params = {"size": base.sources[table], "first": made, "last": made + missing - 1}
            for sql in statements:
                cursor.execute(sql, params)
        for table in ANALYZED:
            cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


# --------------------------------------------------------------------------- hand-written SQL

AID = "assistance.figures.aid_figures_of_year"
INNOVATION = "competitions.figures.innovation_competitions"
ANKANG = "competitions.figures.ankang_cup"

# One statement per figure group, as a DBA would write it against the tables. Keyed by the
# registry's group name; ``rows_to_figures`` turns each statement's rows into (values, breakdowns).
# For the aid, innovation and Ankang Cup groups these are the "grouped first" statements (sums
# per recipient first, then counted), which win when recipients are few; PLAIN_SQL below has
# the plain COUNT(DISTINCT …) ones, which win when they are many.
BASE_SQL = {
    "honors.figures.honours_of_the_year": """
        SELECT
          count(*) FILTER (WHERE h.recipient_kind = 'federation'
                           AND h.level IN ('national', 'provincial', 'municipal')),
          count(*) FILTER (WHERE t.code IN ('may-day-medal', 'may-day-certificate')
                           AND h.level IN ('national', 'provincial')),
          count(*) FILTER (WHERE t.code = 'pioneer-team'
                           AND h.level IN ('national', 'provincial')),
          count(*) FILTER (WHERE t.code IN ('may-day-medal', 'may-day-certificate')
                           AND h.level = 'municipal'),
          count(*) FILTER (WHERE t.code = 'pioneer-team' AND h.level = 'municipal'),
          count(DISTINCT h.person_id) FILTER (WHERE t.code = 'moral-model-dedication')
        FROM honors_honour h
        JOIN honors_honourtype t ON t.id = h.honour_type_id
        WHERE h.year = %(year)s""",
    "honors.figures.reading_of_the_year": """
        SELECT
          count(*) FILTER (WHERE t.code = 'reading-room-demo' AND h.level = 'national'),
          count(*) FILTER (WHERE t.code = 'reading-room-demo' AND h.level = 'provincial'),
          count(*) FILTER (WHERE t.code = 'most-beautiful-reading-room'
                           AND h.level = 'provincial'),
          count(*) FILTER (WHERE t.code = 'reading-enterprise' AND h.level = 'municipal'),
          count(*) FILTER (WHERE t.code = 'reading-room' AND h.level = 'municipal')
        FROM honors_honour h
        JOIN honors_honourtype t ON t.id = h.honour_type_id
        WHERE h.year = %(year)s""",
    # The unbroken run of years back from the year: in it, year + rank (newest first) is
    # constant, year + 1.
    "honors.figures.ten_best_streak": """
        SELECT count(*)
        FROM (SELECT y.year + row_number() OVER (ORDER BY y.year DESC) AS run
              FROM (SELECT DISTINCT h.year
                    FROM honors_honour h
                    JOIN honors_honourtype t ON t.id = h.honour_type_id
                    WHERE t.code = 'ten-best-civilised-worker' AND h.year <= %(year)s) y) r
        WHERE r.run = %(year)s + 1""",
    # One pass over the year's payments, first summed per beneficiary (a hash aggregate, in
    # parallel, instead of the sorts that COUNT(DISTINCT) needs), then the year's totals and the
    # by-district split together (GROUPING SETS; a beneficiary has one district): the row with
    # total = 3 is the year's, the others one per district. COUNT(DISTINCT …) FILTER over the
    # payments with GROUPING SETS instead was slower than the ORM's two queries (1.03 s against
    # 0.82 s at 1M).
    "assistance.figures.aid_figures_of_year": """
        WITH per_beneficiary AS (
          SELECT d.beneficiary_id,
            bool_or(d.status = 'paid' AND d.reverses_id IS NULL) AS counted,
            sum(d.amount) AS yuan,
            bool_or(u.kind = 'city' AND t.code = 'student_grant'
                    AND d.status = 'paid' AND d.reverses_id IS NULL) AS grant_counted,
            sum(d.amount) FILTER (
              WHERE u.kind = 'city' AND t.code = 'student_grant') AS grant_yuan,
            bool_or(u.kind = 'city' AND t.code = 'illness_relief'
                    AND d.status = 'paid' AND d.reverses_id IS NULL) AS illness_counted,
            sum(d.amount) FILTER (
              WHERE u.kind = 'city' AND t.code = 'illness_relief') AS illness_yuan
          FROM assistance_disbursement d
          JOIN organizations_unionunit u ON u.id = d.paying_union_id
          JOIN assistance_aidtype t ON t.id = d.aid_type_id
          WHERE d.status IN ('paid', 'reversed')
            AND d.disbursed_on BETWEEN %(first_day)s AND %(last_day)s
          GROUP BY d.beneficiary_id)
        SELECT GROUPING(dt.name, dt."order") AS total, dt.name,
          count(*) FILTER (WHERE p.counted), COALESCE(sum(p.yuan), 0),
          count(*) FILTER (WHERE p.grant_counted), COALESCE(sum(p.grant_yuan), 0),
          count(*) FILTER (WHERE p.illness_counted), COALESCE(sum(p.illness_yuan), 0)
        FROM per_beneficiary p
        JOIN assistance_beneficiary b ON b.id = p.beneficiary_id
        LEFT JOIN organizations_district dt ON dt.id = b.district_id
        GROUP BY GROUPING SETS ((), (dt.name, dt."order"))
        ORDER BY total DESC, dt."order", dt.name""",
    # Entries summed per enterprise first (a parallel hash aggregate), then counted: the same
    # numbers as COUNT(DISTINCT organisation_id) and SUM over the entries, without the sort.
    "competitions.figures.innovation_competitions": """
        SELECT count(*), COALESCE(sum(workers), 0), COALESCE(sum(suggestions), 0),
          COALESCE(sum(innovations), 0), COALESCE(sum(advanced_methods), 0),
          COALESCE(sum(benefit), 0)
        FROM (SELECT e.organisation_id, sum(e.workers) AS workers,
                sum(e.suggestions) AS suggestions, sum(e.innovations) AS innovations,
                sum(e.advanced_methods) AS advanced_methods,
                sum(e.economic_benefit_yuan) AS benefit
              FROM competitions_entry e
              JOIN competitions_competition c ON c.id = e.competition_id
              WHERE c.kind = 'innovation' AND c.year = %(year)s
              GROUP BY e.organisation_id) per_enterprise""",
    "competitions.figures.skills_contests": """
        SELECT count(*) FILTER (WHERE c.level = 'municipal'),
          COALESCE(sum(c.total_participants), 0), COALESCE(sum(c.grade_upgrades), 0)
        FROM competitions_competition c
        WHERE c.kind = 'skills' AND c.year = %(year)s""",
    "competitions.figures.skill_champions": """
        SELECT count(*)
        FROM competitions_result r
        JOIN competitions_competition c ON c.id = r.competition_id
        WHERE r.rank = 1 AND c.kind = 'skills' AND c.level = 'municipal'
          AND c.year = %(year)s""",
    "competitions.figures.ankang_cup": """
        SELECT count(*), COALESCE(sum(teams), 0), COALESCE(sum(workers), 0)
        FROM (SELECT e.organisation_id, sum(e.teams) AS teams, sum(e.workers) AS workers
              FROM competitions_entry e
              JOIN competitions_competition c ON c.id = e.competition_id
              WHERE c.kind = 'ankang' AND c.year = %(year)s
              GROUP BY e.organisation_id) per_enterprise""",
}

# --- the service sites, rights, worker services and the federation's own work -------------

STATIONS = "stations.figures.stations_of_the_year"
CONTRACTS = "rights.figures.contracts_in_force"
SUPERVISION = "rights.figures.supervision"
LEDGER = "welfare.figures.ledger_of_the_year"
RECUPERATION = "welfare.figures.recuperation"


def _station_filters() -> str:
    from stations.figures import FIGURES

    open_at_end = (
        "s.opened_on <= %(last_day)s AND (s.closed_on IS NULL OR s.closed_on > %(last_day)s)"
    )
    new_in_year = "s.opened_on BETWEEN %(first_day)s AND %(last_day)s"
    return ",\n".join(
        f"count(*) FILTER (WHERE k.code = '{kind}' AND "
        f"{open_at_end if measure == 'open' else new_in_year})"
        for kind, measure in FIGURES.values()
    )


def _ledger_sums() -> str:
    from welfare import codes

    return ",\n".join(
        f"COALESCE(sum(x.value) FILTER (WHERE x.kind_code = '{kind}'"
        f" AND x.measure_code = '{measure}'), 0)"
        + ("" if key in codes.MONEY_FIGURES else "::bigint")
        for key, (kind, measure) in codes.LEDGER_FIGURES.items()
    )


# Statements whose first column says whether the row is the year's (1) or a district's (0),
# the second names the district; ``district_rows_to_figures`` reads them.
DISTRICT_SQL = {
    STATIONS: f"""
        SELECT GROUPING(d.name) AS total, d.name, {_station_filters()}
        FROM stations_station s
        JOIN stations_stationkind k ON k.id = s.kind_id
        JOIN organizations_district d ON d.id = s.district_id
        GROUP BY GROUPING SETS ((), (d.name))""",
    CONTRACTS: """
        SELECT GROUPING(d.name) AS total, d.name,
          count(DISTINCT c.enterprise_id),
          count(DISTINCT c.enterprise_id) FILTER (WHERE c.kind = 'wage')
        FROM rights_collectivecontract c
        JOIN organizations_organization o ON o.id = c.enterprise_id
        LEFT JOIN organizations_district d ON d.id = o.district_id
        WHERE c.valid_from <= %(last_day)s AND c.valid_to >= %(last_day)s
        GROUP BY GROUPING SETS ((), (d.name))""",
    SUPERVISION: """
        SELECT GROUPING(d.name) AS total, d.name,
          count(DISTINCT v.enterprise_id), count(*) FILTER (WHERE v.opinion_letter),
          COALESCE(sum(v.workers_corrected), 0)
        FROM rights_supervisionvisit v
        JOIN organizations_organization o ON o.id = v.enterprise_id
        LEFT JOIN organizations_district d ON d.id = o.district_id
        WHERE v.visited_on BETWEEN %(first_day)s AND %(last_day)s
        GROUP BY GROUPING SETS ((), (d.name))""",
    LEDGER: f"""
        SELECT GROUPING(x.area) AS total, x.area, {_ledger_sums()}
        FROM (SELECT v.value, m.code AS measure_code, k.code AS kind_code,
                COALESCE(ld.name, ud.name) AS area
              FROM welfare_ledgervalue v
              JOIN welfare_ledgerline l ON l.id = v.line_id
              JOIN welfare_measure m ON m.id = v.measure_id
              JOIN welfare_ledgerkind k ON k.id = m.kind_id
              JOIN organizations_unionunit u ON u.id = l.union_id
              LEFT JOIN organizations_district ld ON ld.id = l.district_id
              LEFT JOIN organizations_district ud ON ud.id = u.district_id
              WHERE l.held_on BETWEEN %(first_day)s AND %(last_day)s) x
        GROUP BY GROUPING SETS ((), (x.area))""",
}
#: what a district row without a district is called, as the ORM's breakdowns call it
NO_DISTRICT = {LEDGER: "市本级", CONTRACTS: "其他", SUPERVISION: "其他"}

BASE_SQL.update(
    {
        **DISTRICT_SQL,
        "rights.figures.monitoring_sample": """
            SELECT count(DISTINCT enterprise_id) FROM rights_monitoringsample
            WHERE year = %(year)s""",
        "rights.figures.legal_services": """
            SELECT count(DISTINCT a.team_id), count(DISTINCT a.place),
              (SELECT count(DISTINCT e.organization_id)
               FROM rights_legalserviceactivity_enterprises e
               JOIN rights_legalserviceactivity x ON x.id = e.legalserviceactivity_id
               WHERE x.held_on BETWEEN %(first_day)s AND %(last_day)s),
              COALESCE(sum(a.workers_served), 0)
            FROM rights_legalserviceactivity a
            WHERE a.held_on BETWEEN %(first_day)s AND %(last_day)s""",
        # The year's batches and participants, then the distinct participants by district.
        RECUPERATION: """
            SELECT 1 AS total, NULL AS name, count(DISTINCT b.id), count(p.id),
              NULL::integer AS sort
            FROM welfare_recuperationbatch b
            LEFT JOIN welfare_recuperationparticipant p ON p.batch_id = b.id
            WHERE b.starts_on BETWEEN %(first_day)s AND %(last_day)s
            UNION ALL
            SELECT 0, d.name, count(DISTINCT p.id_number_hash), NULL, d."order"
            FROM welfare_recuperationparticipant p
            JOIN welfare_recuperationbatch b ON b.id = p.batch_id
            JOIN organizations_unionunit u ON u.id = p.union_id
            LEFT JOIN organizations_district d ON d.id = u.district_id
            WHERE b.starts_on BETWEEN %(first_day)s AND %(last_day)s
            GROUP BY d.name, d."order"
            ORDER BY 1 DESC, 5, 2""",
        "welfare.figures.certificates": """
            SELECT count(DISTINCT id_number_hash) FROM welfare_certificate
            WHERE obtained_on BETWEEN %(first_day)s AND %(last_day)s""",
        "welfare.figures.degree_students": """
            SELECT count(DISTINCT id_number_hash) FROM welfare_degreestudent
            WHERE front_line AND enrolled_on <= %(last_day)s
              AND (left_on IS NULL OR left_on > %(last_day)s)""",
        "welfare.figures.housed_families": """
            SELECT count(*) FROM welfare_housedfamily
            WHERE keys_received_on BETWEEN %(first_day)s AND %(last_day)s""",
        "welfare.figures.summer_nights": """
            SELECT count(*) FROM welfare_eventedition e
            JOIN welfare_eventseries s ON s.id = e.series_id
            WHERE s.code = 'summer_nights' AND e.year <= %(year)s""",
        "honors.figures.federation_recognitions": """
            SELECT count(*) FILTER (WHERE kind = 'meeting_hosted'),
              count(*) FILTER (WHERE kind = 'experience_promoted')
            FROM honors_federationrecognition
            WHERE year = %(year)s AND level IN ('national', 'provincial')""",
        "honors.figures.model_worker_activities": """
            SELECT count(*) FROM honors_modelworkeractivity
            WHERE held_on BETWEEN %(first_day)s AND %(last_day)s""",
        "competitions.figures.online_safety_course": """
            SELECT COALESCE(sum(r.learners), 0)
            FROM competitions_onlinecoursereport r
            JOIN competitions_competition c ON c.id = r.competition_id
            WHERE c.kind = 'ankang' AND c.year = %(year)s""",
    }
)

# COUNT(DISTINCT …) with FILTER clauses over the rows, as the ORM's queries do. The aid figures
# and their by-district split are two aggregates (two scans of the year's payments) in one
# statement; the aid statements give the year's row (total = 1) and then one row per district.
PLAIN_SQL = {
    AID: """
        SELECT 1 AS total, NULL AS name, NULL::bigint AS recipients,
          COALESCE(sum(d.amount), 0),
          count(DISTINCT d.beneficiary_id) FILTER (
            WHERE u.kind = 'city' AND t.code = 'student_grant'
              AND d.status = 'paid' AND d.reverses_id IS NULL),
          COALESCE(sum(d.amount) FILTER (WHERE u.kind = 'city' AND t.code = 'student_grant'), 0),
          count(DISTINCT d.beneficiary_id) FILTER (
            WHERE u.kind = 'city' AND t.code = 'illness_relief'
              AND d.status = 'paid' AND d.reverses_id IS NULL),
          COALESCE(sum(d.amount) FILTER (WHERE u.kind = 'city' AND t.code = 'illness_relief'), 0),
          NULL::integer AS sort
        FROM assistance_disbursement d
        JOIN organizations_unionunit u ON u.id = d.paying_union_id
        JOIN assistance_aidtype t ON t.id = d.aid_type_id
        WHERE d.status IN ('paid', 'reversed')
          AND d.disbursed_on BETWEEN %(first_day)s AND %(last_day)s
        UNION ALL
        SELECT 0, dt.name,
          count(DISTINCT d.beneficiary_id) FILTER (
            WHERE d.status = 'paid' AND d.reverses_id IS NULL),
          COALESCE(sum(d.amount), 0), NULL, NULL, NULL, NULL, dt."order"
        FROM assistance_disbursement d
        JOIN assistance_beneficiary b ON b.id = d.beneficiary_id
        LEFT JOIN organizations_district dt ON dt.id = b.district_id
        WHERE d.status IN ('paid', 'reversed')
          AND d.disbursed_on BETWEEN %(first_day)s AND %(last_day)s
        GROUP BY dt.name, dt."order"
        ORDER BY 1 DESC, 9, 2""",
    INNOVATION: """
        SELECT count(DISTINCT e.organisation_id), COALESCE(sum(e.workers), 0),
          COALESCE(sum(e.suggestions), 0), COALESCE(sum(e.innovations), 0),
          COALESCE(sum(e.advanced_methods), 0), COALESCE(sum(e.economic_benefit_yuan), 0)
        FROM competitions_entry e
        JOIN competitions_competition c ON c.id = e.competition_id
        WHERE c.kind = 'innovation' AND c.year = %(year)s""",
    ANKANG: """
        SELECT count(DISTINCT e.organisation_id), COALESCE(sum(e.teams), 0),
          COALESCE(sum(e.workers), 0)
        FROM competitions_entry e
        JOIN competitions_competition c ON c.id = e.competition_id
        WHERE c.kind = 'ankang' AND c.year = %(year)s""",
}

# The aid figures in one pass over the year's payments, split by district first: a beneficiary
# has one district, so the distinct recipients of the districts add up to the year's.
AID_BY_DISTRICT_FIRST_SQL = """
    WITH per_district AS (
      SELECT dt.name, dt."order" AS sort,
        count(DISTINCT d.beneficiary_id) FILTER (
          WHERE d.status = 'paid' AND d.reverses_id IS NULL) AS recipients,
        COALESCE(sum(d.amount), 0) AS yuan,
        count(DISTINCT d.beneficiary_id) FILTER (
          WHERE u.kind = 'city' AND t.code = 'student_grant'
            AND d.status = 'paid' AND d.reverses_id IS NULL) AS grant_recipients,
        COALESCE(sum(d.amount) FILTER (
          WHERE u.kind = 'city' AND t.code = 'student_grant'), 0) AS grant_yuan,
        count(DISTINCT d.beneficiary_id) FILTER (
          WHERE u.kind = 'city' AND t.code = 'illness_relief'
            AND d.status = 'paid' AND d.reverses_id IS NULL) AS illness_recipients,
        COALESCE(sum(d.amount) FILTER (
          WHERE u.kind = 'city' AND t.code = 'illness_relief'), 0) AS illness_yuan
      FROM assistance_disbursement d
      JOIN organizations_unionunit u ON u.id = d.paying_union_id
      JOIN assistance_aidtype t ON t.id = d.aid_type_id
      JOIN assistance_beneficiary b ON b.id = d.beneficiary_id
      LEFT JOIN organizations_district dt ON dt.id = b.district_id
      WHERE d.status IN ('paid', 'reversed')
        AND d.disbursed_on BETWEEN %(first_day)s AND %(last_day)s
      GROUP BY dt.name, dt."order")
    SELECT 1 AS total, NULL AS name, NULL::bigint AS recipients, COALESCE(sum(yuan), 0),
      COALESCE(sum(grant_recipients), 0)::bigint, COALESCE(sum(grant_yuan), 0),
      COALESCE(sum(illness_recipients), 0)::bigint, COALESCE(sum(illness_yuan), 0),
      NULL::integer AS sort
    FROM per_district
    UNION ALL
    SELECT 0, name, recipients, yuan, NULL, NULL, NULL, NULL, sort FROM per_district
    ORDER BY 1 DESC, 9, 2"""

# Every way each group is written by hand ("plain", and where it differs "grouped first", and
# for the aid "by district first"); the hand-written figure of a group is the fastest of them.
HAND_SQL = {name: {"plain": sql} for name, sql in BASE_SQL.items()}
for name, sql in PLAIN_SQL.items():
    HAND_SQL[name] = {"plain": sql, "grouped first": BASE_SQL[name]}
HAND_SQL[AID]["by district first"] = AID_BY_DISTRICT_FIRST_SQL

HAND_ENTERED_SQL = """
    SELECT key, value, source FROM reports_enteredfigure
    WHERE year = %(year)s AND key = ANY(%(keys)s)"""

AID_KEYS = (
    "student_grant_recipients",
    "student_grant_yuan",
    "illness_relief_recipients",
    "illness_relief_yuan",
)


def aid_rows_to_figures(rows) -> tuple[dict, dict]:
    """The year's row gives the figures; the district rows the public split, with the groups
    under ``MIN_PUBLIC_GROUP`` recipients merged into “其他”, as the portal publishes it
    (``reports.disclosure.publishable_groups``)."""
    total, *districts = rows
    values = dict(zip(AID_KEYS, total[4:8], strict=True))
    values["citywide_aid_yuan"] = total[3]
    groups = publishable_groups(
        ((name, recipients, yuan) for _, name, recipients, yuan, *_ in districts),
        minimum=MIN_PUBLIC_GROUP,
        other=OTHER_GROUP,
    )
    return values, {"citywide_aid_yuan": {name: yuan for name, _, yuan in groups}}


def district_rows_to_figures(group, rows) -> tuple[dict, dict]:
    """The year's row (total = 1) gives the figures, the district rows their split (zeros
    left out, as the ORM's breakdowns do)."""
    keys = [figure.key for figure in group.figures]
    values, breakdowns = {}, {key: {} for key in keys}
    for total, name, *numbers in rows:
        if total:
            values = dict(zip(keys, numbers, strict=True))
            continue
        for key, number in zip(keys, numbers, strict=True):
            if number:
                breakdowns[key][name or NO_DISTRICT.get(group.name, "")] = number
    return values, breakdowns


def recuperation_rows_to_figures(rows) -> tuple[dict, dict]:
    (_, _, batches, workers, _), *districts = rows
    groups = publishable_groups(
        ((name, people, people) for _, name, people, _, _ in districts), minimum=MIN_PUBLIC_GROUP
    )
    values = {"recuperation_batches": batches, "recuperation_workers": workers}
    return values, {"recuperation_workers": {group.name: group.value for group in groups}}


def rows_to_figures(group, rows) -> tuple[dict, dict]:
    if group.name == AID:
        return aid_rows_to_figures(rows)
    if group.name in DISTRICT_SQL:
        return district_rows_to_figures(group, rows)
    if group.name == RECUPERATION:
        return recuperation_rows_to_figures(rows)
    keys = [figure.key for figure in group.figures]
    return dict(zip(keys, rows[0], strict=True)), {}


def encoded(values: dict, breakdowns: dict) -> tuple[dict, dict]:
    """As the snapshot stores them (reports.services), so both sides compare exactly."""
    return (
        {key: encode_value(0 if value is None else value) for key, value in values.items()},
        {
            key: {name: encode_value(value) for name, value in split.items()}
            for key, split in breakdowns.items()
        },
    )


#: the "statement" of a group this file has no hand-written SQL for (one being built in
#: another app): its ORM computation, counted the same on both sides, and named in the output
NO_HAND_SQL = "ORM (no hand SQL)"


def hand_variants(group) -> list[str]:
    return list(HAND_SQL.get(group.name, {NO_HAND_SQL: None}))


def hand_group(group, variant: str) -> tuple[dict, dict]:
    if variant == NO_HAND_SQL:
        return orm_group(group)
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL[group.name][variant], YEAR_PARAMS)
        return encoded(*rows_to_figures(group, cursor.fetchall()))


def orm_group(group) -> tuple[dict, dict]:
    breakdowns = group.breakdown(YEAR) if group.breakdown is not None else {}
    return encoded(group.compute(YEAR), breakdowns)


def hand_rollup(variants: dict[str, str]) -> tuple[dict, dict, dict]:
    """(values, sources, breakdowns) as ``rollup_values`` gives them, from the hand-written SQL
    (for each group the statement ``variants`` names, "plain" if it names none)."""
    values, breakdowns = {}, {}
    for group in registry.groups():
        variant = variants.get(group.name, hand_variants(group)[0])
        group_values, group_breakdowns = hand_group(group, variant)
        values.update(group_values)
        breakdowns.update(group_breakdowns)
    sources = {}
    with connection.cursor() as cursor:
        keys = [figure.key for figure in registry.figures()]  # any figure may be entered
        cursor.execute(HAND_ENTERED_SQL, YEAR_PARAMS | {"keys": keys})
        for key, value, source in cursor.fetchall():
            values[key] = encode_value(value)
            sources[key] = source
    return values, sources, breakdowns


def differences(orm, hand) -> list[str]:
    out = []
    for what, orm_part, hand_part in zip(("value", "source", "breakdown"), orm, hand, strict=True):
        for key in sorted(set(orm_part) | set(hand_part)):
            if orm_part.get(key) != hand_part.get(key):
                out.append(f"{what} {key}: ORM {orm_part.get(key)!r}, SQL {hand_part.get(key)!r}")
    return out


# --------------------------------------------------------------------------- measuring


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
