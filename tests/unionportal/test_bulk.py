"""A large import writes its rows with ``unionportal.bulk``: the records and their history must
come out exactly as Django's ``bulk_create`` and django-simple-history would have written them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from honors import codes
from honors.models import Honour, Person, RecipientKind
from tests.honors.factories import DistrictFactory, OrganizationFactory, honour_type
from unionportal.bulk import bulk_insert, bulk_insert_with_history

pytestmark = pytest.mark.django_db


def new_people(count: int, prefix: str = "批量") -> list[Person]:
    return [
        Person(name=f"{prefix}{number}", workplace="示例纺织厂", birth_year=1970 + number % 30)
        for number in range(count)
    ]


def test_every_object_gets_its_key_and_is_stored_as_given():
    people = bulk_insert(Person, new_people(2500), batch_size=1000)

    assert len({person.pk for person in people}) == 2500
    assert all(not person._state.adding for person in people)
    stored = {person.pk: person for person in Person.objects.all()}
    assert [(stored[p.pk].name, stored[p.pk].birth_year) for p in people] == [
        (p.name, p.birth_year) for p in people
    ]
    assert all(stored[p.pk].created_at is not None for p in people)


def test_an_object_refers_to_a_record_saved_after_it_was_assigned(django_assert_num_queries):
    """The import creates the people first, then the honours that name them."""
    district = DistrictFactory()
    medal = honour_type(codes.MAY_DAY_MEDAL)
    person = Person(name="顾晓梅", workplace="示例纺织厂")
    honour = Honour(
        honour_type=medal,
        level=Honour.Level.MUNICIPAL,
        year=2018,
        recipient_kind=RecipientKind.INDIVIDUAL,
        person=person,
        district=district,
        awarded_on=datetime.date(2018, 4, 28),
    )
    bulk_insert(Person, [person])
    bulk_insert(Honour, [honour])
    with django_assert_num_queries(0):  # the admin log names every imported honour
        assert str(honour) == "2018年市级五一劳动奖章：顾晓梅"

    stored = Honour.objects.get(pk=honour.pk)
    assert stored.person == person
    assert stored.awarded_on == datetime.date(2018, 4, 28)
    assert stored.district == district


def test_an_unsaved_related_record_is_refused():
    honour = Honour(
        honour_type=honour_type(codes.MAY_DAY_MEDAL),
        level=Honour.Level.MUNICIPAL,
        year=2018,
        recipient_kind=RecipientKind.INDIVIDUAL,
        person=Person(name="未保存", workplace="示例纺织厂"),
    )
    with pytest.raises(ValueError, match="not saved"):
        bulk_insert(Honour, [honour])
    assert Honour.objects.count() == 0


def test_the_history_rows_match_those_of_django_simple_history():
    clerk = get_user_model().objects.create_user("honours-clerk", password="x-Long-enough-1")
    organization = OrganizationFactory()

    def honours(level):
        return [
            Honour(
                honour_type=honour_type(codes.MAY_DAY_CERTIFICATE),
                level=level,
                year=year,
                recipient_kind=RecipientKind.COLLECTIVE,
                organization=organization,
            )
            for year in range(2010, 2020)
        ]

    bulk_insert_with_history(Honour, honours(Honour.Level.MUNICIPAL), user=clerk, reason="表格导入")
    bulk_create_with_history(
        honours(Honour.Level.COUNTY), Honour, default_user=clerk, default_change_reason="表格导入"
    )

    def history_of(level):
        rows = Honour.history.filter(level=level).order_by("year")
        return [
            (
                row.history_type,
                row.history_user,
                row.history_change_reason,
                row.year,
                row.organization_id,
                row.id == Honour.objects.get(level=level, year=row.year).pk,
            )
            for row in rows
        ]

    ours, theirs = history_of(Honour.Level.MUNICIPAL), history_of(Honour.Level.COUNTY)
    assert len(ours) == 10
    assert ours == theirs
    assert ours[0][:3] == ("+", clerk, "表格导入")
