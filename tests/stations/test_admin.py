"""Staff keep the sites in the admin: county union staff see and edit only their union's, a
position picked on a Chinese map (GCJ-02) is stored in WGS-84, facilities follow the kind."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from assistance.models import StaffUnionMembership
from reports.models import StaleYear
from stations import geo
from stations.models import Station
from tests.stations.factories import (
    CityUnionFactory,
    CountyUnionFactory,
    DistrictFactory,
    StationFactory,
    facility,
    kind,
)
from unionportal.roles import STATIONS_CLERK

pytestmark = pytest.mark.django_db


@pytest.fixture
def unions():
    city = CityUnionFactory()
    chongchuan = CountyUnionFactory(parent=city)
    qidong = CountyUnionFactory(district=DistrictFactory(name="启东市"), parent=city)
    return city, chongchuan, qidong


def clerk_of(union, django_user_model):
    user = django_user_model.objects.create_user(
        f"clerk-{union.pk}", password="a-long-passphrase", is_staff=True
    )
    user.groups.add(Group.objects.get(name=STATIONS_CLERK))
    StaffUnionMembership.objects.create(user=user, union=union)
    return user


def form_data(union, **changes):
    data = {
        "kind": kind("care-station").pk,
        "name": "新开爱心驿站",
        "union": union.pk,
        "district": union.district.pk,
        "opened_on": "2026-05-01",
        "closed_on": "",
        "address": "人民路1号",
        "latitude": "32.0123",
        "longitude": "120.8765",
        "datum": "gcj02",
        "phone": "0513-80000000",
        "contact_email": "",
        "hours_note": "",
        "facilities": [facility("water").pk],
        "accessibility": "",
        "description": "",
    }
    for prefix in ("weekly_hours", "special_days", "photos"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes


def test_a_county_clerk_sees_only_their_unions_sites(client, unions, django_user_model):
    _, chongchuan, qidong = unions
    StationFactory(name="崇川驿站", union=chongchuan)
    StationFactory(name="启东驿站", union=qidong, district=qidong.district)
    client.force_login(clerk_of(chongchuan, django_user_model))
    page = client.get("/admin/stations/station/").content.decode()
    assert "崇川驿站" in page and "启东驿站" not in page
    add = client.get("/admin/stations/station/add/").content.decode()
    assert "崇川区总工会" in add and "启东市总工会" not in add
    other = Station.objects.get(name="启东驿站")
    assert client.get(f"/admin/stations/station/{other.pk}/change/").status_code in (302, 404)


def test_a_county_clerk_cannot_post_a_site_for_another_union(client, unions, django_user_model):
    _, chongchuan, qidong = unions
    client.force_login(clerk_of(chongchuan, django_user_model))
    response = client.post("/admin/stations/station/add/", form_data(qidong))
    assert response.status_code == 200  # the form again, with the error
    assert "选择一个有效的选项" in response.content.decode()
    assert not Station.objects.exists()


def test_a_site_added_with_a_gcj02_position_is_stored_in_wgs84(client, unions, django_user_model):
    _, chongchuan, _ = unions
    client.force_login(clerk_of(chongchuan, django_user_model))
    response = client.post("/admin/stations/station/add/", form_data(chongchuan))
    assert response.status_code == 302, response.content.decode()[:2000]
    station = Station.objects.get()
    expected = geo.gcj02_to_wgs84(32.0123, 120.8765)
    assert geo.distance_m(station.latitude, station.longitude, *expected) < 0.1
    assert geo.distance_m(station.latitude, station.longitude, 32.0123, 120.8765) > 100
    assert [f.code for f in station.facilities.all()] == ["water"]
    assert station.history.first().history_user.username.startswith("clerk-")


def test_a_facility_outside_the_kinds_checklist_is_refused(client, unions, django_user_model):
    _, chongchuan, _ = unions
    client.force_login(clerk_of(chongchuan, django_user_model))
    data = form_data(chongchuan, facilities=[facility("nursing-chair").pk])
    page = client.post("/admin/stations/station/add/", data).content.decode()
    assert "“哺乳椅”不在“安康·爱心驿站”的设施清单中" in page
    assert not Station.objects.exists()


def test_the_clerk_closes_sites_but_cannot_delete_them(client, unions, django_user_model):
    _, chongchuan, _ = unions
    station = StationFactory(union=chongchuan)
    client.force_login(clerk_of(chongchuan, django_user_model))
    assert client.get(f"/admin/stations/station/{station.pk}/delete/").status_code == 403


def test_the_admin_pages_open_for_a_superuser(admin_client):
    station = StationFactory()
    for url in [
        "/admin/stations/station/",
        "/admin/stations/station/add/",
        f"/admin/stations/station/{station.pk}/change/",
        f"/admin/stations/station/{station.pk}/history/",
        "/admin/stations/station/import/",
        "/admin/stations/station/import-template/",
        "/admin/stations/stationkind/",
        "/admin/stations/facility/",
        "/admin/stations/findersettings/add/",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_sites_deleted_from_the_list_mark_every_year_they_counted_in(
    admin_client, django_capture_on_commit_callbacks
):
    opened_2016 = StationFactory(name="老站", opened_on=datetime.date(2016, 5, 1))
    opened_2019 = StationFactory(name="新站", opened_on=datetime.date(2019, 5, 1))
    StationFactory(name="留下的站", opened_on=datetime.date(2010, 5, 1))
    data = {
        "action": "delete_selected",
        "_selected_action": [opened_2016.pk, opened_2019.pk],
        "post": "yes",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/stations/station/", data)
    assert response.status_code == 302
    assert list(Station.objects.values_list("name", flat=True)) == ["留下的站"]
    # a site counts in every year-end figure from its opening on, up to this year
    this_year = timezone.localdate().year
    marked = set(StaleYear.objects.values_list("year", flat=True))
    assert marked == set(range(2016, this_year + 1))
