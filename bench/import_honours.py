"""Benchmark: importing N honours from an xlsx the way the admin does, against plain bulk_create.

Not a test. Runs on a throw-away SQLite database (or DATABASE_URL if you set one that may be
wiped), so it never touches var/db.sqlite3:

    .venv/bin/python bench/import_honours.py --rows 10000
    .venv/bin/python bench/import_honours.py --rows 100000 --default-path-rows 1000

What the admin does with a file of up to IMPORT_EXPORT_ASYNC_ROWS rows is timed in its two steps,
each reading the uploaded file again as the admin does: the preview (``SpreadsheetFile`` reads
the file, ``HonourResource.import_data(dry_run=True)``) and the confirmation (the file read
again, ``import_data(dry_run=False)`` with the clerk as user, then the admin's log entries for
every row). A larger file goes to the background: the upload
starts an ImportJob and the Celery task imports it (eager here, so it runs in the upload's
request): timed as "admin background import". Against, in the same run: reading the file with the
library's own XLSX format (openpyxl); django-import-export's default path on fewer rows (a plain
ModelResource: the reference the 10x aim of issue 4 is measured against); the confirmation with
history rows off; the confirmation without COPY (Django's ``bulk_create``, simple-history's
``bulk_create_with_history``, ``LogEntry.objects.log_actions``); the same N rows written with
plain ``bulk_create`` (lookups from dictionaries, no checks, no history, the file already read).
The peak memory of the admin's path for the file
(the background import for a large one) is measured in a separate process (its peak resident
set, with tracemalloc off).
Rates are given per wall-clock second and per CPU second: the CPU figure does not depend on
what else the machine runs. On PostgreSQL running on the same machine, also per second of this
process's CPU plus the CPU of the server's backend that serves it ("CPU+server", read from its
/proc entry): on a busy machine the wall clock also counts the turns each waits for a core, and
the two together are what the same import takes on a quiet one (the server's writes to disk
aside).
"""

