import factory

from competitions.models import Competition, Entry, Result
from organizations.models import Organization
from organizations.validators import credit_code_check_char

#: the columns of the files enterprises send, in the template's order (the import's contract)
ENTRY_HEADERS = [
    "竞赛名称",
    "年份",
    "企业名称",
    "统一社会信用代码",
    "参与职工数",
    "班组数",
    "合理化建议",
    "技术革新攻关",
    "先进操作法",
    "经济效益（元）",
]
RESULT_HEADERS = [
    "竞赛名称",
    "年份",
    "姓名",
    "企业名称",
    "统一社会信用代码",
    "名次",
    "奖项",
    "是否晋升技术等级",
    "晋升等级",
]


def make_credit_code(number: int) -> str:
    first_17 = f"91320600MAT{number:06d}"
    return first_17 + credit_code_check_char(first_17)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试{n}号精密机械有限公司")
    credit_code = factory.Sequence(make_credit_code)
    kind = Organization.Kind.ENTERPRISE


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    name = factory.Sequence(lambda n: f"测试竞赛{n}")
    kind = Competition.Kind.INNOVATION
    level = Competition.Level.MUNICIPAL
    year = 2018
    status = Competition.Status.FINISHED


class SkillsContestFactory(CompetitionFactory):
    name = factory.Sequence(lambda n: f"2018年全市电焊工职业技能竞赛{n}")
    kind = Competition.Kind.SKILLS
    trade = "电焊工"
    total_participants = 1000
    grade_upgrades = 50


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    competition = factory.SubFactory(CompetitionFactory)
    organisation = factory.SubFactory(EnterpriseFactory)
    workers = 100
    teams = 5
    suggestions = 20
    innovations = 3
    advanced_methods = 1
    economic_benefit_yuan = 1_000_000


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    competition = factory.SubFactory(SkillsContestFactory)
    contestant_name = factory.Sequence(lambda n: f"选手{n}")
    organisation = factory.SubFactory(EnterpriseFactory)
    rank = factory.Sequence(lambda n: n + 2)
    prize = Result.Prize.SECOND


def honoured_person(name: str, *, year: int = 2018, workplace=None):
    """A person of the honours app holding a municipal 技术能手 honour of ``year``."""
    from honors.codes import SKILL_EXPERT
    from honors.models import Honour, HonourType, Person

    person = Person.objects.create(
        name=name,
        workplace=workplace.name if workplace else "",
        workplace_organization=workplace,
    )
    Honour.objects.create(
        honour_type=HonourType.objects.get(code=SKILL_EXPERT),
        level=Honour.Level.MUNICIPAL,
        year=year,
        recipient_kind=Honour.RecipientKind.INDIVIDUAL,
        person=person,
    )
    return person
