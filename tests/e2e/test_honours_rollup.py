"""An honours clerk imports honours from Excel (preview, then confirm), asks for the 2018 rollup,
and the annual report's figure changes accordingly."""

import re

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.imports import (
    figure_of_2018,
    figure_of_2018_awaited,
    import_confirmed,
    rollup_2018_requested,
)

HEADERS = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "性别", "工作单位", "区划"]
NEW_AWARDS = [
    [2018, "五一劳动奖章", "市级", "个人", "端木示范", "女", "江海示范电子有限公司", "崇川区"],
    [2018, "五一劳动奖章", "市级", "个人", "欧阳示例", "男", "濠河示范建设有限公司", "通州区"],
]


def test_imported_honours_move_the_2018_report_after_the_rollup(portal, browser, staff, tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in NEW_AWARDS:
        workbook.active.append(row)
    upload = tmp_path / "2018年市五一劳动奖章.xlsx"
    workbook.save(upload)

    reader = browser.new_context(locale="zh-CN").new_page()
    assert figure_of_2018(reader, portal, "municipal_may_day_awards") == "134个"

    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    staff(page, "honours")
    page.goto(portal.url + "/admin/honors/honour/import/")
    expect(page.get_by_role("link", name=re.compile("下载导入模板"))).to_be_visible()
    import_confirmed(
        page, upload, previewed=["端木示范", "欧阳示例"], screenshot_name="honours-import-preview"
    )
    rollup_2018_requested(page, portal)
    context.close()

    # A lock's retry alone waits 30 s: allow two minutes.
    figure_of_2018_awaited(reader, portal, "municipal_may_day_awards", "136个", seconds=120)
    screenshot(reader, "honours-report-after-rollup")
