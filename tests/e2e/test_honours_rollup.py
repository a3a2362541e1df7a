"""An honours clerk imports honours from Excel (preview, then confirm), asks for the 2018 rollup,
and the annual report's figure changes accordingly."""

import re
import time

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

HEADERS = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "性别", "工作单位", "区划"]
NEW_AWARDS = [
    [2018, "五一劳动奖章", "市级", "个人", "端木示范", "女", "江海示范电子有限公司", "崇川区"],
    [2018, "五一劳动奖章", "市级", "个人", "欧阳示例", "男", "濠河示范建设有限公司", "通州区"],
]


def municipal_may_day_awards(page, portal) -> str:
    page.goto(portal.url + "/reports/2018/")
    return page.locator("#figure-municipal_may_day_awards data").inner_text()


def test_imported_honours_move_the_2018_report_after_the_rollup(portal, browser, staff, tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in NEW_AWARDS:
        workbook.active.append(row)
    upload = tmp_path / "2018年市五一劳动奖章.xlsx"
    workbook.save(upload)

    reader = browser.new_context(locale="zh-CN").new_page()
    assert municipal_may_day_awards(reader, portal) == "134个"

    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    staff(page, "honours")
    page.goto(portal.url + "/admin/honors/honour/import/")
    expect(page.get_by_role("link", name=re.compile("下载导入模板"))).to_be_visible()
    page.locator("input[name=import_file]").set_input_files(str(upload))
    page.locator("input[type=submit][value=提交]").click()

    preview = page.locator("table.import-preview")
    expect(preview).to_contain_text("端木示范")
    expect(preview).to_contain_text("欧阳示例")
    screenshot(page, "honours-import-preview")
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist")).to_contain_text("2")

    page.goto(portal.url + "/admin/reports/rolluprun/recompute/?year=2018")
    page.get_by_role("button", name=re.compile("计算")).click()
    expect(page.locator(".messagelist")).to_be_visible()
    context.close()

    # The rollup runs in the Celery worker; on a busy machine it can wait behind other tasks or a
    # lock's retry (30 s backoff), so allow two minutes.
    deadline = time.monotonic() + 120
    while (shown := municipal_may_day_awards(reader, portal)) != "136个":
        assert time.monotonic() < deadline, f"the report still shows {shown!r}"
        time.sleep(1)
    screenshot(reader, "honours-report-after-rollup")
