from decimal import Decimal

import pytest

from assistance import demo
from assistance.figures import aid_figures_of_year
from assistance.models import AidType, Batch, Beneficiary, Disbursement
from assistance.validators import validate_id_number
from organizations import demo as organizations_demo


@pytest.fixture
def seeded(db):
    organizations_demo.seed()
    demo.seed()


def test_the_demo_gives_exactly_the_2018_figures_and_smaller_other_years(seeded):
    assert aid_figures_of_year(2018) == {
        "student_grant_recipients": 194,
        "student_grant_yuan": Decimal("725700"),
        "illness_relief_recipients": 127,
        "illness_relief_yuan": Decimal("1140000"),
        "citywide_aid_yuan": Decimal("13104000"),
    }
    for year in (2016, 2017, 2019):
        figures = aid_figures_of_year(year)
        assert 0 < figures["student_grant_recipients"] < 194
        assert 0 < figures["citywide_aid_yuan"] < Decimal("13104000")
    # every demo payment keeps within its aid type's cap
    for aid_type in AidType.objects.exclude(cap_yuan=None):
        assert not Disbursement.objects.filter(aid_type=aid_type, amount__gt=aid_type.cap_yuan)
    # made-up people, valid ID numbers; one reversed grant and some open 2019 work to show
    for beneficiary in Beneficiary.objects.order_by("pk")[::97]:
        validate_id_number(beneficiary.id_number)
    assert Disbursement.objects.filter(reverses__isnull=False).count() == 1
    assert Disbursement.objects.filter(status=Disbursement.Status.APPLIED).exists()


def test_seeding_twice_adds_nothing(seeded):
    counts = (Beneficiary.objects.count(), Disbursement.objects.count(), Batch.objects.count())
    demo.seed()
    assert (Beneficiary.objects.count(), Disbursement.objects.count(), Batch.objects.count()) == (
        counts
    )


def test_a_demo_file_name_fits_the_gender_its_id_number_gives(seeded):
    """A clerk reading 周丽华, 男 would take the demo for broken data."""
    for beneficiary in Beneficiary.objects.all():
        male = int(beneficiary.id_number[16]) % 2 == 1
        assert beneficiary.gender == (
            Beneficiary.Gender.MALE if male else Beneficiary.Gender.FEMALE
        )
        given = beneficiary.name[1:]
        assert given in (demo.GIVEN_MALE if male else demo.GIVEN_FEMALE), beneficiary.name
