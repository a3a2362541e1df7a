"""From the 工作台: an aid clerk sees only masked ID numbers; an approver follows the count of
disbursements awaiting approval and approves one."""

import json
import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

ID_SHAPE = re.compile(r"^\d{4}\*{10}[\dX]{4}$")


def test_the_aid_clerk_sees_every_id_number_masked(portal, browser, staff):
    whole_numbers = json.loads(
        portal.shell(
            "import json\n"
            "from assistance.models import Beneficiary\n"
            "print(json.dumps([b.id_number for b in Beneficiary.objects.order_by('pk')[:200]]))"
        )
    )
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    staff(page, "aidclerk")
    page.get_by_role("link", name=re.compile("全部功能")).first.click()
    page.locator("#content-main").get_by_role("link", name="困难职工档案", exact=True).click()
    cells = page.locator("td.field-masked_id")
    expect(cells.first).to_be_visible()
    shown = cells.all_inner_texts()
    assert shown and all(ID_SHAPE.match(text.strip()) for text in shown), shown[:3]
    html = page.content()
    assert not [number for number in whole_numbers if number in html]

    page.locator("th.field-name a, td.field-name a").first.click()
    expect(page.locator("h1, h2").first).to_be_visible()
    assert not [number for number in whole_numbers if number in page.content()]
    screenshot(page, "aid-clerk-file")
    context.close()


def test_an_approver_approves_an_applied_disbursement(portal, browser, staff):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    staff(page, "approver")
    awaiting = page.locator("#box-disbursements").get_by_role("link", name=re.compile("待审批"))
    expect(awaiting).to_contain_text(re.compile(r"[1-9]\d*\s*笔"))
    before = int(awaiting.locator(".count").inner_text())
    screenshot(page, "workbench-approver")
    awaiting.click()
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator(".paginator")).to_contain_text(str(before))  # the list the box counted
    rows.first.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="审批通过所选记录")
    page.get_by_role("button", name=re.compile("执行|Go")).click()
    expect(page.locator(".messagelist")).to_contain_text(re.compile("审批|通过"))
    screenshot(page, "aid-approver")
    page.get_by_role("link", name="工作台").first.click()
    expect(page.locator("#box-disbursements .count").first).to_have_text(str(before - 1))
    context.close()
