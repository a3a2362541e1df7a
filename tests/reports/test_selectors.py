"""What news reads from reports: current values, a year's figures, and contradictions."""

from decimal import Decimal

import pytest

from reports.selectors import current_values, figure_contradictions, year_figures
from tests.reports.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot_2018(test_figures):
    SnapshotFactory(year=2017, figures={"test_enterprises": 2500, "test_grant_yuan": 700000})
    return SnapshotFactory(
        figures={
            "test_enterprises": 2720,
            "test_teams": 27800,
            "test_grant_yuan": Decimal("725700"),
            "test_contracts": 30000,
            "retired_figure": 5,
        }
    )


def test_current_values_are_numbers(snapshot_2018):
    assert current_values(2018)["test_grant_yuan"] == Decimal("725700")
    assert current_values(2018)["test_enterprises"] == 2720
    assert current_values(2016) == {}


def test_year_figures_are_ready_for_a_draft_article(snapshot_2018):
    figures = {row["key"]: row for row in year_figures(2018)}
    assert "retired_figure" not in figures  # no longer declared: not shown
    grant = figures["test_grant_yuan"]
    assert grant["formatted"] == "72.57万元"
    assert grant["label"] == "市总工会本级发放助学金"
    assert grant["change"]["delta"] == "+2.57万元"
    assert figures["test_contracts"]["entered"] is True
    assert figures["test_contracts"]["change"] is None


def test_a_mistyped_amount_is_flagged(snapshot_2018):
    body = "<p>市总工会本级向194名困难家庭子女发放助学金72.75万元。</p>"
    (found,) = figure_contradictions(body, year=2018)
    assert found["key"] == "test_grant_yuan"
    assert found["typed"] == "72.75万元"
    assert found["expected"] == "72.57万元"
    assert "助学金72.75万元" in found["context"]


def test_numbers_that_agree_are_not_flagged(snapshot_2018):
    body = (
        "<p>发放助学金72.57万元，共计725700元；2720家企业参赛，参赛班组2.78万个，"
        "签订集体合同企业3万家。助学金[[figure:2018:test_grant_yuan]]。</p>"
    )
    assert figure_contradictions(body, year=2018) == []


def test_other_years_and_unrelated_numbers_are_left_alone(snapshot_2018):
    body = "<p>2018年12月，有300名职工参加了培训；发放防暑降温用品价值1500万元。</p>"
    assert figure_contradictions(body, year=2018) == []
    assert figure_contradictions("<p>助学金72.75万元</p>", year=2016) == []


def test_a_count_with_the_wrong_number_is_flagged(snapshot_2018):
    found = figure_contradictions("<p>共有2702家参赛企业，参赛企业2702家。</p>", year=2018)
    assert [(f["key"], f["typed"], f["expected"]) for f in found] == [
        ("test_enterprises", "2702家", "2720家")
    ]


def test_markup_between_words_and_numbers_does_not_hide_a_contradiction(snapshot_2018):
    body = "<p>签订集体合同企业<strong>3.5万家</strong></p>"
    assert figure_contradictions(body, year=2018)[0]["expected"] == "3万家"
