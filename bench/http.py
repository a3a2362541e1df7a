"""HTTP benchmark: the portal as served in production (nginx in front of gunicorn), against
baselines measured in the same run.

    REDIS_URL=redis://127.0.0.1:6379/9 [DATABASE_URL=postgres://…] .venv/bin/python -m bench.http

tests.portal_server serves the portal with production settings (DEBUG off) and the demo data on
127.0.0.1, behind Debian's nginx with the repository's configuration; wrk (Debian package `wrk`)
loads it from a separate process. Figures are ratios, because these machines are noisy:

- **Cached pages through nginx** against nginx serving a static file of the same size, same wrk
  settings: requests/s, p50 and p99 (target: ≥ 0.5× the static file's requests/s).
- **Uncached pages** (every request rendered: straight to gunicorn, with the page cache keeping
  no page, PUBLIC_PAGE_CACHE_SECONDS=0, as for a page asked for the first time since a change;
  the shared parts of pages stay cached per content version, as in production), against a
  minimal Django view with the same middleware: CPU per request of the
  gunicorn workers (from /proc; target ≤ 5×), requests/s, p50 and p99.

Each page, cached or rendered, is measured right after its own measurement of its baseline, in
each of ``--rounds`` rounds: what the machine does meanwhile (other tenants, the clock speed)
moves the two alike, where a baseline measured minutes earlier would not. The tables give each
page's median over the rounds and the lowest and highest round of the figure its target is about
(requests/s for a cached page, CPU per request for a rendered one).
- Query counts per uncached page come from Django's test client, twice: they must not grow.
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from tests.portal_server import serve_portal

PAGES_CODE = """
import json
from urllib.parse import quote
from competitions.models import Competition
from news.models import Article
article = Article.objects.published().order_by("-publish_at").first()
print(json.dumps({
    "home": "/",
    "channel": article.channel.get_absolute_url(),
    "article": article.get_absolute_url(),
    "report": "/reports/2018/",
    "search": "/search/?q=" + quote("劳模"),
    "model workers": "/honors/models/",
    "competition": Competition.objects.order_by("pk").first().get_absolute_url(),
    "finder": "/fuwu/",
}))
"""

QUERIES_CODE = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
pages = json.loads({pages!r})
client = Client(HTTP_HOST="127.0.0.1")
counts = {{}}
for name, url in pages.items():
    measured = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        measured.append(len(queries))
    counts[name] = [status, *measured]
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


def body_of(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the portal this run serves
        return response.read()


def measure(targets, *, seconds: int, connections: int, master: int) -> dict:
    results = {}
    for name, url, lua in targets:
        print(f"{name} …", file=sys.stderr, flush=True)
        run_wrk(url, seconds=2, connections=2, script=lua)  # warm up
        before = cpu_ticks(master)
        result = run_wrk(url, seconds=seconds, connections=connections, script=lua)
        result["cpu_ms_per_request"] = (cpu_ticks(master) - before) * 10.0 / result["requests"]
        results[name] = result
    return results


def measure_pairs(
    pairs: dict, *, cpu: bool, rounds: int, seconds: int, connections: int, master: int
) -> dict:
    """Each page right after its own baseline (``pairs``: ``{name: (base url, page url)}``),
    ``rounds`` times: per page, the median of its rounds' ratios to the baseline (requests/s,
    p50, p99 and, with ``cpu``, the gunicorn workers' CPU per request), the lowest and highest
    of those ratios, and the median requests/s of the page and of its baseline."""
    keys = ("rps", "p50_ms", "p99_ms", "cpu") if cpu else ("rps", "p50_ms", "p99_ms")
    ratios = {name: [] for name in pairs}
    for number in range(1, rounds + 1):
        for name, (base_url, page_url) in pairs.items():
            base, page = measure(
                [
                    (f"round {number}: {name}, baseline", base_url, None),
                    (f"round {number}: {name}", page_url, None),
                ],
                seconds=seconds,
                connections=connections,
                master=master,
            ).values()
            base["cpu"], page["cpu"] = base["cpu_ms_per_request"], page["cpu_ms_per_request"]
            measured = {key: page[key] / base[key] for key in keys}
            measured.update(page_rps=page["rps"], base_rps=base["rps"], non_2xx=page["non_2xx"])
            print(
                "  " + ", ".join(f"{key} ×{measured[key]:.2f}" for key in keys),
                file=sys.stderr,
                flush=True,
            )
            ratios[name].append(measured)
    return {
        name: {
            **{
                key: statistics.median(r[key] for r in runs)
                for key in (*keys, "page_rps", "base_rps")
            },
            **{f"{key} lowest": min(r[key] for r in runs) for key in keys},
            **{f"{key} highest": max(r[key] for r in runs) for key in keys},
            "non_2xx": sum(r["non_2xx"] for r in runs),
        }
        for name, runs in ratios.items()
    }


def pairs_table(title: str, results: dict, *, figure: str) -> None:
    """One line per page: medians of the rounds, and the lowest–highest round of ``figure``
    (``rps`` for cached pages, ``cpu`` for rendered ones)."""
    print(f"\n{title}")
    print(
        f"{'page':<16}{'req/s':>8}{'base':>8}{'×base':>7}{'p50 ×base':>11}{'p99 ×base':>11}"
        f"{'CPU/req ×base':>15}{'lowest–highest':>16}"
    )
    for name, r in results.items():
        cpu = f"{r['cpu']:>15.2f}" if "cpu" in r else f"{'–':>15}"
        print(
            f"{name:<16}{r['page_rps']:>8.0f}{r['base_rps']:>8.0f}{r['rps']:>7.2f}"
            f"{r['p50_ms']:>11.2f}{r['p99_ms']:>11.2f}{cpu}"
            f"{r[figure + ' lowest']:>10.2f}–{r[figure + ' highest']:.2f}"
            + (f"  ({r['non_2xx']} non-2xx)" if r["non_2xx"] else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="of every pair measured")
    parser.add_argument("--pages", help="comma-separated page names to measure")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with serve_portal(
            tmp,
            suffix="bench",
            workers=args.workers,
            worker=False,
            ROOT_URLCONF="bench.urls",
            PUBLIC_PAGE_CACHE_SECONDS="0",
        ) as portal:
            pages = json.loads(portal.shell(PAGES_CODE))
            if args.pages:
                pages = {name: pages[name] for name in args.pages.split(",")}
            queries = json.loads(portal.shell(QUERIES_CODE.format(pages=json.dumps(pages))))
            measuring = {
                "rounds": args.rounds,
                "seconds": args.seconds,
                "connections": args.connections,
                "master": portal.processes["gunicorn"].pid,
            }

            # nginx: a static file of the size of each cached page, then the page.
            front = {}
            for name, path in pages.items():
                body = body_of(portal.url + path)
                static = tmp / "static" / ("bench-" + re.sub(r"\W", "-", name) + ".html")
                static.write_bytes(body)
                front[name] = (f"{portal.url}/static/{static.name}", portal.url + path)
            front_results = measure_pairs(front, cpu=False, **measuring)
            minimal = portal.app_url + "/bench/minimal"
            app_results = measure_pairs(
                {name: (minimal, portal.app_url + path) for name, path in pages.items()},
                cpu=True,
                **measuring,
            )

    print(f"wrk -t1 -c{args.connections} -d{args.seconds}s; gunicorn {args.workers} workers")
    pairs_table(
        "cached pages through nginx (base: nginx serving a static file of the same size, measured"
        f" just before each; median of {args.rounds} rounds, lowest–highest of req/s ×base)",
        front_results,
        figure="rps",
    )
    pairs_table(
        "rendered pages, gunicorn (base: the minimal view measured just before each;"
        f" median of {args.rounds} rounds, lowest–highest of CPU/req ×base)",
        app_results,
        figure="cpu",
    )
    print(
        "\nqueries per rendered page (status, first, second):",
        json.dumps(queries, ensure_ascii=False),
    )


if __name__ == "__main__":
    main()
