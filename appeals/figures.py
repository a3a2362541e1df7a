"""The requests' figures of the annual report, from the requests on record (by the day they were
sent): one aggregate query (``selectors.appeal_totals``)."""

from decimal import Decimal

from appeals import selectors
from reports.registry import Figure, Theme, figure_group


@figure_group(
    Figure(
        "appeals_received",
        "网上及热线受理职工诉求",
        unit="件",
        theme=Theme.RIGHTS,
        definition="当年通过网站、12351热线和来访登记的职工诉求件数（含不予受理），按提交日期统计。",
        aliases=("职工诉求",),
    ),
    Figure(
        "appeals_answered",
        "已答复职工诉求",
        unit="件",
        theme=Theme.RIGHTS,
        definition="当年提交、已答复或已办结的职工诉求件数。",
    ),
    Figure(
        "appeals_on_time",
        "按期答复职工诉求",
        unit="件",
        theme=Theme.RIGHTS,
        definition="在该类别办结时限（工作日，扣除法定节假日、计入调休上班日）内答复的件数。",
    ),
    Figure(
        "appeals_average_days",
        "职工诉求平均答复用时",
        unit="天",
        theme=Theme.RIGHTS,
        definition="已答复诉求从提交到答复的平均自然日数，保留一位小数。",
    ),
    Figure(
        "appeals_satisfaction",
        "职工诉求满意率",
        unit="%",
        theme=Theme.RIGHTS,
        definition="办结后作出评价的诉求中，评价为“满意”或“基本满意”的比例。",
    ),
    Figure(
        "legal_aid_applications",
        "网上及热线法律援助申请",
        unit="件",
        theme=Theme.RIGHTS,
        definition="当年提交的“法律援助申请”类诉求件数。",
        aliases=("法律援助申请",),
    ),
)
def appeal_figures(year: int) -> dict[str, int | Decimal]:
    totals = selectors.appeal_totals(year)
    return {
        "appeals_received": totals["received"],
        "appeals_answered": totals["answered"],
        "appeals_on_time": totals["on_time"],
        "appeals_average_days": totals["average_days"] or Decimal("0"),
        "appeals_satisfaction": totals["satisfaction_rate"] or Decimal("0"),
        "legal_aid_applications": totals["legal_aid"],
    }
