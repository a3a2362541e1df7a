"""Demo worker-service records: the ledger's kinds and lines, recuperation batches with their
participants, certificates, students, housed families and the 濠滨夏夜 editions. Made-up
people (names, ID and phone numbers invented, encrypted as real ones would be).

The 2018 records give the annual review's figures exactly; 2016, 2017 and 2019 are scaled from
them. Idempotent: kinds by code, and each year's lines and people created once.
"""

import datetime
from decimal import Decimal

from organizations.models import UnionUnit
from unionportal.demo_helpers import YEARS, person, scaled, spread
from welfare import codes
from welfare.models import (
    Certificate,
    DegreeStudent,
    EventEdition,
    EventSeries,
    HousedFamily,
    LedgerKind,
    LedgerLine,
    LedgerValue,
    Measure,
    RecuperationBatch,
    RecuperationParticipant,
)

Nature = Measure.Nature

FIGURES_2018 = {
    "job_services": 10_704,
    "trainings": 7_889,
    "women_classes": 154,
    "heat_visits": 11_000,
    "heat_goods_yuan": Decimal("15230000.00"),  # the review prints “1500多万元”
    "culture_events": 215,
    "culture_tutors": 206,  # the review prints “200多人次”
    "recuperation_batches": 41,
    "recuperation_workers": 2_044,
    "certificates": 1_261,
    "enrolled_workers": 1_052,
    "migrant_housing_families": 80,
    "summer_nights_edition": 38,
}

# code → (name, description, [(measure code, name, unit, nature)])
KINDS = {
    codes.JOB_SERVICES: (
        "免费就业服务",
        "工会职业介绍机构、招聘会等提供的免费就业服务。",
        [(codes.PEOPLE, "服务人次", "人次", Nature.COUNT)],
    ),
    codes.TRAININGS: (
        "就业创业和技能培训",
        "工会组织的就业创业培训和职业技能培训。",
        [(codes.PEOPLE, "培训人次", "人次", Nature.COUNT)],
    ),
    codes.WOMEN_CLASSES: (
        "女职工美丽课堂",
        "面向女职工的健康、礼仪、家庭教育等课堂。",
        [
            (codes.SESSIONS, "场次", "场次", Nature.COUNT),
            ("listeners", "听课人次", "人次", Nature.COUNT),
        ],
    ),
    codes.HEAT_RELIEF: (
        "夏送清凉",
        "夏季走访慰问高温一线作业劳动者，发放防暑降温用品。",
        [
            (codes.WORKERS_VISITED, "慰问人数", "名", Nature.COUNT),
            (codes.GOODS_YUAN, "防暑降温用品价值", "元", Nature.MONEY),
        ],
    ),
    codes.CULTURE_OUTREACH: (
        "文化进基层",
        "送演出、送展览、送电影进企业、进工地、进社区。",
        [
            (codes.EVENTS, "场次", "场次", Nature.COUNT),
            ("audience", "观众人次", "人次", Nature.COUNT),
        ],
    ),
    codes.CULTURE_TUTORING: (
        "文艺骨干一线辅导",
        "选派文艺骨干到企业一线辅导职工文体活动。",
        [(codes.TUTOR_VISITS, "辅导人次", "人次", Nature.COUNT)],
    ),
}
# figure key → how many lines carry it in 2018 (other years scaled)
LINES_2018 = {
    "job_services": 96,
    "trainings": 48,
    "women_classes": 40,
    "heat_visits": 32,
    "culture_events": 56,
    "culture_tutors": 24,
}
PLACES = ["职工服务中心", "人力资源市场", "工业园区", "建筑工地", "企业车间", "社区活动室"]
DESTINATIONS = ["示范疗休养基地（山区）", "示范疗休养基地（湖滨）", "示范疗休养基地（海滨）"]
PROGRAMMES = ["机电一体化", "建筑工程管理", "会计", "电子商务", "护理"]
CERTIFICATES = ["电工（中级）", "焊工（中级）", "育婴员（四级）", "养老护理员（初级）", "叉车司机"]
ESTATES = ["幸福家园", "和美苑", "安居里"]
#: one population number a record kind and year, so that made-up people never repeat
SALT = {"recuperation": 100, "certificate": 200, "student": 300, "housing": 400}


def value(key: str, year: int):
    return scaled(FIGURES_2018[key], year)


def seed_kinds() -> dict[str, dict[str, Measure]]:
    measures = {}
    for order, (code, (name, description, kind_measures)) in enumerate(KINDS.items()):
        kind, _ = LedgerKind.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
        measures[code] = {}
        for position, (measure_code, label, unit, nature) in enumerate(kind_measures):
            measures[code][measure_code], _ = Measure.objects.get_or_create(
                kind=kind,
                code=measure_code,
                defaults={"name": label, "unit": unit, "nature": nature, "order": position},
            )
    return measures


def _ledger(year, measures, unions) -> list[tuple[LedgerLine, list[LedgerValue]]]:
    planned = []
    for key, lines_2018 in LINES_2018.items():
        kind_code, measure_code = codes.LEDGER_FIGURES[key]
        count = scaled(lines_2018, year)
        totals = {measure_code: spread(value(key, year), count, seed=year)}
        if kind_code == codes.HEAT_RELIEF:
            totals[codes.GOODS_YUAN] = spread(value("heat_goods_yuan", year), count, seed=year)
        for extra in set(measures[kind_code]) - set(totals):  # the measures of no figure
            totals[extra] = [share * 30 for share in spread(count, count)]
        kind = measures[kind_code][measure_code].kind
        summer = kind_code == codes.HEAT_RELIEF
        for number in range(count):
            union = unions[number % len(unions)]
            line = LedgerLine(
                kind=kind,
                held_on=datetime.date(
                    year, 6 + number % 3 if summer else 1 + number % 12, 1 + number % 28
                ),
                union=union,
                district=union.district,
                place=PLACES[number % len(PLACES)],
                title=f"{kind.name}（第{number + 1}场）",
            )
            values = [
                LedgerValue(measure=measures[kind_code][code], value=Decimal(shares[number]))
                for code, shares in totals.items()
            ]
            planned.append((line, values))
    return planned


