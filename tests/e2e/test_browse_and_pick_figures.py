"""A reader narrows 劳模风采 with its filters; an editor inserts a live figure with the picker."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def test_a_reader_filters_the_model_workers_and_pages_keep_the_filter(portal, page):
    page.goto(portal.url + "/honors/models/")
    everyone = page.locator(".list-filter__count strong").inner_text()

    page.get_by_label("荣誉级别").select_option(label="省级")
    page.get_by_role("button", name="筛选", exact=True).click()
    expect(page).to_have_url(re.compile(r"level=provincial"))
    expect(page.get_by_label("荣誉级别")).to_have_value("provincial")
    expect(page.locator(".list-filter__count")).to_contain_text("符合条件的")
    provincial = page.locator(".list-filter__count strong").inner_text()
    assert 0 < int(provincial) <= int(everyone)
    screenshot(page, "reader-model-workers-filtered")

    page.get_by_role("link", name="清除筛选").click()
    expect(page.locator(".list-filter__count strong")).to_have_text(everyone)


def test_an_editor_inserts_a_live_figure_without_typing_its_code(portal, browser, staff):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    staff(page, "editor")
    page.goto(portal.url + "/admin/news/article/add/")

    body = page.locator(".ck-editor__editable").first
    body.click()
    page.keyboard.type("全年发放助学金")

    picker = page.locator("fieldset.figure-picker")
    results = picker.locator(".figure-picker__results")
    picker.get_by_label("年度").select_option("2018")
    picker.get_by_label("指标名称").fill("助学金")
    expect(results).to_have_attribute("aria-busy", "false")  # the answer to this search
    choice = results.locator("button").first
    expect(choice).to_contain_text("2018年")
    expect(choice).to_contain_text("助学金")
    code = choice.get_attribute("data-code")
    assert re.fullmatch(r"\[\[figure:2018:[a-z0-9_]+\]\]", code)
    choice.click()

    expect(body).to_contain_text("全年发放助学金" + code)
    expect(picker.get_by_role("status")).to_contain_text("已插入")
    screenshot(page, "editor-figure-picker")
    context.close()
    assert not errors, errors
