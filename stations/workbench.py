"""Service sites in "全部功能": the task group of their models (no box yet)."""

from django.utils.translation import gettext_lazy as _

from unionportal.workbench import workbench

workbench.task_group(key="stations", title=_("服务站点"), order=45, members=("stations",))
