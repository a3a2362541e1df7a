import datetime
from decimal import Decimal

import factory

from tests.assistance.factories import CityFederationFactory, id_number_for
from welfare import codes
from welfare.models import (
    Certificate,
    DegreeStudent,
    EventEdition,
    EventSeries,
    HousedFamily,
    LedgerKind,
    LedgerLine,
    LedgerValue,
    Measure,
    RecuperationBatch,
    RecuperationParticipant,
)


def heat_relief_kind() -> LedgerKind:
    """The summer heat campaign: workers visited (a count) and goods handed out (元)."""
    kind, _ = LedgerKind.objects.get_or_create(
        code=codes.HEAT_RELIEF, defaults={"name": "夏送清凉"}
    )
    Measure.objects.get_or_create(
        kind=kind, code=codes.WORKERS_VISITED, defaults={"name": "慰问人数", "unit": "名"}
    )
    Measure.objects.get_or_create(
        kind=kind,
        code=codes.GOODS_YUAN,
        defaults={"name": "防暑降温用品价值", "unit": "元", "nature": Measure.Nature.MONEY},
    )
    return kind


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerLine
        skip_postgeneration_save = True

    kind = factory.LazyFunction(heat_relief_kind)
    held_on = datetime.date(2018, 7, 15)
    union = factory.SubFactory(CityFederationFactory)
    place = factory.Sequence(lambda n: f"测试工地{n}")
    title = "夏送清凉"

    @factory.post_generation
    def values(self, create, extracted, **kwargs):
        """``values={"workers_visited": 30, "goods_yuan": "1200.00"}``."""
        if create and extracted:
            for code, value in extracted.items():
                LedgerValue.objects.create(
                    line=self, measure=self.kind.measures.get(code=code), value=Decimal(value)
                )


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecuperationBatch

    name = factory.Sequence(lambda n: f"2018年职工疗休养测试第{n}批")
    union = factory.SubFactory(CityFederationFactory)
    destination = "测试疗休养基地"
    starts_on = datetime.date(2018, 5, 7)
    ends_on = datetime.date(2018, 5, 11)


class PersonMixin(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    name = factory.Sequence(lambda n: f"测试职工{n}")
    id_number = factory.Sequence(lambda n: id_number_for(n + 5000))
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    union = factory.SubFactory(CityFederationFactory)


class ParticipantFactory(PersonMixin):
    class Meta:
        model = RecuperationParticipant

    batch = factory.SubFactory(BatchFactory)
    category = RecuperationParticipant.Category.FRONT_LINE


class CertificateFactory(PersonMixin):
    class Meta:
        model = Certificate

    certificate = "电工（中级）"
    obtained_on = datetime.date(2018, 11, 20)


class StudentFactory(PersonMixin):
    class Meta:
        model = DegreeStudent

    programme = "机电一体化"
    school = "测试职工大学"
    enrolled_on = datetime.date(2018, 9, 1)


class FamilyFactory(PersonMixin):
    class Meta:
        model = HousedFamily

    estate = "测试家园"
    keys_received_on = datetime.date(2018, 9, 28)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries
        django_get_or_create = ["code"]

    code = codes.SUMMER_NIGHTS
    name = "濠滨夏夜"
    union = factory.SubFactory(CityFederationFactory)


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventEdition

    series = factory.SubFactory(SeriesFactory)
    year = 2018
