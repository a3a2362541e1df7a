"""The staff 工作台: boxes of what awaits each person, declared by the apps that own the records.

Each app declares its boxes (and the task group its models belong to in "全部功能") in its own
``workbench.py``; the admin site collects them with ``autodiscover_modules("workbench")``, the way
the admin finds ``admin.py`` and the reports find ``figures.py``. A new app adds its box without
editing this module.

A box function takes the user and returns its items. It only reads, counts in the database and
runs the same number of queries however many records wait (tests/unionportal/test_workbench.py
holds every box to that). A box is shown to a user holding any of its permissions; an empty
list says so ("暂无待办事项"), so that staff know the box was looked at.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from unionportal.templatetags.admin_money import yuan


@dataclass(frozen=True)
class Item:
    """One line of a box: "3 篇 待我审核", linking to the admin list filtered to those records."""

    label: str
    url: str
    count: int | None = None
    unit: str = ""
    note: str = ""
    #: needs attention now (overdue, failed): shown in the warning colour
    urgent: bool = False


@dataclass(frozen=True)
class Box:
    key: str
    title: str
    order: int
    items: Callable[..., list[Item]]
    #: shown to users holding any of these ("app_label.codename"); empty: every staff user
    permissions: tuple[str, ...] = ()
    #: left off the page while it has nothing to say (a box of passing events, not of duties)
    hide_when_empty: bool = False
    #: what an empty box says
    empty_text: str = _("暂无待办事项。")

    def visible_to(self, user) -> bool:
        return not self.permissions or any(user.has_perm(name) for name in self.permissions)


@dataclass(frozen=True)
class TaskGroup:
    """A section of "全部功能": the models of one task, whichever apps hold them."""

    key: str
    title: str
    order: int
    #: "app_label" for a whole app or "app_label.model_name"; the most specific entry wins
    members: tuple[str, ...] = field(default_factory=tuple)


class Workbench:
    def __init__(self):
        self._boxes: dict[str, Box] = {}
        self._groups: dict[str, TaskGroup] = {}

    # ---- declaring -------------------------------------------------------------------------

    def box(
        self,
        *,
        key: str,
        title: str,
        order: int,
        permissions: tuple[str, ...] = (),
        hide_when_empty: bool = False,
        empty_text: str = _("暂无待办事项。"),
    ):
        """Decorator: ``@workbench.box(key=…, title=…, order=…)`` on ``def items(user)``."""

        def register(function):
            if key in self._boxes:
                raise ValueError(f"workbench box {key!r} is declared twice")
            self._boxes[key] = Box(
                key=key,
                title=title,
                order=order,
                items=function,
                permissions=tuple(permissions),
                hide_when_empty=hide_when_empty,
                empty_text=empty_text,
            )
            return function

        return register

    def task_group(self, *, key: str, title: str, order: int, members: tuple[str, ...]) -> None:
        existing = self._groups.get(key)
        if existing is not None:
            members = (*existing.members, *members)
        self._groups[key] = TaskGroup(key, title, order, tuple(members))

    # ---- reading ---------------------------------------------------------------------------

    def boxes(self) -> list[Box]:
        return sorted(self._boxes.values(), key=lambda box: (box.order, box.key))

    def boxes_for(self, user) -> list[tuple[Box, list[Item]]]:
        """The boxes ``user`` may see, each with its items, in their order."""
        shown = []
        for box in self.boxes():
            if box.visible_to(user):
                items = box.items(user)
                if items or not box.hide_when_empty:
                    shown.append((box, items))
        return shown

    def groups(self) -> list[TaskGroup]:
        return sorted(self._groups.values(), key=lambda group: (group.order, group.key))

    def group_of(self, app_label: str, model_name: str) -> TaskGroup | None:
        model_key = f"{app_label}.{model_name}"
        by_app = None
        for group in self._groups.values():
            if model_key in group.members:
                return group
            if app_label in group.members:
                by_app = group
        return by_app


workbench = Workbench()


# ---- helpers for the boxes -----------------------------------------------------------------


def changelist_url(app_label: str, model_name: str, **filters) -> str:
    """The admin list of a model, filtered by the list's own query parameters."""
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def format_yuan(value) -> str:
    """Money as Chinese finance prints it: "12,345.60 元" (thousands separators, two places)."""
    return f"{yuan(value)} 元"


def format_when(value: datetime | date | None) -> str:
    """A date or time in Chinese: "2018年3月5日 14:30"; "—" for none."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")


# ---- the project's own boxes and the 系统管理 group ----------------------------------------

RECENT_ACTIONS = 8
ACTION_VERBS = {ADDITION: _("新增"), CHANGE: _("修改"), DELETION: _("删除")}

workbench.task_group(
    key="system",
    title=_("系统管理"),
    order=90,
    members=(
        "auth",
        "axes",
        "organizations",
        "assistance.staffunionmembership",
        "assistance.sensitiveaccesslog",
        "news.sitesettings",
    ),
)


@workbench.box(
    key="recent_actions", title=_("我的最近操作"), order=100, empty_text=_("还没有操作记录。")
)
def recent_actions(user) -> list[Item]:
    entries = LogEntry.objects.filter(user_id=user.pk).select_related("content_type")
    items = []
    for entry in entries.order_by("-action_time")[:RECENT_ACTIONS]:
        verb = ACTION_VERBS.get(entry.action_flag, "")
        kind = entry.content_type.name if entry.content_type else ""
        url = "" if entry.is_deletion() else (entry.get_admin_url() or "")
        items.append(
            Item(
                label=f"{verb}{kind}：{entry.object_repr}",
                url=url,
                note=format_when(entry.action_time),
            )
        )
    return items
