"""Competitions in "全部功能": the task group of their models (no box yet)."""

from django.utils.translation import gettext_lazy as _

from unionportal.workbench import workbench

workbench.task_group(key="competitions", title=_("竞赛"), order=40, members=("competitions",))
