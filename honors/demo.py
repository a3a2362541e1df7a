"""Demo honours: made-up people, enterprises and teams; 2018 gives the annual review's figures.

Idempotent (everything is keyed: credit codes, team names, name + workplace, the honour's own
unique key) and fast (a handful of queries and bulk inserts, whatever the number of records).
"""

import datetime
import random

from simple_history.utils import bulk_create_with_history

from honors import codes
from honors.models import (
    FederationRecognition,
    Honour,
    HonourType,
    ModelWorkerActivity,
    Person,
    RecipientKind,
)
from organizations.models import District, Organization
from organizations.validators import credit_code_check_char
from unionportal.demo_helpers import scaled

Level = Honour.Level

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢"  # noqa: E501
GIVEN = (
    "建国志强海燕春梅红霞卫东晓明丽娟国华秀英玉兰"
    "文杰俊峰雪松立新振华桂芳敏慧永刚宏伟子涵思远瑞雪晨阳嘉怡博文"
)
ENTERPRISE_PREFIXES = [
    "江畔", "启帆", "海韵", "通衢", "濠河", "青墩", "沙洲", "渔湾", "长岸", "北沙",
    "东皋", "滨江", "紫琅", "望海", "柳汀", "麦穗", "银杏", "星港", "云梯", "潮音",
]  # fmt: skip
ENTERPRISE_TRADES = [
    ("精密机械", "制造业"),
    ("纺织印染", "制造业"),
    ("船舶配套", "制造业"),
    ("电子科技", "信息技术"),
    ("建设工程", "建筑业"),
    ("物流", "交通运输"),
]
TEAM_NAMES = ["装配车间甲班", "质检组", "焊接班", "维修班组", "调度中心", "研发小组", "客服班组"]
OCCUPATIONS = [
    "钳工",
    "电焊工",
    "数控车工",
    "质检员",
    "技术员",
    "班组长",
    "工程师",
    "护士",
    "快递员",
]
FEDERATION_AREAS = [
    "工会宣传思想工作", "职工书屋建设", "劳动和技能竞赛组织", "困难职工帮扶", "工会财务管理",
    "女职工工作", "工资集体协商", "劳动保护监督检查", "工会网上工作", "职工文体活动",
    "工会经费审查", "基层工会组织建设", "职工法律援助", "劳模服务管理", "职工技能提升",
]  # fmt: skip
LEVEL_PREFIX = {Level.NATIONAL: "全国", Level.PROVINCIAL: "全省", Level.MUNICIPAL: "全市"}
AWARDING_BODY = {
    Level.NATIONAL: "全国总工会",
    Level.PROVINCIAL: "省总工会",
    Level.MUNICIPAL: "市总工会",
    Level.COUNTY: "县（市、区）总工会",
}

YEARS = [2016, 2017, 2018, 2019]
N_ENTERPRISES = 96
N_TEAMS = 120
N_PEOPLE = 320
N_MODEL_WORKERS = 24


def _plan(year: int) -> dict[tuple[str, str], int]:
    """How many honours of each (type code, level) the demo records in ``year``.

    2018 gives exactly the figures of the annual review (figures-2018.md); the other years are
    smaller, so that charts have a trend to show.
    """
    plan = {
        (codes.MAY_DAY_MEDAL, Level.NATIONAL): 2,
        (codes.MAY_DAY_MEDAL, Level.PROVINCIAL): 14,
        (codes.MAY_DAY_CERTIFICATE, Level.NATIONAL): 1,
        (codes.MAY_DAY_CERTIFICATE, Level.PROVINCIAL): 11,  # 2 + 14 + 1 + 11 = 28
        (codes.PIONEER_TEAM, Level.NATIONAL): 3,
        (codes.PIONEER_TEAM, Level.PROVINCIAL): 32,  # 35
        (codes.MAY_DAY_MEDAL, Level.MUNICIPAL): 84,
        (codes.MAY_DAY_CERTIFICATE, Level.MUNICIPAL): 50,  # 134
        (codes.PIONEER_TEAM, Level.MUNICIPAL): 80,
        (codes.READING_ROOM_DEMO, Level.NATIONAL): 5,
        (codes.READING_ROOM_DEMO, Level.PROVINCIAL): 8,
        (codes.MOST_BEAUTIFUL_READING_ROOM, Level.PROVINCIAL): 1,
        (codes.READING_ENTERPRISE, Level.MUNICIPAL): 10,
        (codes.READING_ROOM, Level.MUNICIPAL): 29,
        (codes.MORAL_MODEL_DEDICATION, Level.MUNICIPAL): 5,
        (codes.SKILL_EXPERT, Level.MUNICIPAL): 16,  # one per citywide skills contest
        (codes.PIONEER_TEAM, Level.COUNTY): 20,  # county level: in no figure
    }
    if year == 2018:
        return plan
    scale = {2016: 0.7, 2017: 0.85, 2019: 0.9}[year]
    plan = {key: max(1, round(count * scale)) for key, count in plan.items()}
    # The competitions demo names each citywide skills contest's 技术状元 among these.
    plan[(codes.SKILL_EXPERT, Level.MUNICIPAL)] = SKILL_EXPERTS[year]
    return plan


