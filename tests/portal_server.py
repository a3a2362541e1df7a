"""Serve the portal as production does, for the end-to-end tests and the HTTP benchmark.

nginx in front (Debian's nginx, with the repository's deploy/nginx/portal.conf.template), gunicorn
with production settings (DEBUG off) on 127.0.0.1 behind it, a Celery worker beside it, and a
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


NGINX = Path("/usr/sbin/nginx")
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "portal.conf.template"


@dataclass
class Portal:
    url: str  # what readers reach: nginx, or gunicorn itself when served without it
    env: dict[str, str]
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    app_url: str = ""  # gunicorn, behind nginx

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


def own_database_url(tmp: Path, suffix: str, server: str | None = None) -> str:
    """A new database for the served portal, on ``server``'s PostgreSQL (DATABASE_URL's by
    default), or a SQLite file when there is none."""
    base = server if server is not None else os.environ.get("DATABASE_URL", "")
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


def portal_environment(
    tmp: Path, *, port: int, suffix: str, database_server: str | None = None, **extra: str
) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unionportal.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": own_database_url(tmp, suffix, database_server),
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


def render_nginx_config(
    tmp: Path, *, listen: int, upstream: str, static_root: str, media_root: str
) -> Path:
    """A whole nginx.conf for a server run by the tests: the repository's server block, rendered
    as the nginx image's envsubst would, inside an http block of our own."""
    values = {
        "NGINX_LISTEN": f"127.0.0.1:{listen}",
        "PORTAL_UPSTREAM": upstream,
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "NGINX_CACHE_DIR": str(tmp / "nginx-cache"),
    }
    server = NGINX_TEMPLATE.read_text()
    for name, value in values.items():
        server = server.replace("${%s}" % name, value)
    (tmp / "portal.conf").write_text(server)
    temp = tmp / "nginx-temp"
    temp.mkdir(exist_ok=True)
    main = f"""
daemon off;
worker_processes 1;
user root;
pid {tmp}/nginx.pid;
error_log {tmp}/logs/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp}/portal.conf;
}}
"""
    path = tmp / "nginx.conf"
    path.write_text(main)
    return path


def _wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in time")


@contextmanager
def serve_portal(
    tmp: Path,
    *,
    suffix: str,
    workers: int = 2,
    worker: bool = True,
    front: bool = True,
    seed: bool = True,
    database_server: str | None = None,
    **extra,
):
    """Migrate, collect static files, seed the demo data (unless ``seed`` is False), then serve
    (behind nginx unless ``front`` is False); stop everything after. ``database_server`` names
    another PostgreSQL server than DATABASE_URL's for the portal's database."""
    port = free_port()
    environment = portal_environment(
        tmp, port=port, suffix=suffix, database_server=database_server, **extra
    )
    portal = Portal(f"http://127.0.0.1:{port}", environment)
    portal.app_url = portal.url
    portal.manage("migrate", "--noinput", "-v0")
    portal.manage("collectstatic", "--noinput", "-v0")
    if seed:
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
        if front:
            listen = free_port()
            config = render_nginx_config(
                tmp,
                listen=listen,
                upstream=f"127.0.0.1:{port}",
                static_root=str(tmp / "static"),
                media_root=portal.env["MEDIA_ROOT"],
            )
            portal.processes["nginx"] = subprocess.Popen(  # noqa: S603 - Debian's nginx
                [str(NGINX), "-c", str(config), "-p", str(tmp)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            portal.url = f"http://127.0.0.1:{listen}"
            _wait_for(portal.url + "/healthz")
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
