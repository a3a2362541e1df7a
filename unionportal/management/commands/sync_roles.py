from django.core.management.base import BaseCommand

from unionportal.roles import roles_sync


class Command(BaseCommand):
    help = "创建或更新各岗位用户组及其权限（见 unionportal/roles.py）。"

    def handle(self, *args, **options):
        for name, group in roles_sync().items():
            self.stdout.write(f"{name}：{group.permissions.count()} 项权限")
