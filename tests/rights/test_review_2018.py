"""After ``seed_demo``, the 2018 snapshot holds every figure of the annual review, each one
computed from records (none entered), with the value the review prints.

The table (``tests.reports.review_2018``) is ``figures-2018.md``, the reference the portal is
modelled on: key → the value as printed. A figure the review prints as “100多家” is checked
against that bound; the demo's records give its exact value.
"""

import io
import re

import pytest
from django.core.management import call_command

from news.demo import ANNUAL_REVIEW_TITLE
from news.models import Article
from reports.models import EnteredFigure, Snapshot
from reports.registry import registry
from tests.reports.review_2018 import REVIEW_2018

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.usefixtures("seeded")
def test_every_figure_of_the_2018_review_is_computed_from_records_with_its_printed_value():
    snapshot = Snapshot.objects.of_year(2018).first()
    values = snapshot.decoded_values()

    missing = sorted(set(REVIEW_2018) - set(values))
    assert not missing, f"not in the 2018 snapshot: {missing}"
    entered = [key for key in REVIEW_2018 if registry.get(key).entered]
    assert not entered, f"declared as entered: {entered}"
    assert snapshot.sources == {}  # no value of 2018 stands in for the records
    assert not EnteredFigure.objects.filter(year=2018).exists()
    wrong = {}
    for key, printed in REVIEW_2018.items():
        value = values[key]
        if isinstance(printed, tuple):
            if not printed[0] <= value <= printed[1]:
                wrong[key] = (value, printed)
        elif value != printed:
            wrong[key] = (value, printed)
    assert not wrong, wrong


@pytest.mark.usefixtures("seeded")
def test_the_demo_review_prints_every_figure_of_the_table_live(client):
    review = Article.objects.get(title=ANNUAL_REVIEW_TITLE)
    for key in REVIEW_2018:
        assert f"[[figure:2018:{key}]]" in review.body + review.summary, key
    page = client.get(review.get_absolute_url()).content.decode()
    assert "[[figure:" not in page
    text = re.sub(r"<[^>]+>", "", page)
    assert "全市签订集体合同的企业3万家" in text
    assert "劳动关系采集监测覆盖样本企业55家" in text
    assert "“濠滨夏夜”广场文化活动连续第38年举办" in text
    assert "发放防暑降温用品价值1523万元" in text
