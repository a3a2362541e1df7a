"""A small group of aid recipients cannot be recovered by subtracting what the portal publishes.

The reader's attack: take the citywide total from the year page or any download, subtract any
of the districts the page shows, and look for the hidden district's money.
"""

import csv
import io
import json
import re
from decimal import Decimal
from itertools import combinations

import pytest
from openpyxl import load_workbook

from reports.models import Snapshot
from reports.services import rollup_compute
from tests.assistance.factories import (
    BeneficiaryFactory,
    CityFederationFactory,
    DisbursementFactory,
    DistrictFactory,
)

pytestmark = pytest.mark.django_db

TOTAL_KEY, TOTAL_LABEL = "citywide_aid_yuan", "全市工会累计投入帮扶资金"
DISTRICT_ROW = re.compile(r'<th scope="row">([^<]+)</th><td>([\d.]+)(万?)元</td>')


def paid(count: int, district: str, amount: str) -> None:
    for _ in range(count):
        DisbursementFactory(
            beneficiary=BeneficiaryFactory(district=DistrictFactory(name=district)),
            amount=Decimal(amount),
        )


def published_totals(client) -> dict[str, Decimal]:
    """The citywide total as each download gives it."""
    figures = json.loads(client.get("/reports/2018.json").content)["figures"]
    totals = {"json": figures[TOTAL_KEY]}
    text = client.get("/reports/2018.csv").content.decode("utf-8-sig")
    totals["csv"] = next(row[1] for row in csv.reader(io.StringIO(text)) if row[0] == TOTAL_LABEL)
    sheet = load_workbook(io.BytesIO(client.get("/reports/2018.xlsx").content)).active
    totals["xlsx"] = next(
        row[1] for row in sheet.iter_rows(values_only=True) if row[0] == TOTAL_LABEL
    )
    return {source: Decimal(str(value)) for source, value in totals.items()}


def published_districts(client) -> dict[str, Decimal]:
    page = client.get("/reports/2018/").content.decode()
    districts = page.split('id="districts"')[1] if 'id="districts"' in page else ""
    return {
        name: Decimal(number) * (10_000 if wan else 1)
        for name, number, wan in DISTRICT_ROW.findall(districts)
    }


def derivable(total: Decimal, parts: dict[str, Decimal]) -> set[Decimal]:
    values = list(parts.values())
    sums = {
        sum(chosen, Decimal(0))
        for n in range(len(values) + 1)
        for chosen in combinations(values, n)
    }
    return sums | {total - s for s in sums}


CITIES = {
    "one small district": (
        [(7, "通州区", "1000"), (6, "崇川区", "1000"), (3, "如东县", "1111")],
        ["3333"],
    ),
    "small districts, small together": (
        [
            (7, "通州区", "1000"),
            (8, "崇川区", "1000"),
            (2, "如东县", "1111"),
            (2, "启东市", "1234"),
        ],
        ["2222", "2468", "4690"],
    ),
    "one district and a small one (9000 − 5000)": (
        [(5, "崇川区", "1000"), (4, "如东县", "1000")],
        ["4000"],
    ),
}


@pytest.mark.parametrize(("city", "hidden"), CITIES.values(), ids=CITIES.keys())
def test_the_total_minus_the_districts_shown_never_gives_a_small_group(client, city, hidden):
    CityFederationFactory()
    for count, district, amount in city:
        paid(count, district, amount)
    rollup_compute(year=2018)

    totals = published_totals(client)
    parts = published_districts(client)
    expected_total = sum(Decimal(amount) * count for count, _, amount in city)
    assert set(totals.values()) == {expected_total}
    for source, total in totals.items():
        found = derivable(total, parts) & {Decimal(value) for value in hidden}
        assert not found, f"{source} total {total} − districts {parts} gives {found}"
    small = {district for count, district, _ in city if count < 5}
    page = client.get("/reports/2018/").content.decode()
    chart = client.get("/reports/2018/charts/district-citywide_aid_yuan.svg")
    assert not any(name in page or name in chart.content.decode() for name in small)


def test_big_districts_are_still_shown(client):
    CityFederationFactory()
    paid(7, "通州区", "1000")
    paid(6, "崇川区", "1000")
    paid(5, "如东县", "1111")
    rollup_compute(year=2018)
    assert published_districts(client) == {
        "通州区": Decimal("7000"),
        "崇川区": Decimal("6000"),
        "如东县": Decimal("5555"),
    }


def test_an_old_snapshot_that_left_a_small_district_out_shows_no_breakdown(client):
    """Snapshots written before complementary suppression stay until a year is recomputed."""
    CityFederationFactory()
    paid(5, "崇川区", "1000")
    paid(4, "如东县", "1000")
    rollup_compute(year=2018)
    snapshot = Snapshot.objects.get(year=2018)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        breakdowns={TOTAL_KEY: {"崇川区": "5000"}}  # what the portal used to store
    )
    assert published_districts(client) == {}
    assert client.get("/reports/2018/charts/district-citywide_aid_yuan.svg").status_code == 404
