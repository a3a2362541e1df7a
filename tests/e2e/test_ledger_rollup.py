"""A worker-services clerk downloads the 夏送清凉 ledger template (its columns are the kind's
measures), fills in two lines, imports them (preview, then confirm), asks for the 2018 rollup,
and the annual report's heat-relief figure moves accordingly."""

import io
import re
import time

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

LINES = [
    ["2018-08-02", "崇川区总工会", "崇川区", "示范港区码头", "夏送清凉（补报）", "", 600, "24000"],
    [
        "2018-08-03",
        "崇川区总工会",
        "崇川区",
        "示范快速路",
        "夏送清凉（补报）",
        "",
        400,
        "16000",
    ],
]


def heat_visits(page, portal) -> str:
    page.goto(portal.url + "/reports/2018/")
    return page.locator("#figure-heat_visits data").inner_text()


def test_an_imported_ledger_kind_moves_the_2018_report_after_the_rollup(
    portal, browser, staff, tmp_path
):
    reader = browser.new_context(locale="zh-CN").new_page()
    assert heat_visits(reader, portal) == "1.1万名"

    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    page = context.new_page()
    staff(page, "welfareclerk")
    page.goto(portal.url + "/admin/welfare/ledgerline/import/")
    with page.expect_download() as download:
        page.get_by_role("link", name="夏送清凉导入模板（xlsx）").click()
    template = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    header = [cell.value for cell in template[1]]
    assert header[-2:] == ["慰问人数（名）", "防暑降温用品价值（元）"]
    template.delete_rows(2)
    for row in LINES:
        template.append(row)
    upload = tmp_path / "2018年夏送清凉补报.xlsx"
    template.parent.save(upload)

    page.locator("select[name=resource]").select_option(label="夏送清凉")
    page.locator("input[name=import_file]").set_input_files(str(upload))
    page.locator("input[type=submit][value=提交]").click()
    preview = page.locator("table.import-preview")
    expect(preview).to_contain_text("示范港区码头")
    screenshot(page, "ledger-import-preview")
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist")).to_contain_text("2")

    page.goto(portal.url + "/admin/reports/rolluprun/recompute/?year=2018")
    page.get_by_role("button", name=re.compile("计算")).click()
    expect(page.locator(".messagelist")).to_be_visible()
    context.close()

    deadline = time.monotonic() + 60
    while (shown := heat_visits(reader, portal)) != "1.2万名":
        assert time.monotonic() < deadline, f"the report still shows {shown!r}"
        time.sleep(1)
    screenshot(reader, "ledger-report-after-rollup")
