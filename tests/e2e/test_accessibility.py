"""Accessibility as GB/T 37668 (WCAG 2.1 A and AA) asks it, measured with axe-core on every public
page type, on a desktop and a phone, in the standard version, the 关怀版 and English; the keyboard
path through the home page and an article; screenshots of each page type in 关怀版 and in English.

axe-core comes from the axe-playwright-python package (requirements-dev.txt), which ships it:
nothing is fetched while the tests run and nothing of it is copied into this repository.
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, SCREENSHOTS, screenshot

DESKTOP = {"width": 1280, "height": 900}
WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()
CONTROLS = "a[href], button, input, select, textarea, summary, [tabindex]"
CARE_TARGETS = ", ".join(
    [
        ".reading-bar a",
        ".reading-bar button:not([hidden])",
        ".site-nav a",
        ".breadcrumb a",
        ".share__button",
        ".prev-next a",
    ]
)
CARE_SIZES = """targets => {
  const px = (el, prop) => parseFloat(getComputedStyle(el)[prop]);
  const body = document.querySelector('#article-body p') || document.body;
  const hasText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const small = [...document.querySelectorAll('main *')]
    .filter(el => hasText(el) && el.getClientRects().length && px(el, 'fontSize') < 18)
    .map(el => el.tagName + '.' + el.className + ': ' + px(el, 'fontSize'));
  const tooSmall = el => {
    const r = el.getBoundingClientRect();
    return r.height < 44 || r.width < 44;
  };
  const little = [...document.querySelectorAll(targets)]
    .filter(el => el.getClientRects().length && tooSmall(el))
    .map(el => el.textContent.trim() + ' ' + Math.round(el.getBoundingClientRect().height));
  return {
    body: px(body, 'fontSize'),
    lineHeight: px(body, 'lineHeight') / px(body, 'fontSize'),
    h1: px(document.querySelector('h1'), 'fontSize'),
    small,
    targets: little,
  };
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
    || (s.boxShadow && s.boxShadow !== 'none');
  return {id: el.dataset.kb, visible, label: el.outerHTML.slice(0, 120)};
}"""
NUMBER_CONTROLS = """selector => {
  let n = 0;
  for (const el of document.querySelectorAll(selector)) { el.dataset.kb = String(n++); }
}"""
REACHABLE_CONTROLS = """selector => [...document.querySelectorAll(selector)]
  .filter(el => !el.closest('[hidden]') && el.tabIndex >= 0 && !el.disabled)
  .filter(el => el.getClientRects().length || el.closest('.site-nav__sub'))
  .map(el => [el.dataset.kb, el.outerHTML.slice(0, 120)])"""


@pytest.fixture(scope="module")
def addresses(portal):
    """One address of every public page type, from the demo data."""
    found = json.loads(
        portal.shell(
            "import json\n"
            "from competitions.models import Competition, Result\n"
            "from honors.models import Person\n"
            "from news.models import Article, Channel\n"
            "from reports.registry import registry\n"
            "from stations.models import Station\n"
            "article = Article.objects.published().filter(title__contains='工作综述').first()\n"
            "person = Person.objects.filter(honours__isnull=False).order_by('pk').first()\n"
            "result = Result.objects.select_related('organisation').order_by('pk').first()\n"
            "channel = Channel.objects.filter(parent__isnull=False).order_by('pk').first()\n"
            "station = Station.objects.order_by('pk').first()\n"
            "print(json.dumps({'article': article.get_absolute_url(),\n"
            "  'channel': channel.get_absolute_url(),\n"
            "  'person': f'/honors/people/{person.pk}/',\n"
            "  'competition': result.competition.get_absolute_url(),\n"
            "  'enterprise': f'/competitions/enterprises/{result.organisation_id}/',\n"
            "  'station': f'/fuwu/{station.pk}/',\n"
            "  'figure': f'/reports/figures/{registry.computed()[0].key}/'}))\n"
        ).splitlines()[-1]
    )
    return {
        "home": "/",
        "channel": found["channel"],
        "article": found["article"],
        "photos": "/photos/",
        "search": "/search/?q=劳模",
        "search-nothing": "/search/?q=没有这样的词语",
        "reports": "/reports/",
        "report-2018": "/reports/2018/",
        "figure": found["figure"],
        "model-workers": "/honors/models/",
        "person": found["person"],
        "honour-rolls": "/honors/rolls/",
        "competitions": "/competitions/",
        "competition": found["competition"],
        "champions": "/competitions/champions/",
        "enterprises": "/competitions/enterprises/",
        "enterprise": found["enterprise"],
        "finder": "/fuwu/",
        "station": found["station"],
        "requests": "/hudong/",
        "site-map": "/sitemap/",
        "not-found": "/no-such-page/",
        "server-error": "/__server-error__/",
    }


@pytest.fixture(scope="module")
def server_error_page(portal):
    """The 500 page as Django sends it (rendered without a request), in each language; served by
    a route, since no address of the portal fails on purpose. Its stylesheets come from the portal.
    """
    return {
        language: portal.shell(
            "from django.template import loader\n"
            "from django.utils import translation\n"
            f"with translation.override({language!r}):\n"
            "    print(loader.get_template('500.html').render())"
        )
        for language in ("zh-hans", "en")
    }


def _context(browser, device: str, *, care: bool, portal_url: str):
    context = browser.new_context(
        locale="zh-CN",
        viewport=PHONE if device == "phone" else DESKTOP,
        is_mobile=device == "phone",
        reduced_motion="reduce" if care else "no-preference",
    )
    if care:
        context.add_cookies([{"name": "portal_mode", "value": "care", "url": portal_url}])
    return context


def _open(page, portal, address: str, server_error_page: dict):
    if address.endswith("/__server-error__/"):
        body = server_error_page["en" if address.startswith("/en/") else "zh-hans"]
        page.unroute("**/__server-error__/")
        page.route(
            "**/__server-error__/",
            lambda route: route.fulfill(
                status=500, body=body, content_type="text/html; charset=utf-8"
            ),
        )
    response = page.goto(portal.url + address)
    page.wait_for_load_state("load")
    return response


def _violations(page) -> list[str]:
    results = AXE.run(page, options=WCAG_A_AA)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("mode", ["standard", "care"])
def test_every_public_page_type_has_no_wcag_21_a_or_aa_violation(
    portal, browser, addresses, server_error_page, device, mode
):
    context = _context(browser, device, care=mode == "care", portal_url=portal.url)
    page = context.new_page()
    found = {}
    try:
        for name, address in addresses.items():
            response = _open(page, portal, address, server_error_page)
            expected = {"not-found": 404, "server-error": 500}.get(name, 200)
            assert response.status == expected, f"{name} {address}: {response.status}"
            assert (
                page.locator("html").get_attribute("class")
                == ("mode-care" if mode == "care" else None)
                or name == "server-error"
            )
            if violations := _violations(page):
                found[name] = violations
            if mode == "care":
                screenshot(page, f"care-{name}-{device}")
    finally:
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_public_page_type_in_english_has_no_violation_and_is_in_english(
    portal, browser, addresses, server_error_page, device
):
    context = _context(browser, device, care=False, portal_url=portal.url)
    page = context.new_page()
    found = {}
    try:
        for name, address in addresses.items():
            _open(page, portal, "/en" + address, server_error_page)
            assert page.locator("html").get_attribute("lang") == "en", name
            if name != "server-error":
                expect(page.get_by_role("link", name="Skip to the content")).to_have_count(1)
            if violations := _violations(page):
                found[name] = violations
            screenshot(page, f"english-{name}-{device}")
    finally:
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_care_mode_reads_large_with_large_targets_and_nothing_moving(portal, browser, addresses):
    context = _context(browser, "phone", care=True, portal_url=portal.url)
    page = context.new_page()
    page.goto(portal.url + addresses["article"])
    sizes = page.evaluate(CARE_SIZES, CARE_TARGETS)
    assert sizes["body"] >= 18 and sizes["lineHeight"] >= 1.8, sizes
    assert sizes["h1"] > sizes["body"], sizes
    assert sizes["small"] == [], sizes["small"]
    assert sizes["targets"] == [], sizes["targets"]
    page.goto(portal.url + "/")
    columns = page.evaluate("getComputedStyle(document.querySelector('.home-grid')).display")
    assert columns == "block"  # one column
    track = page.locator(".carousel__track")
    if track.count():
        assert track.evaluate("el => getComputedStyle(el).overflowX") == "visible"
    # back to the standard version, on the same address
    page.get_by_role("link", name="返回标准版").click()
    expect(page).to_have_url(portal.url + "/")
    assert page.locator("html").get_attribute("class") is None
    context.close()


def test_the_read_aloud_button_speaks_the_article_with_the_browser_s_own_voice(
    portal, browser, addresses
):
    context = _context(browser, "desktop", care=True, portal_url=portal.url)
    page = context.new_page()
    # record what would be spoken: the test browser has no voices to hear
    page.add_init_script(
        """window.__spoken = [];
        if (window.speechSynthesis) {
          window.speechSynthesis.speak = u => { window.__spoken.push([u.lang, u.text]); };
        }"""
    )
    page.goto(portal.url + addresses["article"])
    button = page.get_by_role("button", name="读屏")
    expect(button).to_be_visible()
    button.click()
    spoken = page.evaluate("window.__spoken")
    text = "".join(part for _, part in spoken)
    assert spoken and all(lang == "zh-CN" for lang, _ in spoken)
    assert page.locator("h1").inner_text().strip() in text
    assert "一键分享至" not in text and "相关新闻" not in text
    context.close()


def _keyboard_walk(page, limit: int = 400) -> tuple[set[str], list[str]]:
    """Tab through the page; (every element reached, those without a visible focus)."""
    page.evaluate(NUMBER_CONTROLS, CONTROLS)
    reached, unmarked = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state is None:
            continue
        if state["id"] in reached:
            break  # round the page once
        reached.add(state["id"])
        if not state["visible"]:
            unmarked.append(state["label"])
    return reached, unmarked


@pytest.mark.parametrize("which", ["home", "article"])
def test_every_control_is_reached_by_keyboard_with_a_visible_focus(
    portal, browser, addresses, which
):
    context = _context(browser, "desktop", care=False, portal_url=portal.url)
    page = context.new_page()
    page.goto(portal.url + addresses[which])
    # the skip link comes first and moves to the content
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("跳到正文")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(portal.url + addresses[which])
    reached, unmarked = _keyboard_walk(page)
    controls = page.evaluate(REACHABLE_CONTROLS, CONTROLS)
    missed = [html for kb, html in controls if kb not in reached]
    assert len(reached) >= 20
    assert missed == [], missed
    assert unmarked == [], unmarked
    # and they work: 字号 by keyboard
    page.get_by_role("button", name="大", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="大", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert "font-large" in page.locator("html").get_attribute("class")
    context.close()


def test_the_annual_report_prints_its_charts_and_tables_whole(portal, browser, addresses):
    context = _context(browser, "desktop", care=False, portal_url=portal.url)
    page = context.new_page()
    page.goto(portal.url + addresses["report-2018"])
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => ({
          hidden: ['.reading-bar', '.site-nav', '.report__downloads']
            .map(s => document.querySelector(s))
            .filter(el => el && getComputedStyle(el).display !== 'none').length,
          charts: [...document.querySelectorAll('.chart')]
            .filter(el => getComputedStyle(el).breakInside !== 'avoid').length,
          tables: document.querySelectorAll('.chart table').length,
        })"""
    )
    assert printed == {"hidden": 0, "charts": 0, "tables": printed["tables"]}
    assert printed["tables"] >= 5
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(SCREENSHOTS / "print-report-2018.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")
    context.close()
