import datetime

import factory

from rights.models import (
    CollectiveContract,
    LegalServiceActivity,
    LegalServiceTeam,
    MonitoringSample,
    SupervisionVisit,
)
from tests.assistance.factories import CityFederationFactory
from tests.competitions.factories import EnterpriseFactory
from tests.factories import DistrictFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveContract

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = CollectiveContract.Kind.GENERAL
    signed_on = datetime.date(2018, 3, 20)
    valid_from = datetime.date(2018, 4, 1)
    valid_to = datetime.date(2021, 3, 31)
    workers_covered = 120
    union = factory.SubFactory(CityFederationFactory)


class SampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringSample

    year = 2018
    enterprise = factory.SubFactory(EnterpriseFactory)
    union = factory.SubFactory(CityFederationFactory)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionVisit

    enterprise = factory.SubFactory(EnterpriseFactory)
    visited_on = datetime.date(2018, 6, 12)
    supervisor = factory.Sequence(lambda n: f"测试镇工会劳动法律监督小组{n}")
    level = SupervisionVisit.Level.TOWN
    union = factory.SubFactory(CityFederationFactory)
    opinion_letter = False
    workers_corrected = 0


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalServiceTeam

    name = factory.Sequence(lambda n: f"测试法律志愿服务队{n}")
    union = factory.SubFactory(CityFederationFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalServiceActivity
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    held_on = datetime.date(2018, 5, 10)
    place = factory.Sequence(lambda n: f"测试街道{n}社区")
    district = factory.SubFactory(DistrictFactory)
    workers_served = 40

    @factory.post_generation
    def enterprises(self, create, extracted, **kwargs):
        if create and extracted:
            self.enterprises.set(extracted)
