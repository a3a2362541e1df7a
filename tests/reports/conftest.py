"""A small registry of test figures over organizations, so these tests never need other apps."""

import importlib
from decimal import Decimal

import pytest
from django.db.models import Count, Q

from organizations.models import Organization
from reports.registry import Figure, Theme, entered_figures, figure_group, registry

GRANT_PER_ENTERPRISE = Decimal("3628.50")


def enterprises_and_teams(year: int) -> dict:
    counts = Organization.objects.filter(industry=str(year)).aggregate(
        enterprises=Count("pk", filter=Q(kind=Organization.Kind.ENTERPRISE)),
        teams=Count("pk", filter=Q(kind=Organization.Kind.TEAM)),
    )
    return {
        "test_enterprises": counts["enterprises"],
        "test_teams": counts["teams"],
        "test_grant_yuan": counts["enterprises"] * GRANT_PER_ENTERPRISE,
    }


def enterprises_by_district(year: int) -> dict:
    rows = (
        Organization.objects.filter(
            industry=str(year), kind=Organization.Kind.ENTERPRISE, district__isnull=False
        )
        .values_list("district__name")
        .annotate(count=Count("pk"))
        .order_by("district__order")
    )
    return {"test_enterprises": dict(rows)}


def declare_test_figures():
    figure_group(
        Figure(
            "test_enterprises",
            "参赛企业",
            unit="家",
            theme=Theme.INNOVATION,
            definition="当年参赛的企业数。",
        ),
        Figure("test_teams", "参赛班组", unit="个", theme=Theme.INNOVATION),
        Figure(
            "test_grant_yuan",
            "市总工会本级发放助学金",
            unit="元",
            theme=Theme.AID,
            money=True,
            definition="市总工会本级当年发放的助学金总额。",
        ),
        breakdown=enterprises_by_district,
    )(enterprises_and_teams)
    entered_figures(
        Figure("test_contracts", "签订集体合同企业", unit="家", theme=Theme.RIGHTS),
        Figure("test_trainings", "技能培训", unit="人次", theme=Theme.SERVICES),
        owner="reports",
    )


@pytest.fixture
def reports_figures_only():
    """The registry holds only the entered figures reports declares (no other app's groups)."""
    import reports.figures

    with registry.isolated():
        importlib.reload(reports.figures)
        yield registry


@pytest.fixture
def test_figures():
    """The registry holds only the test figures while the test runs."""
    with registry.isolated():
        declare_test_figures()
        yield registry
