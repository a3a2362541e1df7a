"""The demo data: 2018's entered figures as the review reports them, snapshots 2016–2019."""

import pytest

from reports import demo
from reports.models import EnteredFigure, RollupRun, Snapshot
from reports.registry import registry
from reports.selectors import current_values
from tests.reports.conftest import declare_test_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reports_figures_only")]


def test_the_demo_enters_no_figure_and_computes_every_year():
    """Every figure of the 2018 review is computed from records (tests/rights/test_review_2018.py
    checks the whole table); the demo enters none, for any year."""
    assert demo.ENTERED_2018 == {}
    demo.seed()

    assert EnteredFigure.objects.count() == 0
    assert sorted(Snapshot.objects.current().values_list("year", flat=True)) == [
        2016,
        2017,
        2018,
        2019,
    ]
    assert all(not snapshot.sources for snapshot in Snapshot.objects.all())


def test_a_second_seed_adds_nothing():
    demo.seed()
    counts = (EnteredFigure.objects.count(), Snapshot.objects.count(), RollupRun.objects.count())
    demo.seed()
    assert (
        EnteredFigure.objects.count(),
        Snapshot.objects.count(),
        RollupRun.objects.count(),
    ) == counts


def test_a_figure_staff_entered_is_kept_by_a_second_seed():
    declare_test_figures()  # an entered figure of the registry (none of the review's is)
    demo.seed()
    EnteredFigure.objects.create(year=2019, key="test_trainings", value=9000, source="年度总结")
    demo.seed()
    assert current_values(2019)["test_trainings"] == 9000


def test_reports_declares_no_entered_figure_of_the_review():
    assert registry.entered() == []
    assert not registry.groups()  # reports itself computes nothing from records
