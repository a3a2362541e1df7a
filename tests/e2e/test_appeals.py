"""A worker on a phone sends a 维权投诉 (unpaid wages); the city federation accepts it and routes
it to the 海门区 union; the county union replies and closes it; the worker looks it up with the
code and the last four digits of the phone, reads the reply and rates the handling."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, STAFF_PASSWORD, screenshot

NUMERALS = {ch: n for n, ch in enumerate("零一二三四五六七八九")}
WORKER_PHONE = "13962812345"


def chinese_number(text: str) -> int:
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[ones] if ones else 0)
    return NUMERALS[text]


def solve(question: str) -> str:
    """The answer to "七加三等于几？", read as the worker reads it."""
    number = "([零一二三四五六七八九十]+)"
    match = re.search(f"{number}([加减]){number}等于几", question)
    a, b = chinese_number(match[1]), chinese_number(match[3])
    return str(a + b if match[2] == "加" else a - b)


def make_clerks(portal) -> None:
    portal.shell(
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "from assistance.models import StaffUnionMembership\n"
        "from organizations.models import UnionUnit\n"
        "from unionportal.roles import APPEALS_CLERK\n"
        "User = get_user_model()\n"
        "for username, union in [('appeals-city', UnionUnit.objects.get(kind='city')),\n"
        "                        ('appeals-haimen', UnionUnit.objects.get(name='海门区总工会'))]:\n"
        "    user, _ = User.objects.get_or_create(username=username, defaults={'is_staff': True})\n"
        f"    user.set_password({STAFF_PASSWORD!r})\n"
        "    user.save()\n"
        "    user.groups.set([Group.objects.get(name=APPEALS_CLERK)])\n"
        "    StaffUnionMembership.objects.update_or_create(user=user, defaults={'union': union})\n"
    )


def login(page, portal, username: str) -> None:
    page.goto(portal.url + "/admin/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(portal.url + "/admin/")


def take_step(page, step: str, *, text: str = "", union: str = "") -> None:
    page.get_by_label("办理操作").select_option(label=step)
    if union:
        page.get_by_label("转办至工会").select_option(label=union)
    if text:
        page.get_by_label("说明 / 原因 / 答复内容").fill(text)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("已")


def test_a_complaint_from_a_phone_is_routed_answered_looked_up_and_rated(portal, browser):
    make_clerks(portal)
    worker = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    phone = worker.new_page()
    phone.goto(portal.url + "/hudong/")
    phone.get_by_role("link", name="维权投诉").click()
    phone.get_by_label("具体类别").select_option(label="欠薪")
    phone.get_by_label("姓名").fill("周师傅")
    phone.get_by_label("手机号码").fill(WORKER_PHONE)
    phone.get_by_label("工作单位").fill("某建筑工程有限公司")
    phone.get_by_label("诉求内容").fill(
        "工地包工头拖欠我2026年下半年工资一万五千元，多次讨要未果。"
    )
    question = phone.locator("label[for=id_captcha_answer]").inner_text()
    phone.get_by_label(re.compile("验证问题")).fill(solve(question))
    phone.get_by_label("我已阅读并同意上述个人信息保护告知").check()
    screenshot(phone, "appeals-phone-form")
    phone.get_by_role("button", name="提交").click()
    expect(phone.get_by_role("heading", name="提交成功")).to_be_visible()
    code = phone.locator("[data-code]").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{12}", code)
    screenshot(phone, "appeals-phone-sent")

    city = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    desk = city.new_page()
    login(desk, portal, "appeals-city")
    expect(desk.locator("#box-appeals")).to_contain_text("待受理")
    desk.goto(portal.url + "/admin/appeals/appeal/?q=" + code)
    desk.get_by_role("link", name=code).click()
    expect(desk.locator("body")).to_contain_text("周**")
    assert WORKER_PHONE not in desk.content()
    take_step(desk, "受理")
    route = "转办（选择工会或填写部门，并填写说明）"
    take_step(desk, route, union="海门区总工会", text="请核实欠薪情况。")
    city.close()

    county = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    desk = county.new_page()
    login(desk, portal, "appeals-haimen")
    desk.goto(portal.url + "/admin/appeals/appeal/")
    desk.get_by_role("link", name=code).click()
    take_step(
        desk,
        "答复（填写答复内容，诉求人可查询）",
        text="经区总工会协调，用人单位已于本周补发全部工资。",
    )
    take_step(desk, "办结")
    screenshot(desk, "appeals-county-closed")
    county.close()

    phone.goto(portal.url + "/hudong/chaxun/")
    phone.get_by_label("查询码").fill(code.lower())
    phone.get_by_label("手机号码后四位").fill(WORKER_PHONE[-4:])
    phone.get_by_role("button", name="查询").click()
    expect(phone.locator(".appeal-state")).to_have_text("已办结")
    expect(phone.locator(".appeal-steps")).to_contain_text("转海门区总工会办理")
    expect(phone.locator(".appeal-reply")).to_contain_text("已于本周补发全部工资")
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_label("评价意见（选填）").fill("感谢工会！")
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.locator(".appeal-rated")).to_contain_text("您的评价：满意")
    screenshot(phone, "appeals-phone-rated")
    worker.close()


WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_the_request_pages_have_no_wcag_21_a_or_aa_violation(portal, browser):
    """axe-core over every page of /hudong/, on a desktop and a phone, standard and 关怀版."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    reply = portal.shell(
        "from appeals.models import Appeal\n"
        "print(Appeal.objects.filter(published=True).values_list('pk', flat=True).first())"
    ).strip()
    addresses = [
        "/hudong/",
        "/hudong/new/complaint/",
        "/hudong/new/hardship/",
        "/hudong/new/suggestion/",
        "/hudong/chaxun/",
        "/hudong/tongji/",
        "/hudong/dafu/",
        f"/hudong/dafu/{reply}/",
    ]
    found = {}
    for name, viewport, mode in [
        ("desktop", {"width": 1280, "height": 900}, "standard"),
        ("phone", PHONE, "standard"),
        ("phone", PHONE, "care"),
    ]:
        context = browser.new_context(locale="zh-CN", viewport=viewport)
        page = context.new_page()
        page.goto(portal.url + f"/hudong/?mode={mode}")
        for address in addresses:
            page.goto(portal.url + address)
            results = axe.run(page, options=WCAG_A_AA).response["violations"]
            if results:
                found[f"{name} {mode} {address}"] = [v["id"] for v in results]
        page.goto(portal.url + "/hudong/new/complaint/")
        page.get_by_role("button", name="提交").click()  # every error shown
        expect(page.locator(".appeal-error").first).to_be_visible()
        if results := axe.run(page, options=WCAG_A_AA).response["violations"]:
            found[f"{name} {mode} form with errors"] = [v["id"] for v in results]
        screenshot(page, f"appeals-{name}-{mode}-errors")
        context.close()
    assert not found, found
