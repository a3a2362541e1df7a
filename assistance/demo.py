"""Demo hardship files and payments: made-up people with valid made-up ID numbers.

The 2018 records give exactly the figures of the 2018 annual review (figures-2018.md): the city
federation itself paid 194 education grants worth 725,700 元 and 127 serious-illness reliefs worth
1,140,000 元, and all unions of the city paid 13,104,000 元 of aid of every kind. 2016, 2017 and
2019 get smaller plausible records. Idempotent: files are matched by their ID hash, payments by
(file, aid type, batch); a second run adds nothing.
"""

import datetime
import functools
from decimal import Decimal

from django.utils import timezone

from assistance.models import AidType, Batch, Beneficiary, Disbursement
from assistance.privacy import id_number_hash, phone_hash
from assistance.validators import id_check_char
from organizations.models import UnionUnit

CITY_GRANTS_2018 = (194, Decimal("725700"))
CITY_ILLNESS_2018 = (127, Decimal("1140000"))
CITYWIDE_2018 = Decimal("13104000")

CITY_GRANT_FILES, CITY_ILLNESS_FILES = 194, 127
COUNTY_FILES = 60
YEARS = (2016, 2017, 2018, 2019)
#: how many of each pool are paid in a year (2018 is the full pool)
SHARE = {2016: 0.4, 2017: 0.55, 2018: 1.0, 2019: 0.7}

