"""The rollup benchmark's data: the demo's 2018 records topped up to N disbursements, the rest
in the demo's proportions, with set-based ``INSERT … SELECT`` over ``generate_series`` (what
each copy is, in ``bench/rollup.py``'s docstring), and the year's record counts. Imported by
``bench/rollup.py`` once Django is set up on the scratch database."""

# The top-up statements insert constant SQL fragments (``copies``), never any input.
# ruff: noqa: S608

import time
from dataclasses import dataclass

from django.db import connection

YEAR = 2018
YEAR_PARAMS = {"year": YEAR, "first_day": f"{YEAR}-01-01", "last_day": f"{YEAR}-12-31"}


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