SKILL_EXPERTS = {2016: 12, 2017: 14, 2018: 16, 2019: 17}
FEDERATION_PLAN = {
    2016: {Level.NATIONAL: 1, Level.PROVINCIAL: 7, Level.MUNICIPAL: 11},
    2017: {Level.NATIONAL: 2, Level.PROVINCIAL: 8, Level.MUNICIPAL: 12},
    2018: {Level.NATIONAL: 3, Level.PROVINCIAL: 10, Level.MUNICIPAL: 14},  # 27
    2019: {Level.NATIONAL: 2, Level.PROVINCIAL: 9, Level.MUNICIPAL: 13},
}
# 省十佳文明职工: one a year from 2004 to 2019, none in 2003 (the 2018 streak is 15 years);
# 2001 and 2002 had one too, before the break.
TEN_BEST_YEARS = [2001, 2002, *range(2004, 2020)]


def _credit_code(number: int) -> str:
    first_17 = f"91320600MA{number:07d}"
    return first_17 + credit_code_check_char(first_17)


def _enterprises(districts) -> list[Organization]:
    wanted = []
    for number in range(N_ENTERPRISES):
        prefix = ENTERPRISE_PREFIXES[number % len(ENTERPRISE_PREFIXES)]
        trade, industry = ENTERPRISE_TRADES[(number // len(ENTERPRISE_PREFIXES)) % 6]
        suffix = "" if number < 120 else str(number)
        wanted.append(
            Organization(
                name=f"{prefix}{trade}{suffix}有限公司",
                kind=Organization.Kind.ENTERPRISE,
                credit_code=_credit_code(number + 1),
                district=districts[number % len(districts)],
                industry=industry,
            )
        )
    existing = {
        organization.credit_code: organization
        for organization in Organization.objects.filter(
            credit_code__in=[organization.credit_code for organization in wanted]
        )
    }
    missing = [organization for organization in wanted if organization.credit_code not in existing]
    Organization.objects.bulk_create(missing)
    return [existing.get(organization.credit_code, organization) for organization in wanted]


def _teams(enterprises) -> list[Organization]:
    wanted = []
    for number in range(N_TEAMS):
        parent = enterprises[number % len(enterprises)]
        name = TEAM_NAMES[(number // len(enterprises)) % len(TEAM_NAMES)]
        wanted.append(
            Organization(
                name=name,
                kind=Organization.Kind.TEAM,
                parent=parent,
                district_id=parent.district_id,
                industry=parent.industry,
            )
        )
    existing = {
        (organization.parent_id, organization.name): organization
        for organization in Organization.objects.filter(
            parent__in=enterprises, kind=Organization.Kind.TEAM, credit_code=""
        )
    }
    missing = [team for team in wanted if (team.parent_id, team.name) not in existing]
    Organization.objects.bulk_create(missing)
    return [existing.get((team.parent_id, team.name), team) for team in wanted]


def _people(enterprises, rng) -> list[Person]:
    wanted, seen = [], set()
    while len(wanted) < N_PEOPLE:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(SURNAMES) + given
        workplace = enterprises[len(wanted) % len(enterprises)]
        if (name, workplace.name) in seen:
            continue
        seen.add((name, workplace.name))
        model_worker = len(wanted) < N_MODEL_WORKERS
        occupation = rng.choice(OCCUPATIONS)
        wanted.append(
            Person(
                name=name,
                gender=rng.choice([Person.Gender.MALE, Person.Gender.FEMALE]),
                birth_year=rng.randint(1965, 1995),
                workplace=workplace.name,
                workplace_organization=workplace,
                occupation=occupation,
                photo_consent=model_worker and len(wanted) % 3 != 0,
                biography=(
                    f"{name}扎根{workplace.name}一线多年，从普通{occupation}成长为技术骨干，"
                    "带领团队完成多项技术革新，带出徒弟数十名。"
                    if model_worker
                    else ""
                ),
            )
        )
    existing = {
        (person.name, person.workplace): person
        for person in Person.objects.filter(name__in=[person.name for person in wanted])
    }
    missing = [person for person in wanted if (person.name, person.workplace) not in existing]
    bulk_create_with_history(missing, Person, default_change_reason="演示数据")
    return [existing.get((person.name, person.workplace), person) for person in wanted]


def _honour(types, code, level, year, *, person=None, organization=None, title="", places=None):
    """One wanted honour; ``places`` maps an enterprise's id to it (no query per honour)."""
    honour_type = types[code]
    if person is not None:
        kind, workplace = RecipientKind.INDIVIDUAL, person.workplace
        district_id = places[person.workplace_organization_id].district_id
    elif organization is not None:
        kind = RecipientKind.COLLECTIVE
        workplace = places[organization.parent_id].name if organization.parent_id else ""
        district_id = organization.district_id
    else:
        kind, workplace, district_id = RecipientKind.FEDERATION, "", None
    return Honour(
        honour_type=honour_type,
        level=level,
        year=year,
        awarded_on=datetime.date(year, 4, 28) if code in codes.MAY_DAY_AWARDS else None,
        document_number=f"{AWARDING_BODY[level][:2]}工发〔{year}〕{10 + honour_type.order}号",
        awarding_body=AWARDING_BODY[level],
        recipient_kind=kind,
        person=person,
        organization=organization,
        workplace=workplace,
        district_id=district_id,
        title=title,
    )


def _wanted_honours(types, people, enterprises, teams) -> list[Honour]:
    wanted = []
    places = {enterprise.pk: enterprise for enterprise in enterprises}

    def honour(code, level, year, **recipient):
        return _honour(types, code, level, year, places=places, **recipient)

    model_workers, others = people[:N_MODEL_WORKERS], people[N_MODEL_WORKERS:]
    for year in YEARS:
        person_cursor = (year - 2016) * 37
        enterprise_cursor = team_cursor = (year - 2016) * 11
        for (code, level), count in _plan(year).items():
            honour_type = types[code]
            for _ in range(count):
                if honour_type.recipient_kind == RecipientKind.INDIVIDUAL:
                    person = others[person_cursor % len(others)]
                    person_cursor += 1
                    wanted.append(honour(code, level, year, person=person))
                elif code == codes.PIONEER_TEAM:
                    team = teams[team_cursor % len(teams)]
                    team_cursor += 1
                    wanted.append(honour(code, level, year, organization=team))
                else:
                    enterprise = enterprises[enterprise_cursor % len(enterprises)]
                    enterprise_cursor += 1
                    wanted.append(honour(code, level, year, organization=enterprise))
            enterprise_cursor += 7  # the next kind of award goes to other enterprises first
        number = 0
        for level, count in FEDERATION_PLAN[year].items():
            for _ in range(count):
                area = FEDERATION_AREAS[number % len(FEDERATION_AREAS)]
                title = f"{LEVEL_PREFIX[level]}{area}先进集体"
                if number >= len(FEDERATION_AREAS):
                    title = f"{LEVEL_PREFIX[level]}{area}创新奖"
                number += 1
                wanted.append(honour(codes.GENERAL, level, year, title=title))
    # Model workers: 全国/省/市劳动模范 spread over the years (the 劳模风采 gallery).
    model_worker_titles = [
        (codes.NATIONAL_MODEL_WORKER, Level.NATIONAL),
        (codes.PROVINCIAL_MODEL_WORKER, Level.PROVINCIAL),
        (codes.MUNICIPAL_MODEL_WORKER, Level.MUNICIPAL),
    ]
    for number, person in enumerate(model_workers):
        code, level = model_worker_titles[0 if number < 3 else 1 if number < 10 else 2]
        wanted.append(honour(code, level, YEARS[number % len(YEARS)], person=person))
        if number < 10:  # the higher titles came after a municipal one
            wanted.append(
                honour(codes.MUNICIPAL_MODEL_WORKER, Level.MUNICIPAL, 2015, person=person)
            )
    for number, year in enumerate(TEN_BEST_YEARS):
        person = others[(number * 13) % len(others)]
        wanted.append(
            honour(codes.TEN_BEST_CIVILISED_WORKER, Level.PROVINCIAL, year, person=person)
        )
    return wanted


def _key(honour):
    return (
        honour.honour_type_id,
        honour.level,
        honour.year,
        honour.person_id,
        honour.organization_id,
        honour.title,
    )


def seed() -> None:
    from organizations import demo as organizations_demo

    organizations_demo.seed()  # idempotent: the districts the records refer to
    rng = random.Random(2018)
    districts = list(District.objects.order_by("order", "name"))
    types = {honour_type.code: honour_type for honour_type in HonourType.objects.all()}
    enterprises = _enterprises(districts)
    teams = _teams(enterprises)
    people = _people(enterprises, rng)
    wanted = _wanted_honours(types, people, enterprises, teams)
    for honour in wanted:  # the related objects got their ids in the bulk inserts above
        honour.person_id = honour.person.pk if honour.person else None
        honour.organization_id = honour.organization.pk if honour.organization else None
    existing = set(
        Honour.objects.filter(year__in={honour.year for honour in wanted}).values_list(
            "honour_type_id", "level", "year", "person_id", "organization_id", "title"
        )
    )
    missing = [honour for honour in wanted if _key(honour) not in existing]
    bulk_create_with_history(missing, Honour, batch_size=500, default_change_reason="演示数据")
    seed_federation_work()


# ---- the federation's own work: recognitions and model-worker activities --------------------

#: 2018 as the review reports it (近百场: the records hold 97); other years scaled
FEDERATION_WORK_2018 = {
    "provincial_meetings_hosted": 3,
    "experiences_promoted": 10,
    "model_worker_activities": 97,
}
MEETING_TOPICS = ["职工书屋建设", "工会帮扶工作", "劳动竞赛", "工资集体协商"]
ACTIVITY_THEMES = ["劳模进校园", "劳模送技术", "劳模献爱心", "劳模宣讲", "劳模工作室开放日"]
ACTIVITY_ORGANISERS = [
    "市劳模党支部",
    "崇川劳模小组",
    "通州劳模小组",
    "海门劳模小组",
    "如皋劳模小组",
]


def seed_federation_work() -> None:
    Kind = FederationRecognition.Kind
    existing = set(FederationRecognition.objects.values_list("kind", "year", "title"))
    recognitions = []
    for year in YEARS:
        for number in range(scaled(FEDERATION_WORK_2018["provincial_meetings_hosted"], year)):
            recognitions.append(
                FederationRecognition(
                    kind=Kind.MEETING_HOSTED,
                    level=Level.PROVINCIAL,
                    year=year,
                    held_on=datetime.date(year, 4 + number * 2, 18),
                    title=f"全省{MEETING_TOPICS[number % 4]}现场推进会（{year}年第{number + 1}次）",
                    convened_by="省总工会",
                )
            )
        for number in range(scaled(FEDERATION_WORK_2018["experiences_promoted"], year)):
            recognitions.append(
                FederationRecognition(
                    kind=Kind.EXPERIENCE_PROMOTED,
                    level=Level.NATIONAL if number == 0 else Level.PROVINCIAL,
                    year=year,
                    title=f"{FEDERATION_AREAS[number % len(FEDERATION_AREAS)]}经验（{year}年）",
                    convened_by="全国总工会" if number == 0 else "省总工会",
                )
            )
    bulk_create_with_history(
        [r for r in recognitions if (r.kind, r.year, r.title) not in existing],
        FederationRecognition,
        default_change_reason="演示数据",
    )
    if ModelWorkerActivity.objects.exists():
        return
    districts = list(District.objects.order_by("order", "name"))
    activities = [
        ModelWorkerActivity(
            title=f"{ACTIVITY_THEMES[number % 5]}（第{number + 1}期）",
            held_on=datetime.date(year, 1 + number % 12, 1 + number % 28),
            organiser=ACTIVITY_ORGANISERS[number % 5],
            place="职工服务中心",
            participants=15 + number % 30,
            district=districts[number % len(districts)] if districts else None,
        )
        for year in YEARS
        for number in range(scaled(FEDERATION_WORK_2018["model_worker_activities"], year))
    ]
    bulk_create_with_history(activities, ModelWorkerActivity, default_change_reason="演示数据")
