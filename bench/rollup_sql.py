"""The rollup benchmark's hand-written SQL: every figure group written against the tables as a
DBA would, in each way worth trying ("plain", "grouped first", "by district first"), and its
rows turned into the figures and breakdowns ``rollup_values`` gives, so that both sides compare
exactly. Imported by ``bench/rollup.py`` once Django is set up."""

# The statements are constant SQL (named parameters for every value), never built from input.
# ruff: noqa: S608

from django.db import connection

from assistance.selectors import MIN_PUBLIC_GROUP, OTHER_GROUP
from bench.rollup_data import YEAR, YEAR_PARAMS
from reports.disclosure import publishable_groups
from reports.models import encode_value
from reports.registry import registry

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
