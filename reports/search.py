"""What of the reports app the portal's search finds: each figure of each year's current
snapshot, and the report pages the XML sitemap lists (declared here, indexed by news)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from reports import selectors
from reports.models import Snapshot
from unionportal.search_registry import Document, SearchKind, registry


def figure_documents(keys=None):
    wanted = None if keys is None else set(keys)
    for year in selectors.report_years():
        for row in selectors.year_figures(year):
            key = f"{year}:{row['key']}"
            if wanted is not None and key not in wanted:
                continue
            yield Document(
                key=key,
                title=f"{year}年{row['label']}",
                url=reverse("reports:year", args=[year]) + f"#figure-{row['key']}",
                text=" ".join([row["theme_label"], row["definition"], row["formatted"]]),
                summary=f"{row['formatted']}（{row['exact']}）"
                if row["exact"] != row["formatted"]
                else row["formatted"],
                year=year,
                date=date(year, 12, 31),
            )


def report_pages() -> list[str]:
    years = selectors.report_years()
    return [reverse("reports:index")] + [reverse("reports:year", args=[year]) for year in years]


registry.register(
    SearchKind(
        key="figure",
        label=pgettext_lazy("search kind", "统计数据"),
        order=60,
        documents=figure_documents,
        watch={Snapshot: lambda snapshot: None},
        in_sitemap=False,  # the year pages are listed instead
        pages=report_pages,
    )
)
