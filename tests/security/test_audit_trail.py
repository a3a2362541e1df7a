"""Every change to honours, aid and competition records is kept: who, when, before and after."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from tests.admin_forms import admin_change
from tests.assistance.factories import DisbursementFactory
from tests.competitions.factories import CompetitionFactory
from tests.honors.factories import HonourFactory


@pytest.fixture
def clerk(db, client):
    user = get_user_model().objects.create_superuser("audit-clerk", "", "a-long-passphrase-x")
    client.force_login(user)
    return user


def last_change(instance):
    latest = instance.history.latest()
    previous = latest.prev_record
    return latest, {
        change.field: (change.old, change.new) for change in latest.diff_against(previous).changes
    }


def test_a_changed_honour_keeps_who_when_before_and_after(client, clerk):
    honour = HonourFactory(citation="原事迹")
    response = admin_change(
        client, f"/admin/honors/honour/{honour.pk}/change/", citation="更正后的事迹简介"
    )
    assert response.status_code == 200
    record, changes = last_change(honour)
    assert record.history_user == clerk
    assert record.history_type == "~"
    assert abs(record.history_date - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(
        minutes=1
    )
    assert changes["citation"] == ("原事迹", "更正后的事迹简介")


def test_a_changed_competition_keeps_who_before_and_after(client, clerk):
    competition = CompetitionFactory(organiser="原主办单位")
    admin_change(
        client,
        f"/admin/competitions/competition/{competition.pk}/change/",
        organiser="市总工会、市人社局",
    )
    record, changes = last_change(competition)
    assert record.history_user == clerk
    assert changes["organiser"] == ("原主办单位", "市总工会、市人社局")


def test_a_changed_disbursement_keeps_who_before_and_after(client, clerk):
    disbursement = DisbursementFactory(status="applied", amount=Decimal("2000.00"))
    admin_change(
        client,
        f"/admin/assistance/disbursement/{disbursement.pk}/change/",
        amount="1800.00",
    )
    record, changes = last_change(disbursement)
    assert record.history_user == clerk
    assert changes["amount"] == (Decimal("2000.00"), Decimal("1800.00"))
