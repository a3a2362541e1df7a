"""Rights records keep their rules in the database, have history, and a union's staff act only
for their own union."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from assistance.models import StaffUnionMembership
from reports.models import StaleYear
from rights import services
from rights.models import CollectiveContract
from tests.assistance.factories import CityFederationFactory, CountyUnionFactory
from tests.factories import DistrictFactory
from tests.rights.factories import ContractFactory, SampleFactory, VisitFactory

pytestmark = pytest.mark.django_db


def test_a_contract_cannot_end_before_it_starts_nor_be_entered_twice():
    contract = ContractFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CollectiveContract.objects.filter(pk=contract.pk).update(valid_to=datetime.date(2018, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(enterprise=contract.enterprise, valid_from=contract.valid_from)
    with pytest.raises(ValidationError) as refused:
        services.rights_record_save(
            record=CollectiveContract(
                enterprise=contract.enterprise,
                kind=CollectiveContract.Kind.WAGE,
                signed_on=datetime.date(2018, 5, 1),
                valid_from=datetime.date(2018, 4, 1),
                valid_to=datetime.date(2019, 3, 31),
                union=contract.union,
            )
        )
    assert "生效日期不能早于签订日期" in str(refused.value)


def test_an_enterprise_is_in_the_monitoring_sample_once_a_year():
    sample = SampleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SampleFactory(enterprise=sample.enterprise, union=sample.union)
    SampleFactory(enterprise=sample.enterprise, union=sample.union, year=2019)


def test_a_saved_contract_marks_every_year_it_is_in_force_and_keeps_its_history(
    django_capture_on_commit_callbacks,
):
    first = ContractFactory()
    contract = ContractFactory.build(
        enterprise=first.enterprise, union=first.union, kind=CollectiveContract.Kind.WAGE
    )
    StaleYear.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.rights_record_save(record=contract)
    assert set(StaleYear.objects.values_list("year", flat=True)) == {2018, 2019, 2020, 2021}
    assert contract.history.count() == 1


def test_county_staff_save_only_their_own_unions_records(django_user_model):
    city = CityFederationFactory()
    chongchuan = CountyUnionFactory(district=DistrictFactory(name="崇川区"), parent=city)
    qidong = CountyUnionFactory(district=DistrictFactory(name="启东市"), parent=city)
    clerk = django_user_model.objects.create_user("clerk", password="x" * 12, is_staff=True)
    StaffUnionMembership.objects.create(user=clerk, union=chongchuan)

    own = VisitFactory.build(union=chongchuan, enterprise=ContractFactory().enterprise)
    services.rights_record_save(record=own, user=clerk)
    assert own.pk is not None
    with pytest.raises(PermissionDenied) as refused:
        services.rights_record_save(
            record=VisitFactory.build(union=qidong, enterprise=ContractFactory().enterprise),
            user=clerk,
        )
    assert str(refused.value) == "只能维护本工会（及下属工会）报送的记录。"
