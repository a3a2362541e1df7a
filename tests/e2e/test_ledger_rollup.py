"""A worker-services clerk downloads the 夏送清凉 ledger template (its columns are the kind's
measures), fills in two lines, imports them (preview, then confirm), asks for the 2018 rollup,
and the annual report's heat-relief figure moves accordingly."""

import io

from openpyxl import load_workbook

from tests.e2e.conftest import screenshot
from tests.e2e.imports import (
    figure_of_2018,
    figure_of_2018_awaited,
    import_confirmed,
    rollup_2018_requested,
)

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


def test_an_imported_ledger_kind_moves_the_2018_report_after_the_rollup(
    portal, browser, staff, tmp_path
):
    reader = browser.new_context(locale="zh-CN").new_page()
    assert figure_of_2018(reader, portal, "heat_visits") == "1.1万名"

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
    import_confirmed(
        page, upload, previewed=["示范港区码头"], screenshot_name="ledger-import-preview"
    )
    rollup_2018_requested(page, portal)
    context.close()

    figure_of_2018_awaited(reader, portal, "heat_visits", "1.2万名", seconds=60)
    screenshot(reader, "ledger-report-after-rollup")
