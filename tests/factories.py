"""Factories of what every app's tests need: staff users, districts and organisations.

Defined once here; each app's factories module imports them (and adds its own).
"""

import factory
from django.contrib.auth import get_user_model

from organizations.models import District, Organization
from organizations.validators import credit_code_check_char


def credit_code(number: int) -> str:
    """A valid 统一社会信用代码 per number."""
    first_17 = f"91320600MB{number:07d}"
    return first_17 + credit_code_check_char(first_17)


class UserFactory(factory.django.DjangoModelFactory):
    """A staff account (no rights of its own: tests give the ones they need)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试区{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An enterprise with a valid credit code."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试精工{n}号有限公司")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1))
    kind = Organization.Kind.ENTERPRISE
