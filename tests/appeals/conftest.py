import pytest

from tests.assistance.factories import CityFederationFactory, CountyUnionFactory, DistrictFactory


@pytest.fixture
def city(db):
    return CityFederationFactory()


@pytest.fixture
def haimen(city):
    return CountyUnionFactory(district=DistrictFactory(name="海门区"), parent=city)


@pytest.fixture
def qidong(city):
    return CountyUnionFactory(district=DistrictFactory(name="启东市"), parent=city)


@pytest.fixture
def district(db):
    return DistrictFactory(name="崇川区")
