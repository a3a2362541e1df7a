"""Demo competitions, entries and results: made-up enterprises and contestants. Idempotent.

The 2018 records add up EXACTLY to the figures of the 2018 annual review (see
``../shared/reference/figures-2018.md``); 2016, 2017 and 2019 get smaller or similar records so
that year-over-year charts have something to show. Totals are spread over the entries with the
largest-remainder method, so every sum is exact whatever the weights.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from competitions.models import Competition, Entry, OnlineCourseReport, Result
from organizations.models import District, Organization
from organizations.validators import credit_code_check_char
from unionportal.demo_helpers import scaled
from unionportal.demo_helpers import spread as split

ORGANISER = "市总工会"
ENTERPRISE_COUNT = 4200
CODE_PREFIX = "91320600MAC"  # + 6 digits + check character: 18 characters, all made up

# Made-up enterprise names: two syllables, a trade and a legal form. Not real companies.
FIRST = "江海澄启瀚通临沧润晟崇紫金东南北云瑞鼎恒嘉华盛泰鑫宏裕锦祥"
SECOND = "川帆澜达德琅沙洲辰丰源越远航峰宁安信诚创"
TRADES = [
    "精密机械",
    "纺织",
    "船舶配套",
    "电子科技",
    "新材料",
    "化工",
    "建设工程",
    "物流",
    "食品",
    "医药",
    "家纺",
    "电力设备",
    "汽车零部件",
    "智能装备",
    "海洋工程",
    "环保科技",
    "印染",
    "服饰",
    "包装材料",
    "钢结构",
]
FORMS = ["有限公司", "股份有限公司", "集团有限公司"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱高胡郭何林罗马梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国志强海燕晓峰立新红梅文杰秀英卫东丽娟明辉春华永军玉兰国庆雪松佳怡子涵宇航"

SKILL_TRADES = [
    "银行业",
    "快递",
    "气象",
    "通讯",
    "电焊工",
    "文化市场综合执法",
    "环境保护执法",
    "消防救护",
    "网络安全",
    "数控车工",
    "维修电工",
    "茶艺师",
    "汽车维修",
    "中式烹调",
    "养老护理",
    "家政服务",
    "钳工",
    "起重装卸",
    "焊接机器人操作",
    "电子商务",
]
DISTRICTS = ["崇川区", "通州区", "海门区", "如皋市", "海安市", "如东县", "启东市"]


@dataclass(frozen=True)
class YearPlan:
    innovation_enterprises: int
    innovation_workers: int
    suggestions: int
    innovations: int
    advanced_methods: int
    innovation_benefit_yuan: int
    citywide_skill_contests: int
    skill_contest_participants: int
    grade_upgrades: int
    ankang_enterprises: int
    ankang_teams: int
    ankang_workers: int


PLANS = {
    2016: YearPlan(
        innovation_enterprises=1200,
        innovation_workers=121_000,
        suggestions=21_400,
        innovations=1_980,
        advanced_methods=760,
        innovation_benefit_yuan=1_130_000_000,
        citywide_skill_contests=12,
        skill_contest_participants=128_000,
        grade_upgrades=5_600,
        ankang_enterprises=1_800,
        ankang_teams=14_600,
        ankang_workers=512_000,
    ),
    2017: YearPlan(
        innovation_enterprises=1650,
        innovation_workers=158_000,
        suggestions=27_300,
        innovations=2_540,
        advanced_methods=1_010,
        innovation_benefit_yuan=1_560_000_000,
        citywide_skill_contests=14,
        skill_contest_participants=149_500,
        grade_upgrades=6_870,
        ankang_enterprises=2_400,
        ankang_teams=19_800,
        ankang_workers=655_000,
    ),
    # 2018: exactly the figures of the annual review.
    2018: YearPlan(
        innovation_enterprises=2720,
        innovation_workers=216_000,
        suggestions=36_500,
        innovations=3_410,
        advanced_methods=1_420,
        innovation_benefit_yuan=2_150_000_000,
        citywide_skill_contests=16,
        skill_contest_participants=173_900,
        grade_upgrades=8_120,
        ankang_enterprises=3_881,
        ankang_teams=27_800,
        ankang_workers=843_100,
    ),
    # 2019: the returns entered so far.
    2019: YearPlan(
        innovation_enterprises=1900,
        innovation_workers=164_000,
        suggestions=29_800,
        innovations=2_760,
        advanced_methods=1_150,
        innovation_benefit_yuan=1_720_000_000,
        citywide_skill_contests=17,
        skill_contest_participants=176_300,
        grade_upgrades=8_340,
        ankang_enterprises=2_800,
        ankang_teams=21_300,
        ankang_workers=702_000,
    ),
}

# The 16 citywide trades of 2018 come first in SKILL_TRADES; other years rotate through the list.
PRIZES = [
    (1, Result.Prize.FIRST),
    (2, Result.Prize.SECOND),
    (3, Result.Prize.SECOND),
    (4, Result.Prize.THIRD),
    (5, Result.Prize.THIRD),
    (6, Result.Prize.THIRD),
    (7, Result.Prize.EXCELLENCE),
    (8, Result.Prize.EXCELLENCE),
]


def spread(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` into parts proportional to ``weights`` that add up to exactly ``total``."""
    weight_sum = sum(weights)
    shares = [divmod(total * weight, weight_sum) for weight in weights]
    parts = [quotient for quotient, _ in shares]
    missing = total - sum(parts)
    # The largest remainders get one more each (ties by position): the sum is exact.
    order = sorted(range(len(weights)), key=lambda i: (-shares[i][1], i))
    for index in order[:missing]:
        parts[index] += 1
    return parts