def _people(model, year, count, salt, make) -> list:
    records = []
    for index in range(count):
        name, id_number, phone = person(index, salt=salt + year % 100)
        record = make(index, model(name=name, id_number=id_number, phone=phone))
        record.refresh_hashes()  # bulk_create does not call save()
        records.append(record)
    return records


def seed_people(year: int, unions) -> None:
    city = unions[0]

    def in_union(index, record):
        record.union = unions[index % len(unions)]
        record.workplace = f"示例企业{index % 97 + 1}号"
        return record

    batches_wanted = value("recuperation_batches", year)
    if not RecuperationBatch.objects.filter(starts_on__year=year).exists():
        batches = RecuperationBatch.objects.bulk_create(
            RecuperationBatch(
                name=f"{year}年职工疗休养第{number + 1}批",
                union=city,
                destination=DESTINATIONS[number % len(DESTINATIONS)],
                starts_on=datetime.date(year, 3 + number % 8, 1 + number % 20),
                ends_on=datetime.date(year, 3 + number % 8, 5 + number % 20),
            )
            for number in range(batches_wanted)
        )
        sizes = spread(value("recuperation_workers", year), batches_wanted, seed=year)
        slots = [batch for batch, size in zip(batches, sizes, strict=True) for _ in range(size)]
        categories = list(RecuperationParticipant.Category)

        def in_batch(index, record):
            record.batch = slots[index]
            record.category = categories[0] if index % 5 else categories[1 + index // 5 % 2]
            return in_union(index, record)

        RecuperationParticipant.objects.bulk_create(
            _people(RecuperationParticipant, year, len(slots), SALT["recuperation"], in_batch),
            batch_size=1000,
        )
    if not Certificate.objects.filter(obtained_on__year=year).exists():

        def certified(index, record):
            record.certificate = CERTIFICATES[index % len(CERTIFICATES)]
            record.obtained_on = datetime.date(year, 1 + index % 12, 1 + index % 28)
            return in_union(index, record)

        Certificate.objects.bulk_create(
            _people(Certificate, year, value("certificates", year), SALT["certificate"], certified),
            batch_size=1000,
        )
    if not HousedFamily.objects.filter(keys_received_on__year=year).exists():

        def housed(index, record):
            record.estate = ESTATES[index % len(ESTATES)]
            record.household_size = 2 + index % 3
            record.keys_received_on = datetime.date(year, 9, 28)
            return in_union(index, record)

        HousedFamily.objects.bulk_create(
            _people(
                HousedFamily, year, value("migrant_housing_families", year), SALT["housing"], housed
            )
        )


def seed_students(unions) -> None:
    """One cohort a year enrols in September for three years: the students in the programme at
    the end of a year are that year's cohort and the two before it. Cohorts are sized so that
    the year-end totals are the demo's figures."""
    if DegreeStudent.objects.exists():
        return
    totals = {year: value("enrolled_workers", year) for year in YEARS}
    cohorts = {2014: totals[2016] // 3, 2015: totals[2016] // 3}
    cohorts[2016] = totals[2016] - cohorts[2014] - cohorts[2015]
    for year in YEARS[1:]:
        cohorts[year] = totals[year] - cohorts[year - 1] - cohorts[year - 2]
    students = []
    for cohort, size in cohorts.items():

        def enrolled(index, record, cohort=cohort):
            record.programme = PROGRAMMES[index % len(PROGRAMMES)]
            record.school = "市职工大学（演示）"
            record.enrolled_on = datetime.date(cohort, 9, 1)
            record.left_on = datetime.date(cohort + 3, 7, 1)
            record.union = unions[index % len(unions)]
            return record

        students += _people(DegreeStudent, cohort, size, SALT["student"], enrolled)
    DegreeStudent.objects.bulk_create(students, batch_size=1000)


def seed() -> None:
    city = UnionUnit.objects.filter(kind=UnionUnit.Kind.CITY).first()
    if city is None:
        return
    unions = [city, *UnionUnit.objects.filter(kind=UnionUnit.Kind.COUNTY).order_by("order")]
    measures = seed_kinds()
    for year in YEARS:
        if not LedgerLine.objects.filter(held_on__year=year).exists():
            planned = _ledger(year, measures, unions)
            lines = LedgerLine.objects.bulk_create([line for line, _ in planned])
            values = []
            for line, (_, line_values) in zip(lines, planned, strict=True):
                for item in line_values:
                    item.line = line
                    values.append(item)
            LedgerValue.objects.bulk_create(values, batch_size=1000)
        seed_people(year, unions)
    seed_students(unions)
    series, _ = EventSeries.objects.get_or_create(
        code=codes.SUMMER_NIGHTS, defaults={"name": "濠滨夏夜", "union": city}
    )
    first_year = 2018 - FIGURES_2018["summer_nights_edition"] + 1
    existing = set(series.editions.values_list("year", flat=True))
    EventEdition.objects.bulk_create(
        EventEdition(
            series=series,
            year=year,
            opened_on=datetime.date(year, 7, 1),
            shows=20 + (year - first_year) % 15,
        )
        for year in range(first_year, YEARS[-1] + 1)
        if year not in existing
    )
