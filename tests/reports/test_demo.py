"""The demo data: 2018's entered figures as the review reports them, snapshots 2016–2019."""

import pytest

from reports import demo
from reports.models import EnteredFigure, RollupRun, Snapshot
from reports.registry import registry
from reports.selectors import current_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reports_figures_only")]


def test_every_entered_figure_of_the_registry_gets_a_2018_value():
    assert set(demo.ENTERED_2018) == {figure.key for figure in registry.entered()}


def test_seed_enters_the_2018_figures_and_computes_every_year():
    demo.seed()

    assert sorted(Snapshot.objects.current().values_list("year", flat=True)) == [
        2016,
        2017,
        2018,
        2019,
    ]
    values = current_values(2018)
    for key, value in demo.ENTERED_2018.items():
        assert values[key] == value, key
    assert values["job_services"] == 10704
    assert current_values(2017)["collective_contract_enterprises"] == 27600
    assert EnteredFigure.objects.get(year=2018, key="heat_visits").source.startswith("市总工会2018")


def test_a_second_seed_adds_nothing():
    demo.seed()
    counts = (EnteredFigure.objects.count(), Snapshot.objects.count(), RollupRun.objects.count())
    demo.seed()
    assert (
        EnteredFigure.objects.count(),
        Snapshot.objects.count(),
        RollupRun.objects.count(),
    ) == counts


def test_a_corrected_figure_is_kept_by_a_second_seed():
    demo.seed()
    EnteredFigure.objects.filter(year=2019, key="trainings").update(value=9000)
    demo.seed()
    assert current_values(2019)["trainings"] == 9000


def test_reports_declares_the_entered_figures_of_the_review():
    entered = registry.entered()
    assert {figure.owner for figure in entered} == {"reports"}
    assert {figure.theme for figure in entered} == {"rights", "services"}
    assert {figure.unit for figure in entered} <= {
        "家",
        "份",
        "人次",
        "人",
        "个",
        "场次",
        "批次",
        "名",
    }
    assert all(figure.label and figure.definition for figure in entered)
    assert not registry.groups()  # reports itself computes nothing from records
