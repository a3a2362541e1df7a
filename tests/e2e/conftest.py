"""The portal as users meet it: gunicorn with production settings on 127.0.0.1, a Celery worker,
and Debian's Chromium driven by Playwright (never a browser download).

These tests run where a browser and a broker are: /usr/bin/chromium (`.ci/run` installs the
`chromium` and `fonts-wqy-microhei` packages) and REDIS_URL (production settings need it). The
portal gets a database of its own: a PostgreSQL database beside DATABASE_URL's, or a SQLite file.
Screenshots go to tests/e2e/screenshots/ (git-ignored).
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import environ
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
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


@dataclass
class Portal:
    url: str
    env: dict[str, str]

    def manage(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _portal_database_url(tmp: Path) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{tmp / 'e2e.sqlite3'}"
    import psycopg2

    config = environ.Env.db_url_config(base)
    name = f"{config['NAME']}_e2e"
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return base.rsplit("/", 1)[0] + "/" + name


def _wait_until_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before it served /healthz")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the portal did not become healthy in time")


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL: the portal runs with production settings")
    tmp = tmp_path_factory.mktemp("e2e-portal")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unionportal.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": _portal_database_url(tmp),
        "CACHE_KEY_PREFIX": f"e2e{port}",
        "FIELD_ENCRYPTION_SALT": "e2e-salt",
        "PII_HMAC_KEY": "e2e-hmac",
        "VAR_DIR": str(tmp),
        "MEDIA_ROOT": str(tmp / "media"),
        # Plain HTTP on loopback: no TLS proxy in front here.
        "SECURE_SSL_REDIRECT": "False",
        "TRUSTED_PROXY_COUNT": "0",
        "PYTHONUNBUFFERED": "1",
    }
    portal = Portal(url=f"http://127.0.0.1:{port}", env=env)
    portal.manage("migrate", "--noinput", "-v0")
    portal.manage("collectstatic", "--noinput", "-v0")
    portal.manage("seed_demo")
    logs = tmp / "logs"
    logs.mkdir()
    gunicorn = [str(BIN / "gunicorn"), "unionportal.wsgi:application", "-b", f"127.0.0.1:{port}"]
    web = subprocess.Popen(  # noqa: S603
        [*gunicorn, "--workers", "2", "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=open(logs / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(  # noqa: S603
        [str(BIN / "celery"), "-A", "unionportal", "worker", "--pool", "solo", "-l", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=open(logs / "celery.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_healthy(portal.url, web)
        yield portal
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


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
