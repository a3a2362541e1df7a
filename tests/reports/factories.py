import factory

from reports.models import EnteredFigure, Snapshot, encode_values
from tests.factories import OrganizationFactory, UserFactory  # noqa: F401 - UserFactory for reports tests


class CountedEnterpriseFactory(OrganizationFactory):
    """An enterprise the test figures count: its ``industry`` carries the year it takes part in
    (see tests/reports/conftest.py)."""

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
