"""Demo rights records: made-up enterprises, contracts, supervision visits and legal services.

The 2018 records give the annual review's figures exactly (30,000 enterprises with a collective
contract in force at the end of the year, 28,400 of them with a wage contract, 1,520 enterprises
supervised …); 2016, 2017 and 2019 are scaled from them. Idempotent: each part is created once
(found again by its demo enterprises' credit codes, team names and dates), in bulk.
"""

import datetime

from organizations.models import District, Organization, UnionUnit
from rights.models import (
    CollectiveContract,
    LegalServiceActivity,
    LegalServiceTeam,
    MonitoringSample,
    SupervisionVisit,
)
from unionportal.demo_helpers import YEARS, credit_code, enterprise_names, scaled, spread

FIGURES_2018 = {
    "collective_contract_enterprises": 30_000,
    "wage_contract_enterprises": 28_400,
    "sample_enterprises_monitored": 55,
    "legal_supervision_enterprises": 1_520,
    "legal_opinion_letters": 56,
    "illegal_employment_corrected": 830,
    "legal_service_teams": 10,
    "legal_service_towns": 30,
    "legal_service_enterprises": 103,  # the review prints “100多家”
    "legal_service_workers": 4_126,  # the review prints “4000多人次”
}
CODE_PREFIX = "91320600MAR"  # + 6 digits + check character: made up
FIRST = "澄瀚崇鼎恒嘉锦鑫宏裕祥泓沐汇融启舜禾岚翊"
SECOND = "川帆澜达琅洲辰丰源越航峰宁信诚创朗晖港屿"
TRADES = [
    "机电", "纺织", "船舶", "电子", "材料", "化工", "建设", "物流", "食品", "医药",
    "家纺", "电力", "汽配", "装备", "海工", "环保", "印染", "服饰", "包装", "钢构",
]  # fmt: skip
TEAM_NAMES = [f"{name}工会法律阳光志愿服务队" for name in ("市总", "崇川", "通州", "海门",
    "如皋", "海安", "如东", "启东", "开发区", "产业工会")]  # fmt: skip
TOWNS = [f"{a}{b}" for a in "东西南北中" for b in ("港街道", "湾镇", "桥社区", "园社区", "河镇",
    "塘街道", "坝社区")]  # fmt: skip
LEVELS = SupervisionVisit.Level
SUPERVISORS = {
    LEVELS.CITY: "市总工会劳动法律监督委员会",
    LEVELS.COUNTY: "{district}总工会劳动法律监督委员会",
    LEVELS.TOWN: "{town}工会劳动法律监督小组",
}


def value(key: str, year: int) -> int:
    return scaled(FIGURES_2018[key], year)


def seed_enterprises(count: int) -> list[Organization]:
    """``count`` made-up enterprises in the city's districts, created once (by credit code)."""
    names = enterprise_names(FIRST, SECOND, TRADES, count)
    wanted = {credit_code(CODE_PREFIX, number): name for number, name in enumerate(names, 1)}
    existing = set(
        Organization.objects.filter(credit_code__startswith=CODE_PREFIX).values_list(
            "credit_code", flat=True
        )
    )
    districts = list(District.objects.order_by("order", "name"))
    Organization.objects.bulk_create(
        [
            Organization(
                name=name,
                credit_code=code,
                kind=Organization.Kind.ENTERPRISE,
                district=districts[index % len(districts)],
            )
            for index, (code, name) in enumerate(wanted.items())
            if code not in existing
        ],
        batch_size=2000,
    )
    by_code = dict(
        Organization.objects.filter(credit_code__startswith=CODE_PREFIX).values_list(
            "credit_code", "pk"
        )
    )
    district_of = dict(
        Organization.objects.filter(credit_code__startswith=CODE_PREFIX).values_list(
            "pk", "district_id"
        )
    )
    return [
        Organization(pk=by_code[code], district_id=district_of[by_code[code]]) for code in wanted
    ]


def _contracts(enterprises, unions_by_district) -> list[CollectiveContract]:
    """Three-year contracts: an enterprise signs when it first counts and again when its
    contract has run out, so that exactly the year's number are in force on 31 December."""
    contracts = []
    for kind, key in (
        (CollectiveContract.Kind.GENERAL, "collective_contract_enterprises"),
        (CollectiveContract.Kind.WAGE, "wage_contract_enterprises"),
    ):
        ends: dict[int, datetime.date] = {}
        for year in YEARS:
            last = datetime.date(year, 12, 31)
            for index in range(value(key, year)):
                if ends.get(index, datetime.date.min) >= last:
                    continue
                month = 1 + index % 11
                starts = datetime.date(year, month, 1)
                ends[index] = datetime.date(year + 3, month, 1) - datetime.timedelta(days=1)
                enterprise = enterprises[index]
                contracts.append(
                    CollectiveContract(
                        enterprise_id=enterprise.pk,
                        kind=kind,
                        signed_on=starts - datetime.timedelta(days=10),
                        valid_from=starts,
                        valid_to=ends[index],
                        workers_covered=20 + index % 480,
                        union=unions_by_district[enterprise.district_id],
                    )
                )
    # women's own contracts, in the enterprises that also have the others (no figure changes)
    for index in range(0, 3000, 3):
        enterprise = enterprises[index]
        contracts.append(
            CollectiveContract(
                enterprise_id=enterprise.pk,
                kind=CollectiveContract.Kind.WOMEN,
                signed_on=datetime.date(2018, 2, 20),
                valid_from=datetime.date(2018, 3, 1),
                valid_to=datetime.date(2021, 2, 28),
                workers_covered=10 + index % 90,
                union=unions_by_district[enterprise.district_id],
            )
        )
    return contracts


