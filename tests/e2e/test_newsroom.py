"""An editor starts from the 工作台, writes in CKEditor 5 and submits; the reviewer finds it on
their 工作台 and approves; the reader sees the article."""

import io
import re

from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

TITLE = "端到端测试：职工书屋新添一批图书"


def photo_png(path) -> None:
    image = Image.new("RGB", (640, 360), (179, 0, 27))
    ImageDraw.Draw(image).ellipse((220, 80, 420, 280), fill=(255, 215, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())


def choose(page, field_id: str, text: str) -> None:
    """Pick an option in an admin autocomplete (select2) field."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_an_article_goes_from_the_editor_through_review_to_the_reader(
    portal, browser, staff, tmp_path
):
    image = tmp_path / "书屋.png"
    photo_png(image)

    editor = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    page = editor.new_page()
    staff(page, "editor")
    expect(page.locator("h1")).to_have_text("工作台")
    articles = page.locator("#box-articles")
    expect(articles).to_contain_text("退回给我修改")
    screenshot(page, "workbench-editor")
    articles.get_by_role("link", name="写新稿件").click()
    page.locator("#id_title").fill(TITLE)
    choose(page, "id_channel", "工会动态")
    page.locator("#id_summary").fill("市总工会为基层职工书屋配送新书。")

    body = page.locator(".ck-editor__editable").first
    body.click()
    page.keyboard.type("本月，市总工会为")
    page.keyboard.press("Control+B")
    page.keyboard.type("二十家职工书屋")
    page.keyboard.press("Control+B")
    page.keyboard.type("配送了新书。")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="插入表格").first.click()
    page.locator(".ck-insert-table-dropdown-grid-box").nth(11).click()  # 2 rows × 2 columns
    page.keyboard.type("书屋")
    page.keyboard.press("Tab")
    page.keyboard.type("新书（册）")
    page.keyboard.press("Tab")
    page.keyboard.type("江海示范书屋")
    page.keyboard.press("Tab")
    page.keyboard.type("300")
    body.press("Control+End")
    page.locator(".ck-toolbar input[type=file]").first.set_input_files(str(image))
    expect(body.locator("img")).to_have_attribute("src", re.compile(r"/media/editor/.+\.png"))
    screenshot(page, "newsroom-editor")
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")

    page.get_by_role("link", name=re.compile("审核流程")).click()
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".messagelist")).to_contain_text("待审核")
    article_path = re.search(r"/admin/news/article/(\d+)/", page.url).group(1)
    editor.close()

    reviewer = browser.new_context(locale="zh-CN")
    page = reviewer.new_page()
    staff(page, "reviewer")
    to_review = page.locator("#box-articles").get_by_role("link", name=re.compile("待我审核"))
    expect(to_review).to_contain_text(re.compile(r"[1-9]\d*\s*篇"))
    screenshot(page, "workbench-reviewer")
    to_review.click()
    page.locator("#result_list").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name=re.compile("审核流程")).click()
    expect(page).to_have_url(re.compile(rf"/admin/news/article/{article_path}/review/"))
    expect(page.get_by_role("button", name="审核通过")).to_be_visible()
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".messagelist")).to_contain_text("已通过")
    reviewer.close()

    reader = browser.new_context(locale="zh-CN")
    page = reader.new_page()
    page.goto(f"{portal.url}/article/{article_path}/")
    expect(page.locator("h1")).to_have_text(TITLE)
    article_body = page.locator("#article-body")
    expect(article_body.locator("strong")).to_have_text("二十家职工书屋")
    expect(article_body.locator("table")).to_contain_text("江海示范书屋")
    picture = article_body.locator("img").first
    assert picture.evaluate("image => image.decode().then(() => image.naturalWidth)") == 640
    screenshot(page, "newsroom-published")
    reader.close()
