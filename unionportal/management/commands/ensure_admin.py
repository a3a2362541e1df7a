"""Create the admin account `make run` promises, once.

With DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD set (Django's own variables), that
account; otherwise, in local mode only, a demo account whose credentials are printed.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "demo-admin-2018"  # noqa: S105 - local demo only, refused when DEBUG is off


class Command(BaseCommand):
    help = "创建管理员账号（已存在则跳过）。"

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        if username and os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"管理员账号 {username} 已存在。")
                return
            call_command("createsuperuser", interactive=False, email="", verbosity=0)
            self.stdout.write(f"已创建管理员账号 {username}。")
            return
        if not settings.DEBUG:
            raise CommandError(
                "生产环境请设置 DJANGO_SUPERUSER_USERNAME 和 DJANGO_SUPERUSER_PASSWORD。"
            )
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            User.objects.create_superuser(DEMO_USERNAME, "", DEMO_PASSWORD)
        self.stdout.write(
            f"演示管理员账号：用户名 {DEMO_USERNAME}，密码 {DEMO_PASSWORD}"
            "（仅限本地演示，请勿用于生产）"
        )
