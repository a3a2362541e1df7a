"""Records: what the database refuses, coordinates entered in GCJ-02, facilities per kind,
history, and the figures of the years a change touches marked for the rollup."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from reports.models import StaleYear
from stations import codes, geo, services
from stations.models import FinderSettings, Station, WeeklyHours
from tests.stations.factories import (
    CityUnionFactory,
    CountyUnionFactory,
    DistrictFactory,
    StationFactory,
    facility,
    kind,
)

pytestmark = pytest.mark.django_db


def test_a_site_closed_before_it_opened_is_refused_by_the_database():
    station = StationFactory()
    station.closed_on = datetime.date(2017, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        station.save()


def test_an_empty_opening_range_is_refused_by_the_database():
    station = StationFactory(weekdays=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyHours.objects.create(
            station=station, weekday=0, opens=datetime.time(8), closes=datetime.time(8)
        )


def test_coordinates_outside_china_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        StationFactory(latitude=120.9, longitude=32.0)  # swapped


def test_two_sites_of_one_kind_cannot_share_a_name():
    StationFactory(name="和平路爱心驿站")
    with pytest.raises(IntegrityError), transaction.atomic():
        StationFactory(name="和平路爱心驿站")
    StationFactory(name="和平路爱心驿站", kind=kind(codes.NURSING_ROOM))  # another kind may


def test_a_position_entered_in_gcj02_is_stored_in_wgs84(django_capture_on_commit_callbacks):
    wgs = (32.0123, 120.8765)
    gcj = geo.wgs84_to_gcj02(*wgs)
    station = StationFactory.build(
        union=CountyUnionFactory(), latitude=gcj[0], longitude=gcj[1], kind=kind(codes.CARE_STATION)
    )
    station.district = station.union.district
    with django_capture_on_commit_callbacks(execute=True):
        services.station_save(station=station, datum=FinderSettings.Datum.GCJ02)
    station.refresh_from_db()
    assert geo.distance_m(station.latitude, station.longitude, *wgs) < 0.1
    # a site counts in every year-end figure from its opening on
    assert set(StaleYear.objects.values_list("year", flat=True)) >= {2018, 2019, 2020}


def test_a_county_clerk_cannot_save_a_site_of_another_union(django_user_model):
    from assistance.models import StaffUnionMembership

    clerk = django_user_model.objects.create_user("county", password="x" * 12, is_staff=True)
    StaffUnionMembership.objects.create(user=clerk, union=CountyUnionFactory())
    other = CountyUnionFactory(district=DistrictFactory(name="启东市"))
    station = StationFactory.build(union=other, district=other.district)
    with pytest.raises(PermissionDenied):
        services.station_save(station=station, user=clerk)
    assert not Station.objects.exists()


def test_a_site_may_tick_only_its_kinds_facilities():
    care = kind(codes.CARE_STATION)
    services.facilities_check(kind=care, facilities=[facility("water"), facility("microwave")])
    with pytest.raises(ValidationError) as refused:
        services.facilities_check(kind=care, facilities=[facility("nursing-chair")])
    assert "“哺乳椅”不在“安康·爱心驿站”的设施清单中" in refused.value.messages[0]


def test_kinds_are_data_a_new_kind_takes_its_own_checklist():
    from stations.models import StationKind

    bus = StationKind.objects.create(code="bus-rest", name="公交司机休息点", order=99)
    bus.facilities.set([facility("water"), facility("toilet")])
    services.facilities_check(kind=bus, facilities=[facility("toilet")])
    with pytest.raises(ValidationError):
        services.facilities_check(kind=bus, facilities=[facility("books")])


def test_every_change_to_a_site_is_kept_in_its_history():
    station = StationFactory(union=CityUnionFactory(), district=DistrictFactory())
    station.phone = "0513-12345678"
    station.save()
    station.facilities.add(facility("water"))
    assert [h.phone for h in station.history.order_by("history_date")][:2] == [
        "0513-85000000",
        "0513-12345678",
    ]
    assert station.history.count() >= 2


def test_closing_a_site_keeps_it_on_record():
    station = StationFactory()
    services.station_close(station=station, closed_on=datetime.date(2019, 6, 30))
    station.refresh_from_db()
    assert station.closed_on == datetime.date(2019, 6, 30)
    assert Station.objects.existing_on(datetime.date(2019, 6, 29)).filter(pk=station.pk).exists()
    assert not Station.objects.existing_on(datetime.date(2019, 6, 30)).exists()
