"""Demo requests: a few made-up ones of each kind, some handled to the end (routed to a county
union, answered, rated, one reply published), one refused, one from the 12351 hotline. Runs after
organizations and assistance. Idempotent: nothing is added once demo requests exist.

The steps are taken through the services by a demo account that cannot log in (no usable
password), so that the history reads as staff would leave it.
"""

from django.contrib.auth import get_user_model

from appeals import services
from appeals.models import Appeal, AppealKind
from organizations.models import UnionUnit

DEMO_USERNAME = "demo-appeals"

REQUESTS = [
    # kind, subkind, name, phone, description, steps
    (
        "complaint",
        "complaint_wages",
        "周建华",
        "13962800001",
        "我在某建筑工地做钢筋工，包工头拖欠2018年下半年工资一万八千元，多次讨要未果。",
        ["accept", "route", "reply", "close", "rate", "publish"],
    ),
    (
        "complaint",
        "complaint_injury",
        "陈晓燕",
        "13962800002",
        "在车间操作时左手受伤，单位不给申报工伤，请问怎么办？",
        ["accept", "route"],
    ),
    (
        "consultation",
        None,
        "刘师傅",
        "13962800003",
        "劳动合同到期单位不续签，能拿到经济补偿吗？",
        ["accept", "reply", "close", "rate"],
    ),
    (
        "legal_aid",
        None,
        "孙立军",
        "13962800004",
        "被单位违法解除劳动合同，想申请律师代理仲裁。",
        ["accept"],
    ),
    (
        "chair_mailbox",
        None,
        "赵敏",
        "13962800005",
        "建议在工业园区多建几个爱心驿站。",
        ["accept", "reply"],
    ),
    ("consultation", None, "吴女士", "13962800006", "休产假期间单位停发工资是否合法？", []),
    ("suggestion", None, "", None, "网站字太小，希望有大字版。", ["refuse"]),
]


def seed() -> None:
    if Appeal.objects.exists() or not AppealKind.objects.exists():
        return
    User = get_user_model()
    clerk, created = User.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"is_superuser": True, "first_name": "演示：诉求办理（不能登录）"},
    )
    if created:
        clerk.set_unusable_password()
        clerk.save()
    county = UnionUnit.objects.filter(kind=UnionUnit.Kind.COUNTY).order_by("order", "pk").first()
    for number, (kind_code, sub, name, phone, text, steps) in enumerate(REQUESTS):
        kind = AppealKind.objects.get(code=kind_code)
        appeal = services.appeal_submit(
            kind=kind,
            subkind=AppealKind.objects.filter(code=sub).first() if sub else None,
            description=text,
            consent_version=kind.privacy_version,
            channel=Appeal.Channel.HOTLINE if number == 2 else Appeal.Channel.ONLINE,
            by=clerk if number == 2 else None,
            name=name,
            phone=phone,
            anonymous=not name,
            publish_consent=True,
        )
        _handle(appeal, steps, clerk, county)


def _handle(appeal, steps, clerk, county) -> None:
    for step in steps:
        if step == "accept":
            appeal = services.appeal_accept(appeal=appeal, by=clerk)
        elif step == "route" and county is not None:
            appeal = services.appeal_route(
                appeal=appeal, by=clerk, union=county, note="请属地工会核实并协调处理。"
            )
        elif step == "reply":
            appeal = services.appeal_reply(
                appeal=appeal,
                by=clerk,
                text="经工会协调，用人单位已承诺依法处理。如仍有问题，可拨打12351或申请劳动仲裁。",
            )
        elif step == "close":
            appeal = services.appeal_close(appeal=appeal, by=clerk)
        elif step == "rate":
            appeal = services.appeal_rate(appeal=appeal, rating=Appeal.Rating.SATISFIED)
        elif step == "refuse":
            appeal = services.appeal_refuse(
                appeal=appeal, by=clerk, reason="属于网站建设建议，已转网站管理部门参考。"
            )
        elif step == "publish":
            services.appeal_publish(
                appeal=appeal,
                by=clerk,
                question="建筑工人被拖欠工资，多次讨要未果，怎么办？",
                answer="可向工会或劳动保障监察机构投诉，也可申请劳动仲裁；工会可协调用人单位"
                "支付，并为符合条件的职工提供法律援助。",
            )
