import pytest

from tests.assistance.factories import DistrictFactory


@pytest.fixture
def district(db):
    return DistrictFactory(name="崇川区")
