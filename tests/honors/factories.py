import factory

from honors import codes
from honors.models import Honour, HonourType, Person, RecipientKind
from tests.factories import (  # noqa: F401 - used by the honours tests through this module
    DistrictFactory,
    OrganizationFactory,
    credit_code,
)


def honour_type(code: str) -> HonourType:
    """The standard types are seeded by a data migration: tests use them by code."""
    return HonourType.objects.get(code=code)


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
