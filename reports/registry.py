"""The registry of annual figures.

A domain app declares its figures in its own ``figures.py``::

    from reports.registry import Figure, Theme, figure_group

    @figure_group(
        Figure("student_grant_recipients", "助学金人数", unit="人", theme=Theme.AID),
        Figure("student_grant_yuan", "市总工会本级发放助学金", unit="元", theme=Theme.AID),
    )
    def city_federation_grants(year: int) -> dict[str, int | Decimal]:
        ...  # one aggregate query, returning a value for every key above

A group computes its figures together, in one query (or a small fixed number): never a loop over
rows. Figures without records in the apps ("entered" figures) are declared with ``entered_figures``
and no compute function; staff enter their values for each year.

Optional extras:
- ``Figure(..., aliases=("助学金",))``: short words an article uses for the figure, so that a
  number typed by hand next to them can be checked against the figure (reports.selectors);
- ``@figure_group(..., breakdown=by_district)``: a function ``(year) -> {key: {district: value}}``
  (again one aggregate query) for the figures that can be split by district; the report page then
  draws a by-district chart for them.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import models

Value = int | Decimal


class Theme(models.TextChoices):
    """The themes the annual review is organised by, in the order it tells them."""

    HONOURS = "honours", "选树典型"
    READING = "reading", "职工书屋与精神文明"
    INNOVATION = "innovation", "创新升级竞赛"
    SKILLS = "skills", "职业技能竞赛"
    SAFETY = "safety", "安康杯竞赛"
    AID = "aid", "困难职工帮扶"
    RIGHTS = "rights", "集体协商与劳动法律监督"
    SERVICES = "services", "普惠服务"


@dataclass
class Figure:
    key: str
    label: str
    unit: str = ""
    theme: str = Theme.HONOURS
    definition: str = ""
    money: bool = False
    entered: bool = False
    aliases: tuple[str, ...] = field(default=(), compare=False)
    owner: str = field(default="", compare=False)
    order: int = field(default=0, compare=False)


@dataclass
class FigureGroup:
    name: str
    figures: tuple[Figure, ...]
    compute: Callable[[int], dict[str, Value]]
    breakdown: Callable[[int], dict[str, dict[str, Value]]] | None = None


class FigureRegistry:
    def __init__(self):
        self._figures: dict[str, Figure] = {}
        self._groups: dict[str, FigureGroup] = {}

    def register(self, figures, compute=None, *, name: str, owner: str, breakdown=None) -> None:
        for figure in figures:
            if figure.key in self._figures and self._figures[figure.key].owner != owner:
                raise ValueError(f"figure {figure.key!r} is declared twice")
        for figure in figures:
            figure.owner, figure.order = owner, len(self._figures)
            self._figures[figure.key] = figure
        if compute is not None:
            self._groups[name] = FigureGroup(
                name=name, figures=tuple(figures), compute=compute, breakdown=breakdown
            )

    def figures(self) -> list[Figure]:
        return sorted(self._figures.values(), key=lambda figure: figure.order)

    def get(self, key: str) -> Figure | None:
        return self._figures.get(key)

    def groups(self) -> list[FigureGroup]:
        return list(self._groups.values())

    @contextmanager
    def isolated(self) -> Iterator["FigureRegistry"]:
        """Empty the registry for a test, then put every declared figure back."""
        saved = (dict(self._figures), dict(self._groups))
        self._figures.clear()
        self._groups.clear()
        try:
            yield self
        finally:
            self._figures, self._groups = saved

    def computed(self) -> list[Figure]:
        return [figure for figure in self.figures() if not figure.entered]

    def entered(self) -> list[Figure]:
        return [figure for figure in self.figures() if figure.entered]


registry = FigureRegistry()


def _owner_of(function_or_module: str) -> str:
    return function_or_module.split(".")[0]


def figure_group(*figures: Figure, breakdown: Callable | None = None):
    """Declare figures computed together by the decorated function ``(year) -> {key: value}``."""

    def decorator(compute):
        registry.register(
            figures,
            compute,
            name=f"{compute.__module__}.{compute.__name__}",
            owner=_owner_of(compute.__module__),
            breakdown=breakdown,
        )
        return compute

    return decorator


def entered_figures(*figures: Figure, owner: str) -> None:
    """Declare figures that staff enter for each year (no records behind them in the apps)."""
    registry.register(
        [replace(figure, entered=True) for figure in figures],
        name=f"{owner}.entered",
        owner=owner,
    )