def _supervision(year, enterprises, unions_by_district, towns) -> list[SupervisionVisit]:
    count = value("legal_supervision_enterprises", year)
    letters = value("legal_opinion_letters", year)
    offset = 5000 + (year - 2016) * 900  # a different (overlapping) set of enterprises a year
    chosen = [enterprises[(offset + index) % len(enterprises)] for index in range(count)]
    # every enterprise visited once, one in eight a second time by another level
    plan = [(enterprise, index) for index, enterprise in enumerate(chosen)]
    plan += [(enterprise, count + index) for index, enterprise in enumerate(chosen[::8])]
    corrected = spread(value("illegal_employment_corrected", year), letters * 2, seed=year)
    visits = []
    for number, (enterprise, index) in enumerate(plan):
        level = (LEVELS.TOWN, LEVELS.COUNTY, LEVELS.CITY)[index % 3 if index < count else 1]
        district = unions_by_district[enterprise.district_id]
        town = towns[index % len(towns)]
        visits.append(
            SupervisionVisit(
                enterprise_id=enterprise.pk,
                visited_on=datetime.date(year, 1 + number % 12, 1 + number % 28),
                supervisor=SUPERVISORS[level].format(
                    district=district.name.removesuffix("总工会"), town=town
                ),
                level=level,
                union=district,
                findings="劳动合同签订不规范" if number < letters * 2 else "",
                opinion_letter=number < letters,
                workers_corrected=corrected[number] if number < letters * 2 else 0,
            )
        )
    return visits


def _legal_services(year, teams, enterprises, districts) -> list[tuple]:
    """(activity, its enterprises) for the year: every team goes out, to the year's places,
    visiting the year's enterprises between them."""
    active = teams[: value("legal_service_teams", year)]
    places = TOWNS[: value("legal_service_towns", year)]
    visited = enterprises[: value("legal_service_enterprises", year)]
    outings = max(len(places), len(visited) // 3 + 1)
    workers = spread(value("legal_service_workers", year), outings, seed=year)
    planned = []
    for number in range(outings):
        share = visited[number * 3 : number * 3 + 3] or visited[number % len(visited) :][:1]
        planned.append(
            (
                LegalServiceActivity(
                    team=active[number % len(active)],
                    held_on=datetime.date(year, 3 + number % 9, 1 + number % 27),
                    place=places[number % len(places)],
                    district=districts[number % len(districts)],
                    workers_served=workers[number],
                    note="法律咨询、劳动合同审查、普法宣传",
                ),
                share,
            )
        )
    return planned


def seed() -> None:
    districts = list(District.objects.order_by("order", "name"))
    if not districts:
        return
    unions_by_district = {
        union.district_id: union
        for union in UnionUnit.objects.filter(kind=UnionUnit.Kind.COUNTY, district__isnull=False)
    }
    city = UnionUnit.objects.filter(kind=UnionUnit.Kind.CITY).first()
    count = max(value("collective_contract_enterprises", year) for year in YEARS)
    enterprises = seed_enterprises(count)
    demo_enterprises = Organization.objects.filter(credit_code__startswith=CODE_PREFIX)
    if not CollectiveContract.objects.filter(enterprise__in=demo_enterprises).exists():
        CollectiveContract.objects.bulk_create(
            _contracts(enterprises, unions_by_district), batch_size=2000
        )
    if not MonitoringSample.objects.filter(enterprise__in=demo_enterprises).exists():
        MonitoringSample.objects.bulk_create(
            MonitoringSample(
                year=year,
                enterprise_id=enterprise.pk,
                union=unions_by_district[enterprise.district_id],
            )
            for year in YEARS
            for enterprise in enterprises[200 : 200 + value("sample_enterprises_monitored", year)]
        )
    if not SupervisionVisit.objects.filter(enterprise__in=demo_enterprises).exists():
        SupervisionVisit.objects.bulk_create(
            [
                visit
                for year in YEARS
                for visit in _supervision(year, enterprises, unions_by_district, TOWNS)
            ],
            batch_size=2000,
        )
    teams = []
    for index, name in enumerate([*TEAM_NAMES, "滨海园区工会法律阳光志愿服务队"]):
        team, _ = LegalServiceTeam.objects.get_or_create(
            name=name,
            defaults={
                "union": city if index == 0 else list(unions_by_district.values())[index % 7],
                "founded_on": datetime.date(2012 + index % 4, 5, 1),
                "members": 8 + index,
            },
        )
        teams.append(team)
    if LegalServiceActivity.objects.filter(team__in=teams).exists():
        return
    planned = [
        pair
        for year in YEARS
        for pair in _legal_services(year, teams, enterprises[10_000:], districts)
    ]
    LegalServiceActivity.objects.bulk_create([activity for activity, _ in planned])
    Through = LegalServiceActivity.enterprises.through
    Through.objects.bulk_create(
        Through(legalserviceactivity_id=activity.pk, organization_id=enterprise.pk)
        for activity, share in planned
        for enterprise in share
    )
