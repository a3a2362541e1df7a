import factory

from honors import codes
from honors.models import Honour, HonourType, Person, RecipientKind
from organizations.models import District, Organization
from organizations.validators import credit_code_check_char


def honour_type(code: str) -> HonourType:
    """The standard types are seeded by a data migration: tests use them by code."""
    return HonourType.objects.get(code=code)


def credit_code(number: int) -> str:
    first_17 = f"91320600MB{number:07d}"
    return first_17 + credit_code_check_char(first_17)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["name"]

    name = "崇川区"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试精工{n}号有限公司")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1))
    kind = Organization.Kind.ENTERPRISE


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试{n}")
    gender = Person.Gender.FEMALE
    birth_year = 1980
    workplace = "测试精工有限公司"
    biography = "扎根一线二十年。"


class HonourFactory(factory.django.DjangoModelFactory):
    """An individual's provincial 五一劳动奖章 in 2018 unless told otherwise."""

    class Meta:
        model = Honour

    honour_type = factory.LazyFunction(lambda: honour_type(codes.MAY_DAY_MEDAL))
    level = Honour.Level.PROVINCIAL
    year = 2018
    recipient_kind = RecipientKind.INDIVIDUAL
    person = factory.SubFactory(PersonFactory)
    organization = None
    awarding_body = "省总工会"

    class Params:
        collective = factory.Trait(
            recipient_kind=RecipientKind.COLLECTIVE,
            person=None,
            organization=factory.SubFactory(OrganizationFactory),
            honour_type=factory.LazyFunction(lambda: honour_type(codes.MAY_DAY_CERTIFICATE)),
        )
        federation = factory.Trait(
            recipient_kind=RecipientKind.FEDERATION,
            person=None,
            organization=None,
            honour_type=factory.LazyFunction(lambda: honour_type(codes.GENERAL)),
            title=factory.Sequence(lambda n: f"全省工会先进集体{n}"),
        )
