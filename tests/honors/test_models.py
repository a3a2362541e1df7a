import pytest
from django.db import IntegrityError, transaction

from honors import codes
from honors.models import Honour, HonourType, Person, RecipientKind
from tests.honors.factories import HonourFactory, OrganizationFactory, PersonFactory, honour_type

pytestmark = pytest.mark.django_db


def test_the_standard_honour_types_are_there_with_stable_codes():
    names = dict(HonourType.objects.values_list("code", "name"))
    assert names[codes.MAY_DAY_MEDAL] == "五一劳动奖章"
    assert names[codes.TEN_BEST_CIVILISED_WORKER] == "省十佳文明职工"
    assert names[codes.GENERAL] == "荣誉"
    assert len(names) == 14


def test_level_at_least_provincial_means_national_and_provincial():
    assert Honour.Level.at_least(Honour.Level.PROVINCIAL) == ["national", "provincial"]
    assert Honour.Level.at_least(Honour.Level.COUNTY) == [
        "national",
        "provincial",
        "municipal",
        "county",
    ]


def test_the_same_honour_cannot_be_recorded_twice_for_a_person():
    first = HonourFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HonourFactory(person=first.person)
    # Another year, another level or another type is a different honour.
    HonourFactory(person=first.person, year=2019)
    HonourFactory(person=first.person, level=Honour.Level.MUNICIPAL)
    assert Honour.objects.filter(person=first.person).count() == 3


def test_the_same_honour_cannot_be_recorded_twice_for_an_organisation():
    first = HonourFactory(collective=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        HonourFactory(collective=True, organization=first.organization)


def test_the_federation_may_receive_many_honours_a_year_but_each_title_once():
    HonourFactory(federation=True, title="全省工会宣传工作先进集体")
    HonourFactory(federation=True, title="全省职工书屋建设先进集体")
    with pytest.raises(IntegrityError), transaction.atomic():
        HonourFactory(federation=True, title="全省工会宣传工作先进集体")
    assert Honour.objects.filter(recipient_kind=RecipientKind.FEDERATION).count() == 2


@pytest.mark.parametrize(
    ("kind", "with_person", "with_organization"),
    [
        (RecipientKind.INDIVIDUAL, False, True),
        (RecipientKind.COLLECTIVE, True, False),
        (RecipientKind.FEDERATION, True, False),
        (RecipientKind.INDIVIDUAL, True, True),
    ],
)
def test_the_recipient_must_match_the_recipient_kind(kind, with_person, with_organization):
    person = PersonFactory() if with_person else None
    organization = OrganizationFactory() if with_organization else None
    with pytest.raises(IntegrityError), transaction.atomic():
        Honour.objects.create(
            honour_type=honour_type(codes.GENERAL),
            level=Honour.Level.MUNICIPAL,
            year=2018,
            recipient_kind=kind,
            person=person,
            organization=organization,
            title="某荣誉",
        )


def test_a_year_out_of_range_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        HonourFactory(year=1900)


def test_a_person_is_a_model_worker_when_they_hold_a_model_worker_title():
    worker = HonourFactory(honour_type=honour_type(codes.PROVINCIAL_MODEL_WORKER)).person
    medallist = HonourFactory().person
    flags = dict(Person.objects.with_model_worker_flag().values_list("pk", "is_model_worker"))
    assert flags == {worker.pk: True, medallist.pk: False}
    assert list(Person.objects.model_workers()) == [worker]


def test_changes_to_honours_and_people_keep_an_audit_trail():
    honour = HonourFactory()
    honour.document_number = "苏工发〔2018〕3号"
    honour.save()
    assert honour.history.count() == 2
    assert honour.person.history.count() == 1


def test_a_photo_is_public_only_with_consent():
    person = PersonFactory(photo="honors/people/a.jpg", photo_consent=False)
    assert person.public_photo is None
    person.photo_consent = True
    assert person.public_photo == person.photo
