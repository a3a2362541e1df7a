"""The portal as users meet it: nginx in front of gunicorn with production settings on 127.0.0.1,
a Celery worker, and Debian's Chromium driven by Playwright (never a browser download).

These tests run where a browser and a broker are: /usr/bin/chromium (`.ci/run` installs the
`chromium` and `fonts-wqy-microhei` packages) and REDIS_URL (production settings need it). The
portal gets a database of its own: a PostgreSQL database beside DATABASE_URL's, or a SQLite file.
Screenshots go to tests/e2e/screenshots/ (git-ignored).
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.portal_server import NGINX, serve_portal

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL: the portal runs with production settings")
    if not NGINX.exists():
        pytest.skip("needs Debian's nginx in front, as in production (.ci/run installs it)")
    with serve_portal(tmp_path_factory.mktemp("e2e-portal"), suffix="e2e") as portal:
        yield portal


@pytest.fixture(scope="session")
def browser(portal):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context per test; CSP violations and page errors fail the test."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not problems, problems


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)


STAFF_PASSWORD = "e2e-staff-passphrase-2018"
STAFF_ROLES = [
    ("editor", "编辑"),
    ("reviewer", "审核"),
    ("honours", "荣誉管理员"),
    ("aidclerk", "帮扶管理员"),
    ("approver", "帮扶审批"),
    ("welfareclerk", "普惠服务管理员"),
]


@pytest.fixture(scope="session")
def staff(portal):
    """Staff accounts, one per role, made through the portal's own roles; returns a login."""
    portal.shell(
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "from assistance.models import StaffUnionMembership\n"
        "from organizations.models import UnionUnit\n"
        "User = get_user_model()\n"
        "city = UnionUnit.objects.get(kind=UnionUnit.Kind.CITY)\n"
        f"for username, role in {STAFF_ROLES!r}:\n"
        "    user, _ = User.objects.get_or_create(username=username, defaults={'is_staff': True})\n"
        f"    user.set_password({STAFF_PASSWORD!r})\n"
        "    user.save()\n"
        "    user.groups.set([Group.objects.get(name=role)])\n"
        "    StaffUnionMembership.objects.get_or_create(user=user, defaults={'union': city})\n"
    )

    def login(page, username: str) -> None:
        page.goto(portal.url + "/admin/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(portal.url + "/admin/")

    return login
