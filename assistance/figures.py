"""The aid figures of the annual review, declared to the reports registry."""

from decimal import Decimal

from assistance.selectors import aid_by_district, aid_figures
from reports.registry import Figure, Theme, figure_group


def citywide_aid_by_district(year: int) -> dict[str, dict[str, Decimal]]:
    """The citywide total split by district; districts with fewer than 5 recipients are merged
    into “其他” (with the smallest others while that is too small), so that no small group can
    be picked out on the public page, nor by subtracting the districts from the total."""
    return {"citywide_aid_yuan": {name: yuan for name, _, yuan in aid_by_district(year)}}


@figure_group(
    Figure(
        "student_grant_recipients",
        "市总工会本级困难家庭子女助学金资助人数",
        unit="人",
        theme=Theme.AID,
        definition="年内市总工会本级已发放助学金的不同帮扶对象人数（冲正的不计）。",
    ),
    Figure(
        "student_grant_yuan",
        "市总工会本级发放助学金",
        unit="元",
        theme=Theme.AID,
        money=True,
        definition="年内市总工会本级已发放助学金金额合计（已扣除冲正）。",
    ),
    Figure(
        "illness_relief_recipients",
        "市总工会本级重病职工救助人数",
        unit="人",
        theme=Theme.AID,
        definition="年内市总工会本级已发放重病救助的不同帮扶对象人数（冲正的不计）。",
    ),
    Figure(
        "illness_relief_yuan",
        "市总工会本级发放重病救助金",
        unit="元",
        theme=Theme.AID,
        money=True,
        definition="年内市总工会本级已发放重病救助金额合计（已扣除冲正）。",
    ),
    Figure(
        "citywide_aid_yuan",
        "全市工会累计投入帮扶资金",
        unit="元",
        theme=Theme.AID,
        money=True,
        definition="年内市总工会和各县（市、区）总工会已发放的各类帮扶资金合计（已扣除冲正）。",
    ),
    breakdown=citywide_aid_by_district,
)
def aid_figures_of_year(year: int) -> dict[str, int | Decimal]:
    return aid_figures(year)
