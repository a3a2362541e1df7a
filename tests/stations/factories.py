"""Factories of the stations tests: sites of the standard kinds (seeded by a migration)."""

import datetime

import factory

import tests.assistance.factories
import tests.factories
from stations import codes
from stations.models import Facility, SpecialDays, Station, StationKind, WeeklyHours
from tests.assistance.factories import CityFederationFactory


def kind(code: str) -> StationKind:
    return StationKind.objects.get(code=code)


def facility(code: str) -> Facility:
    return Facility.objects.get(code=code)


class DistrictFactory(tests.factories.DistrictFactory):
    name = "崇川区"


CityUnionFactory = CityFederationFactory


class CountyUnionFactory(tests.assistance.factories.CountyUnionFactory):
    """崇川区总工会 unless told otherwise."""

    district = factory.SubFactory(DistrictFactory)


class StationFactory(factory.django.DjangoModelFactory):
    """An 安康·爱心驿站 in 崇川区, open since 2018, weekdays 08:00–18:00 unless told otherwise."""

    class Meta:
        model = Station
        skip_postgeneration_save = True

    kind = factory.LazyFunction(lambda: kind(codes.CARE_STATION))
    name = factory.Sequence(lambda n: f"测试{n}号爱心驿站")
    union = factory.SubFactory(CountyUnionFactory)
    district = factory.LazyAttribute(lambda o: o.union.district or DistrictFactory())
    address = factory.Sequence(lambda n: f"测试路{n}号")
    latitude = 32.0
    longitude = 120.9
    phone = "0513-85000000"
    opened_on = datetime.date(2018, 3, 1)

    @factory.post_generation
    def weekdays(self, create, extracted, **kwargs):
        """``weekdays=[(opens, closes), …]`` every day Monday–Friday; [] for none."""
        if not create:
            return
        ranges = [(datetime.time(8), datetime.time(18))] if extracted is None else extracted
        WeeklyHours.objects.bulk_create(
            WeeklyHours(station=self, weekday=day, opens=opens, closes=closes)
            for day in range(5)
            for opens, closes in ranges
        )


class SpecialDaysFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialDays

    station = factory.SubFactory(StationFactory)
    starts_on = datetime.date(2026, 10, 1)
    ends_on = datetime.date(2026, 10, 7)
    closed = True
