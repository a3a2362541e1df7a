"""Load the demo data: made-up people and enterprises, real structure. Safe to run again."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Bottom of the dependency graph first: later apps refer to what earlier ones made.
DEMO_APPS = [
    "organizations",
    "honors",
    "competitions",
    "assistance",
    "stations",
    "rights",
    "welfare",
    "appeals",
    "reports",
    "news",
]


class Command(BaseCommand):
    help = "载入演示数据（可重复执行，不会重复添加）。"

    def handle(self, *args, **options):
        for app in DEMO_APPS:
            try:
                demo = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                demo.seed()
            self.stdout.write(f"演示数据：{app} 已就绪")
