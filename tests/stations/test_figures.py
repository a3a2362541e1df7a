"""The service-site figures, from the records: sites in use at the end of a year, new ones in
the year, by district; and the demo's 2018 reproduces the review (188, 94, 63)."""

import datetime

import pytest

from organizations import demo as organizations_demo
from reports.registry import registry
from reports.selectors import current_values
from reports.services import rollup_compute
from stations import codes
from stations import demo as stations_demo
from stations.figures import stations_by_district, stations_of_the_year
from stations.models import Station
from tests.stations.factories import CountyUnionFactory, DistrictFactory, StationFactory, kind

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_review_keys_are_computed_by_stations_not_entered():
    for key in ("care_stations", "protection_stations", "nursing_rooms_new"):
        figure = registry.get(key)
        assert figure.owner == "stations" and not figure.entered, key


def test_a_site_counts_from_its_opening_until_it_closes():
    StationFactory(opened_on=D(2017, 5, 1))
    StationFactory(opened_on=D(2018, 12, 31))  # in use on the last day: counts
    StationFactory(opened_on=D(2019, 1, 1))  # not yet
    StationFactory(opened_on=D(2016, 1, 1), closed_on=D(2018, 12, 31))  # closed that day
    StationFactory(opened_on=D(2016, 1, 1), closed_on=D(2019, 3, 1))  # closed later: counts
    assert stations_of_the_year(2018)["care_stations"] == 3
    assert stations_of_the_year(2017)["care_stations"] == 3
    assert stations_of_the_year(2019)["care_stations"] == 3  # one opened, one closed


def test_new_sites_are_those_opened_in_the_year():
    nursing = kind(codes.NURSING_ROOM)
    StationFactory(kind=nursing, opened_on=D(2018, 1, 1))
    StationFactory(kind=nursing, opened_on=D(2018, 12, 31), closed_on=D(2020, 1, 1))
    StationFactory(kind=nursing, opened_on=D(2017, 12, 31))
    StationFactory(opened_on=D(2018, 6, 1))  # a care station: not a nursing room
    values = stations_of_the_year(2018)
    assert values["nursing_rooms_new"] == 2
    assert values["nursing_rooms"] == 3


def test_the_figures_split_by_district():
    haimen = CountyUnionFactory(district=DistrictFactory(name="海门区"))
    StationFactory.create_batch(2, opened_on=D(2018, 2, 1))
    StationFactory(union=haimen, opened_on=D(2018, 2, 1))
    assert stations_by_district(2018)["care_stations"] == {"崇川区": 2, "海门区": 1}


def test_the_figures_cost_one_query_whatever_the_number_of_sites(django_assert_num_queries):
    StationFactory.create_batch(5)
    with django_assert_num_queries(1):
        stations_of_the_year(2018)
    with django_assert_num_queries(1):
        stations_by_district(2018)


def test_the_demo_reproduces_the_2018_review_and_a_second_run_adds_nothing():
    organizations_demo.seed()
    stations_demo.seed()
    count = Station.objects.count()
    stations_demo.seed()
    assert Station.objects.count() == count
    rollup_compute(year=2018)
    values = current_values(2018)
    assert values["care_stations"] == 188
    assert values["protection_stations"] == 94
    assert values["nursing_rooms_new"] == 63
    # made-up sites near the city: around 32.0°N 120.9°E
    for station in Station.objects.all():
        assert 31.6 < station.latitude < 32.7 and 120.3 < station.longitude < 121.8
