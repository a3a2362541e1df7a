"""The demo loads a few requests in every state, once."""

import io

import pytest
from django.core.management import call_command

from appeals.models import Appeal

pytestmark = pytest.mark.django_db


def test_the_demo_has_requests_in_every_state_and_a_second_run_adds_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    states = set(Appeal.objects.values_list("status", flat=True))
    assert {"pending", "accepted", "routed", "replied", "closed", "refused"} <= states
    assert Appeal.objects.filter(published=True).count() == 1
    assert Appeal.objects.filter(channel="hotline").count() == 1
    count = Appeal.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Appeal.objects.count() == count