def credit_code(number: int) -> str:
    first_17 = f"{CODE_PREFIX}{number:06d}"
    return first_17 + credit_code_check_char(first_17)


def enterprise_names() -> list[tuple[str, str]]:
    """ENTERPRISE_COUNT distinct made-up names with their trade, in a fixed shuffled order."""
    names = [
        (f"{a}{b}{trade}{form}", trade)
        for (a, b), trade, form in product(product(FIRST, SECOND), TRADES, FORMS)
        if a != b
    ]
    random.Random(20180101).shuffle(names)
    seen, unique = set(), []
    for name, trade in names:
        if name not in seen:
            seen.add(name)
            unique.append((name, trade))
        if len(unique) == ENTERPRISE_COUNT:
            break
    return unique


def seed_enterprises() -> list[Organization]:
    """The demo enterprises, created once (matched by credit code on later runs)."""
    wanted = {
        credit_code(number): (name, trade)
        for number, (name, trade) in enumerate(enterprise_names(), start=1)
    }
    existing = set(
        Organization.objects.filter(credit_code__in=wanted).values_list("credit_code", flat=True)
    )
    districts = list(District.objects.filter(name__in=DISTRICTS).order_by("order"))
    new = [
        Organization(
            name=name,
            credit_code=code,
            kind=Organization.Kind.ENTERPRISE,
            industry=trade,
            district=districts[index % len(districts)] if districts else None,
        )
        for index, (code, (name, trade)) in enumerate(wanted.items())
        if code not in existing
    ]
    Organization.objects.bulk_create(new, batch_size=1000)
    by_code = {o.credit_code: o for o in Organization.objects.filter(credit_code__in=wanted)}
    return [by_code[code] for code in wanted]


def person_names(rng: random.Random, count: int) -> list[str]:
    names = set()
    while len(names) < count:
        given = rng.choice(range(0, len(GIVEN) - 1, 2))
        names.add(rng.choice(SURNAMES) + GIVEN[given : given + 2])
    return sorted(names, key=lambda _: rng.random())


