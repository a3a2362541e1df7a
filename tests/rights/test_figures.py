"""The rights figures count what the review means: contracts in force on 31 December, distinct
enterprises, letters and corrected workers of the year, teams active in the year."""

import datetime

import pytest

from rights import figures
from rights.models import CollectiveContract
from tests.competitions.factories import EnterpriseFactory
from tests.factories import DistrictFactory
from tests.rights.factories import ActivityFactory, ContractFactory, SampleFactory, VisitFactory

pytestmark = pytest.mark.django_db
WAGE = CollectiveContract.Kind.WAGE


def test_contracts_count_enterprises_in_force_at_the_end_of_the_year():
    haimen = DistrictFactory(name="海门区")
    both = EnterpriseFactory(district=haimen)
    ContractFactory(enterprise=both)  # 2018-04-01 … 2021-03-31
    ContractFactory(enterprise=both, kind=WAGE)
    ContractFactory(kind=WAGE, enterprise=EnterpriseFactory(district=haimen))
    ContractFactory(  # ended before the end of 2018
        valid_from=datetime.date(2016, 1, 1),
        signed_on=datetime.date(2015, 12, 1),
        valid_to=datetime.date(2018, 12, 30),
    )
    ContractFactory(  # starts in 2019
        valid_from=datetime.date(2019, 1, 1), signed_on=datetime.date(2018, 12, 20)
    )

    assert figures.contracts_in_force(2018) == {
        "collective_contract_enterprises": 2,
        "wage_contract_enterprises": 2,
    }
    assert figures.contracts_in_force(2019)["collective_contract_enterprises"] == 3
    assert figures.contracts_in_force(2017)["collective_contract_enterprises"] == 1
    assert figures.contracts_by_district(2018)["collective_contract_enterprises"] == {"海门区": 2}


def test_supervision_counts_enterprises_once_letters_and_corrected_workers():
    enterprise = EnterpriseFactory()
    VisitFactory(enterprise=enterprise, opinion_letter=True, workers_corrected=7)
    VisitFactory(enterprise=enterprise, workers_corrected=3)  # the same enterprise again
    VisitFactory(opinion_letter=True)
    VisitFactory(visited_on=datetime.date(2017, 12, 31), opinion_letter=True, workers_corrected=9)

    assert figures.supervision(2018) == {
        "legal_supervision_enterprises": 2,
        "legal_opinion_letters": 2,
        "illegal_employment_corrected": 10,
    }
    assert figures.supervision(2016) == {
        "legal_supervision_enterprises": 0,
        "legal_opinion_letters": 0,
        "illegal_employment_corrected": 0,
    }


def test_the_monitoring_sample_of_the_year():
    SampleFactory()
    SampleFactory()
    SampleFactory(year=2017)
    assert figures.monitoring_sample(2018) == {"sample_enterprises_monitored": 2}


def test_legal_services_count_active_teams_distinct_places_and_enterprises():
    shared, other = EnterpriseFactory(), EnterpriseFactory()
    first = ActivityFactory(place="东港街道", enterprises=[shared, other], workers_served=60)
    ActivityFactory(team=first.team, place="东港街道", held_on=datetime.date(2018, 9, 1),
                    enterprises=[shared], workers_served=25)  # fmt: skip
    ActivityFactory(place="西湾镇", workers_served=15)
    ActivityFactory(held_on=datetime.date(2017, 6, 1), workers_served=99)  # another year

    assert figures.legal_services(2018) == {
        "legal_service_teams": 2,
        "legal_service_towns": 2,
        "legal_service_enterprises": 2,
        "legal_service_workers": 100,
    }


def test_each_group_is_one_query_whatever_the_records(django_assert_num_queries):
    for _ in range(3):
        ContractFactory()
        VisitFactory()
    with django_assert_num_queries(1):
        figures.contracts_in_force(2018)
    with django_assert_num_queries(1):
        figures.supervision(2018)
    with django_assert_num_queries(2):  # the activities, then their enterprises
        figures.legal_services(2018)
