"""The requests' figures reach the annual report: computed from the records by the rollup,
shown on the year's page; and the published replies are found by the portal's search."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from appeals import services
from appeals.models import Appeal
from reports.registry import registry
from reports.selectors import current_values
from reports.services import rollup_compute
from tests.appeals.factories import appeal_make, handler

pytestmark = pytest.mark.django_db


def sent_in(appeal, year: int, month: int = 3, day: int = 2) -> None:
    moment = timezone.make_aware(datetime.datetime(year, month, day, 10))
    Appeal.objects.filter(pk=appeal.pk).update(submitted_at=moment)


def test_the_figures_are_computed_by_appeals():
    for key in ("appeals_received", "appeals_on_time", "legal_aid_applications"):
        figure = registry.get(key)
        assert figure.owner == "appeals" and not figure.entered, key


def test_the_rollup_counts_a_years_requests_answers_and_ratings(client, city):
    clerk = handler("clerk", city)
    answered = appeal_make()
    services.appeal_accept(appeal=answered, by=clerk)
    services.appeal_reply(appeal=answered, by=clerk, text="已答复")
    services.appeal_close(appeal=answered, by=clerk)
    services.appeal_rate(appeal=answered, rating="satisfied")
    late = appeal_make("legal_aid", id_number=None)
    services.appeal_accept(appeal=late, by=clerk)
    services.appeal_reply(appeal=late, by=clerk, text="已答复")
    Appeal.objects.filter(pk=late.pk).update(
        accept_due=datetime.date(2024, 1, 2), finish_due=datetime.date(2024, 1, 2)
    )
    other_year = appeal_make()
    for appeal in (answered, late):
        sent_in(appeal, 2024)
    sent_in(other_year, 2023)
    rollup_compute(year=2024)
    values = current_values(2024)
    assert values["appeals_received"] == 2
    assert values["appeals_answered"] == 2
    assert values["appeals_on_time"] == 1
    assert values["legal_aid_applications"] == 1
    assert Decimal(values["appeals_satisfaction"]) == Decimal("100.0")
    page = client.get("/reports/2024/").content.decode()
    assert "网上及热线受理职工诉求" in page


def test_published_replies_are_found_by_the_portal_search(client, city, settings):
    clerk = handler("pub", city, perms=("view_appeal", "handle_appeal", "publish_appeal"))
    appeal = appeal_make(publish_consent=True)
    services.appeal_accept(appeal=appeal, by=clerk)
    services.appeal_reply(appeal=appeal, by=clerk, text="已答复")
    appeal_make(description="另一件没有选登的欠薪投诉，内容保密。")
    from django.core.management import call_command

    call_command("search_sync")
    services.appeal_publish(
        appeal=appeal,
        by=clerk,
        question="女职工孕期被降薪怎么办？",
        answer="用人单位不得降低工资。",
    )
    call_command("search_sync")
    page = client.get("/search/", {"q": "孕期被降薪"}).content.decode()
    assert f'href="/hudong/dafu/{appeal.pk}/"' in page
    assert "答复选登" in page
    nothing = client.get("/search/", {"q": "内容保密"}).content.decode()
    assert "/hudong/dafu/" not in nothing and "全部（0）" in nothing