def competitions_for(year: int, plan: YearPlan) -> list[Competition]:
    def dates(month: int, days: int):
        start = datetime.date(year, month, 10)
        return {"start_date": start, "end_date": start + datetime.timedelta(days=days)}

    rng = random.Random(year)
    first = (year - 2018) * 3 % len(SKILL_TRADES)
    trades = [SKILL_TRADES[(first + i) % len(SKILL_TRADES)] for i in range(len(SKILL_TRADES))]
    if year == 2018:
        trades = SKILL_TRADES
    skills_total = plan.citywide_skill_contests + len(DISTRICTS)
    participants = spread(
        plan.skill_contest_participants, [rng.randint(6, 14) for _ in range(skills_total)]
    )
    upgrades = spread(plan.grade_upgrades, [rng.randint(6, 14) for _ in range(skills_total)])
    competitions = [
        Competition(
            name=f"{year}年全市职工“创新升级”竞赛",
            kind=Competition.Kind.INNOVATION,
            level=Competition.Level.MUNICIPAL,
            year=year,
            organiser=ORGANISER,
            description="围绕企业转型升级，组织职工开展合理化建议、技术革新、技术攻关和先进操作法总结推广。",
            **dates(3, 260),
        ),
        Competition(
            name=f"{year}年度“安康杯”竞赛",
            kind=Competition.Kind.ANKANG,
            level=Competition.Level.MUNICIPAL,
            year=year,
            organiser=f"{ORGANISER}、市应急管理局",
            description="以班组为单位开展安全生产和职业健康竞赛，推动隐患排查和群众性安全监督。",
            **dates(4, 240),
        ),
        Competition(
            name=f"{year}年重点工程劳动竞赛",
            kind=Competition.Kind.LABOUR,
            level=Competition.Level.MUNICIPAL,
            year=year,
            organiser=ORGANISER,
            **dates(3, 270),
        ),
    ]
    for index, trade in enumerate(trades[: plan.citywide_skill_contests]):
        competitions.append(
            Competition(
                name=f"{year}年全市{trade}职业技能竞赛",
                kind=Competition.Kind.SKILLS,
                level=Competition.Level.MUNICIPAL,
                year=year,
                organiser=f"{ORGANISER}、市人力资源和社会保障局",
                trade=trade,
                total_participants=participants[index],
                grade_upgrades=upgrades[index],
                **dates(5 + index % 6, 2),
            )
        )
    for offset, district in enumerate(DISTRICTS):
        index = plan.citywide_skill_contests + offset
        competitions.append(
            Competition(
                name=f"{year}年{district}职工职业技能竞赛",
                kind=Competition.Kind.SKILLS,
                level=Competition.Level.COUNTY,
                year=year,
                organiser=f"{district}总工会",
                total_participants=participants[index],
                grade_upgrades=upgrades[index],
                **dates(6, 120),
            )
        )
    return competitions


def entries_for(
    competition: Competition, enterprises: list[Organization], plan: YearPlan
) -> list[Entry]:
    rng = random.Random(f"{competition.year}-{competition.kind}")
    if competition.kind == Competition.Kind.INNOVATION:
        chosen = rng.sample(enterprises, plan.innovation_enterprises)
        weights = [rng.randint(1, 20) for _ in chosen]
        columns = {
            "workers": spread(plan.innovation_workers, weights),
            "suggestions": spread(plan.suggestions, [rng.randint(1, 20) for _ in chosen]),
            "innovations": spread(plan.innovations, [rng.randint(1, 20) for _ in chosen]),
            "advanced_methods": spread(plan.advanced_methods, [rng.randint(0, 20) for _ in chosen]),
            "economic_benefit_yuan": [
                Decimal(amount) for amount in spread(plan.innovation_benefit_yuan, weights)
            ],
        }
    elif competition.kind == Competition.Kind.ANKANG:
        chosen = rng.sample(enterprises, plan.ankang_enterprises)
        weights = [rng.randint(1, 20) for _ in chosen]
        columns = {
            "workers": spread(plan.ankang_workers, weights),
            "teams": spread(plan.ankang_teams, weights),
        }
    else:  # the labour competition of the key projects: a few builders
        chosen = rng.sample(enterprises, 40)
        columns = {"workers": [rng.randint(80, 600) for _ in chosen]}
    return [
        Entry(
            competition_id=competition.pk,
            organisation_id=organisation.pk,
            **{name: values[index] for name, values in columns.items()},
        )
        for index, organisation in enumerate(chosen)
    ]


