"""The browser steps the import-to-report tests share: a file uploaded on an admin import page,
its preview checked and confirmed, the 2018 rollup asked for, and the report's figure awaited as
the rollup (in the Celery worker) changes it."""

import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def figure_of_2018(page, portal, key: str) -> str:
    """The 2018 annual report's figure ``key`` as a reader sees it (number and unit)."""
    page.goto(portal.url + "/reports/2018/")
    return page.locator(f"#figure-{key} data").inner_text()


def import_confirmed(page, upload, *, previewed: list[str], screenshot_name: str) -> None:
    """On an admin import page already open (its resource chosen): upload the file, see each of
    ``previewed`` in the preview, confirm, and see the two records written announced."""
    page.locator("input[name=import_file]").set_input_files(str(upload))
    page.locator("input[type=submit][value=提交]").click()
    preview = page.locator("table.import-preview")
    for text in previewed:
        expect(preview).to_contain_text(text)
    screenshot(page, screenshot_name)
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist")).to_contain_text("2")


def rollup_2018_requested(page, portal) -> None:
    """Ask for the 2018 rollup on the admin's recompute page, as staff do."""
    page.goto(portal.url + "/admin/reports/rolluprun/recompute/?year=2018")
    page.get_by_role("button", name=re.compile("计算")).click()
    expect(page.locator(".messagelist")).to_be_visible()


def figure_of_2018_awaited(page, portal, key: str, expected: str, *, seconds: float) -> None:
    """Reload the report until the figure reads ``expected``: the rollup runs in the Celery
    worker, and on a busy machine it can wait behind other tasks or a lock's retry."""
    deadline = time.monotonic() + seconds
    while (shown := figure_of_2018(page, portal, key)) != expected:
        assert time.monotonic() < deadline, f"the report still shows {shown!r}"
        time.sleep(1)
