"""The demo data reproduces the 2018 annual review exactly, and a second run adds nothing."""

import pytest
from django.db import transaction

from competitions import demo, figures
from competitions.models import Competition, Entry, Result
from organizations.models import Organization
from organizations.validators import validate_credit_code
from reports.registry import registry
from tests.reports.review_2018 import REVIEW_2018

pytestmark = pytest.mark.django_db

#: the competitions' figures as the 2018 review prints them (every one exactly)
FIGURES_2018 = {
    key: printed
    for key, printed in REVIEW_2018.items()
    if registry.get(key).owner == "competitions"
}


def all_figures(year):
    return (
        figures.innovation_competitions(year)
        | figures.skills_contests(year)
        | figures.skill_champions(year)
        | figures.ankang_cup(year)
        | figures.online_safety_course(year)
    )


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at the end (fast teardown)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            from honors import demo as honors_demo
            from organizations import demo as organizations_demo

            organizations_demo.seed()
            honors_demo.seed()  # seed_demo's order: organizations, honors, competitions
            demo.seed()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_the_2018_demo_gives_exactly_the_figures_of_the_annual_review(seeded):
    assert all_figures(2018) == FIGURES_2018


def test_the_other_years_have_smaller_plausible_records(seeded):
    for year in (2016, 2017, 2019):
        values = all_figures(year)
        assert 0 < values["innovation_enterprises"] < 3000
        assert values["citywide_skill_contests"] == values["skill_champions"] > 0
        assert values["ankang_workers"] > 0


def test_a_second_run_of_the_demo_adds_nothing_and_moves_no_figure(seeded):
    """``make run`` is safe to repeat: the same records, the same figures in the review."""
    counts = [m.objects.count() for m in (Organization, Competition, Entry, Result)]
    demo.seed()
    assert [m.objects.count() for m in (Organization, Competition, Entry, Result)] == counts
    assert all_figures(2018) == FIGURES_2018


def test_the_2018_citywide_trades_are_those_of_the_review(seeded):
    trades = set(
        Competition.objects.filter(year=2018, kind="skills", level="municipal").values_list(
            "trade", flat=True
        )
    )
    assert len(trades) == 16
    assert {
        "银行业",
        "快递",
        "气象",
        "通讯",
        "电焊工",
        "文化市场综合执法",
        "环境保护执法",
        "消防救护",
        "网络安全",
    } <= trades


def test_demo_enterprises_have_valid_credit_codes_and_made_up_names(seeded):
    enterprises = Organization.objects.filter(credit_code__startswith=demo.CODE_PREFIX)
    assert enterprises.count() == demo.ENTERPRISE_COUNT
    for organisation in enterprises[:200]:
        validate_credit_code(organisation.credit_code)
        assert organisation.name.endswith("公司")


def test_spread_splits_a_total_exactly():
    parts = demo.spread(100, [1, 1, 1])
    assert sum(parts) == 100 and sorted(parts) == [33, 33, 34]
    assert sum(demo.spread(2_150_000_000, list(range(1, 2721)))) == 2_150_000_000


def test_the_demo_champions_are_linked_to_the_honoured_people(seeded):
    champions = Result.objects.champions().filter(competition__year=2018)
    linked = champions.filter(person__honours__year=2018).distinct()
    assert linked.exists()
    for champion in linked:
        assert champion.contestant_name == champion.person.name
