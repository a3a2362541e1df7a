import factory
from django.contrib.auth import get_user_model

from organizations.models import Organization
from reports.models import EnteredFigure, Snapshot, encode_values


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An enterprise whose ``industry`` carries the year it takes part in (the test figures')."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试示例企业{n}号")
    kind = Organization.Kind.ENTERPRISE
    industry = "2018"


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Snapshot

    year = 2018
    values = factory.LazyAttribute(lambda o: encode_values(o.figures))

    class Params:
        figures = factory.Dict({})


class EnteredFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnteredFigure

    year = 2018
    key = "test_contracts"
    value = 30000
    source = "年度工作总结"
