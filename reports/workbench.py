"""Annual figures on the 工作台: years whose figures are stale, and how the last rollup ended."""

from django.utils.translation import gettext_lazy as _

from reports import selectors
from reports.models import RollupRun
from unionportal.workbench import Item, changelist_url, format_when, workbench

workbench.task_group(key="reports", title=_("年度统计"), order=50, members=("reports",))

#: stale years named in the box; more are counted, not named
STALE_YEARS_SHOWN = 10


@workbench.box(
    key="rollups",
    title=_("年度统计"),
    order=50,
    permissions=("reports.view_staleyear", "reports.view_rolluprun"),
)
def rollup_items(user) -> list[Item]:
    items = []
    if user.has_perm("reports.view_staleyear"):
        years = selectors.stale_year_list()
        named = "、".join(f"{year}年" for year in years[:STALE_YEARS_SHOWN])
        items.append(
            Item(
                label=_("个年度的数据待重新计算"),
                count=len(years),
                url=changelist_url("reports", "staleyear"),
                note=(named + ("等" if len(years) > STALE_YEARS_SHOWN else ""))
                or _("数据均为最新"),
            )
        )
    if user.has_perm("reports.view_rolluprun"):
        run = selectors.rollup_run_latest()
        if run is None:
            items.append(
                Item(label=_("尚未计算过年度数据"), url=changelist_url("reports", "rolluprun"))
            )
        else:
            items.append(
                Item(
                    label=_("最近一次计算：%(year)s年 %(status)s")
                    % {"year": run.year, "status": run.get_status_display()},
                    url=changelist_url("reports", "rolluprun", year=run.year),
                    note=format_when(run.finished_at or run.started_at),
                    urgent=run.status == RollupRun.Status.FAILED,
                )
            )
    return items
