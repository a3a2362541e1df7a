"""The worker-service figures: sums of a measure over the year's ledger lines of a kind, and
people counted once from the person-level records."""

import datetime
from decimal import Decimal

import pytest

from tests.assistance.factories import CountyUnionFactory
from tests.factories import DistrictFactory
from tests.welfare.factories import (
    BatchFactory,
    CertificateFactory,
    EditionFactory,
    FamilyFactory,
    LineFactory,
    ParticipantFactory,
    SeriesFactory,
    StudentFactory,
)
from welfare import figures

pytestmark = pytest.mark.django_db


def test_heat_relief_sums_the_years_lines_and_breaks_down_by_district():
    haimen = CountyUnionFactory(district=DistrictFactory(name="海门区"))
    LineFactory(union=haimen, values={"workers_visited": 30, "goods_yuan": "1200.50"})
    LineFactory(union=haimen, values={"workers_visited": 20, "goods_yuan": "800"})
    LineFactory(values={"workers_visited": 5, "goods_yuan": "100"})  # the city federation's own
    LineFactory(held_on=datetime.date(2017, 7, 1), values={"workers_visited": 99})

    values = figures.ledger_of_the_year(2018)
    assert (values["heat_visits"], values["heat_goods_yuan"]) == (55, Decimal("2100.50"))
    assert values["job_services"] == 0  # a kind with no lines (or not even created) counts 0
    breakdown = figures.ledger_by_district(2018)
    assert breakdown["heat_visits"] == {"海门区": 50, "市本级": 5}


def test_the_ledger_group_is_one_query(django_assert_num_queries):
    for _ in range(5):
        LineFactory(values={"workers_visited": 1, "goods_yuan": "1"})
    with django_assert_num_queries(1):
        figures.ledger_of_the_year(2018)


def test_people_are_counted_once_and_by_the_year_of_their_record():
    batch = BatchFactory()
    ParticipantFactory(batch=batch)
    ParticipantFactory(batch=batch)
    ParticipantFactory(batch=BatchFactory(starts_on=datetime.date(2017, 5, 1),
                                          ends_on=datetime.date(2017, 5, 5)))  # fmt: skip
    first = CertificateFactory()
    CertificateFactory(id_number=first.id_number, certificate="焊工（中级）")  # one person
    CertificateFactory(obtained_on=datetime.date(2019, 1, 2))
    FamilyFactory()

    assert figures.recuperation(2018) == {"recuperation_batches": 1, "recuperation_workers": 2}
    assert figures.certificates(2018) == {"certificates": 1}
    assert figures.housed_families(2018) == {"migrant_housing_families": 1}


def test_students_count_at_the_end_of_the_year_while_in_the_programme():
    StudentFactory(enrolled_on=datetime.date(2016, 9, 1), left_on=datetime.date(2019, 7, 1))
    StudentFactory(enrolled_on=datetime.date(2015, 9, 1), left_on=datetime.date(2018, 7, 1))
    StudentFactory(enrolled_on=datetime.date(2018, 9, 1), front_line=False)
    StudentFactory(enrolled_on=datetime.date(2018, 9, 1))
    assert figures.degree_students(2018) == {"enrolled_workers": 2}
    assert figures.degree_students(2017) == {"enrolled_workers": 2}


def test_the_summer_nights_edition_is_the_count_of_editions_so_far():
    series = SeriesFactory()
    for year in (2016, 2017, 2018, 2019):
        EditionFactory(series=series, year=year)
    assert figures.summer_nights(2018) == {"summer_nights_edition": 3}


def test_a_small_district_of_recuperation_workers_is_not_shown_alone():
    big = CountyUnionFactory(district=DistrictFactory(name="通州区"))
    small = CountyUnionFactory(district=DistrictFactory(name="如东县"))
    other = CountyUnionFactory(district=DistrictFactory(name="海安市"))
    batch = BatchFactory()
    for union, count in ((big, 6), (other, 5), (small, 2)):
        for _ in range(count):
            ParticipantFactory(batch=batch, union=union)
    shown = figures.recuperation_by_district(2018)["recuperation_workers"]
    assert "如东县" not in shown
    assert sum(shown.values()) == 13
    assert all(value >= 5 for value in shown.values())
