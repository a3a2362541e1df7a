"""Requests on the 工作台: new ones, those due soon, the overdue, and (for the city federation)
how many each union is handling. County staff count only their union's (``selectors.appeal_list``);
the lists the items open are scoped the same way by the admin."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appeals import selectors, services
from appeals.models import Appeal
from unionportal.workbench import Item, changelist_url, workbench

# after 系统管理: the groups before it are pinned in their order (tests/unionportal)
workbench.task_group(key="appeals", title=_("职工诉求"), order=92, members=("appeals",))

PERMISSIONS = (services.HANDLE_PERMISSION, "appeals.view_appeal")


@workbench.box(key="appeals", title=_("职工诉求"), order=35, permissions=PERMISSIONS)
def appeal_items(user) -> list[Item]:
    counts = selectors.appeal_counts(user=user, today=timezone.localdate())
    return [
        Item(
            label=_("待受理"),
            count=counts["new"],
            unit=_("件"),
            url=changelist_url("appeals", "appeal", status__exact=Appeal.Status.PENDING),
        ),
        Item(
            label=_("即将到期（%(days)d天内）") % {"days": selectors.DUE_SOON_DAYS},
            count=counts["due_soon"],
            unit=_("件"),
            url=changelist_url("appeals", "appeal", deadline="due_soon"),
        ),
        Item(
            label=_("已超期"),
            count=counts["overdue"],
            unit=_("件"),
            url=changelist_url("appeals", "appeal", deadline="overdue"),
            urgent=bool(counts["overdue"]),
        ),
    ]


@workbench.box(
    key="appeals_by_union",
    title=_("各工会在办诉求"),
    order=36,
    permissions=PERMISSIONS,
    hide_when_empty=True,
)
def appeal_union_items(user) -> list[Item]:
    rows = selectors.appeal_open_by_union(user=user, today=timezone.localdate())
    return [
        Item(
            label=row["union__name"],
            count=row["open"],
            unit=_("件"),
            url=changelist_url("appeals", "appeal", union__id__exact=row["union_id"]),
            note=_("超期 %(n)d 件") % {"n": row["overdue"]} if row["overdue"] else "",
            urgent=bool(row["overdue"]),
        )
        for row in rows
    ]
