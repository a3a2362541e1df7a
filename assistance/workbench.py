"""Hardship aid on the 工作台: disbursements awaiting approval, approved ones awaiting payment.

County union staff count only their union's records (``selectors.disbursement_list``), and the
lists the items open are scoped the same way by the admin.
"""

from django.utils.translation import gettext_lazy as _

from assistance import selectors, services
from assistance.models import Disbursement
from unionportal.workbench import Item, changelist_url, format_yuan, workbench

workbench.task_group(key="aid", title=_("困难帮扶"), order=30, members=("assistance",))

Status = Disbursement.Status


@workbench.box(
    key="disbursements",
    title=_("帮扶发放"),
    order=30,
    permissions=(services.APPROVE_PERMISSION, "assistance.change_disbursement"),
)
def disbursement_items(user) -> list[Item]:
    counts = selectors.disbursement_counts_pending(user=user)
    items = []
    if user.has_perm(services.APPROVE_PERMISSION):
        items.append(
            Item(
                label=_("待审批"),
                count=counts["applied"],
                unit=_("笔"),
                url=changelist_url("assistance", "disbursement", status__exact=Status.APPLIED),
                note=_("合计 %(amount)s") % {"amount": format_yuan(counts["applied_yuan"])},
            )
        )
    if user.has_perm("assistance.change_disbursement"):
        items.append(
            Item(
                label=_("已审批待发放"),
                count=counts["approved"],
                unit=_("笔"),
                url=changelist_url("assistance", "disbursement", status__exact=Status.APPROVED),
                note=_("合计 %(amount)s") % {"amount": format_yuan(counts["approved_yuan"])},
            )
        )
    return items