def results_for(
    competition: Competition, enterprises: list[Organization], champion=None
) -> list[Result]:
    """The first eight of a citywide contest; the first place may be an honoured person."""
    rng = random.Random(competition.name)
    names = person_names(rng, len(PRIZES) + 1)
    if champion is not None:
        names = [champion.name] + [name for name in names if name != champion.name]
    results = [
        Result(
            competition_id=competition.pk,
            contestant_name=name,
            organisation_id=rng.choice(enterprises).pk,
            rank=rank,
            prize=prize,
            grade_upgraded=rank <= 6,
            new_grade=("技师" if rank <= 3 else "高级工") if rank <= 6 else "",
        )
        for name, (rank, prize) in zip(names, PRIZES, strict=False)
    ]
    if champion is not None:
        results[0].person_id = champion.pk
        results[0].organisation_id = (
            champion.workplace_organization_id or results[0].organisation_id
        )
    return results


def honoured_skill_experts() -> dict[int, list]:
    """Per year, the people the honours demo made 技术能手: they are that year's 技术状元."""
    from honors.codes import SKILL_EXPERT
    from honors.models import Honour

    by_year: dict[int, list] = {}
    honours = (
        Honour.objects.filter(honour_type__code=SKILL_EXPERT, year__in=PLANS, person__isnull=False)
        .select_related("person")
        .order_by("year", "pk")
    )
    for honour in honours:
        people = by_year.setdefault(honour.year, [])
        if honour.person not in people:
            people.append(honour.person)
    return by_year


def seed() -> None:
    seed_competitions()
    seed_online_course()


def seed_competitions() -> None:
    enterprises = seed_enterprises()
    existing = set(Competition.objects.filter(year__in=PLANS).values_list("name", "year"))
    new = []
    for year, plan in PLANS.items():
        new += [c for c in competitions_for(year, plan) if (c.name, c.year) not in existing]
    if not new:
        return
    Competition.objects.bulk_create(new)
    # bulk_create sets the keys on PostgreSQL and SQLite; read them back to be database-neutral.
    by_key = {
        (c.name, c.year): c
        for c in Competition.objects.filter(name__in=[c.name for c in new], year__in=PLANS)
    }
    entries, results = [], []
    experts = honoured_skill_experts()
    for competition in (by_key[(c.name, c.year)] for c in new):
        plan = PLANS[competition.year]
        if competition.kind in (
            Competition.Kind.INNOVATION,
            Competition.Kind.ANKANG,
            Competition.Kind.LABOUR,
        ):
            entries += entries_for(competition, enterprises, plan)
        elif competition.level == Competition.Level.MUNICIPAL:
            people = experts.get(competition.year, [])
            champion = people.pop(0) if people else None
            results += results_for(competition, enterprises, champion)
    Entry.objects.bulk_create(entries, batch_size=1000)
    Result.objects.bulk_create(results, batch_size=1000)


#: learners of the 安康杯 online course (网上安康课堂) in 2018; other years scaled
ONLINE_LEARNERS_2018 = 32_600


def seed_online_course() -> None:
    """Each 安康杯 competition's entrants report their learners; one report an enterprise."""
    for competition in Competition.objects.filter(
        kind=Competition.Kind.ANKANG, level=Competition.Level.MUNICIPAL, year__in=PLANS
    ):
        if competition.online_course_reports.exists():
            continue
        organisations = list(
            competition.entries.order_by("pk").values_list("organisation_id", flat=True)[:400]
        )
        learners = split(scaled(ONLINE_LEARNERS_2018, competition.year), len(organisations))
        OnlineCourseReport.objects.bulk_create(
            OnlineCourseReport(competition=competition, organisation_id=pk, learners=count)
            for pk, count in zip(organisations, learners, strict=True)
        )
