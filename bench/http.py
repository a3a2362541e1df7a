"""HTTP benchmark: the portal's public pages against a minimal Django view, same gunicorn, same run.

    REDIS_URL=redis://127.0.0.1:6379/9 [DATABASE_URL=postgres://…] .venv/bin/python -m bench.http

gunicorn serves the portal with production settings (DEBUG off) and the demo data on 127.0.0.1;
wrk (Debian package `wrk`) loads it from a separate process. Each page is measured cached (the
same URL again and again: after its first hit a worker serves it from its own memory) and
uncached (a new query string on every request, so every request renders); the article also from
the shared cache (3,000 addresses of it in turn, each stored in Redis beforehand: every request
is one Redis round trip, as for a long tail of articles).

Figures are ratios to the minimal view measured in the same run, because these machines are
noisy: requests/s, p50 and p99 latency, and CPU per request of the gunicorn workers (from /proc).
The minimal view is measured first and again last; the faster of the two is the baseline (the one
that flatters the pages least). A second baseline, the minimal view with a body as large as the
home page, shows what sending the bytes alone costs (wrk and gunicorn share the machine's cores).
Query counts per page come from Django's test client.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.portal_server import serve_portal

UNCACHED_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. sep .. "bench=" .. counter)
end
"""

# An article asked for under many addresses in turn, as a long tail of articles: each is in the
# shared cache, but comes round again too seldom for a worker to still hold it in its memory.
SHARED_VARIANTS = 3000
SHARED_LUA = f"""
counter = 0
request = function()
  counter = counter % {SHARED_VARIANTS} + 1
  return wrk.format("GET", wrk.path .. "?variant=" .. counter)
end
"""

PAGES_CODE = """
from urllib.parse import quote
from news.models import Article, Channel
article = Article.objects.published().order_by("-publish_at").first()
channel = article.channel
import json
print(json.dumps({
    "home": "/",
    "channel": channel.get_absolute_url(),
    "article": article.get_absolute_url(),
    "report": "/reports/2018/",
    "search": "/search/?q=" + quote("劳模"),
}))
"""

QUERIES_CODE = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.core.cache import cache
pages = json.loads({pages!r})
client = Client(HTTP_HOST="127.0.0.1")
counts = {{}}
for name, url in pages.items():
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[name] = [status, len(queries)]
print(json.dumps(counts))
"""


def cpu_ticks(master_pid: int) -> int:
    """User + system CPU ticks of the gunicorn workers (children of the master)."""
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    total = 0
    for pid in [master_pid, *map(int, children)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, *, seconds: int, connections: int, script: Path | None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise RuntimeError(f"unexpected wrk output for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": to_ms(latency["50"]),
        "p99_ms": to_ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def store_variants(url: str) -> None:
    """Ask for every address of the shared-cache line once, so that each is in the cache."""
    addresses = [f"{url}?variant={number}" for number in range(1, SHARED_VARIANTS + 1)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        # The portal this benchmark started, over http on 127.0.0.1.
        statuses = pool.map(lambda address: urllib.request.urlopen(address).status, addresses)  # noqa: S310
        for status in statuses:
            if status != 200:
                raise RuntimeError(f"{url}: {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pages", help="comma-separated pages to measure (home,channel,article,report,search)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        script = tmp / "uncached.lua"
        script.write_text(UNCACHED_LUA)
        shared_script = tmp / "shared.lua"
        shared_script.write_text(SHARED_LUA)
        with serve_portal(
            tmp,
            suffix="bench",
            workers=args.workers,
            worker=False,
            ROOT_URLCONF="bench.urls",
        ) as portal:
            pages = json.loads(portal.shell(PAGES_CODE))
            if args.pages:
                pages = {name: pages[name] for name in args.pages.split(",")}
            queries = json.loads(portal.shell(QUERIES_CODE.format(pages=json.dumps(pages))))
            master = portal.processes["gunicorn"].pid
            targets = [
                ("minimal", "/bench/minimal", None),
                ("minimal 17 KB", "/bench/minimal-17k", None),
            ]
            for name, path in pages.items():
                targets += [(f"{name} cached", path, None), (f"{name} uncached", path, script)]
                if name == "article":
                    targets.append((f"{name} shared cache", path, shared_script))
            targets.append(("minimal, again", "/bench/minimal", None))
            results = {}
            for name, path, lua in targets:
                print(f"{name} …", file=sys.stderr, flush=True)
                if lua is shared_script:
                    store_variants(portal.url + path)
                run_wrk(portal.url + path, seconds=2, connections=2, script=lua)  # warm up
                before = cpu_ticks(master)
                result = run_wrk(
                    portal.url + path,
                    seconds=args.seconds,
                    connections=args.connections,
                    script=lua,
                )
                result["cpu_ms_per_request"] = (
                    (cpu_ticks(master) - before) * 10.0 / max(result["requests"], 1)
                )
                results[name] = result

    base = max(results["minimal"], results["minimal, again"], key=lambda result: result["rps"])
    print(
        f"{'page':<22}{'req/s':>8}{'×min':>7}{'p50 ms':>8}{'×min':>7}{'p99 ms':>8}{'×min':>7}"
        f"{'CPU/req ×min':>14}"
    )
    for name, r in results.items():
        print(
            f"{name:<22}{r['rps']:>8.0f}{r['rps'] / base['rps']:>7.2f}"
            f"{r['p50_ms']:>8.1f}{r['p50_ms'] / base['p50_ms']:>7.2f}"
            f"{r['p99_ms']:>8.1f}{r['p99_ms'] / base['p99_ms']:>7.2f}"
            f"{r['cpu_ms_per_request'] / base['cpu_ms_per_request']:>14.2f}"
            + (f"  ({r['non_2xx']} non-2xx)" if r["non_2xx"] else "")
        )
    print("queries per uncached page (status, count):", json.dumps(queries, ensure_ascii=False))


if __name__ == "__main__":
    main()
