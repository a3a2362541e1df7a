"""The aid figures of a year, and the public by-district breakdown that hides small groups."""

import datetime
from decimal import Decimal

import pytest

from assistance import services
from assistance.figures import aid_figures_of_year, citywide_aid_by_district
from assistance.models import Disbursement
from assistance.selectors import aid_by_district
from reports.registry import registry
from tests.assistance.factories import (
    AppliedDisbursementFactory,
    BeneficiaryFactory,
    DisbursementFactory,
    DistrictFactory,
    aid_type,
    staff_user,
)

pytestmark = pytest.mark.django_db


def test_the_aid_figures_are_declared_for_the_reports_app():
    keys = {figure.key for figure in registry.figures() if figure.owner == "assistance"}
    assert keys == {
        "student_grant_recipients",
        "student_grant_yuan",
        "illness_relief_recipients",
        "illness_relief_yuan",
        "citywide_aid_yuan",
    }
    assert registry.get("student_grant_yuan").money


def test_figures_count_paid_aid_of_the_city_federation_itself(
    city, haimen, django_assert_num_queries
):
    twice = BeneficiaryFactory()
    DisbursementFactory(beneficiary=twice, amount=Decimal("3000"))
    DisbursementFactory(
        beneficiary=twice,
        amount=Decimal("1000"),
        batch__name="2018年春季助学",
        disbursed_on=datetime.date(2018, 3, 1),
    )
    DisbursementFactory(amount=Decimal("2000"))
    # not counted for the city: paid by a county union, not yet paid, or another year
    DisbursementFactory(paying_union=haimen, amount=Decimal("2500"))
    AppliedDisbursementFactory(amount=Decimal("4000"))
    DisbursementFactory(amount=Decimal("3500"), disbursed_on=datetime.date(2017, 12, 31))
    DisbursementFactory(
        aid_type=aid_type("illness_relief"), amount=Decimal("10000"), student_name=""
    )
    DisbursementFactory(aid_type=aid_type("festival"), paying_union=haimen, amount=Decimal("800"))

    with django_assert_num_queries(1):
        figures = aid_figures_of_year(2018)
    assert figures == {
        "student_grant_recipients": 2,
        "student_grant_yuan": Decimal("6000"),
        "illness_relief_recipients": 1,
        "illness_relief_yuan": Decimal("10000"),
        "citywide_aid_yuan": Decimal("19300"),
    }


def test_figures_move_when_a_payment_is_made_or_reversed(city):
    clerk = staff_user("clerk", city, perms=("approve_disbursement",))
    paid = DisbursementFactory(amount=Decimal("3000"))
    assert aid_figures_of_year(2018)["student_grant_yuan"] == Decimal("3000")

    application = AppliedDisbursementFactory(amount=Decimal("2000"))
    services.disbursement_approve(disbursement=application, by=clerk)
    services.disbursement_mark_paid(disbursement=application, by=clerk)
    figures = aid_figures_of_year(2018)
    assert figures["student_grant_recipients"] == 2
    assert figures["student_grant_yuan"] == Decimal("5000")

    services.disbursement_reverse(disbursement=paid, by=clerk, reason="重复申报")
    figures = aid_figures_of_year(2018)
    assert figures["student_grant_recipients"] == 1
    assert figures["student_grant_yuan"] == Decimal("2000")
    assert figures["citywide_aid_yuan"] == Decimal("2000")
    assert Disbursement.objects.count() == 3  # nothing was deleted


def test_a_year_without_payments_gives_zeros():
    assert aid_figures_of_year(2030) == {
        "student_grant_recipients": 0,
        "student_grant_yuan": Decimal("0"),
        "illness_relief_recipients": 0,
        "illness_relief_yuan": Decimal("0"),
        "citywide_aid_yuan": Decimal("0"),
    }


def _paid_to(count: int, district, amount="1000"):
    for _ in range(count):
        DisbursementFactory(beneficiary=BeneficiaryFactory(district=district), amount=amount)


def test_the_public_breakdown_merges_small_districts_into_other(city):
    big, small_a, small_b = (DistrictFactory(name=name) for name in ("崇川区", "如东县", "启东市"))
    _paid_to(6, big)
    _paid_to(3, small_a)
    _paid_to(2, small_b)

    rows = aid_by_district(2018)
    assert rows == [("崇川区", 6, Decimal("6000")), ("其他", 5, Decimal("5000"))]
    assert citywide_aid_by_district(2018) == {
        "citywide_aid_yuan": {"崇川区": Decimal("6000"), "其他": Decimal("5000")}
    }


def test_a_merged_group_still_too_small_takes_the_smallest_district_with_it(city):
    _paid_to(7, DistrictFactory(name="通州区", order=1))
    _paid_to(6, DistrictFactory(name="崇川区", order=2))
    _paid_to(3, DistrictFactory(name="如东县", order=3), amount="1111")

    rows = aid_by_district(2018)

    # left out, 如东县 would be the total minus the others: 16333 − 7000 − 6000 = 3333
    assert rows == [("通州区", 7, Decimal("7000")), ("其他", 9, Decimal("9333"))]
    assert sum(yuan for _, _, yuan in rows) == aid_figures_of_year(2018)["citywide_aid_yuan"]


def test_one_district_and_a_small_rest_publish_no_breakdown(city):
    """The project's old case: 9000 total, 崇川区 5000 shown, so 如东县 was 9000 − 5000."""
    _paid_to(5, DistrictFactory(name="崇川区"))
    _paid_to(4, DistrictFactory(name="如东县"))
    assert aid_by_district(2018) == []
    assert citywide_aid_by_district(2018) == {"citywide_aid_yuan": {}}


def test_a_refused_application_counts_in_no_figure(city, haimen):
    approver = staff_user("approver", city, perms=("approve_disbursement",))
    DisbursementFactory(amount=Decimal("3000"))
    before = aid_figures_of_year(2018), aid_by_district(2018)
    for union in (city, haimen):
        application = AppliedDisbursementFactory(amount=Decimal("2000"), paying_union=union)
        services.disbursement_refuse(disbursement=application, by=approver, reason="材料不全")

    assert Disbursement.objects.filter(status=Disbursement.Status.REFUSED).count() == 2
    assert (aid_figures_of_year(2018), aid_by_district(2018)) == before
    assert aid_figures_of_year(2018)["citywide_aid_yuan"] == Decimal("3000")
