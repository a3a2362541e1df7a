import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from assistance.models import AidType, Batch, Beneficiary, Disbursement, StaffUnionMembership
from assistance.validators import id_check_char
from organizations.models import UnionUnit
from tests.factories import DistrictFactory


def make_id_number(number: int, area: str = "320602", birth: str = "19750315") -> str:
    first_17 = f"{area}{birth}{number % 1000:03d}"
    return first_17 + id_check_char(first_17)


def id_number_for(n: int) -> str:
    """A distinct valid ID number per n (the birth date moves with n)."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n)
    return make_id_number(n, birth=f"{birth:%Y%m%d}")


class CityFederationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionUnit
        django_get_or_create = ["name"]

    name = "市总工会"
    kind = UnionUnit.Kind.CITY


class CountyUnionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionUnit
        django_get_or_create = ["name"]

    district = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttribute(lambda o: f"{o.district.name}总工会")
    kind = UnionUnit.Kind.COUNTY
    parent = factory.SubFactory(CityFederationFactory)


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    name = factory.Sequence(lambda n: f"测试职工{n}")
    gender = Beneficiary.Gender.MALE
    id_number = factory.Sequence(id_number_for)
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    workplace = "测试纺织有限公司"
    union = factory.SubFactory(CityFederationFactory)
    district = factory.SubFactory(DistrictFactory)
    category = Beneficiary.Category.RELATIVE
    cause = Beneficiary.Cause.ILLNESS
    household_size = 3
    income_per_head = Decimal("800")
    filed_on = datetime.date(2018, 1, 10)


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch
        django_get_or_create = ["name"]

    name = "2018年金秋助学"
    year = 2018


def aid_type(code: str) -> AidType:
    return AidType.objects.get(code=code)


class DisbursementFactory(factory.django.DjangoModelFactory):
    """A payment already made (已发放), the usual state of past records."""

    class Meta:
        model = Disbursement

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    aid_type = factory.LazyFunction(lambda: aid_type("student_grant"))
    amount = Decimal("3000")
    paying_union = factory.SubFactory(CityFederationFactory)
    disbursed_on = datetime.date(2018, 9, 1)
    batch = factory.SubFactory(BatchFactory)
    student_name = "测试学生"
    school = "测试大学"
    grade = "大一"
    status = Disbursement.Status.PAID
    approved_at = factory.LazyFunction(timezone.now)
    paid_at = factory.LazyFunction(timezone.now)


class AppliedDisbursementFactory(DisbursementFactory):
    status = Disbursement.Status.APPLIED
    approved_at = None
    paid_at = None


def staff_user(username: str, union: UnionUnit | None = None, perms: tuple[str, ...] = ()):
    """A staff user of ``union`` with the assistance permissions named (codenames)."""
    user = get_user_model().objects.create_user(
        username=username, password="a-long-test-password", is_staff=True
    )
    codenames = {
        "view_beneficiary",
        "add_beneficiary",
        "change_beneficiary",
        "view_disbursement",
        "add_disbursement",
        "change_disbursement",
        "delete_disbursement",
        *perms,
    }
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="assistance", codename__in=codenames)
    )
    if union is not None:
        StaffUnionMembership.objects.create(user=user, union=union)
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache
