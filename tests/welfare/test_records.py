"""Person-level welfare records keep ID and phone numbers as aid does: encrypted at rest, found
through their keyed hash, masked on every list, whole only for users allowed to, and each such
view logged. Ledger lines keep their kind's measures; every record has history."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from assistance.models import StaffUnionMembership
from tests.assistance.factories import CityFederationFactory, CountyUnionFactory
from tests.factories import DistrictFactory
from tests.welfare.factories import (
    CertificateFactory,
    FamilyFactory,
    ParticipantFactory,
    heat_relief_kind,
)
from unionportal.personal_data import id_number_hash
from welfare import services
from welfare.models import Certificate, LedgerLine, LedgerValue, PersonalDataAccess

pytestmark = pytest.mark.django_db


def test_numbers_are_encrypted_at_rest_and_found_through_their_hash():
    certificate = CertificateFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, id_number_hash FROM welfare_certificate WHERE id = %s",
            [certificate.pk],
        )
        stored_number, stored_phone, stored_hash = cursor.fetchone()
    assert certificate.id_number not in stored_number
    assert certificate.phone not in stored_phone
    assert stored_hash == id_number_hash(certificate.id_number)
    found = Certificate.objects.get(id_number_hash=id_number_hash(certificate.id_number.lower()))
    assert found.id_number == certificate.id_number
    assert (
        found.masked_id_number == certificate.id_number[:4] + "*" * 10 + certificate.id_number[-4:]
    )


def test_a_family_is_housed_once_and_a_bad_id_number_is_refused_in_chinese():
    family = FamilyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyFactory(id_number=family.id_number)
    with pytest.raises(ValidationError) as refused:
        FamilyFactory.build(union=family.union, id_number="320602198001010010").full_clean()
    assert refused.value.message_dict["id_number"] == ["身份证号校验位不正确，请核对。"]


def test_a_ledger_line_keeps_only_its_kinds_measures_with_valid_values(
    django_capture_on_commit_callbacks,
):
    kind = heat_relief_kind()
    visited, goods = kind.measures.order_by("code").reverse()
    line = LedgerLine(
        kind=kind, held_on=datetime.date(2018, 7, 1), union=CityFederationFactory(), place="工地"
    )
    with pytest.raises(ValidationError) as refused:
        services.ledger_line_save(line=line, values={visited: Decimal("2.5"), goods: None})
    assert refused.value.message_dict == {
        "workers_visited": ["“慰问人数”应为整数。"],
        "goods_yuan": ["必须填写“防暑降温用品价值”。"],
    }
    assert line.pk is None

    services.ledger_line_save(line=line, values={visited: Decimal(30), goods: Decimal("1200.50")})
    assert dict(line.values.values_list("measure__code", "value")) == {
        "workers_visited": Decimal("30.00"),
        "goods_yuan": Decimal("1200.50"),
    }
    assert line.history.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerValue.objects.create(line=line, measure=visited, value=-1)


def test_county_staff_see_masked_numbers_of_their_own_union_only(client, django_user_model):
    city = CityFederationFactory()
    chongchuan = CountyUnionFactory(district=DistrictFactory(name="崇川区"), parent=city)
    qidong = CountyUnionFactory(district=DistrictFactory(name="启东市"), parent=city)
    own = CertificateFactory(union=chongchuan, name="崇川职工")
    other = CertificateFactory(union=qidong, name="启东职工")
    clerk = django_user_model.objects.create_user("clerk", password="x" * 12, is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__endswith="_certificate"))
    StaffUnionMembership.objects.create(user=clerk, union=chongchuan)
    client.force_login(clerk)

    listing = client.get("/admin/welfare/certificate/").content.decode()
    assert "崇川职工" in listing and "启东职工" not in listing
    assert own.masked_id_number in listing and own.id_number not in listing
    assert client.get(f"/admin/welfare/certificate/{other.pk}/change/").status_code == 404
    # a number no record has gets the same answer: trying numbers tells nothing of other unions
    assert client.get(f"/admin/welfare/certificate/{other.pk + 1000}/change/").status_code == 404
    page = client.get(f"/admin/welfare/certificate/{own.pk}/change/").content.decode()
    assert own.id_number not in page and own.phone not in page
    assert not PersonalDataAccess.objects.exists()
    found = client.get("/admin/welfare/certificate/", {"q": own.id_number}).content.decode()
    assert "崇川职工" in found


def test_a_user_allowed_to_see_numbers_whole_is_logged_each_time(admin_client, admin_user):
    participant = ParticipantFactory()
    page = admin_client.get(f"/admin/welfare/recuperationparticipant/{participant.pk}/change/")
    assert participant.id_number in page.content.decode()
    log = PersonalDataAccess.objects.get()
    assert (log.username, log.action, log.record_type) == (
        admin_user.username,
        "view",
        "recuperationparticipant",
    )
    with pytest.raises(ValidationError):
        log.delete()