# Area codes of the demo districts (the first six digits of an ID number).
AREA_CODES = {
    "崇川区": "320602",
    "通州区": "320612",
    "海门区": "320684",
    "如皋市": "320682",
    "海安市": "320685",
    "如东县": "320623",
    "启东市": "320681",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
# Given names by the gender the ID number's 17th digit gives (odd: male), so that a file's name,
# gender and ID number agree.
GIVEN_MALE = [
    "建国", "志强", "卫东", "国华", "德明", "立新", "小军", "文斌", "长青", "晓东",
    "爱民", "振华", "家宝", "洪涛", "明亮",
]  # fmt: skip
GIVEN_FEMALE = [
    "秀英", "桂兰", "海燕", "红梅", "玉珍", "春燕", "丽华", "金凤", "美玲", "雪梅",
    "淑芬", "月娥", "素琴", "凤英", "永红",
]  # fmt: skip
GIVEN = GIVEN_MALE + GIVEN_FEMALE
WORKPLACES = [
    "通华纺织有限公司", "江海机械制造厂", "滨江建筑工程公司", "港城物流有限公司",
    "新桥电子科技公司", "南园食品加工厂", "环城公交公司", "东方家纺有限公司",
]  # fmt: skip
SCHOOLS = ["江海大学", "港城职业技术学院", "滨江师范学院", "东南工业大学", "南园医学院"]
GRADES = ["大一", "大二", "大三", "大四"]


def demo_id_number(index: int, area: str) -> str:
    """A made-up, valid ID number: a real area code, an invented birth date and sequence."""
    birth = datetime.date(1962, 1, 1) + datetime.timedelta(days=index * 7)
    sequence = f"{100 + index % 900:03d}"
    first_17 = f"{area}{birth:%Y%m%d}{sequence}"
    return first_17 + id_check_char(first_17)


def demo_phone(index: int) -> str:
    return f"139{(index * 7919 + 1_000_003) % 100_000_000:08d}"


def amounts(count: int, pattern, total: Decimal | None = None, step=Decimal("100")):
    """``count`` amounts cycling through ``pattern``, nudged by ``step`` to sum to ``total``."""
    values = [Decimal(pattern[i % len(pattern)]) for i in range(count)]
    if total is not None and count:
        diff = total - sum(values)
        if diff % step:
            raise ValueError("the total must be a multiple of the step")
        share, rest = divmod(int(diff / step), count)
        values = [v + step * (share + (1 if i < rest else 0)) for i, v in enumerate(values)]
    return values


@functools.cache
def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _files(city: UnionUnit, counties: list[UnionUnit]) -> list[Beneficiary]:
    """Every demo file (unsaved), in a fixed order: the city's pools, then each county's."""
    files = []
    index = 0

    def make(union, district, category, cause):
        nonlocal index
        area = AREA_CODES.get(district.name if district else "", "320602")
        number = demo_id_number(index, area)
        phone = demo_phone(index)
        male = int(number[16]) % 2 == 1
        beneficiary = Beneficiary(
            name=SURNAMES[index % len(SURNAMES)]
            + (GIVEN_MALE if male else GIVEN_FEMALE)[(index // 7) % len(GIVEN_MALE)],
            gender=Beneficiary.Gender.MALE if male else Beneficiary.Gender.FEMALE,
            id_number=number,
            id_number_hash=id_number_hash(number),
            phone=phone,
            phone_hash=phone_hash(phone),
            workplace=WORKPLACES[index % len(WORKPLACES)],
            district=district,
            union=union,
            category=category,
            cause=cause,
            household_size=2 + index % 4,
            income_per_head=Decimal(600 + (index * 37) % 900),
            filed_on=datetime.date(2015, 1 + index % 12, 1 + index % 28),
        )
        index += 1
        files.append(beneficiary)

    districts = [county.district for county in counties]
    for i in range(CITY_GRANT_FILES):
        make(city, districts[i % len(districts)], Beneficiary.Category.RELATIVE, "education")
    for i in range(CITY_ILLNESS_FILES):
        make(city, districts[i % len(districts)], Beneficiary.Category.DEEP, "illness")
    for county in counties:
        for i in range(COUNTY_FILES):
            category = [Beneficiary.Category.DEEP, Beneficiary.Category.RELATIVE][i % 2]
            cause = ["illness", "unemployment", "education", "disability"][i % 4]
            make(county, county.district, category, cause)
    return files


def _save_files(files: list[Beneficiary]) -> list[Beneficiary]:
    """Insert the files not there yet; return every file with its primary key."""
    hashes = [beneficiary.id_number_hash for beneficiary in files]
    existing = dict(
        Beneficiary.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", "pk")
    )
    Beneficiary.objects.bulk_create(
        [beneficiary for beneficiary in files if beneficiary.id_number_hash not in existing],
        batch_size=500,
    )
    saved = dict(
        Beneficiary.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", "pk")
    )
    for beneficiary in files:
        beneficiary.pk = saved[beneficiary.id_number_hash]
    return files


def seed() -> None:
    city = UnionUnit.objects.get(kind=UnionUnit.Kind.CITY)
    counties = list(
        UnionUnit.objects.filter(kind=UnionUnit.Kind.COUNTY, district__isnull=False)
        .select_related("district")
        .order_by("order", "name")
    )
    types = {aid_type.code: aid_type for aid_type in AidType.objects.all()}
    files = _save_files(_files(city, counties))
    city_grant_files = files[:CITY_GRANT_FILES]
    city_illness_files = files[CITY_GRANT_FILES : CITY_GRANT_FILES + CITY_ILLNESS_FILES]
    county_files = [
        files[CITY_GRANT_FILES + CITY_ILLNESS_FILES + n * COUNTY_FILES :][:COUNTY_FILES]
        for n in range(len(counties))
    ]

    rows: list[Disbursement] = []
    for year in YEARS:
        batches = {
            code: Batch.objects.get_or_create(name=f"{year}年{label}", defaults={"year": year})[0]
            for code, label in [
                ("student_grant", "金秋助学"),
                ("illness_relief", "重病救助"),
                ("festival", "春节送温暖"),
                ("living", "生活救助"),
                ("medical", "医疗救助"),
            ]
        }

        def pay(
            beneficiary, code, amount, union, day, *, status=Disbursement.Status.PAID,
            batches=batches, **extra,
        ):  # fmt: skip
            approved = status != Disbursement.Status.APPLIED
            paid = status == Disbursement.Status.PAID
            rows.append(
                Disbursement(
                    beneficiary=beneficiary,
                    aid_type=types[code],
                    amount=amount,
                    paying_union=union,
                    disbursed_on=day,
                    batch=batches[code],
                    status=status,
                    approved_at=_aware(day) if approved else None,
                    paid_at=_aware(day) if paid else None,
                    **extra,
                )
            )

        def pool(files_, year_=year):
            return files_[: round(len(files_) * SHARE[year_])]

        def grant(beneficiary, amount, union, i, year=year):
            pay(
                beneficiary,
                "student_grant",
                amount,
                union,
                datetime.date(year, 8, 20) + datetime.timedelta(days=i % 25),
                student_name=GIVEN[(i + 3) % len(GIVEN)][:1] + "小" + GIVEN[i % len(GIVEN)][1:],
                school=SCHOOLS[i % len(SCHOOLS)],
                grade=GRADES[i % len(GRADES)],
            )

        def illness_day(i, year=year):
            return datetime.date(year, 3, 1) + datetime.timedelta(days=i % 250)

        start = len(rows)
        # The city federation itself.
        grants = pool(city_grant_files)
        total = CITY_GRANTS_2018[1] if year == 2018 else None
        for i, (beneficiary, amount) in enumerate(
            zip(grants, amounts(len(grants), [3000, 4000, 3500, 4500], total), strict=True)
        ):
            grant(beneficiary, amount, city, i)
        reliefs = pool(city_illness_files)
        total = CITY_ILLNESS_2018[1] if year == 2018 else None
        for i, (beneficiary, amount) in enumerate(
            zip(reliefs, amounts(len(reliefs), [8000, 10000, 12000], total), strict=True)
        ):
            pay(beneficiary, "illness_relief", amount, city, illness_day(i))
        for i, beneficiary in enumerate(pool(city_illness_files)):
            day = datetime.date(year, 1, 20) + datetime.timedelta(days=i % 10)
            pay(beneficiary, "festival", Decimal("1000"), city, day)
        # The county and district unions: their medical aid makes up the rest of the 2018 total.
        medical_lists = []
        for county, county_pool in zip(counties, county_files, strict=True):
            county_pool = pool(county_pool)
            for i, beneficiary in enumerate(county_pool[:15]):
                grant(beneficiary, Decimal([2000, 2500, 3000][i % 3]), county, i)
            for i, beneficiary in enumerate(county_pool[15:25]):
                pay(beneficiary, "illness_relief", Decimal([6000, 8000, 10000][i % 3]), county,
                    illness_day(i))  # fmt: skip
            for i, beneficiary in enumerate(county_pool[:30]):
                day = datetime.date(year, 1, 20) + datetime.timedelta(days=i % 10)
                pay(beneficiary, "festival", Decimal("800"), county, day)
            living = county_pool[15:]
            for i, (beneficiary, amount) in enumerate(
                zip(living, amounts(len(living), [8000, 9000, 10000]), strict=True)
            ):
                day = datetime.date(year, 6, 1) + datetime.timedelta(days=i % 150)
                # 2019 is still being worked on: a few payments wait for approval or payment.
                status = Disbursement.Status.PAID
                if year == 2019 and i >= len(living) - 4:
                    status = [Disbursement.Status.APPLIED, Disbursement.Status.APPROVED][i % 2]
                pay(beneficiary, "living", amount, county, day, status=status)
            medical_lists.append((county, county_pool))
        so_far = sum(row.amount for row in rows[start:])
        medical_total = CITYWIDE_2018 - so_far if year == 2018 else None
        per_county = None
        if medical_total is not None:
            per_county = (medical_total / len(counties) // 100) * 100
        for n, (county, patients) in enumerate(medical_lists):
            total = None
            if per_county is not None:
                last = n == len(medical_lists) - 1
                total = medical_total - per_county * (len(counties) - 1) if last else per_county
            for i, (beneficiary, amount) in enumerate(
                zip(patients, amounts(len(patients), [12000, 14000, 16000], total), strict=True)
            ):
                day = datetime.date(year, 4, 1) + datetime.timedelta(days=i % 200)
                pay(beneficiary, "medical", amount, county, day)

    _insert_missing(rows)
    _seed_reversal(city_grant_files[0], types["student_grant"], city)


def _insert_missing(rows: list[Disbursement]) -> None:
    batch_ids = {row.batch_id for row in rows}
    existing = set(
        Disbursement.objects.filter(batch_id__in=batch_ids, reverses__isnull=True)
        .exclude(status=Disbursement.Status.REVERSED)
        .values_list("beneficiary_id", "aid_type_id", "batch_id")
    )
    Disbursement.objects.bulk_create(
        [
            row
            for row in rows
            if (row.beneficiary_id, row.aid_type_id, row.batch_id) not in existing
        ],
        batch_size=1000,
    )


def _seed_reversal(beneficiary: Beneficiary, aid_type: AidType, city: UnionUnit) -> None:
    """One 2018 grant keyed in wrongly, reversed, and paid again at the right amount (which is
    among the 194): the reversal nets to nothing, so the figures stay exact."""
    batch = Batch.objects.get(name="2018年金秋助学")
    if Disbursement.objects.filter(
        beneficiary=beneficiary, batch=batch, reverses__isnull=False
    ).exists():
        return
    day = datetime.date(2018, 8, 18)
    original = Disbursement.objects.create(
        beneficiary=beneficiary,
        aid_type=aid_type,
        amount=Decimal("4800"),
        paying_union=city,
        disbursed_on=day,
        batch=batch,
        status=Disbursement.Status.REVERSED,
        approved_at=_aware(day),
        paid_at=_aware(day),
        student_name="王小明",
        school=SCHOOLS[0],
        grade=GRADES[0],
    )
    Disbursement.objects.create(
        beneficiary=beneficiary,
        aid_type=aid_type,
        amount=-original.amount,
        paying_union=city,
        disbursed_on=day,
        batch=batch,
        status=Disbursement.Status.PAID,
        approved_at=_aware(day),
        paid_at=_aware(day),
        reverses=original,
        note="金额录入错误，冲正后按正确金额重新发放。",
    )