import argparse
import functools
import gc
import io
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# bench/http.py would shadow the standard library's http when this file runs as a script.
sys.path[:] = [path for path in sys.path if Path(path or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))
_tmp = tempfile.mkdtemp(prefix="bench-honours-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# As in production: DEBUG off, so Django does not keep a log of every query in memory.
settings.DEBUG = False

import tablib  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.admin.models import LogEntry  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from import_export import fields, resources, widgets  # noqa: E402
from import_export.formats.base_formats import XLSX  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from honors.admin import HonourAdmin  # noqa: E402
from honors.models import Honour, HonourType, Person, RecipientKind  # noqa: E402
from honors.resources import COLUMNS, LEVEL_LABELS, HonourResource  # noqa: E402
from organizations import demo as organizations_demo  # noqa: E402
from organizations.models import District, Organization  # noqa: E402
from organizations.validators import credit_code_check_char  # noqa: E402
from unionportal.spreadsheets.formats import SpreadsheetFile  # noqa: E402
from unionportal.spreadsheets.models import ImportJob  # noqa: E402
from unionportal.spreadsheets.resources import full_collections_held  # noqa: E402
from unionportal.spreadsheets.services import import_log_entries  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建志强海燕春梅红霞卫东晓明丽娟华秀英杰峰"  # 20 distinct characters
DISTRICTS = ["崇川区", "通州区", "海门区", "如皋市", "海安市", "如东县", "启东市"]


def credit_code(number: int) -> str:
    first_17 = f"91320600MC{number:07d}"
    return first_17 + credit_code_check_char(first_17)


def make_rows(n: int) -> list[list]:
    """90% individual medals/model titles (new people), 7% enterprises, 3% teams."""
    rows, collectives, teams = [], 0, 0
    for number in range(n):
        year = 2010 + number % 10
        district = DISTRICTS[number % len(DISTRICTS)]
        values = dict.fromkeys(COLUMNS, "")
        values.update({"年份": year, "区划": district, "授予日期": f"{year}-04-28"})
        values.update({"文号": f"工发〔{year}〕{number % 90 + 1}号", "授予机关": "市总工会"})
        if number % 100 < 90:
            name = SURNAMES[number % 20] + GIVEN[(number // 20) % 20] + GIVEN[(number // 400) % 20]
            values.update(
                {
                    "荣誉类型": ["五一劳动奖章", "技术能手", "市劳动模范"][number % 3],
                    "级别": "市级",
                    "获奖对象类型": "个人",
                    "姓名": name,
                    "性别": "女" if number % 2 else "男",
                    "出生年份": 1960 + number % 35,
                    "工作单位": f"第{number // 8000 + 1}示例机械厂",
                }
            )
        elif number % 100 < 97:
            # each enterprise: 3 levels x 2 years, so that no honour repeats
            values.update(
                {
                    "年份": 2010 + (collectives // 3) % 2,
                    "荣誉类型": "五一劳动奖状",
                    "级别": ["省级", "市级", "县级"][collectives % 3],
                    "获奖对象类型": "集体",
                    "集体名称": f"示例企业{collectives // 6}有限公司",
                    "统一社会信用代码": credit_code(collectives // 6 + 1),
                }
            )
            collectives += 1
        else:
            values.update(
                {
                    "年份": 2010 + (teams // 3) % 2,
                    "荣誉类型": "工人先锋号",
                    "级别": ["省级", "市级", "县级"][teams % 3],
                    "获奖对象类型": "集体",
                    "集体名称": f"示例班组{teams // 6}",
                }
            )
            teams += 1
        rows.append([values[column] for column in COLUMNS])
    return rows


def make_xlsx(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("荣誉导入")
    sheet.append(COLUMNS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def wipe():
    """Empty the tables the import writes (and the admin log of honours). Without signals: a
    delete through the ORM writes a history row per deleted record, one by one, which took
    longer than the imports at 100k. On PostgreSQL the emptied tables are vacuumed too: where
    autovacuum is off or behind, each run would otherwise leave its rows (and the preview's,
    rolled back) as dead rows that every later run's lookups scan again."""
    content_type = ContentType.objects.get_for_model(Honour)
    models = (Honour.history.model, Person.history.model, Honour, Person, Organization)
    quote = django.db.connection.ops.quote_name
    with django.db.connection.cursor() as cursor:
        log = quote(LogEntry._meta.db_table)
        cursor.execute(f"DELETE FROM {log} WHERE content_type_id = %s", [content_type.pk])  # noqa: S608
        for model in models:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
    if django.db.connection.vendor == "postgresql":
        tables = [model._meta.db_table for model in (*models, LogEntry)]
        with django.db.connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE " + ", ".join(tables))


def baseline_bulk_create(rows) -> None:
    """The same rows written the plainest way: dictionaries for lookups, two bulk_creates."""
    index = {column: number for number, column in enumerate(COLUMNS)}
    types = {honour_type.name: honour_type for honour_type in HonourType.objects.all()}
    districts = {district.name: district for district in District.objects.all()}
    kinds = {"个人": RecipientKind.INDIVIDUAL, "集体": RecipientKind.COLLECTIVE}
    organizations, people, honours = {}, {}, []
    for values in rows:
        if values[index["获奖对象类型"]] == "集体":
            key = values[index["统一社会信用代码"]] or values[index["集体名称"]]
            if key not in organizations:
                organizations[key] = Organization(
                    name=values[index["集体名称"]], credit_code=values[index["统一社会信用代码"]]
                )
    Organization.objects.bulk_create(organizations.values())
    for values in rows:
        kind = kinds[values[index["获奖对象类型"]]]
        person = organization = None
        if kind == RecipientKind.INDIVIDUAL:
            key = (values[index["姓名"]], values[index["工作单位"]])
            person = people.get(key)
            if person is None:
                person = people[key] = Person(
                    name=key[0], workplace=key[1], birth_year=values[index["出生年份"]]
                )
        else:
            key = values[index["统一社会信用代码"]] or values[index["集体名称"]]
            organization = organizations[key]
        honours.append(
            Honour(
                honour_type=types[values[index["荣誉类型"]]],
                level=LEVEL_LABELS[values[index["级别"]]],
                year=values[index["年份"]],
                recipient_kind=kind,
                person=person,
                organization=organization,
                district=districts[values[index["区划"]]],
                document_number=values[index["文号"]],
                awarding_body=values[index["授予机关"]],
                workplace=values[index["工作单位"]],
            )
        )
    Person.objects.bulk_create(people.values(), batch_size=1000)
    Honour.objects.bulk_create(honours, batch_size=1000)


class DefaultPathResource(resources.ModelResource):
    """django-import-export's default path, for comparison: a query per foreign key per row,
    a deep copy and diff per row, a save (and its history row) per row."""

    honour_type = fields.Field(
        attribute="honour_type",
        column_name="荣誉类型",
        widget=widgets.ForeignKeyWidget(HonourType, "name"),
    )
    person = fields.Field(
        attribute="person", column_name="人员", widget=widgets.ForeignKeyWidget(Person, "pk")
    )
    district = fields.Field(
        attribute="district", column_name="区划", widget=widgets.ForeignKeyWidget(District, "name")
    )

    class Meta:
        model = Honour
        fields = ("id", "honour_type", "level", "year", "recipient_kind", "person", "district")
        fields += ("document_number", "awarding_body", "workplace")


def default_path_dataset(n: int) -> tablib.Dataset:
    """n individual honours for people who already exist (the default path cannot create them)."""
    people = Person.objects.bulk_create(
        [Person(name=f"对照{number}", workplace="对照厂") for number in range(n)]
    )
    headers = ["id", "荣誉类型", "level", "year", "recipient_kind", "人员", "区划"]
    dataset = tablib.Dataset(headers=[*headers, "document_number", "awarding_body", "workplace"])
    for person in people:
        values = ["", "五一劳动奖章", "municipal", 2018, "individual", person.pk, "崇川区"]
        dataset.append([*values, "工发〔2018〕1号", "市总工会", "对照厂"])
    return dataset


class HonourResourceWithoutHistory(HonourResource):
    record_history = False


class HonourResourceWithoutCopy(HonourResource):
    """Django's bulk_create and django-simple-history's bulk_create_with_history, no COPY."""

    use_copy = False


def clerk():
    user, _created = get_user_model().objects.get_or_create(username="bench-clerk")
    return user


def admin_preview(data: bytes, resource_class=HonourResource):
    dataset = SpreadsheetFile().create_dataset(data)
    return resource_class().import_data(dataset, dry_run=True, user=clerk())


@functools.cache
def bench_client() -> Client:
    """A logged-in clerk's browser against one served process: made once and warmed with a page,
    so that the uploads timed below do not also pay for what a process does once when it starts
    (loading the middleware: WhiteNoise lists every static file, a quarter of a second here)."""
    admin_user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin_user)
    assert client.get(reverse("admin:honors_honour_import")).status_code == 200
    return client


def admin_preview_page(data: bytes) -> int:
    """The preview as the clerk gets it: the file posted to the admin's import page and the page
    rendered (it lists the totals and the first 200 rows). Returns the page's size in bytes.
    Files larger than IMPORT_EXPORT_ASYNC_ROWS go to the background instead: the threshold is
    raised here to time the preview of a file of any size."""
    with override_settings(IMPORT_EXPORT_ASYNC_ROWS=10**9):
        response = bench_client().post(
            reverse("admin:honors_honour_import"),
            {"resource": 0, "import_file": SimpleUploadedFile("荣誉.xlsx", data)},
        )
    assert response.status_code == 200 and b'name="confirm"' in response.content
    return len(response.content)


def admin_background_import(data: bytes) -> ImportJob:
    """What the admin does with a file over IMPORT_EXPORT_ASYNC_ROWS rows: the upload starts an
    import job and the Celery task imports it (eager Celery here: the task runs when the upload
    commits, in the same process), with the admin log of every row. The threshold is lowered
    here to time the background import of a file of any size (one row goes to the background)."""
    with override_settings(IMPORT_EXPORT_ASYNC_ROWS=0):
        response = bench_client().post(
            reverse("admin:honors_honour_import"),
            {"resource": 0, "import_file": SimpleUploadedFile("荣誉.xlsx", data)},
        )
    assert response.status_code == 302, response.status_code
    job = ImportJob.objects.latest("pk")
    assert job.state == ImportJob.State.DONE, (job.state, job.summary, job.errors[:3])
    return job


@full_collections_held()  # as around the admin's process_import
def admin_confirm(data: bytes, resource_class=HonourResource):
    """The confirmation step of the admin's import: read, import, then the admin log (without
    COPY, through ``LogEntry.objects.log_actions``, when the resource does not use it)."""
    user = clerk()
    dataset = SpreadsheetFile().create_dataset(data)
    result = resource_class().import_data(dataset, dry_run=False, user=user)  # as the admin
    if resource_class.use_copy:
        request = RequestFactory().post("/admin/honors/honour/process_import/")
        request.user = user
        HonourAdmin(Honour, admin.site).generate_log_entries(result, request)
    else:
        import_log_entries(user_id=user.pk, result=result, use_copy=False)
    return result


def check(result, n):
    assert not result.has_errors(), [error.error for error in result.base_errors]
    assert not result.has_validation_errors(), result.invalid_rows[:3]
    assert result.totals["new"] == n, result.totals


@dataclass
class Timing:
    wall: float
    cpu: float  # of this process
    server: float | None  # of the PostgreSQL backend serving it, when it runs on this machine


def server_cpu() -> tuple[int, float] | None:
    """The PostgreSQL backend of this process's connection and the CPU seconds it has used, read
    from its /proc entry when the server runs on this machine. Wall-clock time on a shared
    machine mixes the two processes' work with waiting for a core; this process's CPU plus the
    backend's is what the same import would take on a quiet one."""
    connection = django.db.connection
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
            return None
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def timed(function):
    server_started = server_cpu()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = function()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    server_ended = server_cpu()
    server = None
    if server_started and server_ended and server_started[0] == server_ended[0]:
        server = server_ended[1] - server_started[1]
    return result, Timing(wall, cpu, server)


def report(label, n, timing: Timing, reference_cpu=None):
    wall, cpu = timing.wall, timing.cpu
    line = f"{label:<46} {n:>7} rows {wall:7.2f} s {n / wall:>7,.0f} rows/s  CPU {n / cpu:>7,.0f}"
    if timing.server is not None:
        line += f"  CPU+server {n / (cpu + timing.server):>7,.0f}"
    if reference_cpu:
        line += f"  ({(n / cpu) / reference_cpu:.1f}x the default path)"
    print(line)


def resident_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak so far) of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def measure_memory(path: str) -> None:
    """In its own process (the database already migrated and seeded by the main one): the
    admin's path for this file (a large one goes to the background job; a small one is previewed
    then confirmed); print the peak resident memory (tracemalloc is off: it would add its own
    bookkeeping to every allocation)."""
    from unionportal.spreadsheets.admin import async_rows

    data = Path(path).read_bytes()
    wipe()
    bench_client()
    gc.collect()
    before = resident_mib("VmRSS")
    n = len(SpreadsheetFile().create_dataset(data))
    if n > async_rows():
        admin_background_import(data)
        what = "the background import (upload, job, task)"
    else:
        check(admin_preview(data), n)
        check(admin_confirm(data), n)
        what = "preview + confirmation"
    assert Honour.objects.count() == n
    print(
        f"peak memory of {what} of {n:,} rows: resident {resident_mib('VmHWM'):.0f} MiB"
        f" (the process held {before:.0f} MiB before reading the file)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--default-path-rows", type=int, default=1_000)
    parser.add_argument("--memory-of", help=argparse.SUPPRESS)  # the separate memory process
    args = parser.parse_args()
    if args.memory_of:
        return measure_memory(args.memory_of)
    n = args.rows

    call_command("migrate", verbosity=0)
    organizations_demo.seed()
    bench_client()  # the served process started, before anything is timed
    rows = make_rows(n)
    data = make_xlsx(rows)

    _, openpyxl = timed(lambda: XLSX().create_dataset(data))
    _, read = timed(lambda: SpreadsheetFile().create_dataset(data))

    wipe()
    default_dataset = default_path_dataset(args.default_path_rows)
    default_result, default = timed(
        lambda: DefaultPathResource().import_data(default_dataset, use_transactions=True)
    )
    assert not default_result.has_errors()
    default_rate = args.default_path_rows / default.cpu

    wipe()
    result, preview = timed(lambda: admin_preview(data))
    check(result, n)
    assert Honour.objects.count() == 0

    page_bytes, page = timed(lambda: admin_preview_page(data))
    assert Honour.objects.count() == 0

    result, confirm = timed(lambda: admin_confirm(data))
    check(result, n)
    assert Honour.objects.count() == n and Honour.history.count() == n

    wipe()
    background_job, job = timed(lambda: admin_background_import(data))
    assert Honour.objects.count() == n and LogEntry.objects.count() >= n

    wipe()
    result, public = timed(lambda: admin_confirm(data, resource_class=HonourResourceWithoutCopy))
    check(result, n)
    assert Honour.history.count() == n and LogEntry.objects.count() >= n

    wipe()
    result, bare = timed(lambda: admin_confirm(data, resource_class=HonourResourceWithoutHistory))
    check(result, n)
    assert Honour.history.count() == 0

    wipe()
    _, baseline = timed(lambda: transaction.atomic()(baseline_bulk_create)(rows))
    assert Honour.objects.count() == n
    wipe()

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"database: {django.db.connection.vendor}, load average: {load}")
    report("read the xlsx: the library's XLSX (openpyxl)", n, openpyxl)
    report("read the xlsx: SpreadsheetFile (calamine)", n, read)
    report("default path of django-import-export", args.default_path_rows, default)
    report("admin preview (read + dry run)", n, preview, default_rate)
    report("admin preview page (upload + dry run + page)", n, page, default_rate)
    print(f"{'':<46} the preview page: {page_bytes / 1024:,.0f} KB")
    report("admin confirmation (read + import + log)", n, confirm, default_rate)
    report("admin background import (upload + job + log)", n, job, default_rate)
    # In production the two run apart: the clerk waits for the upload (the file's rows counted,
    # the encrypted file stored on the job); a Celery worker runs the task later.
    task = (background_job.finished_at - background_job.started_at).total_seconds()
    print(
        f"{'':<46} of which the task (worker): {task:.2f} s, {n / task:,.0f} rows/s wall;"
        f" the upload's request: {job.wall - task:.2f} s"
    )
    report("confirmation without COPY (public bulk APIs)", n, public, default_rate)
    report("confirmation, record_history=False", n, bare, default_rate)
    report("plain bulk_create (file already read)", n, baseline, default_rate)
    print(
        f"confirmation / plain bulk_create (CPU): {confirm.cpu / baseline.cpu:.2f}x with history, "
        f"{bare.cpu / baseline.cpu:.2f}x without; without COPY / with COPY (wall): "
        f"{public.wall / confirm.wall:.2f}x"
    )
    sys.stdout.flush()

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as upload:
        upload.write(data)
        upload.flush()
        env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]}
        subprocess.run([sys.executable, __file__, "--memory-of", upload.name], env=env, check=True)


if __name__ == "__main__":
    main()
