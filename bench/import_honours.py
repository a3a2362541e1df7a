"""Benchmark: importing N honours from an xlsx through HonourResource, against plain bulk_create.

Not a test. Runs on a throw-away SQLite database (or DATABASE_URL if you set one that may be
wiped), so it never touches var/db.sqlite3:

    .venv/bin/python bench/import_honours.py --rows 10000

It prints, for the same N rows: the time to read the xlsx (openpyxl via tablib), the time of
``HonourResource().import_data(dataset, dry_run=False)`` (rows/s), the time of writing the same
rows with plain ``bulk_create`` (people + honours, lookups from dictionaries, no history), the
ratio, and in a second, separate run the peak Python memory of the import (tracemalloc slows
Python down, so it is not on while timing).
"""

import argparse
import io
import os
import sys
import tempfile
import time
import tracemalloc
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

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from import_export.formats.base_formats import XLSX  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from honors.models import Honour, HonourType, Person, RecipientKind  # noqa: E402
from honors.resources import COLUMNS, LEVEL_LABELS, HonourResource  # noqa: E402
from organizations import demo as organizations_demo  # noqa: E402
from organizations.models import District, Organization  # noqa: E402
from organizations.validators import credit_code_check_char  # noqa: E402

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
    Honour.history.all().delete()
    Person.history.all().delete()
    Honour.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.all().delete()


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    organizations_demo.seed()
    rows = make_rows(args.rows)
    data = make_xlsx(rows)

    started = time.perf_counter()
    dataset = XLSX().create_dataset(data)
    read_seconds = time.perf_counter() - started

    wipe()
    started = time.perf_counter()
    result = HonourResource().import_data(dataset, dry_run=False)
    import_seconds = time.perf_counter() - started
    assert not result.has_errors(), [error.error for error in result.base_errors]
    assert not result.has_validation_errors(), result.invalid_rows[:3]
    assert Honour.objects.count() == args.rows, Honour.objects.count()

    wipe()
    started = time.perf_counter()
    with transaction.atomic():
        baseline_bulk_create(rows)
    baseline_seconds = time.perf_counter() - started
    assert Honour.objects.count() == args.rows

    wipe()
    dataset = XLSX().create_dataset(data)
    tracemalloc.start()
    HonourResource().import_data(dataset, dry_run=False)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"rows: {args.rows}  database: {django.db.connection.vendor}")
    print(f"read xlsx (tablib/openpyxl): {read_seconds:.2f} s")
    print(
        f"HonourResource.import_data:  {import_seconds:.2f} s = "
        f"{args.rows / import_seconds:,.0f} rows/s  (with history rows, validation, matching)"
    )
    print(
        f"plain bulk_create baseline:  {baseline_seconds:.2f} s = "
        f"{args.rows / baseline_seconds:,.0f} rows/s"
    )
    print(f"import / baseline:           {import_seconds / baseline_seconds:.1f}x")
    print(f"peak Python memory (import): {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
