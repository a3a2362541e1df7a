"""The kinds of request the portal starts with; staff edit them (and add more) in the admin."""

from django.db import migrations

NOTICE = (
    "为办理您的{kind}，市总工会将收集您在本页填写的信息{fields}，仅用于受理、转办、答复和回访本诉求，"
    "以及不含个人信息的统计。您的信息加密保存，仅经授权的工作人员可以查看，查看均有记录；"
    "未经您同意不向第三方提供，转办给区县工会或相关部门时仅提供办理所必需的信息。"
    "诉求办结后保存五年，期满删除或匿名化处理。您可拨打12351查询、更正您的信息或撤回同意。"
)

KINDS = [
    # code, name, intro, fields, options
    (
        "legal_aid",
        "法律援助申请",
        "因劳动争议需要律师代理、代写文书等法律援助的职工。",
        ["name", "phone", "id_number", "employer", "district", "email", "attachments"],
        {},
    ),
    (
        "complaint",
        "维权投诉",
        "欠薪、劳动合同、工伤、女职工权益等劳动权益受到侵害的投诉。",
        ["name", "phone", "employer", "district", "amount_owed", "email", "attachments"],
        {},
    ),
    (
        "consultation",
        "法律咨询",
        "劳动法律法规和政策方面的问题，由工会法律工作者答复。",
        ["name", "phone", "email"],
        {},
    ),
    (
        "hardship",
        "困难帮扶申请",
        "因病、因残、因学、因灾等原因生活困难的职工家庭申请帮扶。",
        ["name", "phone", "id_number", "employer", "district", "email", "attachments"],
        {"opens_aid_file": True},
    ),
    ("chair_mailbox", "主席信箱", "给市总工会主席写信。", ["name", "phone", "email"], {}),
    (
        "suggestion",
        "意见建议",
        "对工会工作和本网站的意见建议，可以匿名。",
        ["name", "phone", "email"],
        {"allows_anonymous": True},
    ),
]

SUBKINDS = [
    ("complaint_wages", "欠薪"),
    ("complaint_contract", "劳动合同"),
    ("complaint_injury", "工伤"),
    ("complaint_women", "女职工权益"),
    ("complaint_other", "其他"),
]

FIELD_NAMES = {
    "name": "姓名",
    "phone": "手机号码",
    "id_number": "身份证号",
    "employer": "工作单位",
    "district": "所在区县",
    "amount_owed": "涉及金额",
    "email": "电子邮箱",
    "attachments": "附件",
}
ALL_FIELDS = list(FIELD_NAMES)


def add_kinds(apps, schema_editor):
    AppealKind = apps.get_model("appeals", "AppealKind")
    for order, (code, name, intro, fields, options) in enumerate(KINDS, start=1):
        listed = "（" + "、".join(FIELD_NAMES[f] for f in fields) + "和诉求内容）"
        kind, _ = AppealKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "intro": intro,
                "order": order * 10,
                "privacy_notice": NOTICE.format(kind=name, fields=listed),
                "privacy_version": "2026-1",
                **{f"asks_{field}": field in fields for field in ALL_FIELDS},
                **options,
            },
        )
        if code == "complaint":
            for sub_order, (sub_code, sub_name) in enumerate(SUBKINDS, start=1):
                AppealKind.objects.update_or_create(
                    code=sub_code,
                    defaults={"name": sub_name, "parent": kind, "order": sub_order},
                )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_appeal_kinds_requests_history")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
