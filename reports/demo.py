"""Demo data of the reports app: the entered figures (none now), then the snapshots 2016–2019.

Runs last but one in ``seed_demo`` (after the apps whose records the figures are computed
from). Idempotent: existing entered figures are left as staff may have corrected them, and a
year is recomputed only when its figures would differ from its current snapshot, so a second
run adds no row at all.
"""

from decimal import ROUND_HALF_UP, Decimal

from reports.models import EnteredFigure, Snapshot
from reports.services import rollup_compute, rollup_values

YEARS = (2016, 2017, 2018, 2019)

# The entered figures of the demo, by key, as 2018 gives them. Empty: every figure of the 2018
# review is computed from the records the other apps' demos create, and no figure is entered
# for any year (an indicator a later review adds before its records have a home goes here).
ENTERED_2018: dict[str, int] = {}
# Other years: made-up but plausible, a steady growth towards 2018 and a little beyond.
GROWTH = {2016: Decimal("0.84"), 2017: Decimal("0.92"), 2019: Decimal("1.07")}
SOURCE = "市总工会{year}年度工作总结及各部门统计台账（演示数据）"


def entered_value(key: str, year: int) -> int:
    value = Decimal(ENTERED_2018[key])
    if year == 2018:
        return int(value)
    scaled = value * GROWTH[year]
    step = Decimal(100) if value >= 10000 else Decimal(1)  # large ones are reported rounded
    return int((scaled / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def seed_entered_figures() -> int:
    existing = set(EnteredFigure.objects.values_list("year", "key"))
    missing = [
        EnteredFigure(
            year=year,
            key=key,
            value=entered_value(key, year),
            source=SOURCE.format(year=year),
        )
        for year in YEARS
        for key in ENTERED_2018
        if (year, key) not in existing
    ]
    EnteredFigure.objects.bulk_create(missing)
    return len(missing)


def seed_snapshots() -> list[int]:
    """Compute the years whose figures differ from their current snapshot (or have none)."""
    computed = []
    for year in YEARS:
        values, sources, breakdowns = rollup_values(year=year)
        current = Snapshot.objects.of_year(year).first()
        if current and (current.values, current.sources, current.breakdowns) == (
            values,
            sources,
            breakdowns,
        ):
            continue
        rollup_compute(year=year)
        computed.append(year)
    return computed


def seed() -> None:
    seed_entered_figures()
    seed_snapshots()
