"""A large import writes its rows with ``unionportal.bulk``: the records and their history must
come out exactly as Django's ``bulk_create`` and django-simple-history would have written them.

On PostgreSQL the rows go in with COPY (text format, its own escaping); elsewhere, and for values
COPY is not given, with INSERT. The same tests run on both (``DATABASE_URL``)."""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from honors import codes
from honors.models import Honour, Person, RecipientKind
from reports.models import Snapshot
from tests.honors.factories import DistrictFactory, OrganizationFactory, honour_type
from unionportal.bulk import bulk_insert, bulk_insert_values, bulk_insert_with_history

#: text that COPY's format would misread unless escaped: tab, newline, CR, backslash, \N (NULL)
AWKWARD_TEXTS = ["含\t制表符", "两行\n文字", "回车\r", "反斜杠\\N", "\\", "\\N", ""]
AWKWARD_TEXTS += ["=1+1", "林晓梅"]
LOG_COLUMNS = ["action_time", "user_id", "content_type_id", "object_id", "object_repr"]
LOG_COLUMNS += ["action_flag", "change_message"]

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


def test_text_with_tabs_newlines_and_backslashes_is_stored_as_given():
    people = [
        Person(name=f"人员{number}", workplace=text, occupation=text)
        for number, text in enumerate(AWKWARD_TEXTS)
    ]
    bulk_insert_with_history(Person, people, reason="表格导入")

    stored = {person.pk: person for person in Person.objects.all()}
    assert [(stored[p.pk].workplace, stored[p.pk].occupation) for p in people] == [
        (text, text) for text in AWKWARD_TEXTS
    ]
    history = {row.id: row.workplace for row in Person.history.all()}
    assert [history[p.pk] for p in people] == AWKWARD_TEXTS


def test_new_keys_are_drawn_from_the_tables_own_sequence():
    """Later inserts, bulk or one by one, never collide with the keys a bulk insert took."""
    first = bulk_insert(Person, new_people(3, prefix="甲"))
    one = Person.objects.create(name="单独新增", workplace="示例纺织厂")
    more = bulk_insert(Person, new_people(3, prefix="乙"))

    assert [p.pk for p in first] == sorted(p.pk for p in first)
    assert max(p.pk for p in first) < one.pk < min(p.pk for p in more)
    assert Person.objects.filter(pk__in=[p.pk for p in first + more]).count() == 6


def test_admin_log_rows_are_stored_as_given_in_few_statements(django_user_model):
    clerk = django_user_model.objects.create_user("log-clerk", password="x-Long-enough-1")
    content_type = ContentType.objects.get_for_model(Honour)
    started = timezone.now()
    rows = [
        (
            started + datetime.timedelta(microseconds=number),
            clerk.pk,
            content_type.pk,
            str(number),
            text,
            ADDITION,
            "new through import_export",
        )
        for number, text in enumerate(AWKWARD_TEXTS * 150)  # 1,350 entries
    ]
    with CaptureQueriesContext(connection) as queries:
        bulk_insert_values(LogEntry, LOG_COLUMNS, rows)

    assert len(queries) <= 2  # not one statement per 66 rows (Django's SQLite batch)
    if connection.vendor == "postgresql":
        assert [query["sql"][:4] for query in queries] == ["COPY"]
    stored = LogEntry.objects.order_by("action_time").values_list(*LOG_COLUMNS)
    assert list(stored) == rows


def test_values_copy_is_not_given_go_in_with_insert():
    """JSON and durations have no COPY text of ours: the rows go in as an INSERT would."""
    snapshot = Snapshot(
        year=2018,
        values={"会员人数": 5, "帮扶金额": "1.50"},
        changed_keys=["会员人数"],
        duration=datetime.timedelta(seconds=3, microseconds=5),
    )
    bulk_insert(Snapshot, [snapshot])

    stored = Snapshot.objects.get(pk=snapshot.pk)
    assert stored.values == {"会员人数": 5, "帮扶金额": "1.50"}
    assert stored.changed_keys == ["会员人数"]
    assert stored.duration == datetime.timedelta(seconds=3, microseconds=5)


def test_a_row_the_database_refuses_fails_the_whole_insert(django_user_model):
    clerk = django_user_model.objects.create_user("log-clerk", password="x-Long-enough-1")
    content_type = ContentType.objects.get_for_model(Honour)
    good = (timezone.now(), clerk.pk, content_type.pk, "1", "好", ADDITION, "")
    bad = (timezone.now(), clerk.pk, content_type.pk, "2", "坏", -1, "")  # a negative flag

    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert_values(LogEntry, LOG_COLUMNS, [good, bad])
    assert not LogEntry.objects.exists()


def test_a_values_insert_must_name_every_column():
    with pytest.raises(ValueError, match="give exactly the columns"):
        bulk_insert_values(LogEntry, ["user_id", "object_repr"], [(1, "缺列")])
