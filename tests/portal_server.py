"""Serve the portal as production does, for the end-to-end tests and the HTTP benchmark.

gunicorn with production settings (DEBUG off) on 127.0.0.1, a Celery worker beside it, and a
database of the portal's own: a PostgreSQL database next to DATABASE_URL's, or a SQLite file.
REDIS_URL must name a Redis: production settings need it as broker and cache.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class Portal:
    url: str
    env: dict[str, str]
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def manage(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--verbosity=0", "-c", code).strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_connection(url: str):
    """The database URL's settings, and an autocommit connection to its server's ``postgres``
    database (to create or drop a database)."""
    import psycopg2

    config = environ.Env.db_url_config(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    return config, connection


def own_database_url(tmp: Path, suffix: str) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{tmp / f'{suffix}.sqlite3'}"
    config, connection = _server_connection(base)
    name = f"{config['NAME']}_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return base.rsplit("/", 1)[0] + "/" + name


def drop_own_database(url: str) -> None:
    """Drop a database ``own_database_url`` made (CI names its database per run: each run's
    would otherwise stay behind)."""
    if not url.startswith("postgres"):
        return
    config, connection = _server_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
    connection.close()


def _wait_until_healthy(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
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


def portal_environment(tmp: Path, *, port: int, suffix: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unionportal.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": own_database_url(tmp, suffix),
        "CACHE_KEY_PREFIX": f"{suffix}{port}",
        "FIELD_ENCRYPTION_SALT": f"{suffix}-salt",
        "PII_HMAC_KEY": f"{suffix}-hmac",
        "VAR_DIR": str(tmp),
        "MEDIA_ROOT": str(tmp / "media"),
        # Plain HTTP on loopback: no TLS proxy in front here.
        "SECURE_SSL_REDIRECT": "False",
        "TRUSTED_PROXY_COUNT": "0",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@contextmanager
def serve_portal(tmp: Path, *, suffix: str, workers: int = 2, worker: bool = True, **extra):
    """Migrate, collect static files, seed the demo data, then serve; stop everything after."""
    port = free_port()
    portal = Portal(
        f"http://127.0.0.1:{port}", portal_environment(tmp, port=port, suffix=suffix, **extra)
    )
    portal.manage("migrate", "--noinput", "-v0")
    portal.manage("collectstatic", "--noinput", "-v0")
    portal.manage("seed_demo")
    logs = tmp / "logs"
    logs.mkdir(exist_ok=True)
    commands = {
        "gunicorn": [
            str(BIN / "gunicorn"),
            "unionportal.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--timeout=60",
        ]
    }
    if worker:
        commands["celery"] = [str(BIN / "celery"), "-A", "unionportal", "worker", "-P", "solo"]
    try:
        for name, command in commands.items():
            with open(logs / f"{name}.log", "w") as log:
                portal.processes[name] = subprocess.Popen(  # noqa: S603
                    command, cwd=ROOT, env=portal.env, stdout=log, stderr=subprocess.STDOUT
                )
        _wait_until_healthy(portal.url, portal.processes["gunicorn"])
        yield portal
    finally:
        for process in portal.processes.values():
            process.terminate()
        for process in portal.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        drop_own_database(portal.env["DATABASE_URL"])
